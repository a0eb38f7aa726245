package hmi

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/fsnotify/fsnotify"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestWatcherFallsBackToPolling: when inotify cannot be had (the per-user
// limit of 128 inotify instances reached: EMFILE), the watcher says so
// once and polls the project: an edit is still reported.
func TestWatcherFallsBackToPolling(t *testing.T) {
	dir := t.TempDir()
	clk := clocktest.New(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	var notes []string
	ready := make(chan struct{})
	w := &Watcher{Dir: dir, Mode: WatchNotify, Clock: clk, Log: slog.New(slog.DiscardHandler), Poll: 250 * time.Millisecond,
		NewNotify: func() (*fsnotify.Watcher, error) { return nil, os.NewSyscallError("inotify_init1", syscall.EMFILE) },
		Fallback:  func(msg string) { notes = append(notes, msg) },
		Ready:     func() { close(ready) }}
	batches := make(chan Batch, 4)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- w.Run(ctx, func(b Batch) { batches <- b }) }()
	stopped := false
	stop := func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		return <-done
	}
	defer stop()
	select {
	case <-ready:
	case err := <-done:
		stopped = true
		t.Fatalf("Run ended without inotify: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher never got ready")
	}
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte("name: x\n"), 0o644))
	deadline := time.After(10 * time.Second)
	for got := false; !got; {
		select {
		case b := <-batches:
			if len(b.Files) != 1 || b.Files[0] != "hmi.yaml" {
				t.Errorf("batch %v, want [hmi.yaml]", b.Files)
			}
			got = true
		case <-deadline:
			t.Fatal("no batch: the fallback does not poll")
		case <-time.After(time.Millisecond):
			clk.Step(50 * time.Millisecond)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("Run: %v", err)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "inotify unavailable") || !strings.Contains(notes[0], "polling") ||
		!strings.Contains(notes[0], syscall.EMFILE.Error()) {
		t.Errorf("Fallback told %q, want once that inotify is unavailable (and why) and the project polled", notes)
	}
}

// TestWatchLimit: adding a watch beyond fs.inotify.max_user_watches
// fails with ENOSPC, which makes the watcher poll; other errors (a
// directory it may not read) keep it on inotify.
func TestWatchLimit(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&os.PathError{Op: "inotify_add_watch", Path: "/p", Err: syscall.ENOSPC}, true},
		{syscall.ENOSPC, true},
		{&os.PathError{Op: "inotify_add_watch", Path: "/p", Err: syscall.EACCES}, false},
		{errors.New("other"), false},
	} {
		if got := watchLimit(c.err); got != c.want {
			t.Errorf("watchLimit(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}

// TestRuntimeWatchesByPollingWithoutInotify: a runtime whose watcher
// cannot have inotify keeps running, says so on the banner and in
// /status, and still reloads an edited screen.
func TestRuntimeWatchesByPollingWithoutInotify(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "screens"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, ProjectFile), []byte("name: poll\nstart: main\n"), 0o644))
	screen := "screen: main\nsize: 320x200\nroot:\n  type: canvas\n  children:\n    - { type: label, id: l, x: 0, y: 0, w: 100, h: 20, text: one }\n"
	must(t, os.WriteFile(filepath.Join(dir, "screens", "main.gopage"), []byte(screen), 0o644))
	p, err := Load(dir, drivers.Kinds())
	must(t, err)
	NewHeadlessApp()
	win := NewHeadlessWindow(fyne.NewSize(320, 200))
	reloaded := make(chan ReloadEvent, 4)
	r, err := NewRuntime(p, win, Options{Watch: WatchNotify, NoData: true, Logger: slog.New(slog.DiscardHandler),
		Reloaded: func(ev ReloadEvent) { reloaded <- ev }})
	must(t, err)
	r.newNotify = func() (*fsnotify.Watcher, error) { return nil, os.NewSyscallError("inotify_init1", syscall.EMFILE) }
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := r.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait(); r.ui(win.Close) })
	select {
	case <-r.watchReady:
	case <-time.After(10 * time.Second):
		t.Fatal("the watcher never got ready")
	}
	if st := r.Status(); !strings.Contains(st.Watch, "inotify unavailable") {
		t.Errorf("/status watch: %q, want it to say inotify is unavailable", st.Watch)
	}
	if !r.bannerUp.Load() {
		t.Error("no banner saying the project is polled")
	}
	must(t, os.WriteFile(filepath.Join(dir, "screens", "main.gopage"), []byte(strings.Replace(screen, "text: one", "text: two", 1)), 0o644))
	select {
	case ev := <-reloaded:
		if len(ev.Errors) > 0 {
			t.Errorf("reload errors: %v", ev.Errors)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no reload after an edit: polling does not stand in for inotify")
	}
}
