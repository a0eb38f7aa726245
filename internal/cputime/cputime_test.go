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
