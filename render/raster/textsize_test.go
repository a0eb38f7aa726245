package raster_test

import (
	"fmt"
	"sync"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// TestRenderedTextSizeFromGoroutines: Fyne widgets may measure text from
// any goroutine (fyne.Do's callers, tests), and the painter's shaping
// caches are the loop's, which it uses while it paints. Four goroutines
// measure strings the driver has not measured before (cache misses: the
// painter shapes them) while the loop paints labels that keep changing;
// each size is what a painter of its own measures for the same string.
// Run with -race: before the measuring went through the loop, the
// painter's caches were written from five goroutines at once.
func TestRenderedTextSizeFromGoroutines(t *testing.T) {
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(400, 300), Painter: paint.New(), Clock: clocktest.New(t0)})
	w := a.NewWindow("measure").(*raster.Window)
	w.SetPadded(false)
	ls, col := labels(5)
	w.SetContent(col)
	stop := run(t, a)
	defer stop()

	const goroutines, each = 4, 100
	text := func(g, i int) string { return fmt.Sprintf("goroutine %d measures %d", g, i) }
	got := make([][]fyne.Size, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				s, _ := a.Driver().RenderedTextSize(text(g, i), 14, fyne.TextStyle{Bold: i%2 == 1}, nil)
				got[g] = append(got[g], s)
			}
		})
	}
	for i := 0; i < 2*each; i++ { // the loop paints meanwhile
		fyne.Do(func() { ls[i%len(ls)].SetText(fmt.Sprintf("painted %d", i)) })
		w.Frame()
	}
	wg.Wait()

	ref := paint.New()
	for g := range goroutines {
		for i, s := range got[g] {
			if want, _ := ref.TextSize(text(g, i), 14, fyne.TextStyle{Bold: i%2 == 1}, nil); s != want {
				t.Errorf("%q measured %v from a goroutine, want %v", text(g, i), s, want)
			}
		}
	}
}

// BenchmarkRenderedTextSize: a cached size (what layout asks on every
// frame) costs the text cache's lock and a map lookup, on any goroutine;
// a miss is measured on the loop goroutine.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench RenderedTextSize ./render/raster
func BenchmarkRenderedTextSize(b *testing.B) {
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(400, 300), Painter: paint.New(), Clock: clocktest.New(t0)})
	d := a.Driver()
	d.RenderedTextSize("Pump P-101 running", 14, fyne.TextStyle{}, nil)
	b.Run("hit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			d.RenderedTextSize("Pump P-101 running", 14, fyne.TextStyle{}, nil)
		}
	})
	b.Run("hit-parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				d.RenderedTextSize("Pump P-101 running", 14, fyne.TextStyle{}, nil)
			}
		})
	})
}
