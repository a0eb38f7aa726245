package main

import (
	"testing"
	"time"
)

// poll calls cond at once and then every interval until it returns true,
// and reports whether it did before timeout passed. It is how these tests
// wait for an effect in another process (the X server, the window
// manager, a running hmi, a browser), which runs on the wall clock: the
// deadline bounds a wait for a real signal, it asserts no timing.
func poll(timeout, every time.Duration, cond func() bool) bool {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline.C:
			return cond()
		case <-tick.C:
		}
	}
	return true
}

// pollUntil is [poll] that fails t, naming what it waited for, when cond
// is not true within timeout.
func pollUntil(t testing.TB, timeout, every time.Duration, what string, cond func() bool) {
	t.Helper()
	if !poll(timeout, every, cond) {
		t.Fatalf("timed out after %v waiting for %s", timeout, what)
	}
}
