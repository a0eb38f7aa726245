package render_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
)

// TestStyledControlsLaidOutByTheirStyle: Fyne's controls place their
// parts by theme sizes, and Fyne lays a widget out only when its size
// changes. A built control is laid out by its style (an entry's box inside
// a 3 px border, a check's focus circle after it), and so is a control
// restyled to a border that leaves its size as it was.
func TestStyledControlsLaidOutByTheirStyle(t *testing.T) {
	sheet, err := style.Parse("controls.css", []byte(`entry, toggle { border-width: 3px; } .thin { border-width: 1px; }`))
	if err != nil {
		t.Fatal(err)
	}
	scene, _ := build(t, `
screen: controls
size: 400x300
root:
  type: column
  children:
    - { type: entry, id: e, tag: A.SP }
    - { type: toggle, id: t, tag: A.Run, text: Run, h: 40 }
`, render.Options{Sheets: []*style.Sheet{sheet}})
	e := firstOf[*widget.Entry](t, scene.Widget("e").Control())
	c := firstOf[*widget.Check](t, scene.Widget("t").Control())
	check := func(when string, border float32) {
		t.Helper()
		box := test.WidgetRenderer(e).Objects()[0].(*canvas.Rectangle)
		if got := box.Position(); got != fyne.NewSquareOffsetPos(border) {
			t.Errorf("%s: entry box at %v, want inside the %g px border", when, got, border)
		}
		focus := test.WidgetRenderer(c).Objects()[0].(*canvas.Circle)
		if got := focus.Position().X; got != border {
			t.Errorf("%s: check's focus circle at x %g, want after the %g px border", when, got, border)
		}
	}
	check("built", 3)
	size := e.Size()
	scene.Widget("e").SetClass("thin", true)
	scene.Widget("t").SetClass("thin", true)
	if e.Size() != size {
		t.Fatalf("the entry's size changed from %v to %v: the test needs a restyle that keeps it", size, e.Size())
	}
	check("restyled", 1)
}

// firstOf returns the first object of type T in o's container tree.
func firstOf[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject) T {
	t.Helper()
	if x, ok := firstIn[T](o); ok {
		return x
	}
	var zero T
	t.Fatalf("no %T in %T", zero, o)
	return zero
}

func firstIn[T fyne.CanvasObject](o fyne.CanvasObject) (T, bool) {
	if x, ok := o.(T); ok {
		return x, true
	}
	if c, ok := o.(*fyne.Container); ok {
		for _, x := range c.Objects {
			if f, ok := firstIn[T](x); ok {
				return f, true
			}
		}
	}
	var zero T
	return zero, false
}
