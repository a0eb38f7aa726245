package clock

import "time"

// Ticker ticks every period of a [Clock], on a grid of times that starts
// when it is made: the first tick is due one period later, the next one
// period after the one before, however late the receiver was, so the
// ticks do not drift. Unlike time.Ticker it is one [Timer] that its
// receiver re-arms with Rearm once it has handled a tick; a test that
// steps the clock then sees the receiver wait for the next tick only once
// it is done with the last one. Ticks that came due while the receiver
// was busy are dropped, as time.Ticker drops them, and the grid stays.
type Ticker struct {
	clk    Clock
	period time.Duration
	due    time.Time // the tick the timer is armed for, or was last
	t      Timer
}

// NewTicker returns a ticker of c that ticks every period (which must be
// positive), the first time one period from now.
func NewTicker(c Clock, period time.Duration) *Ticker {
	if period <= 0 {
		panic("clock: non-positive period for NewTicker")
	}
	return &Ticker{clk: c, period: period, due: c.Now().Add(period), t: c.NewTimer(period)}
}

// C delivers the ticks. After receiving one, call Rearm.
func (t *Ticker) C() <-chan time.Time { return t.t.C() }

// Rearm arms the timer for the next tick of the grid that is still to
// come: one period after the last, or later when that one has passed.
func (t *Ticker) Rearm() {
	now := t.clk.Now()
	t.due = next(t.due, t.period, now)
	t.t.Reset(t.due.Sub(now))
}

// Stop stops the ticker.
func (t *Ticker) Stop() { t.t.Stop() }

// next returns the first time of the grid last + k·period (k ≥ 1) that is
// after now: last + period when it is still to come, else the one after
// now, so a late caller skips the ticks it missed without leaving the grid.
func next(last time.Time, period time.Duration, now time.Time) time.Time {
	next := last.Add(period)
	if next.After(now) {
		return next
	}
	return last.Add(period * (now.Sub(last)/period + 1))
}
