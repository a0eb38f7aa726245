package hmi

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/tags"
)

// connRun is one running driver.
type connRun struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func (r *Runtime) makeDrivers() error {
	for _, c := range r.proj.Connections {
		d, err := r.newDriver(r.proj, c)
		if err != nil {
			return err
		}
		if sd, ok := d.(tags.Sampler); ok {
			r.samples = append(r.samples, sd)
		}
		if d != nil {
			r.drivers[c.Name] = d
			r.db.Attach(c.Name, d)
		}
	}
	return nil
}

// newDriver makes the driver of one connection, or nil when this build has
// none for its type: its tags are then published Bad with the reason.
func (r *Runtime) newDriver(p *Project, c Connection) (tags.Driver, error) {
	d, err := driverFor(p, c, r.log, r.clk)
	if err != nil {
		return nil, err
	}
	if d == nil {
		r.log.Warn("connection has no driver in this build", "connection", c.Name, "type", c.Type)
		r.db.Publish(noDriver(p, c, r.now())...)
	}
	return d, nil
}

// driverFor makes the driver of one connection of p; nil when this build
// has no driver for the connection's type.
func driverFor(p *Project, c Connection, log *slog.Logger, clk clock.Clock) (tags.Driver, error) {
	var ts []tags.KindTag
	for _, t := range p.Tags {
		if t.Def.Conn == c.Name {
			ts = append(ts, tags.KindTag{Def: t.Def, Settings: t.Settings})
		}
	}
	d, err := p.newDriver(c, ts, tags.KindOptions{Logger: log, Clock: clk})
	if err != nil {
		return nil, fmt.Errorf("connection %s: %w", c.Name, err)
	}
	return d, nil
}

// newDriver builds c's driver with its kind, nil when this build has none.
// It starts nothing: with zero options it checks c and ts.
func (p *Project) newDriver(c Connection, ts []tags.KindTag, opts tags.KindOptions) (tags.Driver, error) {
	k, ok := p.kinds[c.Type]
	if !ok {
		return nil, nil
	}
	opts.Name, opts.Dir = c.Name, p.Dir
	return k.New(c.Config, ts, opts)
}

// noDriver is the Bad value of every tag of a connection without a driver.
func noDriver(p *Project, c Connection, now time.Time) []tags.Update {
	var ups []tags.Update
	for _, t := range p.Tags {
		if t.Def.Conn == c.Name {
			ups = append(ups, tags.Update{Name: t.Def.Name, Value: tags.Value{Quality: tags.Bad, Reason: c.Type + " driver not available in this build", Time: now}})
		}
	}
	return ups
}

// startConn runs a driver until its connection is stopped or Run ends.
func (r *Runtime) startConn(name string, d tags.Driver) {
	ctx, cancel := context.WithCancel(r.runCtx)
	cr := &connRun{cancel: cancel, done: make(chan struct{})}
	r.conns[name] = cr
	r.connWG.Add(1)
	go func() {
		defer r.connWG.Done()
		defer close(cr.done)
		if err := d.Run(ctx, r.db); err != nil && ctx.Err() == nil {
			r.log.Error("connection stopped", "connection", name, "err", err)
		}
	}()
}

// stopConn stops a connection's driver and waits for it.
func (r *Runtime) stopConn(name string) {
	if cr := r.conns[name]; cr != nil {
		cr.cancel()
		<-cr.done
		delete(r.conns, name)
	}
}

func (r *Runtime) stopConns() {
	r.connMu.Lock()
	defer r.connMu.Unlock()
	for _, name := range sortedKeys(r.conns) {
		r.stopConn(name)
	}
	r.connWG.Wait()
	r.runCtx = nil // Run is over: a later Reload starts no driver nobody would stop
}
