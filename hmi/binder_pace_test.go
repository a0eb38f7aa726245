package hmi_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestBinderPacesWithTheWindow: on a raster window painting at most one
// frame every 50 ms, the binder applies at most one batch per 50 ms of
// the runtime's clock (not one per 1/60 s): a value that arrives after
// the first batch waits until 50 ms after it began.
func TestBinderPacesWithTheWindow(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	p, err := hmi.Load(demo, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	const interval = 50 * time.Millisecond
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(1280, 800), Painter: paint.New(), Theme: render.Theme{}, Clock: clk, FrameInterval: interval})
	win := a.NewWindow("pace").(*raster.Window)
	if win.FrameInterval() != interval {
		t.Fatalf("FrameInterval %v, want %v", win.FrameInterval(), interval)
	}
	rt, _ := runRuntime(t, p, win, hmi.Options{Watch: hmi.WatchOff, Clock: clk, NoData: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	eventually(t, "the first batch", func() bool { return rt.Binder().Stats().Batches == 1 })
	must(t, rt.DB().Write(context.Background(), "Tank1.Setpoint", 85.0))
	if !clk.WaitArmed(t0.Add(interval), time.After(10*time.Second)) {
		t.Fatal("the binder never waited for the window's next frame")
	}
	clk.Step(time.Second / 60) // a GL window's frame: not this one's
	if n := rt.Binder().Stats().Batches; n != 1 {
		t.Fatalf("%d batches 1/60 s after the first, want 1", n)
	}
	clk.Step(interval - time.Second/60)
	eventually(t, "the second batch, once the window's frame is due", func() bool { return rt.Binder().Stats().Batches == 2 })
}
