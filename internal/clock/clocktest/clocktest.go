// Package clocktest is a [clock.Clock] that tests step: time stands still
// until Step moves it, and Step fires the timers it passes, in order.
package clocktest

import (
	"slices"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
)

// Clock is a stepped clock. Its zero value is not usable; call New.
type Clock struct {
	mu      sync.Mutex // guards now, timers and changed
	now     time.Time
	timers  []*timer      // armed timers
	changed chan struct{} // closed and replaced whenever a timer is armed or stopped
}

var _ clock.Clock = (*Clock)(nil)

// New returns a clock that reads t until stepped.
func New(t time.Time) *Clock { return &Clock{now: t, changed: make(chan struct{})} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// NewTimer returns a timer that fires when the clock is stepped d on
// (at once when d <= 0).
func (c *Clock) NewTimer(d time.Duration) clock.Timer {
	t := &timer{c: c, ch: make(chan time.Time, 1)}
	t.Reset(d)
	return t
}

// Step moves the clock d on and fires every timer whose time came, the
// earliest first, each with its own deadline as the time sent.
func (c *Clock) Step(d time.Duration) {
	c.mu.Lock()
	end := c.now.Add(d)
	for {
		t := c.next(end)
		if t == nil {
			break
		}
		c.now = t.at
		c.disarm(t)
		t.fire(t.at)
	}
	c.now = end
	c.mu.Unlock()
}

// Timers returns how many timers are armed.
func (c *Clock) Timers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// WaitTimers blocks until at least n timers are armed (a goroutine under
// test has reached the point where it waits on the clock) or limit fires;
// it reports whether they were.
func (c *Clock) WaitTimers(n int, limit <-chan time.Time) bool {
	return c.wait(func() bool { return len(c.timers) >= n }, limit)
}

// WaitArmed blocks until a timer is armed to fire at exactly at, or limit
// fires; it reports whether one was. A test learns so that the goroutine
// under test waits for the moment it expects, then steps to it.
func (c *Clock) WaitArmed(at time.Time, limit <-chan time.Time) bool {
	return c.wait(func() bool {
		return slices.ContainsFunc(c.timers, func(t *timer) bool { return t.at.Equal(at) })
	}, limit)
}

// wait blocks until cond, called with mu held, holds or limit fires.
func (c *Clock) wait(cond func() bool, limit <-chan time.Time) bool {
	for {
		c.mu.Lock()
		ok, ch := cond(), c.changed
		c.mu.Unlock()
		if ok {
			return true
		}
		select {
		case <-ch:
		case <-limit:
			return false
		}
	}
}

// next returns the earliest armed timer due by end, or nil. Caller holds mu.
func (c *Clock) next(end time.Time) *timer {
	var first *timer
	for _, t := range c.timers {
		if !t.at.After(end) && (first == nil || t.at.Before(first.at)) {
			first = t
		}
	}
	return first
}

func (c *Clock) arm(t *timer) {
	if !slices.Contains(c.timers, t) {
		c.timers = append(c.timers, t)
	}
	c.notify()
}

func (c *Clock) disarm(t *timer) {
	if i := slices.Index(c.timers, t); i >= 0 {
		c.timers = slices.Delete(c.timers, i, i+1)
		c.notify()
	}
}

func (c *Clock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

type timer struct {
	c  *Clock
	ch chan time.Time
	at time.Time // guarded by c.mu
}

func (t *timer) C() <-chan time.Time { return t.ch }

// Reset arms the timer d from now, dropping a value not yet received.
func (t *timer) Reset(d time.Duration) {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.drain()
	t.at = t.c.now.Add(d)
	if d <= 0 {
		t.c.disarm(t)
		t.fire(t.c.now)
		return
	}
	t.c.arm(t)
}

// Stop disarms the timer and drops a value not yet received.
func (t *timer) Stop() {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	t.c.disarm(t)
	t.drain()
}

func (t *timer) fire(at time.Time) {
	select {
	case t.ch <- at:
	default:
	}
}

func (t *timer) drain() {
	select {
	case <-t.ch:
	default:
	}
}
