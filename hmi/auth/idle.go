package auth

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Run ends sessions idle for the session settings' idle-logout, telling
// [Options.Ended], until ctx is done. The runtime runs it in its run
// group; without it no session times out. It waits on the Authority's
// clock, so a test steps the clock.
func (a *Authority) Run(ctx context.Context) error {
	t := a.clk.NewTimer(time.Hour)
	t.Stop()
	defer t.Stop()
	for {
		next := a.expire()
		var fire <-chan time.Time
		if !next.IsZero() {
			t.Reset(next.Sub(a.clk.Now()))
			fire = t.C()
		}
		select {
		case <-ctx.Done():
			return nil
		case <-a.wake:
			t.Stop()
		case <-fire:
		}
	}
}

// expire ends the sessions whose idle time is up and returns the next
// deadline (zero: none).
func (a *Authority) expire() time.Time {
	a.mu.Lock()
	now := a.clk.Now()
	var ends []End
	var next time.Time
	if a.cfg != nil && a.cfg.Session.IdleLogout > 0 {
		for id, l := range a.sessions {
			due := l.last.Add(a.cfg.Session.IdleLogout)
			if !now.Before(due) {
				ends = append(ends, End{Session: l.s, Reason: IdleTimeout, At: now})
				delete(a.sessions, id)
				continue
			}
			if next.IsZero() || due.Before(next) {
				next = due
			}
		}
	}
	a.mu.Unlock()
	sortEnds(ends)
	a.tell(ends)
	return next
}

func sortEnds(ends []End) {
	slices.SortFunc(ends, func(x, y End) int { return compareSessions(x.Session, y.Session) })
}

func sortSessions(s []*Session) { slices.SortFunc(s, compareSessions) }

func compareSessions(x, y *Session) int {
	if c := x.Start.Compare(y.Start); c != 0 {
		return c
	}
	return strings.Compare(x.ID, y.ID)
}
