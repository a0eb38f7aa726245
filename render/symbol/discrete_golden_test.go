package symbol_test

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/render/symbol"
)

func TestLampGolden(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name string
		on   bool
		on2  color.Color
		s    symbol.Status
	}{
		{"lamp_on.png", true, nil, symbol.Good},
		{"lamp_off.png", false, nil, symbol.Good},
		{"lamp_on_alarm_colour.png", true, symbol.DefaultPalette().Alarm, symbol.Good},
		{"lamp_uncertain.png", true, nil, symbol.Uncertain},
		{"lamp_bad.png", true, nil, symbol.Bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := symbol.NewLamp()
			l.SetLabel("Ready")
			l.SetColors(tc.on2, nil)
			l.SetOn(tc.on)
			l.SetStatus(tc.s, "")
			golden(t, tc.name, l, fyne.NewSize(100, 24))
		})
	}
}

func TestPumpGolden(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name           string
		running, fault bool
		s              symbol.Status
	}{
		{"pump_running.png", true, false, symbol.Good},
		{"pump_stopped.png", false, false, symbol.Good},
		{"pump_fault.png", false, true, symbol.Good},
		{"pump_running_fault.png", true, true, symbol.Good},
		{"pump_uncertain.png", true, false, symbol.Uncertain},
		{"pump_bad.png", true, true, symbol.Bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := symbol.NewPump()
			p.SetLabel("P-101")
			p.SetRunning(tc.running)
			p.SetFault(tc.fault)
			p.SetStatus(tc.s, "")
			golden(t, tc.name, p, fyne.NewSize(72, 90))
		})
	}
}

func TestValveGolden(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name                  string
		open, fault, vertical bool
		s                     symbol.Status
	}{
		{"valve_open.png", true, false, false, symbol.Good},
		{"valve_closed.png", false, false, false, symbol.Good},
		{"valve_fault.png", true, true, false, symbol.Good},
		{"valve_vertical.png", true, false, true, symbol.Good},
		{"valve_uncertain.png", false, false, false, symbol.Uncertain},
		{"valve_bad.png", true, false, false, symbol.Bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := symbol.NewValve()
			v.SetLabel("XV-12")
			v.SetOpen(tc.open)
			v.SetFault(tc.fault)
			v.SetVertical(tc.vertical)
			v.SetStatus(tc.s, "")
			golden(t, tc.name, v, fyne.NewSize(72, 90))
		})
	}
}

func pipe(flowing bool, s symbol.Status) *symbol.Pipe {
	p := symbol.NewPipe([]fyne.Position{{X: 10, Y: 30}, {X: 90, Y: 30}, {X: 90, Y: 90}, {X: 150, Y: 90}})
	p.SetDesignSize(160, 100)
	p.SetWidth(8)
	p.SetFlowing(flowing)
	p.SetStatus(s, "")
	return p
}

func TestPipeGolden(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name    string
		flowing bool
		s       symbol.Status
	}{
		{"pipe_flowing.png", true, symbol.Good},
		{"pipe_idle.png", false, symbol.Good},
		{"pipe_uncertain.png", true, symbol.Uncertain},
		{"pipe_bad.png", true, symbol.Bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, pipe(tc.flowing, tc.s), fyne.NewSize(160, 100))
		})
	}
}
