package cputime_test

import (
	"runtime"
	"testing"

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
