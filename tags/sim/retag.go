package sim

import (
	"fmt"
	"reflect"
	"slices"

	"github.com/gohmi/gohmi/tags"
)

// Retag makes d simulate the tags of next, in place and while it runs, as a
// reload of the project file that adds, removes or edits tags of this
// connection asks. next is a Driver built with the same Seed and Tick from
// the new tag list (New checked it); it is never run.
//
// A tag that stays with the same type and signal keeps its state: the value
// an operator wrote to a memory tag, the count of a counter, the position
// of a ramp or random walk. A memory tag whose type and kind stay keeps a
// value written to it even when its initial value changes (Initial is
// where it starts, not what it holds); one never written takes the new
// initial value. A tag that is added, retyped or given another signal
// starts afresh at the moment of Retag (a new counter counts from its Min).
// Removed tags are no longer published. New and restarted tags are
// published at once while Run runs.
//
// Retag refuses a next of another type or with other settings; the caller
// then restarts the connection.
func (d *Driver) Retag(next tags.Driver) error {
	n, ok := next.(*Driver)
	if !ok {
		return fmt.Errorf("sim: retag with a %T: %w", next, tags.ErrRetagUnsupported)
	}
	if n == d {
		return nil
	}
	if n.opts.Seed != d.opts.Seed || n.opts.Tick != d.opts.Tick {
		return fmt.Errorf("sim: seed or tick changed: %w", tags.ErrRetagUnsupported)
	}
	n.mu.Lock()
	ts := slices.Clone(n.tags)
	n.mu.Unlock()
	now := d.clk.Now()
	d.mu.Lock()
	elapsed := now.Sub(d.start)
	var fresh []tags.Update
	index := make(map[string]*simTag, len(ts))
	kept := make([]*simTag, 0, len(ts))
	names := make([]string, 0, len(ts))
	for _, t := range ts {
		st := &simTag{def: t.def, sig: t.sig, seed: t.seed, mem: t.mem, walkV: t.walkStart(), origin: elapsed}
		if old := d.index[t.def.Name]; old != nil && old.def.Type == t.def.Type && sameSignal(old.sig, t.sig) {
			st.origin, st.walkN, st.walkV = old.origin, old.walkN, old.walkV
			if old.written || reflect.DeepEqual(old.sig.Initial, t.sig.Initial) {
				st.mem, st.written = old.mem, old.written
			}
		} else {
			fresh = append(fresh, tags.Update{Name: st.def.Name, Value: tags.Value{V: st.value(0), Time: now}})
		}
		index[st.def.Name] = st
		kept = append(kept, st)
		names = append(names, st.def.Name)
	}
	slices.Sort(names)
	d.tags, d.index, d.names = kept, index, names
	pub := d.pub
	d.mu.Unlock()
	if pub != nil && len(fresh) > 0 {
		pub.Publish(fresh...)
	}
	return nil
}

// sameSignal reports whether a tag keeps its state across an edit of its
// signal: memory tags ignore their initial value, other kinds must not
// change at all.
func sameSignal(a, b Signal) bool {
	if a.Kind == Memory && b.Kind == Memory {
		return true
	}
	return reflect.DeepEqual(a, b)
}
