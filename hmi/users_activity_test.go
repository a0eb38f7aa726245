package hmi_test

import (
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags/drivers"
)

// fakeIdle is a window system: input() is a key or a pointer motion
// anywhere on the screen; Idle is the wall time since the last one, as
// the X server counts it. Each question is told on asked.
type fakeIdle struct {
	mu    sync.Mutex // guards last and err
	last  time.Time
	err   error
	asked chan struct{}
}

func newFakeIdle() *fakeIdle {
	return &fakeIdle{last: time.Now().Add(-time.Hour), asked: make(chan struct{}, 1)}
}

func (f *fakeIdle) input() {
	f.mu.Lock()
	f.last = time.Now()
	f.mu.Unlock()
}

func (f *fakeIdle) Idle() (time.Duration, error) {
	f.mu.Lock()
	idle, err := time.Since(f.last), f.err
	f.mu.Unlock()
	f.asked <- struct{}{}
	return idle, err
}

// startActivity runs the users test project with src as its window
// system and olga logged in.
func startActivity(t *testing.T, src hmi.ActivitySource) *usersRig {
	t.Helper()
	p, err := hmi.Load(writeUsersProject(t, false), drivers.Kinds())
	must(t, err)
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(800, 480))
	g := &usersRig{t: t, clk: clocktest.New(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)), src: &hmi.InputSource{}, data: t.TempDir()}
	g.rt, g.stop = runRuntime(t, p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff,
		DataDir: g.data, Clock: g.clk, Input: g.src, Activity: src})
	eventually(t, "start screen shown", func() bool { return g.rt.Current() == "main" })
	g.login("olga")
	return g
}

// step steps the clock by d and waits until the runtime asked the window
// system (its question after the step; the last one's Touch is done).
func (g *usersRig) stepAsked(f *fakeIdle, d time.Duration) {
	g.t.Helper()
	g.clk.Step(d)
	select {
	case <-f.asked:
	case <-time.After(10 * time.Second):
		g.t.Fatal("the runtime did not ask the window system after a step")
	}
}

// TestIdleLogoutSeesWindowInput: input the widgets do not act on (the
// pointer moved or clicked on an empty area, keys typed into an entry)
// reaches the runtime through its ActivitySource: a user who keeps using
// the panel that way stays logged in past the idle logout (10 min); with
// no input they are logged out 10 minutes after the last.
func TestIdleLogoutSeesWindowInput(t *testing.T) {
	f := newFakeIdle()
	g := startActivity(t, f)
	for range 15 { // 15 minutes, input in each
		f.input()
		g.stepAsked(f, time.Minute)
	}
	if s := g.rt.PanelSession(); s == nil || s.User != "olga" {
		t.Fatalf("after 15 minutes of input on the window: panel session %v, want olga's", s)
	}
	for range 9 { // 9 minutes without input
		g.stepAsked(f, time.Minute)
	}
	if g.rt.PanelSession() == nil {
		t.Fatal("logged out 9 minutes after the last input (idle logout: 10m)")
	}
	g.stepAsked(f, time.Minute)
	g.waitUser("")
}

// TestIdleLogoutWithoutActivity: without an ActivitySource (or once it
// failed) only actions and writes count: the same window input does not
// keep the user logged in.
func TestIdleLogoutWithoutActivity(t *testing.T) {
	f := newFakeIdle()
	f.err = errors.New("the X server went away")
	g := startActivity(t, f)
	g.stepAsked(f, time.Minute) // asked once, failed: no more questions
	for range 10 {
		f.input()
		g.clk.Step(time.Minute)
	}
	g.waitUser("")
	select {
	case <-f.asked:
		t.Error("asked again after an error")
	default:
	}
}
