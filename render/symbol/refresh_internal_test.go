package symbol

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// recorder replaces a symbol's refresh hook and records what it is given.
type recorder struct{ got []fyne.CanvasObject }

func record(b *base) *recorder {
	r := &recorder{}
	b.refresh = func(o fyne.CanvasObject) { r.got = append(r.got, o) }
	return r
}

// take returns what was refreshed since the last call.
func (r *recorder) take() []fyne.CanvasObject {
	got := r.got
	r.got = nil
	return got
}

func sameObjects(t *testing.T, what string, got []fyne.CanvasObject, want ...fyne.CanvasObject) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s refreshed %d objects %v, want %d %v", what, len(got), got, len(want), want)
		return
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s refreshed #%d %T %p, want %T %p", what, i, got[i], got[i], want[i], want[i])
		}
	}
}

func newTestTank(t *testing.T) *Tank {
	test.NewTempApp(t)
	tk := NewTank()
	tk.SetLabel("T-101")
	tk.SetUnit("%")
	tk.SetValue(10)
	test.NewTempWindow(t, tk)
	tk.Resize(fyne.NewSize(100, 200))
	return tk
}

func TestTankSetValueRefreshesOnlyLevelAndText(t *testing.T) {
	tk := newTestTank(t)
	objects := append([]fyne.CanvasObject(nil), tk.r.Objects()...)
	rec := record(&tk.base)

	tk.SetValue(62.5)
	sameObjects(t, "SetValue(62.5)", rec.take(), tk.r.level, tk.r.value)
	if tk.r.value.Text != "62.5 %" {
		t.Errorf("value text %q, want %q", tk.r.value.Text, "62.5 %")
	}

	// Over the range the level is clamped: only the text changes.
	tk.SetValue(150)
	rec.take()
	tk.SetValue(160)
	sameObjects(t, "SetValue(160) over range", rec.take(), tk.r.value)

	// Bad: the level hides once; later values change nothing on screen.
	tk.SetStatus(Bad, "timeout")
	rec.take()
	tk.SetValue(20)
	sameObjects(t, "SetValue while Bad", rec.take())

	for i, o := range tk.r.Objects() {
		if o != objects[i] {
			t.Fatalf("object list rebuilt: #%d is %p, was %p", i, o, objects[i])
		}
	}
}

// TestUnchangedSettersDoNothing calls every setter of every symbol with the
// value it already has and expects no refresh at all.
func TestUnchangedSettersDoNothing(t *testing.T) {
	test.NewTempApp(t)
	pal := DefaultPalette()
	tank, bar, gauge := NewTank(), NewBar(), NewGauge()
	lamp, pump, valve := NewLamp(), NewPump(), NewValve()
	pipe := NewPipe([]fyne.Position{{X: 0, Y: 10}, {X: 50, Y: 10}})
	analogs := map[string]struct {
		b *base
		a *analog
	}{
		"tank":  {&tank.base, &tank.analog},
		"bar":   {&bar.base, &bar.analog},
		"gauge": {&gauge.base, &gauge.analog},
	}
	for name, w := range analogs {
		t.Run(name, func(t *testing.T) {
			w.a.SetRange(0, 200)
			w.a.SetValue(42)
			w.a.SetUnit("kg")
			w.a.SetDecimals(2)
			w.b.SetLabel("X")
			w.b.SetStatus(Uncertain, "stale")
			rec := record(w.b)
			w.a.SetRange(0, 200)
			w.a.SetValue(42)
			w.a.SetUnit("kg")
			w.a.SetDecimals(2)
			w.b.SetLabel("X")
			w.b.SetStatus(Uncertain, "another reason")
			w.b.SetPalette(pal)
			sameObjects(t, name+" unchanged setters", rec.take())
		})
	}
	discrete := map[string]struct {
		b   *base
		set func()
	}{
		"lamp":  {&lamp.base, func() { lamp.SetOn(true); lamp.SetColors(nil, pal.Alarm) }},
		"pump":  {&pump.base, func() { pump.SetRunning(true); pump.SetFault(true) }},
		"valve": {&valve.base, func() { valve.SetOpen(true); valve.SetFault(true); valve.SetVertical(true) }},
		"pipe":  {&pipe.base, func() { pipe.SetFlowing(true); pipe.SetWidth(4); pipe.SetDesignSize(60, 20) }},
	}
	for name, w := range discrete {
		t.Run(name, func(t *testing.T) {
			w.set()
			w.b.SetLabel("Y")
			w.b.SetStatus(Bad, "no answer")
			rec := record(w.b)
			w.set()
			w.b.SetLabel("Y")
			w.b.SetStatus(Bad, "no answer")
			w.b.SetPalette(pal)
			sameObjects(t, name+" unchanged setters", rec.take())
		})
	}
}

func TestDiscreteSettersRefreshOnlyTheSymbol(t *testing.T) {
	test.NewTempApp(t)
	pump := NewPump()
	rec := record(&pump.base)
	pump.SetRunning(true)
	sameObjects(t, "Pump.SetRunning", rec.take(), pump.r.circle, pump.r.triangle)

	valve := NewValve()
	rec = record(&valve.base)
	valve.SetOpen(true)
	sameObjects(t, "Valve.SetOpen", rec.take(), valve.r.a, valve.r.b)

	lamp := NewLamp()
	rec = record(&lamp.base)
	lamp.SetOn(true)
	sameObjects(t, "Lamp.SetOn", rec.take(), lamp.r.circle)

	pipe := NewPipe([]fyne.Position{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}})
	rec = record(&pipe.base)
	pipe.SetFlowing(true)
	sameObjects(t, "Pipe.SetFlowing", rec.take(), pipe.r.lines[0], pipe.r.lines[1])
}

func TestValueText(t *testing.T) {
	for _, tc := range []struct {
		v        float64
		decimals int
		unit     string
		s        Status
		want     string
	}{
		{62.5, 1, "%", Good, "62.5 %"},
		{62.5, 1, "%", Uncertain, "62.5 % ?"},
		{62.5, 1, "%", Bad, "BAD"},
		{-0.01, 1, "", Good, "0.0"},
		{-0.1, 1, "", Good, "-0.1"},
		{1234.5678, 0, "kg", Good, "1235 kg"},
	} {
		a := newAnalog(nil)
		a.value, a.decimals, a.unit = tc.v, tc.decimals, tc.unit
		if got := string(a.valueText(tc.s, "BAD")); got != tc.want {
			t.Errorf("valueText(%v, %d, %q, %v) = %q, want %q", tc.v, tc.decimals, tc.unit, tc.s, got, tc.want)
		}
	}
}
