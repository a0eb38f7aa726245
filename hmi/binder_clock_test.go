package hmi_test

import (
	"context"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
)

// TestBinderPacesFramesOnItsClock: the binder's frame pacing runs on the
// runtime's clock. After the first batch, values that keep arriving wait
// for the next frame, one frame of clock time after the first batch
// began, and no batch goes to the screen until the test steps there.
func TestBinderPacesFramesOnItsClock(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	rt := startedWith(t, demo, "overview", hmi.Options{Watch: hmi.WatchOff, Clock: clk})
	eventually(t, "the first batch", func() bool { return rt.Binder().Stats().Batches == 1 })
	// A value shown on the overview changes (the simulator ticks only when
	// the clock is stepped, so nothing else does); the binder parks it
	// until the frame due at t0 + 1/60 s.
	must(t, rt.DB().Write(context.Background(), "Tank1.Setpoint", 85.0))
	frame := t0.Add(time.Second / 60)
	if !clk.WaitArmed(frame, time.After(10*time.Second)) {
		t.Fatal("the binder never waited for the next frame on the runtime's clock")
	}
	if n := rt.Binder().Stats().Batches; n != 1 {
		t.Fatalf("%d batches before the clock reached the next frame, want 1", n)
	}
	clk.Step(time.Second / 60)
	eventually(t, "the second batch, once the frame is due", func() bool { return rt.Binder().Stats().Batches == 2 })
}
