// Package clock is the runtime's one clock: the time now and timers. The
// runtime hands one [Clock] to the binder, the reloader, the file watcher
// and the drivers, so that a test steps time (package clocktest) instead
// of sleeping, and every timestamp and deadline agrees.
package clock

import "time"

// Clock tells the time and makes timers.
type Clock interface {
	Now() time.Time
	// NewTimer returns a timer that sends the time on its channel once d
	// has passed, like time.NewTimer.
	NewTimer(d time.Duration) Timer
}

// Timer is a stoppable, resettable one-shot timer. As with time.Timer
// since Go 1.23, Reset and Stop leave no stale value in C.
type Timer interface {
	C() <-chan time.Time
	Reset(d time.Duration)
	Stop()
}

// Real is the wall clock.
type Real struct{}

var _ Clock = Real{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// NewTimer returns a time.Timer.
func (Real) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (t realTimer) C() <-chan time.Time   { return t.t.C }
func (t realTimer) Reset(d time.Duration) { t.t.Reset(d) }
func (t realTimer) Stop()                 { t.t.Stop() }

// Or returns c, or the wall clock when c is nil: Options structs default with it.
func Or(c Clock) Clock {
	if c == nil {
		return Real{}
	}
	return c
}
