package trends

import (
	"sync/atomic"
	"time"
)

// Drops counts what the historian did not store, since Open.
type Drops struct {
	// SameMs counts samples replaced by a later sample of the same
	// millisecond: times are kept to the millisecond and the last sample
	// of a millisecond is the one recorded (a value written, then the
	// device's readback). It also counts the samples in the millisecond
	// of a point already archived, which stays: the tag's last point
	// before the runtime started, or before a reload changed the tag's
	// setting (the samples before a reload are compressed with the
	// setting they arrived under).
	SameMs int64
	// Backwards counts samples older than the tag's previous sample (a
	// device clock stepped back, a driver replaying): they are dropped,
	// and the first of each tag is logged.
	Backwards int64
	// Blocks and Points count sealed blocks (and their points) dropped
	// from memory while commits failed: at most Options.MaxPending
	// blocks wait, the oldest go first. Each outage is logged when its
	// first block goes and when a commit succeeds again.
	Blocks, Points int64
}

// DefaultMaxPending is the most sealed blocks that wait in memory for a
// commit that keeps failing (about 1.5 KB each): see [Drops].
const DefaultMaxPending = 4096

// maxBatches is the most failed flushes whose flush rows wait for a
// commit; beyond, the oldest rows go (their blocks and tag ids stay) and
// every tag writes its whole open block in the next row.
const maxBatches = 60

// drops are the historian's counters, updated under h.mu or by the
// writer.
type drops struct {
	sameMs, backwards, blocks, points atomic.Int64
}

// Drops returns what the historian did not store, since Open.
func (h *Historian) Drops() Drops {
	return Drops{
		SameMs:    h.drops.sameMs.Load(),
		Backwards: h.drops.backwards.Load(),
		Blocks:    h.drops.blocks.Load(),
		Points:    h.drops.points.Load(),
	}
}

// inOrder reports whether p, a tag's next sample, is after its previous
// one or replaces it (the same millisecond), and counts (and for the
// first going back, logs) it when not; a sample replaced is counted too.
// The caller holds h.mu.
func (s *series) inOrder(h *Historian, name string, p point) bool {
	if !s.c.started || p.t > s.c.last {
		return true
	}
	if p.t == s.c.last {
		h.drops.sameMs.Add(1)
		return s.c.haveCur
	}
	h.drops.backwards.Add(1)
	if !s.warnedBack {
		s.warnedBack = true
		h.log.Warn("history: a sample older than the previous one is dropped (logged once a tag)", "tag", name,
			"at", time.UnixMilli(p.t).UTC(), "previous", time.UnixMilli(s.c.last).UTC())
	}
	return false
}

// bound drops what failed commits left waiting beyond the limits: the
// oldest sealed blocks beyond MaxPending, and the flush rows of the
// oldest batches beyond maxBatches.
func (w *writer) bound() {
	h := w.h
	pending := 0
	for _, b := range w.batches {
		pending += len(b.blocks)
	}
	if over := pending - h.opts.MaxPending; over > 0 {
		w.dropBlocks(over)
	}
	if len(w.batches) > maxBatches {
		n := len(w.batches) - maxBatches
		next := w.batches[n]
		var ids []tagID
		var blocks []*sealed
		for _, b := range w.batches[:n] {
			ids, blocks = append(ids, b.ids...), append(blocks, b.blocks...)
		}
		next.ids = append(ids, next.ids...)
		next.blocks = append(blocks, next.blocks...)
		w.batches = append(w.batches[:0], w.batches[n:]...)
		h.mu.Lock()
		for _, s := range h.series {
			s.baseSeq = 0 // the next row holds every open block whole
		}
		h.mu.Unlock()
	}
}

// dropBlocks drops the n oldest sealed blocks waiting for a commit: from
// the batches and from the historian's pending list (they are its first
// ones, in the same order).
func (w *writer) dropBlocks(n int) {
	h := w.h
	var points int64
	left := n
	for _, b := range w.batches {
		k := min(left, len(b.blocks))
		for _, s := range b.blocks[:k] {
			points += int64(s.sum.n)
		}
		b.blocks = b.blocks[k:]
		left -= k
	}
	h.mu.Lock()
	clear(h.pend[:n])
	h.pend = h.pend[n:]
	h.taken -= n
	h.mu.Unlock()
	if h.drops.blocks.Load() == w.droppedAtOK {
		h.log.Error("history: commits fail: dropping the oldest sealed blocks waiting in memory", "blocks", n, "points", points, "max-pending", h.opts.MaxPending)
	}
	h.drops.blocks.Add(int64(n))
	h.drops.points.Add(points)
}
