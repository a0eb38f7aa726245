package raster_test

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render/raster"
)

func TestTapButton(t *testing.T) {
	for _, touch := range []bool{false, true} {
		t.Run(map[bool]string{false: "mouse", true: "touch"}[touch], func(t *testing.T) {
			taps := 0
			var b *widget.Button
			_, w, _, _ := setup(t, func() fyne.CanvasObject {
				b = widget.NewButton("Start", func() { taps++ })
				other := widget.NewButton("Other", func() { t.Error("the other button fired") })
				return container.NewVBox(b, other)
			})
			tap(w, b, touch)
			w.Frame()
			if taps != 1 {
				t.Fatalf("OnTapped ran %d times, want 1", taps)
			}
		})
	}
}

func TestTapMovedOffDoesNotFire(t *testing.T) {
	taps := 0
	var b *widget.Button
	var other *widget.Label
	_, w, _, _ := setup(t, func() fyne.CanvasObject {
		b = widget.NewButton("Start", func() { taps++ })
		other = widget.NewLabel("elsewhere")
		return container.NewVBox(b, other)
	})
	c, o := center(b), center(other)
	w.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: c.X, Y: c.Y})
	w.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: o.X, Y: o.Y})
	w.Frame()
	if taps != 0 {
		t.Fatalf("a press on the button released elsewhere fired it %d times", taps)
	}
}

func TestEntryTypedAfterTap(t *testing.T) {
	var e1, e2 *widget.Entry
	_, w, _, _ := setup(t, func() fyne.CanvasObject {
		e1, e2 = widget.NewEntry(), widget.NewEntry()
		return container.NewVBox(e1, e2)
	})
	tap(w, e2, true)
	for _, r := range "42.5" {
		w.Key(raster.KeyEvent{Rune: r})
	}
	w.Key(raster.KeyEvent{Name: fyne.KeyBackspace})
	w.Frame()
	if e2.Text != "42." || e1.Text != "" {
		t.Fatalf("entries %q and %q, want \"\" and \"42.\"", e1.Text, e2.Text)
	}
	if w.Canvas().Focused() != e2 {
		t.Fatalf("focused %v, want the tapped entry", w.Canvas().Focused())
	}
	w.Key(raster.KeyEvent{Name: fyne.KeyTab})
	w.Key(raster.KeyEvent{Rune: 'x'})
	w.Frame()
	if w.Canvas().Focused() != e1 || e1.Text != "x" {
		t.Fatalf("after Tab: focused %v, first entry %q; want the first entry with \"x\"", w.Canvas().Focused(), e1.Text)
	}
	w.Key(raster.KeyEvent{Name: fyne.KeyA, Modifier: fyne.KeyModifierControl})
	w.Key(raster.KeyEvent{Name: fyne.KeyC, Modifier: fyne.KeyModifierControl})
	w.Frame()
	if got := w.Clipboard().Content(); got != "x" {
		t.Fatalf("select all, copy: clipboard %q, want \"x\"", got)
	}
	w.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: 200, Y: 290}) // below the entries
	w.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: 200, Y: 290})
	w.Frame()
	if w.Canvas().Focused() != nil {
		t.Fatalf("a tap outside any focusable left %v focused", w.Canvas().Focused())
	}
}

// dragBox records what a Draggable, Hoverable, SecondaryTappable,
// DoubleTappable, Tappable, Scrollable widget is told.
type dragBox struct {
	widget.BaseWidget
	deltas    []fyne.Delta
	ends      int
	taps      int
	doubles   int
	secondary int
	in, out   int
	scrolled  fyne.Delta
}

func newDragBox() *dragBox {
	d := &dragBox{}
	d.ExtendBaseWidget(d)
	return d
}

func (d *dragBox) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(widget.NewLabel("drag me"))
}
func (d *dragBox) MinSize() fyne.Size               { return fyne.NewSize(100, 100) }
func (d *dragBox) Dragged(e *fyne.DragEvent)        { d.deltas = append(d.deltas, e.Dragged) }
func (d *dragBox) DragEnd()                         { d.ends++ }
func (d *dragBox) Tapped(*fyne.PointEvent)          { d.taps++ }
func (d *dragBox) DoubleTapped(*fyne.PointEvent)    { d.doubles++ }
func (d *dragBox) TappedSecondary(*fyne.PointEvent) { d.secondary++ }
func (d *dragBox) MouseIn(*desktop.MouseEvent)      { d.in++ }
func (d *dragBox) MouseMoved(*desktop.MouseEvent)   {}
func (d *dragBox) MouseOut()                        { d.out++ }
func (d *dragBox) Scrolled(e *fyne.ScrollEvent) {
	d.scrolled.DX += e.Scrolled.DX
	d.scrolled.DY += e.Scrolled.DY
}
func (d *dragBox) sum() (s fyne.Delta) {
	for _, x := range d.deltas {
		s.DX += x.DX
		s.DY += x.DY
	}
	return s
}

