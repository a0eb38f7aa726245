package tags

// Subscription receives changes of a set of tags from a [DB], coalesced:
// between two calls of [Subscription.Take] it remembers which tags changed,
// not every value, so its memory is bounded by its tag count and a slow
// reader never slows a driver down.
type Subscription struct {
	db *DB
	c  chan struct{} // capacity 1, non-blocking sends

	// Guarded by db.mu:
	slots   []int32 // tags covered, for Close; nil for all-tag subscriptions
	all     bool
	pending []int32 // slots changed since the last Take, in change order
	marked  []bool  // by slot: whether in pending
	closed  bool
}

// Subscribe returns a subscription to the named tags, or to every tag,
// including tags defined later, when names is nil. Names that are not
// defined are ignored. A new subscription starts with the current value of
// each of its tags pending, so its first Take gives a complete picture.
// Close it when done.
func (db *DB) Subscribe(names []string) *Subscription {
	db.mu.Lock()
	defer db.mu.Unlock()
	s := &Subscription{db: db, c: make(chan struct{}, 1), marked: make([]bool, len(db.tags))}
	if names == nil {
		s.all = true
		db.all = append(db.all, s)
		for slot := range db.tags {
			db.tags[slot].subs = append(db.tags[slot].subs, s)
			s.mark(int32(slot))
		}
		return s
	}
	for _, name := range names {
		slot, ok := db.index[name]
		if !ok || s.marked[slot] {
			continue // unknown or repeated
		}
		s.slots = append(s.slots, slot)
		db.tags[slot].subs = append(db.tags[slot].subs, s)
		s.mark(slot)
	}
	return s
}

// C returns a channel that receives a signal when values are pending. The
// channel has capacity 1 and is signalled without blocking, so any burst of
// changes becomes one wake-up. It is never closed.
func (s *Subscription) C() <-chan struct{} { return s.c }

// Take appends to buf the latest value of each tag that changed since the
// previous Take (one entry per tag however often it changed), clears the
// pending set and returns buf. Reuse buf to avoid allocations.
func (s *Subscription) Take(buf []Update) []Update {
	db := s.db
	db.mu.Lock()
	defer db.mu.Unlock()
	for _, slot := range s.pending {
		t := &db.tags[slot]
		buf = append(buf, Update{Name: t.def.Name, Value: t.val})
		s.marked[slot] = false
	}
	s.pending = s.pending[:0]
	return buf
}

// Close ends the subscription: no more values become pending and C is not
// signalled again. Close is idempotent.
func (s *Subscription) Close() {
	db := s.db
	db.mu.Lock()
	defer db.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	if s.all {
		db.all = removeSub(db.all, s)
		for slot := range db.tags {
			db.tags[slot].subs = removeSub(db.tags[slot].subs, s)
		}
	}
	for _, slot := range s.slots {
		db.tags[slot].subs = removeSub(db.tags[slot].subs, s)
	}
	s.pending, s.marked, s.slots = nil, nil, nil
}

// mark makes slot pending and signals C when the pending set was empty.
// The caller holds db.mu.
func (s *Subscription) mark(slot int32) {
	if s.marked[slot] {
		return
	}
	s.marked[slot] = true
	s.pending = append(s.pending, slot)
	if len(s.pending) == 1 {
		select {
		case s.c <- struct{}{}:
		default:
		}
	}
}

// removeSub removes s from subs without keeping the backing array shared
// with other slices.
func removeSub(subs []*Subscription, s *Subscription) []*Subscription {
	for i, x := range subs {
		if x == s {
			out := make([]*Subscription, 0, len(subs)-1)
			return append(append(out, subs[:i]...), subs[i+1:]...)
		}
	}
	return subs
}
