package hmi

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
)

func TestBatcher(t *testing.T) {
	t0 := time.Unix(1000, 0)
	ms := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Millisecond) }
	b := batcher{debounce: 10 * time.Millisecond, maxWait: 250 * time.Millisecond}
	if _, _, ok := b.due(t0, nil); ok {
		t.Fatal("an empty batcher is due")
	}
	b.add("screens/a.gopage", ms(0))
	b.add("screens/a.gopage", ms(4))
	if _, wait, ok := b.due(ms(5), nil); ok || wait != 9*time.Millisecond {
		t.Errorf("5 ms in: due %v, wait %v; want 9 ms more", ok, wait)
	}
	b.add("styles/s.css", ms(8))
	batch, _, ok := b.due(ms(18), nil)
	if !ok || len(batch.Files) != 2 || batch.First != ms(0) {
		t.Fatalf("batch %+v due %v", batch, ok)
	}

	// A file caught between truncate and write waits once, settleTime more.
	unsettled := func(map[string]bool) bool { return false }
	b.add("screens/a.gopage", ms(100))
	if _, wait, ok := b.due(ms(110), unsettled); ok || wait != settleTime {
		t.Errorf("unsettled: due %v wait %v, want a wait of %v", ok, wait, settleTime)
	}
	if _, _, ok := b.due(ms(149), unsettled); ok {
		t.Error("due before the settle time ran out")
	}
	if _, _, ok := b.due(ms(150), unsettled); !ok {
		t.Error("a file that stays missing is never reported")
	}

	// Busy files close a batch at maxWait however often they change.
	for i := 0; i < 300; i += 5 {
		b.add("screens/a.gopage", ms(1000+i))
		if _, _, ok := b.due(ms(1000+i), nil); ok {
			if i < 250 {
				t.Errorf("closed at %d ms, before maxWait", i)
			}
			return
		}
	}
	t.Error("a busy batch never closed")
}

// TestWatcherRunsOnItsClock: batches are stamped and closed by the
// watcher's clock: a stepped clock's time, and no batch until the test
// steps past the debounce.
func TestWatcherRunsOnItsClock(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	w := &Watcher{Dir: dir, Mode: WatchNotify, Clock: clk, Log: slog.New(slog.DiscardHandler)}
	batches := make(chan Batch, 4)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx, func(b Batch) { batches <- b }) }()
	defer func() { cancel(); <-done }()
	if !clk.WaitTimers(1, time.After(10*time.Second)) { // watching: its timer is made
		t.Fatal("the watcher never started")
	}
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte("name: x\n"), 0o644))
	// The event's arrival is the kernel's to time: step the clock a
	// debounce at a time until the batch closes (real time only bounds it).
	deadline := time.After(10 * time.Second)
	for {
		select {
		case b := <-batches:
			if len(b.Files) != 1 || b.Files[0] != "hmi.yaml" {
				t.Errorf("batch %v", b.Files)
			}
			if b.First.Before(t0) || b.First.After(clk.Now()) {
				t.Errorf("batch stamped %v, not on the watcher's clock (%v … %v)", b.First, t0, clk.Now())
			}
			return
		case <-deadline:
			t.Fatal("no batch")
		case <-time.After(time.Millisecond):
			clk.Step(10 * time.Millisecond)
		}
	}
}
