package tags

import (
	"errors"
	"fmt"
	"slices"
)

// Retagger is the optional ability of a [Driver] to take a new set of tags
// in place, while it runs, as a reload that adds, removes or edits tags of
// its connection asks. Tags that stay keep their state and the connection
// to the device stays up. A driver without it is restarted instead.
type Retagger interface {
	// Retag makes the driver serve the tags of next: a driver of the same
	// kind, built from the same connection settings and the new tag list,
	// that is never run. An error wrapping [ErrRetagUnsupported] asks the
	// caller to restart the connection instead; the driver is then unchanged.
	Retag(next Driver) error
}

// ErrRetagUnsupported is what [Retagger.Retag] wraps when it cannot take
// the change in place.
var ErrRetagUnsupported = errors.New("change needs a restart")

// Undefine removes tags, as a reload of hmi.yaml that drops them does.
// Their slots are retired, not reused: subscriptions simply stop hearing of
// them, and later updates for the names count as unknown. Unknown names
// are ignored.
func (db *DB) Undefine(names ...string) {
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, name := range names {
		slot, ok := db.index[name]
		if !ok {
			continue
		}
		delete(db.index, name)
		forEachPrefix(name, func(p string) {
			if db.prefixes[p] == name {
				delete(db.prefixes, p)
				db.reindexPrefix(p)
			}
		})
		t := &db.tags[slot]
		t.val = Value{Quality: Bad, Reason: "tag removed", Time: db.now()}
		t.subs = nil
	}
}

// reindexPrefix points prefix p at another tag under it, if one is left.
// The caller holds db.mu.
func (db *DB) reindexPrefix(p string) {
	for name := range db.index {
		if len(name) > len(p) && name[:len(p)] == p && name[len(p)] == '.' {
			db.prefixes[p] = name
			return
		}
	}
}

// Redefine replaces the definition of an existing tag (unit, limits,
// writability, scaling, address, connection or type), as a reload of
// hmi.yaml that edits it does. The tag keeps its subscribers. Its value is
// kept when the type is the same; otherwise it turns Bad, "redefined", until
// its driver delivers a value of the new type.
func (db *DB) Redefine(d Def) error {
	if err := d.check(); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	slot, ok := db.index[d.Name]
	if !ok {
		return fmt.Errorf("tag %s: not defined", d.Name)
	}
	t := &db.tags[slot]
	retyped := t.def.Type != d.Type
	t.def = d
	if retyped {
		t.val = Value{Quality: Bad, Reason: "redefined", Time: db.now()}
		for _, s := range slices.Clone(t.subs) {
			s.mark(slot)
		}
	}
	return nil
}
