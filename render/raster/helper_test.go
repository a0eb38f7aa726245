package raster_test

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/internal/tree"
)

// boxPainter is a tiny painter for the tests: rectangles are filled, a
// text is one bar a character (its height from the rune), everything
// clipped as the real painter must. It records the clips it painted.
type boxPainter struct {
	clips []image.Rectangle
}

func (p *boxPainter) TextSize(text string, size float32, _ fyne.TextStyle, _ fyne.Resource) (fyne.Size, float32) {
	return fyne.NewSize(float32(len([]rune(text)))*size*0.5, size*1.25), size
}

func (p *boxPainter) Paint(dst *image.RGBA, clip image.Rectangle, scale float32, bg color.Color, roots []fyne.CanvasObject) {
	p.clips = append(p.clips, clip)
	clip = clip.Intersect(dst.Rect)
	draw.Draw(dst, clip, image.NewUniform(bg), image.Point{}, draw.Src)
	bounds := tree.Rect{Max: fyne.NewPos(1e6, 1e6)}
	for _, r := range roots {
		tree.Walk(r, fyne.Position{}, bounds, func(o fyne.CanvasObject, pos fyne.Position, oc tree.Rect) bool {
			c := clip.Intersect(px(oc.Min, oc.Max, scale))
			switch x := o.(type) {
			case *canvas.Rectangle:
				fill(dst, px(pos, pos.Add(x.Size()), scale).Intersect(c), x.FillColor)
			case *canvas.Text:
				for i, r := range []rune(x.Text) {
					w := x.TextSize * 0.5
					top := pos.AddXY(float32(i)*w, float32(int(r)%7)+1)
					fill(dst, px(top, pos.AddXY(float32(i)*w+w-1, x.Size().Height), scale).Intersect(c), x.Color)
				}
			}
			return true
		})
	}
}

func px(min, max fyne.Position, scale float32) image.Rectangle {
	f := func(v float32) int { return int(math.Floor(float64(v * scale))) }
	g := func(v float32) int { return int(math.Ceil(float64(v * scale))) }
	return image.Rect(f(min.X), f(min.Y), g(max.X), g(max.Y))
}

func fill(dst *image.RGBA, r image.Rectangle, c color.Color) {
	if c == nil || r.Empty() {
		return
	}
	draw.Draw(dst, r, image.NewUniform(c), image.Point{}, draw.Over)
}

var t0 = time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)

// setup makes an app with a stepped clock and one unpadded window of
// 400x300 showing what build returns (widgets are made once the app is),
// painted once.
func setup(t testing.TB, build func() fyne.CanvasObject) (*raster.App, *raster.Window, *clocktest.Clock, *boxPainter) {
	t.Helper()
	clk := clocktest.New(t0)
	p := &boxPainter{}
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(400, 300), Painter: p, Clock: clk})
	w := a.NewWindow("test").(*raster.Window)
	w.SetPadded(false)
	w.SetContent(build())
	w.Frame()
	p.clips = nil
	return a, w, clk, p
}

// bounds returns o's pixel bounds on w's canvas at scale 1.
func bounds(w *raster.Window, o fyne.CanvasObject) image.Rectangle {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return px(pos, pos.Add(o.Size()), w.Canvas().Scale())
}

// tap sends a down and up at the centre of o.
func tap(w *raster.Window, o fyne.CanvasObject, touch bool) {
	c := center(o)
	w.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: c.X, Y: c.Y, Touch: touch})
	w.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: c.X, Y: c.Y, Touch: touch})
}

func center(o fyne.CanvasObject) fyne.Position {
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	return pos.Add(fyne.NewPos(o.Size().Width/2, o.Size().Height/2))
}

func rendererObjects(w fyne.Widget) []fyne.CanvasObject { return tree.Children(w) }
