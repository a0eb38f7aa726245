package main

import (
	"log/slog"
	"os"
	"runtime/debug"
)

// rasterGCPercent is the GC target of the raster backend: the Go heap may
// grow to 1.5 times the live heap between collections instead of twice
// it. On the demo (live heap 11–12 MB after warm-up, values only) this cut
// the resident memory from 58.5 to about 50 MB (BenchmarkSoakRSS/raster,
// README, Memory) for twice as many collections: one every 1–2 s instead
// of every 3–4 s, each under 2 ms of CPU, well under 0.1 % of a core.
const rasterGCPercent = 50

// tuneRasterMemory sets rasterGCPercent unless GOGC is set (the
// environment wins, as everywhere in Go). A panel without a GPU often has
// 512 MB for everything; a soft memory limit (debug.SetMemoryLimit) is not
// used: near it, the collector may take half the CPU the UI needs.
func tuneRasterMemory(log *slog.Logger) {
	if _, set := os.LookupEnv("GOGC"); set {
		return
	}
	debug.SetGCPercent(rasterGCPercent)
	log.Debug("raster: GC target", "gogc", rasterGCPercent)
}
