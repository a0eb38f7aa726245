package hmi

import (
	"context"
	"errors"
	"reflect"

	"github.com/gohmi/gohmi/tags"
)

// configPlan is what a reload changes in the tag database and the
// connections. It is worked out, and every new driver built (which checks
// its settings and tags), before anything is applied: a plan that cannot be
// made changes nothing.
type configPlan struct {
	removed   []string   // tags to undefine
	redefined []tags.Def // tags whose definition changed
	added     []tags.Def // tags to define
	conns     []connPlan // connections of the new project that change
	stopped   []string   // connections the new project no longer has
	changes   int        // tags and connections changed
}

// connPlan is one connection's change. A connection restarts only when its
// own settings changed, or when its tags changed and its driver cannot take
// them in place ([tags.Retagger]).
type connPlan struct {
	conn     Connection
	next     tags.Driver // built from the new settings and tags; nil when this build has no driver
	settings bool        // the connection is new or its own settings changed
	drive    bool        // a tag changed in a way its driver sees (address, type, signal, scan…)
}

// planConfig compares the tags and connections of old and p.
func (r *Runtime) planConfig(old, p *Project) (*configPlan, error) {
	pl := &configPlan{}
	edited := map[string]bool{} // connection → some tag of it changed at all
	drive := map[string]bool{}  // connection → some tag of it changed for its driver
	before := map[string]Tag{}
	for _, t := range old.Tags {
		before[t.Def.Name] = t
	}
	after := map[string]bool{}
	for _, t := range p.Tags {
		after[t.Def.Name] = true
		o, ok := before[t.Def.Name]
		switch {
		case !ok:
			pl.added = append(pl.added, t.Def)
			edited[t.Def.Conn], drive[t.Def.Conn] = true, true
		case !reflect.DeepEqual(o, sameTag(t, o)):
			pl.redefined = append(pl.redefined, t.Def)
			edited[t.Def.Conn], edited[o.Def.Conn] = true, true
			if !sameForDriver(o, t) {
				drive[t.Def.Conn], drive[o.Def.Conn] = true, true
			}
		default:
			continue
		}
		pl.changes++
	}
	for _, t := range old.Tags {
		if !after[t.Def.Name] {
			pl.removed = append(pl.removed, t.Def.Name)
			edited[t.Def.Conn], drive[t.Def.Conn] = true, true
			pl.changes++
		}
	}
	oldConns := map[string]Connection{}
	for _, c := range old.Connections {
		oldConns[c.Name] = c
	}
	var errs []error
	for _, c := range p.Connections {
		o, had := oldConns[c.Name]
		delete(oldConns, c.Name)
		cp := connPlan{conn: c, settings: !had || !sameConn(o, c), drive: drive[c.Name]}
		if !cp.settings && !edited[c.Name] {
			continue
		}
		if !cp.settings && !cp.drive && !r.canRetag(c.Name) {
			pl.conns = append(pl.conns, cp) // units, limits…: the database holds those
			continue
		}
		next, err := driverFor(p, c, r.log, r.clk)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		cp.next = next
		pl.conns = append(pl.conns, cp)
	}
	pl.stopped = sortedKeys(oldConns)
	errs = append(errs, r.checkDefs(pl))
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return pl, nil
}

// checkDefs checks that the tag database will take the plan's definitions,
// with the tags it holds now, on a scratch database: Define refuses a name
// taken twice, or a tag that is also another's parent, and changes nothing.
func (r *Runtime) checkDefs(pl *configPlan) error {
	drop := map[string]bool{}
	for _, name := range pl.removed {
		drop[name] = true
	}
	for _, d := range pl.redefined {
		drop[d.Name] = true
	}
	var final []tags.Def
	for _, d := range r.db.Defs() {
		if !drop[d.Name] {
			final = append(final, d)
		}
	}
	final = append(append(final, pl.redefined...), pl.added...)
	return tags.NewDB(tags.Options{}).Define(final...)
}

