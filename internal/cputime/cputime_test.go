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

// TestThreadCountsTheRunningSlice: a short burst of work right after a
// sleep (as a frame right after the binder's batch) is counted whole, not
// only once the scheduler's next tick accounts it.
func TestThreadCountsTheRunningSlice(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the thread's own clock is Linux's")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var measured, wall time.Duration
	for range 200 {
		time.Sleep(time.Millisecond) // switched out: accounted up to here
		w, before := time.Now(), cputime.Thread()
		for time.Since(w) < 200*time.Microsecond {
		}
		measured += cputime.Thread() - before
		wall += time.Since(w)
	}
	// The spin runs the whole wall time but for preemption: at least half
	// of it on any machine this runs on; RUSAGE_THREAD counted ~0 here.
	if measured < wall/2 {
		t.Fatalf("200 bursts of 200 µs measured %v of thread CPU in %v", measured, wall)
	}
}
