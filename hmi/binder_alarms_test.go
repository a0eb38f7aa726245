package hmi_test

import (
	"testing"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
)

// TestBinderGivesWidgetsTheAlarmStateOfTheirTags: the widgets that read a
// tag in alarm get its state (the tank showing Tank1.Level, not its
// neighbours), a cleared alarm clears them, and a screen shown again after
// the alarms changed while it was away shows the state of now.
func TestBinderGivesWidgetsTheAlarmStateOfTheirTags(t *testing.T) {
	rt := startedWith(t, demo, "overview", hmi.Options{Watch: hmi.WatchOff})
	sc := rt.Scene("overview")
	tank, temp, other := sc.Widget("tk101"), sc.Widget("ti101"), sc.Widget("tk102")
	state := func(w *render.Widget) (a render.AlarmState) {
		rt.UI(func() { a = w.AlarmState() })
		return a
	}
	rt.Binder().SetAlarmTags(map[string]render.AlarmState{"Tank1.Level": {Alarm: true, Unack: true}})
	eventually(t, "the tank in alarm", func() bool { return state(tank) == render.AlarmState{Alarm: true, Unack: true} })
	if s := state(temp); s != (render.AlarmState{}) {
		t.Errorf("TI-101 (Tank1.Temp) got %+v", s)
	}
	if s := state(other); s != (render.AlarmState{}) {
		t.Errorf("TK-102 got %+v", s)
	}
	rt.Binder().SetAlarmTags(map[string]render.AlarmState{"Tank1.Level": {Shelved: true}})
	eventually(t, "the tank shelved", func() bool { return state(tank) == render.AlarmState{Shelved: true} })

	// Away to another screen; the alarm clears meanwhile; back again.
	var err error
	rt.UI(func() { err = rt.Navigate("pump") })
	must(t, err)
	rt.Binder().SetAlarmTags(map[string]render.AlarmState{})
	rt.UI(func() { err = rt.Navigate("overview") })
	must(t, err)
	eventually(t, "the tank back to no alarm state", func() bool { return state(tank) == render.AlarmState{} })
}
