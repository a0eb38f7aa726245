package raster_test

import (
	"image"
	"image/color"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/render/raster"
)

// sharer is a FrameSharer whose lock counts how often it is held.
type sharer struct {
	mu    sync.Mutex
	held  bool
	locks int
}

func (s *sharer) Present(*image.RGBA, []image.Rectangle) error { return nil }
func (s *sharer) PaintLock() sync.Locker                       { return s }
func (s *sharer) Lock()                                        { s.mu.Lock(); s.held = true; s.locks++ }
func (s *sharer) Unlock()                                      { s.held = false; s.mu.Unlock() }

// lockCheckPainter is a boxPainter that records whether the sharer's
// lock was held at every Paint.
type lockCheckPainter struct {
	boxPainter
	s      *sharer
	paints int
	free   int // paints without the lock
}

func (p *lockCheckPainter) Paint(dst *image.RGBA, clip image.Rectangle, scale float32, bg color.Color, roots []fyne.CanvasObject) {
	p.paints++
	if !p.s.held {
		p.free++
	}
	p.boxPainter.Paint(dst, clip, scale, bg, roots)
}

// TestPaintHoldsSharersLock: the driver paints every frame under the
// PaintLock of an output that shares its frames (raster.FrameSharer),
// and releases it after.
func TestPaintHoldsSharersLock(t *testing.T) {
	s := &sharer{}
	p := &lockCheckPainter{s: s}
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(200, 100), Painter: p, Outputs: []raster.Output{s}})
	w := a.NewWindow("share").(*raster.Window)
	r := canvas.NewRectangle(color.Black)
	w.SetContent(r)
	w.Frame()
	fyne.DoAndWait(func() { r.FillColor = color.White; r.Refresh() })
	w.Frame()
	if p.paints < 2 || p.free != 0 {
		t.Errorf("%d of %d paints without the sharer's lock, want none", p.free, p.paints)
	}
	if s.locks < 2 || s.held {
		t.Errorf("lock taken %d times, held after the frame: %v", s.locks, s.held)
	}
}
