package hmi

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// historyRoom is the runtime's historian: the tags hmi.yaml's `history:`
// names, recorded into the data directory's database, and the source the
// trend widgets query.
type historyRoom struct {
	mu  sync.Mutex // guards h and err
	h   *trends.Historian
	err error // why it could not be opened

	reconf chan struct{} // capacity 1: the recorded tags changed (a reload)
}

// Historian returns the runtime's historian, or nil when the project
// records nothing (or it could not be opened).
func (r *Runtime) Historian() *trends.Historian {
	r.history.mu.Lock()
	defer r.history.mu.Unlock()
	return r.history.h
}

// openHistory opens the historian once the project records some tag. A
// historian that cannot be opened does not stop the panel: it is logged,
// and the trends show no history.
func (r *Runtime) openHistory(p *Project) *trends.Historian {
	hr := &r.history
	hr.mu.Lock()
	defer hr.mu.Unlock()
	if hr.h != nil || hr.err != nil || len(p.History) == 0 || r.alarm.noData {
		return hr.h
	}
	h, err := trends.Open(r.alarm.dataDir, trends.Options{Clock: r.clk, Logger: r.log})
	if err != nil {
		hr.err = err
		r.log.Error("historian: trends run without history", "err", err)
		return nil
	}
	hr.h = h
	return h
}

// configureHistory gives the historian the tags p records (at start and
// after every reload); stored data is kept.
func (r *Runtime) configureHistory(p *Project) {
	h := r.openHistory(p)
	if h == nil {
		return
	}
	h.Configure(trends.Match(p.History, p.Defs()))
	select {
	case r.history.reconf <- struct{}{}:
	default:
	}
}

// recordLoop feeds the historian every change of the tags it records.
func (r *Runtime) recordLoop(ctx context.Context) error {
	var (
		sub *tags.Subscription
		buf []tags.Update
	)
	subscribe := func() {
		if sub != nil {
			sub.Close()
		}
		p := r.project()
		names := make([]string, 0)
		for name := range trends.Match(p.History, p.Defs()) {
			names = append(names, name)
		}
		sub = r.db.Subscribe(names)
	}
	subscribe()
	defer func() { sub.Close() }()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-r.history.reconf:
			subscribe()
		case <-sub.C():
			buf = sub.Take(buf[:0])
			if h := r.Historian(); h != nil {
				h.Record(buf)
			}
		}
	}
}

// closeHistory flushes and closes the historian after its feed stopped.
func (r *Runtime) closeHistory() {
	hr := &r.history
	hr.mu.Lock()
	h := hr.h
	hr.h = nil
	hr.mu.Unlock()
	if h == nil {
		return
	}
	if err := h.Close(); err != nil {
		r.log.Error("historian: closing", "err", err)
	}
}

// Query implements trends.Source for the trend widgets: the historian's
// answer, or an error saying why there is none.
func (hr *historyRoom) Query(ctx context.Context, q trends.Query) ([]trends.Series, error) {
	hr.mu.Lock()
	h, err := hr.h, hr.err
	hr.mu.Unlock()
	if h == nil {
		if err == nil {
			err = errors.New("no history: hmi.yaml's history: records none of these tags")
		}
		return nil, err
	}
	return h.Query(ctx, q)
}

// trendPace is how often a trend on show follows live data.
const trendPace = 100 * time.Millisecond
