// Package outage decides what a driver logs about a connection that fails:
// one WARN when it is lost, then reminders at a decreasing rate while it
// stays down (each with the count of failures and the latest error), and
// one INFO when it is back. A device that is down for a week logs a few
// hundred lines, not one per scan.
//
// A [Log] is a state machine stepped with the time of each outcome, like
// alarms.Eval: tests step a clock instead of sleeping.
package outage

import (
	"log/slog"
	"time"
)

// Default reminder intervals: the first reminder comes a minute after the
// loss, the next ones twice as far apart each time, up to once an hour.
const (
	DefaultFirst = time.Minute
	DefaultMax   = time.Hour
)

// Log logs the state changes of one connection. Its zero value is not
// usable: set Logger and Msg. It is not safe for concurrent use: the
// driver's loop that detects failures owns it.
type Log struct {
	Logger *slog.Logger
	Msg    string // prefix of every message, e.g. "modbus plc1"
	Attrs  []any  // added to every line, e.g. "conn", "plc1"
	First  time.Duration
	Max    time.Duration

	wasUp    bool // a success was recorded
	down     bool
	since    time.Time     // when it went down
	failures int           // failures since then
	next     time.Time     // the next reminder
	every    time.Duration // the interval after the next reminder
	lastErr  error
}

// Fail records a failure at now. It logs "connection lost" on the first
// failure after a success ("cannot connect" if there never was one) and
// "still down" when a reminder is due; it stays silent otherwise.
func (l *Log) Fail(now time.Time, err error) {
	l.failures++
	l.lastErr = err
	if !l.down {
		l.down, l.since, l.failures = true, now, 1
		l.every = cmpOr(l.First, DefaultFirst)
		l.next = now.Add(l.every)
		msg := ": connection lost"
		if !l.wasUp {
			msg = ": cannot connect"
		}
		l.Logger.Warn(l.Msg+msg, l.attrs("err", err)...)
		return
	}
	if now.Before(l.next) {
		return
	}
	l.Logger.Warn(l.Msg+": still down", l.attrs("down_for", l.downFor(now), "failures", l.failures, "err", err)...)
	l.every = min(2*l.every, cmpOr(l.Max, DefaultMax))
	l.next = now.Add(l.every)
}

// OK records a success at now: it logs "connection back" once if the
// connection was down.
func (l *Log) OK(now time.Time) {
	l.wasUp = true
	if !l.down {
		return
	}
	l.down = false
	l.Logger.Info(l.Msg+": connection back", l.attrs("down_for", l.downFor(now), "failures", l.failures, "last_err", l.lastErr)...)
}

// Down reports whether the last outcome was a failure.
func (l *Log) Down() bool { return l.down }

func (l *Log) downFor(now time.Time) time.Duration {
	return now.Sub(l.since).Round(time.Second)
}

func (l *Log) attrs(kv ...any) []any {
	return append(append([]any(nil), l.Attrs...), kv...)
}

func cmpOr(a, b time.Duration) time.Duration {
	if a > 0 {
		return a
	}
	return b
}
