package raster_test

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// TestCulledRepaintOutsideParent: Fyne's children may lie outside their
// parent, and a text may paint outside its box. The painter skips the
// trees whose recorded cover misses a damaged rectangle; after each
// change here, in a tree whose pixels are all outside its container's
// bounds, the partial frame must be the full one, and the damage must be
// partial (the culled path is the one tested).
func TestCulledRepaintOutsideParent(t *testing.T) {
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(640, 400), Painter: paint.New(), Clock: clocktest.New(t0)})
	w := a.NewWindow("cull").(*raster.Window)
	text := canvas.NewText("a text far wider than its box", color.NRGBA{R: 255, G: 255, A: 255})
	text.Move(fyne.NewPos(2, 2))
	text.Resize(fyne.NewSize(8, 8)) // the text paints well outside
	far := canvas.NewRectangle(color.NRGBA{R: 200, A: 255})
	far.Move(fyne.NewPos(300, 200)) // outside its 10x10 parent
	far.Resize(fyne.NewSize(40, 30))
	label := widget.NewLabel("nested")
	label.Move(fyne.NewPos(100, 300))
	label.Resize(fyne.NewSize(120, 36))
	nested := container.NewWithoutLayout(label)
	nested.Move(fyne.NewPos(50, 20)) // a 0x0 container, its label outside it
	small := container.NewWithoutLayout(text, far, nested)
	small.Move(fyne.NewPos(20, 20))
	small.Resize(fyne.NewSize(10, 10))
	// Siblings around, so that culling has something to skip.
	bg := canvas.NewRectangle(color.NRGBA{G: 60, B: 90, A: 255})
	bg.Resize(fyne.NewSize(640, 400))
	other := widget.NewButton("elsewhere", nil)
	other.Move(fyne.NewPos(500, 40))
	other.Resize(fyne.NewSize(120, 40))
	w.SetContent(container.NewWithoutLayout(bg, other, small))
	w.Frame()

	steps := []struct {
		name   string
		change func()
	}{
		{"text changed", func() { text.Text = "another long text, wider still than before"; text.Refresh() }},
		{"text shortened", func() { text.Text = "x"; text.Refresh() }},
		{"far rectangle recoloured", func() { far.FillColor = color.NRGBA{B: 220, A: 255}; far.Refresh() }},
		{"far rectangle moved", func() { far.Move(fyne.NewPos(420, 260)) }},
		{"nested label changed", func() { label.SetText("nested, longer") }},
		{"nested container hidden", func() { nested.Hide() }},
		// Fyne's Container.Show tells no driver (Hide does): a Refresh does.
		{"nested container shown", func() { nested.Show(); nested.Refresh() }},
		{"nested label moved", func() { label.Move(fyne.NewPos(200, 330)) }},
		{"text grown again", func() { text.Text = "grown again after the others moved"; text.Refresh() }},
	}
	whole := 640 * 400
	for _, s := range steps {
		s.change()
		frame, damage := w.Frame()
		if len(damage) == 0 {
			t.Fatalf("%s: nothing damaged", s.name)
		}
		area := 0
		for _, d := range damage {
			area += d.Dx() * d.Dy()
		}
		if area >= whole {
			t.Fatalf("%s: the whole window was repainted (%v): the culled path is not tested", s.name, damage)
		}
		partial := copyRGBA(frame)
		w.Repaint()
		full, _ := w.Frame()
		if p := firstDiff(partial, full); p != nil {
			t.Fatalf("%s: pixel %v differs after repainting %v: partial %v, full %v", s.name, *p, damage, partial.At(p.X, p.Y), full.At(p.X, p.Y))
		}
	}
}
