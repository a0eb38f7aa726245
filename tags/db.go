package tags

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configure a [DB]. The zero Options are valid.
type Options struct {
	// Logger receives warnings such as updates for unknown tags.
	// Default: a logger that discards everything.
	Logger *slog.Logger
	// Now is the clock used for the time of initial values and of updates
	// published without a time. Default: time.Now.
	Now func() time.Time
}

// maxUnknownLogged caps how many distinct unknown tag names a DB logs, so a
// misconfigured driver cannot flood the log or grow memory without bound.
const maxUnknownLogged = 100

// DB is the tag database: the definitions and latest value of every tag,
// the subscriptions that fan changes out, and the drivers that take writes.
// All methods are safe for concurrent use.
type DB struct {
	log *slog.Logger
	now func() time.Time

	// mu guards every field below and the pending state of every
	// Subscription. One lock keeps Publish to a map lookup, a compare and
	// a few stores per update; benchmarking showed per-subscription locks
	// cost more than they save at HMI subscriber counts.
	mu       sync.Mutex
	index    map[string]int32  // name → slot in tags
	tags     []tagState        // by slot; slots are never reused
	prefixes map[string]string // proper dotted prefix of a defined name → that name
	all      []*Subscription   // subscriptions to all tags, present and future
	drivers  map[string]Driver // by connection name
	stats    Stats
	unknown  map[string]struct{} // unknown names already logged
}

// tagState is one tag's slot in a DB.
type tagState struct {
	def  Def
	val  Value
	subs []*Subscription
}

// Stats are counters of a [DB] since it was created.
type Stats struct {
	Tags      int    // defined tags
	Published uint64 // updates received through Publish
	Changed   uint64 // updates that changed a value and reached subscribers
	Unknown   uint64 // updates for names that are not defined (ignored)
}

// NewDB returns an empty tag database.
func NewDB(opts Options) *DB {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &DB{
		log:      opts.Logger,
		now:      opts.Now,
		index:    make(map[string]int32),
		prefixes: make(map[string]string),
		drivers:  make(map[string]Driver),
		unknown:  make(map[string]struct{}),
	}
}

// Define adds tags. Each starts Bad with the reason "waiting for initial
// data" and a nil value. Either all defs are added or, when any is invalid,
// none: the error lists every problem, each naming its tag. A name may not
// be defined twice, and may not be a dotted prefix of another tag's name
// ("Tank1" and "Tank1.Level"), because expressions could not tell a tag
// from its parent.
func (db *DB) Define(defs ...Def) error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if err := db.checkDefs(defs); err != nil {
		return err
	}
	now := db.now()
	for _, d := range defs {
		slot := int32(len(db.tags))
		db.index[d.Name] = slot
		forEachPrefix(d.Name, func(p string) { db.prefixes[p] = d.Name })
		db.tags = append(db.tags, tagState{
			def:  d,
			val:  Value{Quality: Bad, Reason: WaitingReason, Time: now},
			subs: slices.Clone(db.all),
		})
		for _, s := range db.all {
			s.marked = append(s.marked, false)
			s.mark(slot)
		}
	}
	return nil
}

// checkDefs validates defs against each other and the defined tags.
func (db *DB) checkDefs(defs []Def) error {
	var errs []error
	batch := make(map[string]bool, len(defs))
	batchPrefixes := make(map[string]string)
	for _, d := range defs {
		if err := d.check(); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := db.checkConflict(d.Name, batch, batchPrefixes); err != nil {
			errs = append(errs, err)
			continue
		}
		batch[d.Name] = true
		forEachPrefix(d.Name, func(p string) { batchPrefixes[p] = d.Name })
	}
	return errors.Join(errs...)
}

// checkConflict reports a name that is taken, is the parent of a tag, or
// has a tag as parent.
func (db *DB) checkConflict(name string, batch map[string]bool, batchPrefixes map[string]string) error {
	if _, dup := db.index[name]; dup || batch[name] {
		return fmt.Errorf("tag %s: defined twice", name)
	}
	child, ok := db.prefixes[name]
	if !ok {
		child, ok = batchPrefixes[name]
	}
	if ok {
		return fmt.Errorf("tag %s: conflicts with tag %s (a tag cannot also be the parent of other tags)", name, child)
	}
	var err error
	forEachPrefix(name, func(p string) {
		if _, isTag := db.index[p]; (isTag || batch[p]) && err == nil {
			err = fmt.Errorf("tag %s: conflicts with tag %s (a tag cannot also be the parent of other tags)", name, p)
		}
	})
	return err
}

// forEachPrefix calls f with each proper dotted prefix of name:
// "A" and "A.B" for "A.B.C".
func forEachPrefix(name string, f func(string)) {
	for i := range len(name) {
		if name[i] == '.' {
			f(name[:i])
		}
	}
}

// Defs returns the definitions of all tags, sorted by name.
func (db *DB) Defs() []Def {
	db.mu.Lock()
	defs := make([]Def, len(db.tags))
	for i := range db.tags {
		defs[i] = db.tags[i].def
	}
	db.mu.Unlock()
	slices.SortFunc(defs, func(a, b Def) int { return strings.Compare(a.Name, b.Name) })
	return defs
}

// Def returns the definition of a tag.
func (db *DB) Def(name string) (Def, bool) {
	db.mu.Lock()
	defer db.mu.Unlock()
	slot, ok := db.index[name]
	if !ok {
		return Def{}, false
	}
	return db.tags[slot].def, true
}

// Get returns the current value of a tag.
func (db *DB) Get(name string) (Value, bool) {
	db.mu.Lock()
	defer db.mu.Unlock()
	slot, ok := db.index[name]
	if !ok {
		return Value{}, false
	}
	return db.tags[slot].val, true
}

// Attach makes d the driver that takes writes for tags whose Def.Conn is
// conn, replacing any driver attached before. A nil d detaches. Attach does
// not run the driver; the Runtime does, with the DB as its [Publisher].
func (db *DB) Attach(conn string, d Driver) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if d == nil {
		delete(db.drivers, conn)
		return
	}
	db.drivers[conn] = d
}

// Stats returns the DB's counters.
func (db *DB) Stats() Stats {
	db.mu.Lock()
	defer db.mu.Unlock()
	s := db.stats
	s.Tags = len(db.tags)
	return s
}

// names returns all tag names, for did-you-mean suggestions.
func (db *DB) names() []string {
	db.mu.Lock()
	defer db.mu.Unlock()
	names := make([]string, len(db.tags))
	for i := range db.tags {
		names[i] = db.tags[i].def.Name
	}
	return names
}
