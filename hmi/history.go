package hmi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/timearg"
	"github.com/gohmi/gohmi/render"
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
			buf = dropPlaceholders(sub.Take(buf[:0]))
			if h := r.Historian(); h != nil {
				h.Record(buf)
			}
		}
	}
}

// dropPlaceholders removes from buf the values a tag has before its
// first one (tags.WaitingReason, no value, stamped when the tag database
// was made). Recorded, such a gap marker would be a point of its own,
// stamped before the run's first value; the historian marks the gap
// before a series' first value itself. (In the millisecond of the
// driver's first value it would be replaced: the historian keeps the
// last sample of a millisecond.)
func dropPlaceholders(buf []tags.Update) []tags.Update {
	out := buf[:0]
	for _, u := range buf {
		if u.Value.V == nil && u.Value.Quality == tags.Bad && u.Value.Reason == tags.WaitingReason {
			continue
		}
		out = append(out, u)
	}
	return out
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
	ss, _, err := hr.QueryUncertain(ctx, q)
	return ss, err
}

// QueryUncertain implements trends.UncertainSource: the trend widgets and
// /history show which columns hold Uncertain samples.
func (hr *historyRoom) QueryUncertain(ctx context.Context, q trends.Query) ([]trends.Series, []trends.Uncertainty, error) {
	h, err := hr.historian()
	if err != nil {
		return nil, nil, err
	}
	return h.QueryUncertain(ctx, q)
}

// historian returns the historian, or an error saying why there is none.
func (hr *historyRoom) historian() (*trends.Historian, error) {
	hr.mu.Lock()
	h, err := hr.h, hr.err
	hr.mu.Unlock()
	if h == nil {
		if err == nil {
			err = errors.New("no history: hmi.yaml's history: records none of these tags")
		}
		return nil, err
	}
	return h, nil
}

// trendPace is how often a trend on show follows live data.
const trendPace = 100 * time.Millisecond

// trendOptions are what the trend widgets read through.
func (r *Runtime) trendOptions() render.TrendOptions {
	o := render.TrendOptions{Source: &r.history, Now: r.now, Async: r.async, ExportDir: r.alarm.dataDir,
		Unit: func(tag string) string {
			if d, ok := r.db.Def(tag); ok {
				return d.Unit
			}
			return ""
		}}
	if r.alarm.noData {
		o.Source, o.Async, o.ExportDir = nil, nil, ""
	}
	return o
}

// trendLoop moves the live trends of the screen on show every trendPace,
// and sleeps while no trend is on show.
func (r *Runtime) trendLoop(ctx context.Context) error {
	t := clock.NewTicker(r.clk, trendPace)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C():
		}
		if r.trendsOn.Load() {
			r.ui(func() {
				if sc := r.Scene(r.Current()); sc != nil && sc.HasTrends() {
					sc.TrendTick(r.now())
				}
			})
		}
		t.Rearm()
	}
}

// followTrends notes whether the screen on show has trends (UI goroutine).
func (r *Runtime) followTrends(sc *render.Scene) {
	r.trendsOn.Store(sc != nil && sc.HasTrends())
}

// HistorySeries is one tag in GET /history: its columns with data.
// LastUncertain is true when Last is of Uncertain quality.
type HistorySeries struct {
	Tag           string          `json:"tag"`
	Points        []HistoryColumn `json:"points"`
	Last          *float64        `json:"last,omitempty"`
	LastUncertain bool            `json:"last_uncertain,omitempty"`
}

// HistoryColumn is one column of GET /history (M4: first, last, min and
// max of its good samples). Uncertain is true when one of them was of
// Uncertain quality.
type HistoryColumn struct {
	From      time.Time `json:"from"`
	First     float64   `json:"first"`
	Last      float64   `json:"last"`
	Min       float64   `json:"min"`
	Max       float64   `json:"max"`
	N         int       `json:"n"`
	GapBefore bool      `json:"gap_before,omitempty"`
	Uncertain bool      `json:"uncertain,omitempty"`
}

// serveHistory answers GET /history?tag=A,B&from=-1h&to=now&points=600.
func (r *Runtime) serveHistory(w http.ResponseWriter, req *http.Request) {
	v := req.URL.Query()
	now := r.now()
	from, err := timearg.ParseTime(or(v.Get("from"), "1h"), now)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "from: " + err.Error()})
		return
	}
	to, err := timearg.ParseTime(or(v.Get("to"), "now"), now)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "to: " + err.Error()})
		return
	}
	points, err := strconv.Atoi(or(v.Get("points"), "600"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "points: want a whole number"})
		return
	}
	q := trends.Query{Tags: strings.Split(v.Get("tag"), ","), From: from, To: to, Width: points}
	if v.Get("tag") == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "tag: name one or more tags, comma separated"})
		return
	}
	if err := q.Check(); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	ctx, cancel := context.WithTimeout(req.Context(), 10*time.Second)
	defer cancel()
	series, unc, err := r.history.QueryUncertain(ctx, q)
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
		return
	}
	out := make([]HistorySeries, 0, len(series))
	for i, s := range series {
		u := unc[i]
		hs := HistorySeries{Tag: s.Tag, Points: []HistoryColumn{}}
		for j, c := range s.Columns {
			if c.N > 0 {
				hs.Points = append(hs.Points, HistoryColumn{From: c.From.UTC(), First: c.First.V, Last: c.Last.V, Min: c.Min.V, Max: c.Max.V, N: c.N, GapBefore: c.GapBefore,
					Uncertain: j < len(u.Columns) && u.Columns[j]})
			}
		}
		if s.Last.Good {
			l := s.Last.V
			hs.Last, hs.LastUncertain = &l, u.Last
		}
		out = append(out, hs)
	}
	writeJSON(w, http.StatusOK, map[string]any{"from": from.UTC(), "to": to.UTC(), "series": out})
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
