package raster_test

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// screen is a panel of labels, rectangles and buttons for the reference
// tests and the benchmarks.
type screen struct {
	labels  []*widget.Label
	rects   []*canvas.Rectangle
	buttons []*widget.Button
	free    *fyne.Container // rectangles placed by hand
	root    fyne.CanvasObject
}

// newScreen makes n widgets of each kind: labels and buttons in a grid,
// rectangles free on the right.
func newScreen(n int) *screen {
	s := &screen{free: container.NewWithoutLayout()}
	grid := container.NewGridWithColumns(4)
	for i := range n {
		s.labels = append(s.labels, widget.NewLabel(fmt.Sprintf("tag %d: %.1f", i, float64(i)*1.5)))
		s.buttons = append(s.buttons, widget.NewButton(fmt.Sprintf("pump %d", i), func() {}))
		grid.Add(s.labels[i])
		grid.Add(s.buttons[i])
		r := canvas.NewRectangle(color.NRGBA{R: uint8(40 * i), G: 90, B: 200, A: 255})
		r.CornerRadius = float32(i % 4 * 2)
		if i%3 == 0 {
			r.StrokeColor, r.StrokeWidth = color.NRGBA{A: 255}, 1.5
		}
		r.Resize(fyne.NewSize(30, 20))
		r.Move(fyne.NewPos(float32(i%4)*35, float32(i/4)*25))
		s.rects = append(s.rects, r)
		s.free.Add(r)
	}
	s.root = container.NewBorder(nil, nil, nil, container.NewGridWrap(fyne.NewSize(150, 300), s.free), grid)
	return s
}

// change makes one random change to the screen.
func (s *screen) change(rng *rand.Rand, w *raster.Window) string {
	i := rng.IntN(len(s.labels))
	switch rng.IntN(8) {
	case 0:
		s.labels[i].SetText(fmt.Sprintf("tag %d: %.1f", i, rng.Float64()*1000))
		return "label text"
	case 1:
		s.rects[i].FillColor = color.NRGBA{R: uint8(rng.IntN(256)), G: uint8(rng.IntN(256)), B: 90, A: 255}
		s.rects[i].Refresh()
		return "rectangle colour"
	case 2:
		s.rects[i].Move(fyne.NewPos(rng.Float32()*120, rng.Float32()*280))
		return "rectangle moved"
	case 3:
		s.rects[i].Resize(fyne.NewSize(5+rng.Float32()*40, 5+rng.Float32()*40))
		s.rects[i].Refresh() // Fyne's Rectangle.Resize tells no driver (unless stroked)
		return "rectangle resized"
	case 4:
		if s.buttons[i].Disabled() {
			s.buttons[i].Enable()
		} else {
			s.buttons[i].Disable()
		}
		return "button enabled"
	case 5:
		if s.labels[i].Visible() {
			s.labels[i].Hide()
		} else {
			s.labels[i].Show()
		}
		return "label hidden"
	case 6:
		s.buttons[i].SetText(fmt.Sprintf("pump %d %s", i, []string{"on", "off", "fault"}[rng.IntN(3)]))
		return "button text"
	}
	if o := w.Canvas().Overlays().Top(); o != nil {
		o.Hide()
		return "popup hidden"
	}
	p := widget.NewPopUp(widget.NewLabel("setpoint"), w.Canvas())
	p.ShowAtPosition(fyne.NewPos(rng.Float32()*300, rng.Float32()*200))
	return "popup shown"
}

// TestPartialRepaintMatchesFull: after each random change, the frame
// repainted in its damaged rectangles only is pixel for pixel the frame
// repainted whole (the fast path against the slow one).
func TestPartialRepaintMatchesFull(t *testing.T) {
	for _, scale := range []float32{1, 1.5} {
		t.Run(fmt.Sprint("scale ", scale), func(t *testing.T) {
			a := raster.NewApp(raster.Options{Size: fyne.NewSize(640, 400), Scale: scale, Painter: paint.New(), Clock: clocktest.New(t0)})
			w := a.NewWindow("reference").(*raster.Window)
			s := newScreen(12)
			w.SetContent(s.root)
			w.Frame()
			rng := rand.New(rand.NewPCG(1, uint64(scale*10)))
			for step := range 100 {
				what := s.change(rng, w)
				if rng.IntN(3) == 0 {
					what += " + " + s.change(rng, w)
				}
				frame, damage := w.Frame()
				partial := copyRGBA(frame)
				w.Repaint()
				full, _ := w.Frame()
				if p := firstDiff(partial, full); p != nil {
					t.Fatalf("step %d (%s): pixel %v differs after repainting %v: partial %v, full %v",
						step, what, *p, damage, partial.At(p.X, p.Y), full.At(p.X, p.Y))
				}
			}
		})
	}
}

func copyRGBA(img *image.RGBA) *image.RGBA {
	c := image.NewRGBA(img.Rect)
	copy(c.Pix, img.Pix)
	return c
}

func firstDiff(a, b *image.RGBA) *image.Point {
	for y := a.Rect.Min.Y; y < a.Rect.Max.Y; y++ {
		for x := a.Rect.Min.X; x < a.Rect.Max.X; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				return &image.Point{x, y}
			}
		}
	}
	return nil
}
