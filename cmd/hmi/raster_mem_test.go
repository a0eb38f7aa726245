package main

import (
	"context"
	"log/slog"
	"math"
	"runtime/debug"
	"testing"
)

// TestMemoryLimitFor: the soft limit is the floor while the heap is
// small, then the heap in use, an eighth more and the runtime's other
// memory: it follows any live heap, so the collector never chases a
// fixed limit the project has outgrown.
func TestMemoryLimitFor(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		name         string
		inUse, other uint64
		want         int64
	}{
		{"start of the demo", 13 * mb, 3 * mb, rasterLimitFloor},
		{"nothing yet", 0, 0, rasterLimitFloor},
		{"every demo screen visited", 32 * mb, 4 * mb, 32*mb + 4*mb + 4*mb},
		{"a large project", 200 * mb, 6 * mb, 200*mb + 25*mb + 6*mb},
		{"absurd", math.MaxUint64 / 2, 0, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := memoryLimitFor(tc.inUse, tc.other); got != tc.want {
				t.Errorf("memoryLimitFor(%d, %d) = %d, want %d", tc.inUse, tc.other, got, tc.want)
			}
		})
	}
}

// TestTuneRasterMemoryStops: a limit is set from the start and stop ends
// the goroutine that follows the live heap (goleak in TestMain checks that it is gone)
// and lifts the limit.
func TestTuneRasterMemoryStops(t *testing.T) {
	t.Setenv("GOGC", "off") // the GC percent is the environment's: not touched
	before := debug.SetGCPercent(-1)
	debug.SetGCPercent(before)
	stop := tuneRasterMemory(context.Background(), slog.New(slog.DiscardHandler))
	if got := debug.SetMemoryLimit(-1); got < rasterLimitFloor || got == math.MaxInt64 {
		t.Errorf("memory limit %d while running, want at least %d", got, rasterLimitFloor)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("memory limit %d after stop, want none", got)
	}
	if got := debug.SetGCPercent(before); got != before {
		t.Errorf("GC percent %d with GOGC set, want %d untouched", got, before)
	}
}
