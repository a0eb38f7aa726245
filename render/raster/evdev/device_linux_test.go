package evdev_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/gohmi/gohmi/render/raster/evdev"
)

// TestRunPipe reads two fingers through a named pipe written in 7-byte
// pieces (events split across reads), to the writer's close.
func TestRunPipe(t *testing.T) {
	rec := readEvemu(t, "testdata/twofingers.evemu")
	fifo := filepath.Join(t.TempDir(), "touch")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	data := encode(rec.events, evdev.NativeLayout)
	werr := make(chan error, 1)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			werr <- err
			return
		}
		for p := data; len(p) > 0; p = p[min(7, len(p)):] {
			if _, err := w.Write(p[:min(7, len(p))]); err != nil {
				w.Close()
				werr <- err
				return
			}
		}
		werr <- w.Close()
	}()
	dev, err := evdev.Open(fifo, rec.options(evdev.Options{Width: 1280, Height: 800}))
	if err != nil {
		t.Fatal(err)
	}
	var r recorder
	if err := dev.Run(context.Background(), &r); !errors.Is(err, io.EOF) {
		t.Errorf("Run: %v, want io.EOF", err)
	}
	if err := <-werr; err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile("testdata/twofingers.golden")
	if r.text() != string(want) {
		t.Errorf("got\n%s\nwant\n%s", r.text(), want)
	}
}

// TestRunCancel: Run blocked in a read returns nil when its context ends,
// and cancels the finger still down.
func TestRunCancel(t *testing.T) {
	rec := readEvemu(t, "testdata/tap.evemu")
	fifo := filepath.Join(t.TempDir(), "touch")
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	opened := make(chan *os.File, 1)
	go func() {
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
		}
		opened <- w
	}()
	dev, err := evdev.Open(fifo, rec.options(evdev.Options{Width: 800, Height: 480}))
	if err != nil {
		t.Fatal(err)
	}
	w := <-opened
	defer w.Close()
	// The first frame only: a finger down, and the pipe stays open.
	if _, err := w.Write(encode(rec.events[:8], evdev.NativeLayout)); err != nil {
		t.Fatal(err)
	}
	r := recorder{down: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- dev.Run(ctx, &r) }()
	<-r.down
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v, want nil at the context's end", err)
	}
	if got, want := r.text(), "down 0 400.500,240.500\ncancel 0 400.500,240.500\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if err := dev.Close(); err != nil {
		t.Errorf("Close after Run: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path string
		o          evdev.Options
		want       string
	}{
		{"missing", filepath.Join(dir, "event9"), evdev.Options{}, "no such file or directory"},
		{"directory", dir, evdev.Options{}, "is neither an input device, a file nor a pipe"},
		{"not evdev", "/dev/null", evdev.Options{}, "/dev/null is not an input event device (EVIOCGVERSION"},
		{"foreign layout", "/dev/null", evdev.Options{Layout: 64 - evdev.NativeLayout - 24}, "a device speaks the " + evdev.NativeLayout.String()},
		{"bad options", "testdata/tap.ev64", evdev.Options{Rotation: 1}, "evdev: testdata/tap.ev64: rotation 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dev, err := evdev.Open(tc.path, tc.o)
			if err == nil {
				dev.Close()
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Errorf("error %q, want it to name %s and say %q", err, tc.path, tc.want)
			}
		})
	}
}
