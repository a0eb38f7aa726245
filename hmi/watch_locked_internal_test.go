package hmi

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
)

// TestWatcherLockedDirectory: a directory of the project that the panel's
// user may not read neither stops the watcher nor goes unsaid: it is
// named, with why, through Problems; the other files are still reported;
// once it may be read it is watched and its files are reported (to be
// loaded), and the problem is gone. Both watch modes, on a stepped clock.
func TestWatcherLockedDirectory(t *testing.T) {
	for _, mode := range []WatchMode{WatchNotify, WatchPoll} {
		t.Run(mode.String(), func(t *testing.T) {
			if asPanelUser(t) {
				return
			}
			testWatcherLockedDirectory(t, mode)
		})
	}
}

func testWatcherLockedDirectory(t *testing.T, mode WatchMode) {
	dir := t.TempDir()
	locked := filepath.Join(dir, "screens", "more")
	must(t, os.MkdirAll(locked, 0o755))
	must(t, os.WriteFile(filepath.Join(locked, "a.gopage"), []byte("screen: a\n"), 0o644))
	must(t, os.Chmod(locked, 0))
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) }) // for TempDir's removal
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("this user reads a directory of mode 000")
	}

	clk := clocktest.New(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	problems := make(chan []string, 8)
	batches := make(chan Batch, 8)
	w := &Watcher{Dir: dir, Mode: mode, Clock: clk, Log: slog.New(slog.DiscardHandler), Retry: time.Second, Poll: 100 * time.Millisecond,
		Problems: func(p []string) { problems <- p }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx, func(b Batch) { batches <- b }) }()
	defer func() { cancel(); <-done }()

	got := stepUntil(t, clk, problems, done, "problem named")
	want := locked + ": cannot watch this directory: permission denied; its files are not reloaded until it can be read (tried again every 1s)"
	if len(got) != 1 || got[0] != want {
		t.Fatalf("problems %q\nwant     %q", got, want)
	}

	// The rest of the project is watched as ever.
	if mode == WatchNotify && !clk.WaitTimers(2, time.After(10*time.Second)) {
		t.Fatal("the watcher is not waiting")
	}
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte("name: x\n"), 0o644))
	if b := stepUntil(t, clk, batches, done, "batch of hmi.yaml"); !slices.Equal(b.Files, []string{"hmi.yaml"}) {
		t.Errorf("batch %v, want hmi.yaml", b.Files)
	}

	// Readable again: watched, its files reported, the problem gone.
	must(t, os.Chmod(locked, 0o755))
	if b := stepUntil(t, clk, batches, done, "batch of the directory's files"); !slices.Equal(b.Files, []string{"screens/more/a.gopage"}) {
		t.Errorf("batch %v, want screens/more/a.gopage", b.Files)
	}
	if got := stepUntil(t, clk, problems, done, "problem cleared"); len(got) != 0 {
		t.Errorf("problems after the chmod: %q", got)
	}
	// And now watched: an edit in it is reported.
	must(t, os.WriteFile(filepath.Join(locked, "a.gopage"), []byte("screen: a\ntitle: A\n"), 0o644))
	if b := stepUntil(t, clk, batches, done, "batch of an edit in the directory"); !slices.Equal(b.Files, []string{"screens/more/a.gopage"}) {
		t.Errorf("batch %v, want screens/more/a.gopage", b.Files)
	}
}

// stepUntil steps clk 10 ms at a time until ch delivers (the kernel's
// events come in their own time: real time only bounds the wait). The
// watcher ending (done) fails the test.
func stepUntil[T any](t *testing.T, clk *clocktest.Clock, ch <-chan T, done <-chan error, what string) T {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case v := <-ch:
			return v
		case err := <-done:
			t.Fatalf("the watcher ended (%v) before the %s", err, what)
		case <-deadline:
			t.Fatalf("no %s", what)
		case <-time.After(time.Millisecond):
			clk.Step(10 * time.Millisecond)
		}
	}
}
