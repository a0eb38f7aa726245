package hmi_test

import (
	"context"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestProbeTagsOnItsClock: `hmi tags --every` reports once every tag has
// a first value, then once per period of its clock and never in between;
// the simulator it runs samples the same clock, so the values and their
// times are those of the clock.
func TestProbeTagsOnItsClock(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "hmi.yaml", `
name: Probe
start: main
connections:
  - { name: sim, type: sim, sim: { tick: 1s } }
tags:
  - { name: SP, connection: sim, type: float, signal: { kind: memory, initial: 1.5 } }
  - { name: Beat, connection: sim, type: int, signal: { kind: counter, period: 1s } }
`)
	write(t, dir, "screens/main.gopage", "screen: main\nroot: { type: label, text: x }\n")
	p, err := hmi.Load(dir, drivers.Kinds())
	must(t, err)
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	const every = 1250 * time.Millisecond // off the simulator's 1 s ticks
	reports := make(chan []hmi.Reading, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		done <- hmi.ProbeTags(ctx, p, hmi.ProbeOptions{Every: every, Clock: clk}, func(rs []hmi.Reading) { reports <- rs })
	}()
	defer func() {
		cancel()
		must(t, <-done)
	}()
	beat := func(rs []hmi.Reading) hmi.Reading {
		t.Helper()
		for _, r := range rs {
			if r.Name == "Beat" {
				return r
			}
		}
		t.Fatalf("no Beat in %+v", rs)
		return hmi.Reading{}
	}

	first := <-reports // without a step: every tag has its first value at once
	if b := beat(first); b.Quality != "good" || b.Value != int64(0) || !b.Time.Equal(t0) {
		t.Errorf("first report: Beat = %+v, want 0 at %v", b, t0)
	}
	for k := 1; k <= 3; k++ {
		due := t0.Add(time.Duration(k) * every)
		if !clk.WaitArmed(due, time.After(10*time.Second)) {
			t.Fatalf("report %d: ProbeTags did not wait for %v", k+1, due)
		}
		// Up to just before the report: the simulator ticks (at k s) and
		// samples the clock, then waits again beside ProbeTags.
		clk.Step(due.Sub(clk.Now()) - time.Nanosecond)
		if !clk.WaitTimers(2, time.After(10*time.Second)) {
			t.Fatal("the simulator did not wait for its next tick")
		}
		select {
		case rs := <-reports:
			t.Fatalf("a report before its time: %+v", rs)
		default:
		}
		clk.Step(time.Nanosecond)
		if b := beat(<-reports); b.Value != int64(k) || !b.Time.Equal(due.Add(-time.Nanosecond)) {
			t.Errorf("report %d: Beat = %+v, want %d sampled at %v", k+1, b, k, due.Add(-time.Nanosecond).Sub(t0))
		}
	}
}
