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
}

// ProbeTags connects every connection of p, as the runtime would, and
// reports every tag once all have a first value (or Wait has passed: the
// late ones are still "waiting for initial data"); with Every it goes on
// reporting until ctx is done. Commissioning engineers use it to check an
// hmi.yaml against the real devices.
func ProbeTags(ctx context.Context, p *Project, opts ProbeOptions, report func([]Reading)) error {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Wait == 0 {
		opts.Wait = 5 * time.Second
	}
	db := tags.NewDB(tags.Options{Logger: opts.Logger})
	if err := db.Define(p.Defs()...); err != nil {
		return err
	}
	var wg sync.WaitGroup
	defer wg.Wait() // deferred first, so it runs after cancel: the drivers stop, then are waited for
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, c := range p.Connections {
		d, err := driverFor(p, c, opts.Logger, clock.Real{})
		if err != nil {
			return err
		}
		if d == nil {
			db.Publish(noDriver(p, c, time.Now())...)
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
	deadline := time.Now().Add(opts.Wait)
	for time.Now().Before(deadline) && waiting(db) {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(20 * time.Millisecond):
		}
	}
	report(readings(db))
	if opts.Every <= 0 {
		return nil
	}
	t := time.NewTicker(opts.Every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			report(readings(db))
		}
	}
}

func waiting(db *tags.DB) bool {
	for _, d := range db.Defs() {
		if v, _ := db.Get(d.Name); v.Quality == tags.Bad && v.Reason == "waiting for initial data" {
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
