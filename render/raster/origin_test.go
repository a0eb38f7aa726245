package raster_test

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render/raster"
)

// viewer is an origin: a pointer, as a runtime's session is.
type viewer struct{ name string }

// TestInputOrigin: whatever a widget does while an event is handled is
// known to come from that event's Origin, however the events of two
// origins interleave in the queue: a tap fires as its press's origin,
// another origin's moves and releases are ignored while a press is down,
// another origin's press cancels it (the newer press wins: a browser gone
// with its button down keeps nobody out), a delayed single tap and a long
// press fire as the press that started them.
func TestInputOrigin(t *testing.T) {
	a, b := &viewer{"a"}, &viewer{"b"}
	name := func(o any) string {
		if v, ok := o.(*viewer); ok {
			return v.name
		}
		return "panel"
	}
	var cur any
	var got []string
	var b1, b2 *widget.Button
	var e *widget.Entry
	var d *dragBox
	_, w, clk, _ := setup(t, func() fyne.CanvasObject {
		b1 = widget.NewButton("One", func() { got = append(got, "one:"+name(cur)) })
		b2 = widget.NewButton("Two", func() { got = append(got, "two:"+name(cur)) })
		e = widget.NewEntry()
		e.OnSubmitted = func(string) { got = append(got, "entry:"+name(cur)) }
		d = newDragBox()
		d.Resize(fyne.NewSize(60, 60))
		d.Move(fyne.NewPos(300, 200))
		return container.NewBorder(container.NewVBox(b1, b2, e), nil, nil, nil, container.NewWithoutLayout(d))
	})
	w.SetOnInput(func(o any) { cur = o })
	at := func(o fyne.CanvasObject) fyne.Position { return center(o) }
	ev := func(k raster.PointerKind, o fyne.CanvasObject, from any, touch bool) raster.PointerEvent {
		p := at(o)
		return raster.PointerEvent{Kind: k, X: p.X, Y: p.Y, Origin: from, Touch: touch}
	}
	type step struct {
		ptr  *raster.PointerEvent
		key  *raster.KeyEvent
		wait time.Duration
	}
	p := func(e raster.PointerEvent) step { return step{ptr: &e} }
	for _, tt := range []struct {
		name  string
		steps func() []step
		want  []string
	}{
		{"taps of three origins queued together", func() []step {
			return []step{p(ev(raster.PointerDown, b1, a, false)), p(ev(raster.PointerUp, b1, a, false)),
				p(ev(raster.PointerDown, b2, b, false)), p(ev(raster.PointerUp, b2, b, false)),
				p(ev(raster.PointerDown, b1, nil, true)), p(ev(raster.PointerUp, b1, nil, true)),
				p(ev(raster.PointerDown, b2, a, false)), p(ev(raster.PointerUp, b2, a, false))}
		}, []string{"one:a", "two:b", "one:panel", "two:a"}},
		{"a press held by one, another presses: the newer wins", func() []step {
			return []step{p(ev(raster.PointerDown, b1, a, false)), p(ev(raster.PointerDown, b2, b, false)),
				p(ev(raster.PointerUp, b2, b, false)), p(ev(raster.PointerUp, b1, a, false)),
				p(ev(raster.PointerDown, b2, b, false)), p(ev(raster.PointerUp, b2, b, false))}
		}, []string{"two:b", "two:b"}},
		{"a press never released (a browser gone) keeps nobody out", func() []step {
			return []step{p(ev(raster.PointerDown, b1, a, false)),
				p(ev(raster.PointerDown, b2, nil, true)), p(ev(raster.PointerUp, b2, nil, true))}
		}, []string{"two:panel"}},
		{"moves and releases of another origin while one holds a press", func() []step {
			return []step{p(ev(raster.PointerDown, b1, a, false)), p(ev(raster.PointerMove, b2, b, false)),
				p(ev(raster.PointerUp, b2, b, false)), p(ev(raster.PointerUp, b1, a, false))}
		}, []string{"one:a"}},
		{"typed by each", func() []step {
			return []step{p(ev(raster.PointerDown, e, a, false)), p(ev(raster.PointerUp, e, a, false)),
				{key: &raster.KeyEvent{Name: fyne.KeyReturn, Origin: b}}, {key: &raster.KeyEvent{Name: fyne.KeyReturn, Origin: a}},
				{key: &raster.KeyEvent{Name: fyne.KeyReturn}}}
		}, []string{"entry:b", "entry:a", "entry:panel"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got = nil
			for _, s := range tt.steps() {
				if s.ptr != nil {
					w.Pointer(*s.ptr)
				} else {
					w.Key(*s.key)
				}
			}
			w.Frame()
			if !slices.Equal(got, tt.want) {
				t.Fatalf("actions %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("timers", func(t *testing.T) {
		// a single tap on a double-tappable fires after the delay, as its
		// press's origin, whoever sent the events handled meanwhile; two
		// taps by different origins are two single taps
		d.taps = 0
		w.SetOnInput(func(o any) { cur = o })
		w.Pointer(ev(raster.PointerDown, d, a, false))
		w.Pointer(ev(raster.PointerUp, d, a, false))
		w.Key(raster.KeyEvent{Name: fyne.KeyA, Origin: b})
		w.Frame()
		clk.Step(time.Second)
		w.Frame()
		if d.taps != 1 || name(cur) != "a" {
			t.Errorf("delayed tap: %d taps, as %s; want 1 as a", d.taps, name(cur))
		}
		w.Pointer(ev(raster.PointerDown, d, a, false))
		w.Pointer(ev(raster.PointerUp, d, a, false))
		w.Pointer(ev(raster.PointerDown, d, b, false))
		w.Pointer(ev(raster.PointerUp, d, b, false))
		w.Frame()
		clk.Step(time.Second)
		w.Frame()
		if d.taps != 3 || d.doubles != 0 {
			t.Errorf("a tap by a then by b: %d taps, %d double taps; want 3 and 0", d.taps, d.doubles)
		}
		w.Pointer(ev(raster.PointerDown, d, b, true))
		w.Frame()
		w.Key(raster.KeyEvent{Name: fyne.KeyA, Origin: a})
		w.Frame()
		clk.Step(time.Second)
		w.Frame()
		if d.secondary != 1 || name(cur) != "b" {
			t.Errorf("long press: %d secondary taps, as %s; want 1 as b", d.secondary, name(cur))
		}
		w.Pointer(ev(raster.PointerUp, d, b, true))
		w.Frame()
	})
	t.Run("not comparable", func(t *testing.T) {
		got = nil
		p := at(b1)
		w.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: p.X, Y: p.Y, Origin: []string{"x"}})
		w.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: p.X, Y: p.Y, Origin: []string{"x"}})
		w.Frame()
		if !slices.Equal(got, []string{"one:panel"}) {
			t.Fatalf("actions %v, want the tap with no origin", got)
		}
	})
}
