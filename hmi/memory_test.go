package hmi_test

import (
	"context"
	"github.com/gohmi/gohmi/tags/drivers"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
)

// TestThemeAndNavigationKeepMemoryFlat switches the demo between day and
// night and through its screens, painting each time, and checks that the
// Go heap does not grow. Fyne's ThemeOverride took a new theme scope on
// every Refresh reaching it, and Fyne caches fonts per scope for good:
// each switch cost megabytes per styled control (issue 8, item 18).
func TestThemeAndNavigationKeepMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("paints the demo 24 times")
	}
	p, err := hmi.Load("../screens/demo", drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(1280, 800))
	rt, err := hmi.NewRuntime(p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff, NoData: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = rt.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait(); rt.UI(win.Close) })
	eventually(t, "start screen shown", func() bool { return rt.Current() != "" })
	cycle := func(theme string) {
		for _, name := range p.ScreenNames() {
			rt.UI(func() {
				rt.SetTheme(theme)
				if err := rt.Navigate(name); err != nil {
					t.Fatal(err)
				}
				render.Relayout(win.Content())
				win.Canvas().Capture()
			})
		}
	}
	cycle("night") // every screen built, painted in both themes
	cycle("day")
	before := heapMB()
	for range 3 {
		cycle("night")
		cycle("day")
	}
	after := heapMB()
	t.Logf("heap %.1f MB before, %.1f MB after 6 switches and 18 screen changes", before, after)
	if after-before > 8 {
		t.Errorf("the heap grew by %.1f MB in 6 day/night switches and 18 screen changes, want flat", after-before)
	}
}

// heapMB is the live Go heap after a GC.
func heapMB() float64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapAlloc) / (1 << 20)
}
