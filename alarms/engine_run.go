package alarms

import (
	"context"
	"time"

	"github.com/gohmi/gohmi/tags"
)

// Run evaluates the alarms until ctx is done, on the calling goroutine: it
// subscribes to the tags the plan reads (again after a Configure that
// changed them), evaluates every batch of changes, and fires delays, shelve
// expiries and rate timeouts with one timer of the engine's clock. It
// returns nil when ctx is done.
func (e *Engine) Run(ctx context.Context, db *tags.DB) error {
	t := e.clk.NewTimer(time.Hour)
	t.Stop()
	defer t.Stop()
	var (
		sub   *tags.Subscription
		gen   uint64
		armed time.Time
		buf   []tags.Update
	)
	defer func() { sub.Close() }()
	for {
		e.mu.Lock()
		g, deps, next := e.gen, e.deps, e.nextDue()
		e.mu.Unlock()
		if sub == nil || g != gen {
			if sub != nil {
				sub.Close()
			}
			sub, gen = db.Subscribe(deps), g
		}
		if !next.Equal(armed) {
			armed = next
			if next.IsZero() {
				t.Stop()
			} else {
				t.Reset(next.Sub(e.clk.Now()))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-sub.C():
			buf = sub.Take(buf[:0])
			e.Eval(buf)
			clear(buf)
		case <-t.C():
			armed = time.Time{}
			e.Eval(nil)
		case <-e.wake:
		}
	}
}
