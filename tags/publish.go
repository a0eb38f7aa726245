package tags

import "fmt"

var _ Publisher = (*DB)(nil)

// Publish stores new values; drivers call it. It never blocks on
// subscribers. Updates for unknown names are ignored and counted in
// [Stats]. An update reaches subscribers only when its value, quality or
// reason differs from the stored one; a new time alone is stored silently.
// An update with a zero Time gets the DB's clock time. A value of the wrong
// Go type for the tag is converted, or turns the tag Bad when it cannot be.
func (db *DB) Publish(updates ...Update) {
	db.mu.Lock()
	defer db.mu.Unlock()
	db.stats.Published += uint64(len(updates))
	for i := range updates {
		u := &updates[i]
		slot, ok := db.index[u.Name]
		if !ok {
			db.unknownName(u.Name)
			continue
		}
		t := &db.tags[slot]
		v := u.Value
		if !t.def.Type.holds(v.V) {
			v = coerce(t.def.Type, v)
		}
		if v.Time.IsZero() {
			v.Time = db.now()
		}
		changed := v.Quality != t.val.Quality || v.Reason != t.val.Reason || !Equal(v.V, t.val.V)
		t.val = v
		if !changed {
			continue
		}
		db.stats.Changed++
		for _, s := range t.subs {
			s.mark(slot)
		}
	}
}

// unknownName counts an update for an undefined tag and logs each of the
// first few such names once.
func (db *DB) unknownName(name string) {
	db.stats.Unknown++
	if _, seen := db.unknown[name]; seen || len(db.unknown) >= maxUnknownLogged {
		return
	}
	db.unknown[name] = struct{}{}
	db.log.Warn("tags: update for unknown tag ignored", "tag", name)
}

// holds reports whether v is nil or already of t's Go type.
func (t Type) holds(v any) bool {
	switch v.(type) {
	case nil:
		return true
	case float64:
		return t == Float
	case int64:
		return t == Int
	case bool:
		return t == Bool
	case string:
		return t == String
	}
	return false
}

// coerce converts a driver's value to t, or makes it Bad with the reason.
func coerce(t Type, v Value) Value {
	c, err := t.Convert(v.V)
	if err != nil {
		return Value{Quality: Bad, Reason: fmt.Sprintf("driver value: %v", err), Time: v.Time}
	}
	v.V = c
	return v
}
