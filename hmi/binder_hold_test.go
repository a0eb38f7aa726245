package hmi_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags/drivers"
)

// holdWindow is a window whose frames can be held, as render/raster's:
// it counts the holds in flight and the binder batches each saw end.
type holdWindow struct {
	fyne.Window
	mu    sync.Mutex
	holds int
	bad   string // a release without a hold
}

func (w *holdWindow) HoldFrame() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.holds++
}

func (w *holdWindow) ReleaseFrame() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.holds == 0 {
		w.bad = "a release without a hold"
	}
	w.holds--
}

func (w *holdWindow) state() (int, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.holds, w.bad
}

// TestBinderHoldsFramesForItsBatches: from the moment the binder takes a
// change until its batch is applied, the window's frame is held (so the
// frame and the batch coalesce), and released after; Settled is closed
// only then.
func TestBinderHoldsFramesForItsBatches(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	p, err := hmi.Load(demo, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := &holdWindow{Window: hmi.NewHeadlessWindow(fyne.NewSize(1280, 800))}
	rt, _ := runRuntime(t, p, win, hmi.Options{Watch: hmi.WatchOff, Clock: clk, DataDir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	eventually(t, "the first batch", func() bool { return rt.Binder().Stats().Batches == 1 })
	select {
	case <-rt.Binder().Settled():
	case <-time.After(10 * time.Second):
		t.Fatal("Settled not closed with nothing pending")
	}
	if n, bad := win.state(); n != 0 || bad != "" {
		t.Fatalf("after the first batch: %d holds (%s), want 0", n, bad)
	}

	// A change waits for the binder's next frame (t0 + 1/60 s): held
	// meanwhile, Settled open.
	must(t, rt.DB().Write(context.Background(), "Tank1.Setpoint", 85.0))
	settled := rt.Binder().Settled()
	if !clk.WaitArmed(t0.Add(time.Second/60), time.After(10*time.Second)) {
		t.Fatal("the binder never waited for its next frame")
	}
	if n, bad := win.state(); n != 1 || bad != "" {
		t.Fatalf("a batch coming: %d holds (%s), want 1", n, bad)
	}
	select {
	case <-settled:
		t.Fatal("Settled closed before the batch was applied")
	default:
	}
	clk.Step(time.Second / 60)
	select {
	case <-settled:
	case <-time.After(10 * time.Second):
		t.Fatal("Settled not closed after the batch")
	}
	if b := rt.Binder().Stats().Batches; b != 2 {
		t.Fatalf("%d batches when settled, want 2", b)
	}
	if n, bad := win.state(); n != 0 || bad != "" {
		t.Fatalf("after the batch: %d holds (%s), want 0", n, bad)
	}
}
