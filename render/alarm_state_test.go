package render_test

import (
	"image"
	"image/color"
	"testing"

	"github.com/gohmi/gohmi/render"
)

// The alarm pseudo-classes match a widget once the runtime says an alarm on
// its tags is active, unacknowledged or shelved, and stop when it clears.
func TestAlarmPseudoClasses(t *testing.T) {
	css := `tank { fill: #4f6278; }
tank:alarm { fill: #ff0000; }
tank:alarm-unack { blink: 1s; }
tank:shelved { fill: #00ff00; }`
	scene, w := build(t, styled, render.Options{Sheets: sheet(t, css)})
	tank := scene.Widget("tank")
	tank.Set("value", 95.0)
	red := color.NRGBA{0xff, 0, 0, 0xff}
	inside := image.Rect(40, 150, 100, 200)
	steps := []struct {
		state render.AlarmState
		fill  string
		blink bool
	}{
		{render.AlarmState{}, "#4f6278", false},
		{render.AlarmState{Alarm: true, Unack: true}, "#ff0000", true},
		{render.AlarmState{Alarm: true}, "#ff0000", false},
		{render.AlarmState{Shelved: true}, "#00ff00", false},
		{render.AlarmState{}, "#4f6278", false},
	}
	for i, s := range steps {
		tank.SetAlarmState(s.state)
		if got := tank.Computed().Get("fill"); got != s.fill {
			t.Errorf("step %d %+v: fill %s, want %s", i, s.state, got, s.fill)
		}
		if scene.Blinks() != s.blink {
			t.Errorf("step %d %+v: blinking %v, want %v", i, s.state, scene.Blinks(), s.blink)
		}
		if s.fill == "#ff0000" && !hasColor(w.Canvas().Capture(), inside, red) {
			t.Errorf("step %d: the tank is not painted red", i)
		}
	}
}