// applyConfig applies a plan: tags are removed, redefined (keeping their
// values unless retyped) and added in the database; each changed
// connection's driver takes its new tags in place, or restarts when its
// own settings changed or it cannot. It returns how many connections were
// counted as changed. On an error the caller rolls back with the reverse
// plan; every step here can be applied again over a partly applied state.
func (r *Runtime) applyConfig(p *Project, pl *configPlan) (int, error) {
	r.db.Undefine(pl.removed...)
	for _, d := range pl.redefined {
		if err := r.db.Redefine(d); err != nil {
			return 0, err
		}
	}
	var fresh []tags.Def
	for _, d := range pl.added {
		if _, ok := r.db.Def(d.Name); !ok {
			fresh = append(fresh, d)
		}
	}
	if err := r.db.Define(fresh...); err != nil {
		return 0, err
	}
	changed := 0
	r.connMu.Lock()
	defer r.connMu.Unlock()
	for _, cp := range pl.conns {
		if r.retag(cp) {
			continue
		}
		r.restartConn(p, cp.conn, cp.next)
		changed++
	}
	for _, name := range pl.stopped {
		r.stopConn(name)
		delete(r.drivers, name)
		r.db.Attach(name, nil)
		changed++
	}
	return changed, nil
}

// retag gives a running driver its connection's new tags in place, and
// reports whether it took them. The caller holds connMu.
func (r *Runtime) retag(cp connPlan) bool {
	if cp.settings {
		return false
	}
	cur := r.drivers[cp.conn.Name]
	rt, ok := cur.(tags.Retagger)
	if !ok || cp.next == nil {
		return !cp.drive && cur != nil // only units, limits…: the database holds those
	}
	if err := rt.Retag(cp.next); err != nil {
		if !errors.Is(err, tags.ErrRetagUnsupported) {
			r.log.Warn("retag failed, restarting the connection", "connection", cp.conn.Name, "err", err)
		}
		return false
	}
	r.log.Info("connection retagged in place", "connection", cp.conn.Name)
	return true
}

// restartConn replaces a connection's driver with d (nil: none in this
// build) and runs it when the runtime runs. The caller holds connMu.
func (r *Runtime) restartConn(p *Project, c Connection, d tags.Driver) {
	r.stopConn(c.Name)
	r.db.Attach(c.Name, d)
	if d == nil {
		delete(r.drivers, c.Name)
		r.log.Warn("connection has no driver in this build", "connection", c.Name, "type", c.Type)
		r.db.Publish(noDriver(p, c, r.now())...)
		return
	}
	r.drivers[c.Name] = d
	if r.runCtx != nil {
		r.startConn(c.Name, d)
	}
	r.log.Info("connection restarted", "connection", c.Name)
}

// rollbackConfig brings tags and connections back from p to old after a
// reload failed part-way. old ran before, so its plan can be made; a
// failure here is logged, as nothing better can be done.
func (r *Runtime) rollbackConfig(p, old *Project, env *tags.Env) {
	pl, err := r.planConfig(p, old)
	if err == nil {
		_, err = r.applyConfig(old, pl)
	}
	if err != nil {
		r.log.Error("reload rollback of tags and connections", "err", err)
	}
	r.mu.Lock()
	r.env = env
	r.mu.Unlock()
}

// canRetag reports whether a connection's driver takes new tags in place.
func (r *Runtime) canRetag(conn string) bool {
	r.connMu.Lock()
	defer r.connMu.Unlock()
	_, ok := r.drivers[conn].(tags.Retagger)
	return ok
}

// startConns runs every driver; Run calls it with its context.
func (r *Runtime) startConns(ctx context.Context) {
	r.connMu.Lock()
	defer r.connMu.Unlock()
	r.runCtx = ctx
	for _, name := range sortedKeys(r.drivers) {
		r.startConn(name, r.drivers[name])
	}
}
