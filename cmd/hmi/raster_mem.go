package main

import (
	"context"
	"log/slog"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"
)

// rasterGCPercent is the GC target of the raster backend: the Go heap may
// grow to 1.5 times the live heap between collections instead of twice
// it. On the demo (live heap 11–12 MB after warm-up, values only) this cut
// the resident memory from 58.5 to about 50 MB (BenchmarkSoakRSS/raster,
// README, Memory) for twice as many collections: one every 1–2 s instead
// of every 3–4 s, each under 2 ms of CPU, well under 0.1 % of a core.
const rasterGCPercent = 50

// The soft memory limit of the raster backend (see memoryLimitFor).
const (
	// rasterLimitFloor is the limit while the heap is small: below it
	// GOGC alone paces the collector, as at the start (the demo: 13 MB
	// in use, 3 MB of the runtime's other memory: 17.6 MB). It was 32 MB,
	// which the demo's whole runtime memory stayed under on every screen
	// once Fyne's own fonts were gone (19–21 MB in use, 7 MB other): the
	// limit never bound and GOGC=50 let the heap reach 1.5 times the live
	// heap (README, Memory).
	rasterLimitFloor = 20 << 20
	// rasterLimitHeadroom is the share of the heap in use (live objects
	// and the free room in their spans) the heap may grow by above the
	// limit's floor: the collector never runs more often than GOGC=12
	// would make it, whatever the project.
	rasterLimitHeadroom = 8 // an eighth
	// rasterLimitEvery is how often the limit follows the live heap.
	rasterLimitEvery = 2 * time.Second
)

// tuneRasterMemory sets rasterGCPercent unless GOGC is set (the
// environment wins, as everywhere in Go), and, unless GOMEMLIMIT is set,
// starts the goroutine that keeps the soft memory limit at
// memoryLimitFor the live heap until ctx ends or stop is called; stop
// stops it, waits for it and lifts the limit.
//
// With every demo screen visited through the web view (live heap then
// 27–31 MB: the window's 4 MB frame and a 4 MB copy the web view kept of
// it, the fonts, the trends), GOGC=50 alone let the heap reach 45 MB and
// the runtime keep the pages of each screen change's burst: 88 MB
// resident at the end, 99 MB at the peak. This limit: 68 and 76 MB, for
// 4–5 collections a second (1 % of the CPU) instead of one
// (BenchmarkSoakRSS/raster, README, Memory). The web view now reads the
// window's frame (raster.FrameSharer) and the trends share one plot
// image: 17–21 MB live, about 59 MB resident at the end. Counting the spans' free room matters: a limit of the live
// heap and an eighth alone was under what the heap holds right after a
// collection, and the collector ran 26 times a second (6–11 % of the
// CPU). A fixed limit is not used: a project whose live heap came near
// it would have the collector take up to half the CPU the UI needs; this
// one moves with the heap.
func tuneRasterMemory(ctx context.Context, log *slog.Logger) (stop func()) {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(rasterGCPercent)
		log.Debug("raster: GC target", "gogc", rasterGCPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return func() {}
	}
	setMemoryLimit()
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { followLiveHeap(ctx) })
	return func() {
		cancel()
		wg.Wait()
		debug.SetMemoryLimit(math.MaxInt64) // none, as before
	}
}

// followLiveHeap sets the soft memory limit for the live heap every
// rasterLimitEvery until ctx ends.
func followLiveHeap(ctx context.Context) {
	t := time.NewTicker(rasterLimitEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			setMemoryLimit()
		}
	}
}

// setMemoryLimit sets the soft memory limit for the live heap of now.
func setMemoryLimit() {
	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
	}
	metrics.Read(samples)
	var v [6]uint64
	for i, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	heap := v[2] + v[3] + v[4] + v[5]
	// In use: the live objects and the free room in their spans.
	debug.SetMemoryLimit(memoryLimitFor(v[0]+v[3], v[1]-min(heap, v[1])))
}

// memoryLimitFor is the soft memory limit for inUse bytes of heap in use
// (the live heap and the free room in its spans) and other bytes of the
// runtime's memory outside the heap (stacks, metadata): rasterLimitFloor,
// or room for the heap in use, an eighth more and the rest when that is
// more.
func memoryLimitFor(inUse, other uint64) int64 {
	need := inUse + inUse/rasterLimitHeadroom + other
	if need > math.MaxInt64/2 {
		return math.MaxInt64
	}
	return max(rasterLimitFloor, int64(need))
}