func TestDrag(t *testing.T) {
	for _, tt := range []struct {
		name   string
		touch  bool
		moves  [][2]float32
		deltas int // Dragged calls
	}{
		{"mouse", false, [][2]float32{{1, 0}, {5, 3}, {20, 10}}, 2},
		{"touch", true, [][2]float32{{3, 0}, {10, 2}, {30, -5}}, 2},
		{"under the threshold", false, [][2]float32{{1, 1}}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var d *dragBox
			_, w, _, _ := setup(t, func() fyne.CanvasObject { d = newDragBox(); return container.NewWithoutLayout(d) })
			d.Resize(fyne.NewSize(200, 200))
			d.Move(fyne.NewPos(50, 50))
			x, y := float32(100), float32(100)
			w.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: x, Y: y, Touch: tt.touch})
			for _, m := range tt.moves {
				w.Pointer(raster.PointerEvent{Kind: raster.PointerMove, X: x + m[0], Y: y + m[1], Touch: tt.touch})
				w.Frame() // one move at a time: a burst coalesces
			}
			last := tt.moves[len(tt.moves)-1]
			w.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: x + last[0], Y: y + last[1], Touch: tt.touch})
			w.Frame()
			if len(d.deltas) != tt.deltas {
				t.Fatalf("%d Dragged calls %v, want %d", len(d.deltas), d.deltas, tt.deltas)
			}
			if tt.deltas == 0 {
				if d.ends != 0 || d.taps != 0 {
					t.Fatalf("no drag: %d DragEnd, %d taps before the double-tap delay; want 0, 0", d.ends, d.taps)
				}
				return
			}
			if got := d.sum(); got.DX != last[0] || got.DY != last[1] {
				t.Fatalf("deltas sum to %v, want (%v, %v)", got, last[0], last[1])
			}
			if d.ends != 1 || d.taps != 0 {
				t.Fatalf("%d DragEnd and %d taps, want 1 and 0", d.ends, d.taps)
			}
		})
	}
}

func TestTapTimers(t *testing.T) {
	ms := time.Millisecond
	type step struct {
		ev   *raster.PointerEvent // sent, at the box's centre plus (X, Y)
		wait time.Duration        // then the clock steps
	}
	down := func(touch bool, b desktop.MouseButton) *raster.PointerEvent {
		return &raster.PointerEvent{Kind: raster.PointerDown, Touch: touch, Button: b}
	}
	up := func(touch bool, b desktop.MouseButton) *raster.PointerEvent {
		return &raster.PointerEvent{Kind: raster.PointerUp, Touch: touch, Button: b}
	}
	for _, tt := range []struct {
		name                     string
		steps                    []step
		taps, doubles, secondary int
	}{
		{"long press", []step{{down(true, 0), 499 * ms}, {nil, ms}, {up(true, 0), 400 * ms}}, 0, 0, 1},
		{"short press", []step{{down(true, 0), 499 * ms}, {up(true, 0), 400 * ms}}, 1, 0, 0},
		{"long press that moved", []step{{down(true, 0), 10 * ms}, {&raster.PointerEvent{Kind: raster.PointerMove, Touch: true, X: 20}, 600 * ms}, {&raster.PointerEvent{Kind: raster.PointerUp, Touch: true, X: 20}, 400 * ms}}, 0, 0, 0},
		{"right click", []step{{down(false, desktop.MouseButtonSecondary), 0}, {up(false, desktop.MouseButtonSecondary), 400 * ms}}, 0, 0, 1},
		{"double tap", []step{{down(false, 0), 0}, {up(false, 0), 100 * ms}, {down(false, 0), 0}, {up(false, 0), 400 * ms}}, 0, 1, 0},
		{"two taps too slow", []step{{down(false, 0), 0}, {up(false, 0), 300 * ms}, {down(false, 0), 0}, {up(false, 0), 400 * ms}}, 2, 0, 0},
		{"single tap waits for the delay", []step{{down(false, 0), 0}, {up(false, 0), 299 * ms}}, 0, 0, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var d *dragBox
			_, w, clk, _ := setup(t, func() fyne.CanvasObject { d = newDragBox(); return container.NewWithoutLayout(d) })
			d.Resize(fyne.NewSize(100, 100))
			d.Move(fyne.NewPos(100, 100))
			for _, s := range tt.steps {
				if s.ev != nil {
					e := *s.ev
					e.X, e.Y = e.X+150, e.Y+150
					w.Pointer(e)
				}
				w.Frame()
				clk.Step(s.wait)
				w.Frame()
			}
			if d.taps != tt.taps || d.doubles != tt.doubles || d.secondary != tt.secondary {
				t.Fatalf("taps %d, double taps %d, secondary %d; want %d, %d, %d",
					d.taps, d.doubles, d.secondary, tt.taps, tt.doubles, tt.secondary)
			}
		})
	}
}

func TestHoverAndScroll(t *testing.T) {
	var d *dragBox
	_, w, _, _ := setup(t, func() fyne.CanvasObject { d = newDragBox(); return container.NewWithoutLayout(d) })
	d.Resize(fyne.NewSize(100, 100))
	d.Move(fyne.NewPos(100, 100))
	for _, e := range []raster.PointerEvent{
		{Kind: raster.PointerMove, X: 10, Y: 10},
		{Kind: raster.PointerMove, X: 150, Y: 150},
		{Kind: raster.PointerMove, X: 160, Y: 150},
		{Kind: raster.PointerScroll, X: 160, Y: 150, DY: -30},
		{Kind: raster.PointerMove, X: 300, Y: 150},
		{Kind: raster.PointerDown, X: 150, Y: 150, Touch: true},
		{Kind: raster.PointerUp, X: 150, Y: 150, Touch: true},
	} {
		w.Pointer(e)
		w.Frame()
	}
	if d.in != 1 || d.out != 1 {
		t.Fatalf("MouseIn %d, MouseOut %d; want 1, 1 (a touch does not hover)", d.in, d.out)
	}
	if d.scrolled.DY != -30 {
		t.Fatalf("scrolled %v, want DY -30", d.scrolled)
	}
}
