package hmi

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/tags"
)

// Reading is one tag as `hmi tags` shows it.
type Reading struct {
	Name       string    `json:"name"`
	Connection string    `json:"connection"`
	Value      any       `json:"value"`
	Unit       string    `json:"unit,omitempty"`
	Quality    string    `json:"quality"`
	Reason     string    `json:"reason,omitempty"`
	Time       time.Time `json:"time"`
}

// ProbeOptions configure ProbeTags.
type ProbeOptions struct {
	Logger *slog.Logger
	// Wait is how long to wait for every tag's first value; default 5s.
	Wait time.Duration
	// Every, when set, reports all tags again at this period until ctx is done.
	Every time.Duration
	// Clock times Wait and Every and is the drivers' clock; default the
	// wall clock.
	Clock clock.Clock
}

// ProbeTags connects every connection of p, as the runtime would, and
// reports every tag once all have a first value (or Wait has passed: the
// late ones are still Bad, [tags.WaitingReason]); with Every it goes on
// reporting until ctx is done. Commissioning engineers use it to check an
// hmi.yaml against the real devices.
func ProbeTags(ctx context.Context, p *Project, opts ProbeOptions, report func([]Reading)) error {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Wait == 0 {
		opts.Wait = 5 * time.Second
	}
	clk := clock.Or(opts.Clock)
	db := tags.NewDB(tags.Options{Logger: opts.Logger, Now: clk.Now})
	if err := db.Define(p.Defs()...); err != nil {
		return err
	}
	sub := db.Subscribe(nil)
	defer sub.Close()
	var wg sync.WaitGroup
	defer wg.Wait() // deferred first, so it runs after cancel: the drivers stop, then are waited for
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, c := range p.Connections {
		d, err := driverFor(p, c, opts.Logger, clk)
		if err != nil {
			return err
		}
		if d == nil {
			db.Publish(noDriver(p, c, clk.Now())...)
			continue
		}
		db.Attach(c.Name, d)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := d.Run(ctx, db); err != nil && ctx.Err() == nil {
				opts.Logger.Error("connection stopped", "connection", c.Name, "err", err)
			}
		}()
	}
	if !firstValues(ctx, db, sub, clk.NewTimer(opts.Wait)) {
		return nil
	}
	report(readings(db))
	if opts.Every <= 0 {
		return nil
	}
	t := clock.NewTicker(clk, opts.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C():
			report(readings(db))
			t.Rearm()
		}
	}
}

// firstValues waits until every tag has a first value, as sub (of every
// tag) tells, or limit fires; it reports false when ctx is done first.
func firstValues(ctx context.Context, db *tags.DB, sub *tags.Subscription, limit clock.Timer) bool {
	defer limit.Stop()
	for waiting(db) {
		select {
		case <-ctx.Done():
			return false
		case <-sub.C():
			sub.Take(nil)
		case <-limit.C():
			return true
		}
	}
	return true
}

func waiting(db *tags.DB) bool {
	for _, d := range db.Defs() {
		if v, _ := db.Get(d.Name); v.Quality == tags.Bad && v.Reason == tags.WaitingReason {
			return true
		}
	}
	return false
}

func readings(db *tags.DB) []Reading {
	defs := db.Defs()
	out := make([]Reading, len(defs))
	for i, d := range defs {
		v, _ := db.Get(d.Name)
		out[i] = Reading{Name: d.Name, Connection: d.Conn, Value: v.V, Unit: d.Unit, Quality: v.Quality.String(), Reason: v.Reason, Time: v.Time}
	}
	return out
}
