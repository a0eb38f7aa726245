package cputime_test

import (
	"runtime"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/cputime"
)

// TestProcessGrows: spinning a while adds CPU time (on unix, where it is
// measured).
func TestProcessGrows(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" {
		t.Skip("not measured here")
	}
	before := cputime.Process()
	x := 0
	for cputime.Process()-before == 0 {
		for i := range 1_000_000 {
			x += i
		}
	}
	_ = x
}

// TestThreadGrows: spinning on a locked thread adds to its CPU time, and
// no more than to the process's.
func TestThreadGrows(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" {
		t.Skip("not measured here")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	before, proc := cputime.Thread(), cputime.Process()
	x := 0
	for cputime.Thread()-before == 0 {
		for i := range 1_000_000 {
			x += i
		}
	}
	_ = x
	if th, p := cputime.Thread()-before, cputime.Process()-proc; th > p+10*time.Millisecond {
		t.Fatalf("the thread used %v, more than the process's %v", th, p)
	}
}

// TestThreadCountsTheRunningSlice: a short burst of work right after the
// thread was woken (as a frame right after the binder's batch) is counted
// whole, not only once the scheduler's next tick accounts it. The bursts' sum is
// compared with the same work done back to back (one long reading, where
// a tick's lag is small), not with the wall clock, which a loaded machine
// stretches.
func TestThreadCountsTheRunningSlice(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the thread's own clock is Linux's")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	x := 0
	work := func() {
		for i := range 200_000 { // about 100 µs
			x += i ^ x
		}
	}
	const bursts = 300
	before := cputime.Thread()
	for range bursts {
		work()
	}
	whole := cputime.Thread() - before
	var sum time.Duration
	wake := make(chan struct{})
	for range bursts {
		// The thread blocks until another goroutine wakes it: switched
		// out, accounted up to here, as a loop woken by the binder is.
		go func() { wake <- struct{}{} }()
		<-wake
		before := cputime.Thread()
		work()
		sum += cputime.Thread() - before
	}
	_ = x
	// getrusage(RUSAGE_THREAD) counted a fraction of the bursts here.
	if sum < whole/2 {
		t.Fatalf("%d bursts measured %v of thread CPU; the same work back to back %v", bursts, sum, whole)
	}
}
