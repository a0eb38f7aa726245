//go:build cgo && linux && !wayland

package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/auth"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags/drivers"
)

// askedIdle is the X server's idle time, telling each question on asked.
type askedIdle struct {
	activitySource
	asked chan struct{}
}

func (a askedIdle) Idle() (time.Duration, error) {
	d, err := a.activitySource.Idle()
	a.asked <- struct{}{}
	return d, err
}

// TestActivityUnderXvfb: with the X server's idle time as its activity
// source, a logged-in user who only moves the pointer and clicks on an
// empty area of the display (xdotool, through XTEST) stays logged in past
// the idle logout (2 min); with no input they are logged out 2 minutes
// after the last. The runtime's clock is stepped; the X server's idle
// time is its own.
func TestActivityUnderXvfb(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	for _, tool := range []string{"Xvfb", "xdotool"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " not installed")
		}
	}
	display := startXvfb(t)
	t.Setenv("DISPLAY", display)
	src, err := openActivity()
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	idle := askedIdle{activitySource: src, asked: make(chan struct{}, 1)}

	dir := t.TempDir()
	hash, err := auth.NewHash("pass word")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"hmi.yaml":            "name: Idle\nstart: main\n",
		"screens/main.gopage": "screen: main\nroot: { type: label, id: l, text: idle }\n",
		"users.yaml": `users:
  olga: { role: operator, password: "` + hash + `" }
roles:
  operator: { write: all }
session:
  idle-logout: 2m
`}
	for name, text := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(400, 300))
	clk := clocktest.New(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	rt, err := hmi.NewRuntime(p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff,
		NoData: true, Clock: clk, Activity: idle})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := rt.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	defer wg.Wait()
	defer cancel()
	if _, err := rt.Login("olga", auth.Password("pass word")); err != nil {
		t.Fatal(err)
	}
	step := func(d time.Duration) {
		t.Helper()
		clk.Step(d)
		select {
		case <-idle.asked:
		case <-time.After(10 * time.Second):
			t.Fatal("the runtime did not ask the X server after a step")
		}
	}
	for i := range 6 { // 6 minutes, the pointer moved and clicked on the bare root window in each
		before := time.Now()
		xdo(t, display, "mousemove", strconv.Itoa(100+10*i), "100", "click", "1")
		// the X server has seen it: its idle time is shorter than the time since
		waitIdle(t, "the X server's idle time to restart", func() bool {
			d, err := src.Idle()
			return err == nil && d < time.Since(before)
		})
		step(time.Minute)
	}
	if s := rt.PanelSession(); s == nil {
		t.Fatal("logged out after 6 minutes of input on the display (idle logout: 2m)")
	}
	step(time.Minute) // one minute without input
	if rt.PanelSession() == nil {
		t.Fatal("logged out a minute after the last input")
	}
	step(time.Minute)
	waitIdle(t, "the idle logout", func() bool { return rt.PanelSession() == nil })
}

// waitIdle waits for cond, checked every 10 ms, up to 10 s (pollUntil).
func waitIdle(t *testing.T, what string, cond func() bool) {
	t.Helper()
	pollUntil(t, 10*time.Second, 10*time.Millisecond, what, cond)
}
