// Package cputime reads the process's CPU time, for benchmarks that report
// a share of a core (b.ReportMetric(…, "core%")) rather than wall time,
// which a loaded machine inflates.
package cputime

import "time"

// Process returns the process's user and system CPU time so far, or 0
// where it is not measured (then benchmarks fall back to wall time).
func Process() time.Duration { return process() }

// Thread returns the CPU time of the calling OS thread so far (Linux;
// elsewhere the process's). Call it from a goroutine locked to its
// thread (runtime.LockOSThread): it then measures that goroutine's work
// alone, not the other goroutines and the scheduler running beside it,
// which Process counts.
func Thread() time.Duration { return thread() }
