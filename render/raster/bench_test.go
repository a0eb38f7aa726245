package raster_test

// go test -tags migrated_fynedo,no_emoji -run '^$' -bench . ./render/raster/

import (
	"fmt"
	"image"
	"image/color"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/cputime"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// nopPainter measures text as boxPainter does and paints nothing: the
// damage tracking alone is measured.
type nopPainter struct{ boxPainter }

func (nopPainter) Paint(*image.RGBA, image.Rectangle, float32, color.Color, []fyne.CanvasObject) {}

func benchScreen(b *testing.B, p raster.Painter) (*raster.Window, *screen) {
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(1280, 800), Painter: p, Clock: clocktest.New(time.Unix(0, 0))})
	w := a.NewWindow("bench").(*raster.Window)
	s := newScreen(250) // 250 labels, 250 buttons, 250 rectangles
	w.SetContent(s.root)
	w.Frame()
	return w, s
}

// BenchmarkDamageTracking: one label changes a frame on a 500-widget
// screen; the painter paints nothing, so this is layout, the walk and
// the merge.
func BenchmarkDamageTracking(b *testing.B) {
	w, s := benchScreen(b, &nopPainter{})
	b.ReportAllocs()
	i := 0
	cpu := cputime.Process()
	for b.Loop() {
		i++
		s.labels[i%len(s.labels)].SetText(fmt.Sprint("tag ", i))
		w.Frame()
	}
	b.ReportMetric(float64((cputime.Process()-cpu).Microseconds())/float64(b.N), "cpu-µs/frame")
}

// BenchmarkLabelChange: one label changes a frame, painted by package
// paint at 1280x800, end to end; reports the share of pixels repainted.
func BenchmarkLabelChange(b *testing.B) {
	w, s := benchScreen(b, paint.New())
	b.ReportAllocs()
	i, px := 0, 0
	cpu := cputime.Process()
	for b.Loop() {
		i++
		s.labels[i%len(s.labels)].SetText(fmt.Sprintf("tag %d: %d", i%len(s.labels), i))
		_, d := w.Frame()
		for _, r := range d {
			px += r.Dx() * r.Dy()
		}
	}
	b.ReportMetric(float64((cputime.Process()-cpu).Microseconds())/float64(b.N)/1000, "cpu-ms/frame")
	b.ReportMetric(100*float64(px)/float64(b.N)/(1280*800), "%pixels")
}

// BenchmarkFullRepaint: the same screen repainted whole, for comparison.
func BenchmarkFullRepaint(b *testing.B) {
	w, _ := benchScreen(b, paint.New())
	cpu := cputime.Process()
	for b.Loop() {
		w.Repaint()
		w.Frame()
	}
	b.ReportMetric(float64((cputime.Process()-cpu).Microseconds())/float64(b.N)/1000, "cpu-ms/frame")
}
