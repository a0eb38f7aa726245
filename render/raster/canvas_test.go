package raster_test

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render/raster"
)

func TestCaptureIsUpToDateCopy(t *testing.T) {
	var r *canvas.Rectangle
	_, w, _, _ := setup(t, func() fyne.CanvasObject {
		r = canvas.NewRectangle(color.NRGBA{R: 255, A: 255})
		r.Resize(fyne.NewSize(10, 10))
		r.Move(fyne.NewPos(20, 20))
		return container.NewWithoutLayout(r)
	})
	r.FillColor = color.NRGBA{G: 255, A: 255}
	r.Refresh()
	img := w.Canvas().Capture()
	if got := img.At(25, 25); got != (color.RGBA{G: 255, A: 255}) {
		t.Fatalf("Capture at the rectangle: %v, want the new green", got)
	}
	r.FillColor = color.NRGBA{B: 255, A: 255}
	r.Refresh()
	w.Frame()
	if got := img.At(25, 25); got != (color.RGBA{G: 255, A: 255}) {
		t.Fatalf("a captured image changed with the next frame: %v", got)
	}
	if b := img.Bounds(); b != image.Rect(0, 0, 400, 300) {
		t.Fatalf("Capture bounds %v, want the window's pixels", b)
	}
}

func TestCanvasForObjectAndPosition(t *testing.T) {
	var l *widget.Label
	a, w, _, _ := setup(t, func() fyne.CanvasObject {
		l = widget.NewLabel("x")
		return container.NewVBox(widget.NewLabel("above"), l)
	})
	d := a.Driver()
	if d.CanvasForObject(l) != w.Canvas() {
		t.Fatal("CanvasForObject of a shown label is not its window's canvas")
	}
	pos := d.AbsolutePositionForObject(l)
	if pos.Y <= 0 || pos.X != 0 {
		t.Fatalf("AbsolutePositionForObject %v, want below the first label at x 0", pos)
	}
	if x, y := w.Canvas().PixelCoordinateForPosition(fyne.NewPos(10, 20)); x != 10 || y != 20 {
		t.Fatalf("PixelCoordinateForPosition(10, 20) = %d, %d at scale 1", x, y)
	}
	w.SetFullScreen(true)
	intercepted := false
	w.SetCloseIntercept(func() { intercepted = true })
	w.CloseRequested()
	if !w.FullScreen() || !intercepted || len(d.AllWindows()) != 1 {
		t.Fatalf("full screen %v, intercepted %v, windows %d; want true, true, 1", w.FullScreen(), intercepted, len(d.AllWindows()))
	}
	closed := false
	w.SetOnClosed(func() { closed = true })
	w.Close()
	if !closed || len(d.AllWindows()) != 0 {
		t.Fatalf("after Close: OnClosed %v, windows %d", closed, len(d.AllWindows()))
	}
	_ = raster.MaxRects
}
