package trends

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"
)

// writer is the historian's goroutine: it commits chunks and sealed
// blocks every FlushEvery and prunes every PruneEvery.
type writer struct {
	h       *Historian
	batches []*batch // taken from the historian, not yet committed (a failed commit is retried)
	bytes   map[int64]int64
	// droppedAtOK is Drops().Blocks at the last successful commit: an
	// outage's first drop is logged, and its end with its count.
	droppedAtOK int64
}

// batch is what one flush commits, in this order: new tag ids, sealed
// blocks, the flush row (seq 0: none), and the deletion of the rows
// before gcBelow.
type batch struct {
	ids     []tagID
	blocks  []*sealed
	seq     int64
	row     []byte
	gcBelow int64
	newest  int64
}

// load reads the tag ids and each tag's newest time and size, and seals
// the chunks a previous run left.
func (h *Historian) load(ctx context.Context) (*writer, error) {
	if err := h.db.Migrate(ctx, component, migrations); err != nil {
		return nil, err
	}
	w := &writer{h: h, bytes: map[int64]int64{}}
	rows, err := h.db.QueryContext(ctx, `SELECT id, name FROM history_tags`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		h.ids[name] = id
		h.nextID = max(h.nextID, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := w.recoverOpen(ctx); err != nil {
		return nil, fmt.Errorf("recovering the open blocks: %w", err)
	}
	rows, err = h.db.QueryContext(ctx, `SELECT tag, max(t_last), sum(length(data)) FROM history_blocks GROUP BY tag`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id, t, n int64
		if err := rows.Scan(&id, &t, &n); err != nil {
			return nil, err
		}
		h.lastT[id], w.bytes[id] = t, n
	}
	return w, rows.Err()
}

// recoverOpen turns the open blocks the flush rows hold into sealed
// blocks: the points archived, then the last entry's tentative points
// (stored now: the line up to the last flush is kept whole).
func (w *writer) recoverOpen(ctx context.Context) error {
	open, last, err := readOpen(ctx, w.h.db.DB, 0)
	if errors.Is(err, ErrCorrupt) {
		// Never seen; but a damaged row must not keep the historian
		// from starting: the open blocks (at most an hour a tag) go.
		w.h.log.Error("history: dropping the open blocks", "err", err)
		_, err = w.h.db.ExecContext(ctx, `DELETE FROM history_flushes`)
		open = newOpenBlocks(0)
	}
	if err != nil {
		return err
	}
	w.h.flushSeq = last
	if last == 0 {
		return nil
	}
	tx, err := w.h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for id, pts := range open.pts {
		for len(pts) > 0 {
			n := min(len(pts), BlockPoints)
			sum := summarize(pts[:n])
			if _, err := tx.ExecContext(ctx, insertBlockSQL, blockArgs(id, &sum, sealData(pts[:n], open.q[id]))...); err != nil {
				return err
			}
			pts = pts[n:]
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM history_flushes`); err != nil {
		return err
	}
	return tx.Commit()
}

// querier is *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (w *writer) run() {
	h := w.h
	defer close(h.terminated)
	flush := h.clk.NewTimer(h.opts.FlushEvery)
	defer flush.Stop()
	prune := h.clk.NewTimer(0) // once at open
	defer prune.Stop()
	for {
		select {
		case <-flush.C():
			w.flush()
			flush.Reset(h.opts.FlushEvery)
		case reply := <-h.flushReq:
			reply <- w.flush()
		case <-prune.C():
			w.prune()
			prune.Reset(h.opts.PruneEvery)
		case <-h.done:
			h.finishAll()
			h.closeErr = w.flush()
			return
		}
	}
}

// finishAll stores what every compressor holds back and seals the open
// blocks: at Close, so that a clean stop leaves blocks, not flush rows
// (the next Open would seal them anyway).
func (h *Historian) finishAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.series {
		s.append(h, s.c.finish(h.scratch[:0]))
		s.seal(h)
	}
}

// flush takes a batch and commits every batch not yet committed.
func (w *writer) flush() error {
	b := w.h.take()
	if len(b.ids)+len(b.blocks) > 0 || b.seq > 0 {
		w.batches = append(w.batches, b)
	}
	if len(w.batches) == 0 {
		return nil
	}
	if err := w.commit(); err != nil {
		w.h.log.Error("history: commit failed", "batches", len(w.batches), "err", err)
		w.bound()
		return fmt.Errorf("trends: commit: %w", err)
	}
	if d := w.h.drops.blocks.Load(); d != w.droppedAtOK {
		w.h.log.Warn("history: commits succeed again", "dropped-blocks", d-w.droppedAtOK)
		w.droppedAtOK = d
	}
	newest, blocks := int64(math.MinInt64), 0
	for _, b := range w.batches {
		newest, blocks = max(newest, b.newest), blocks+len(b.blocks)
	}
	w.batches = w.batches[:0]
	w.h.committed(blocks)
	if w.h.opts.Flushed != nil && newest != math.MinInt64 {
		w.h.opts.Flushed(time.UnixMilli(newest).UTC())
	}
	return nil
}

// take collects what the next commit writes: new ids, sealed blocks and
// a flush row with an entry per tag that changed.
func (h *Historian) take() *batch {
	h.mu.Lock()
	defer h.mu.Unlock()
	seq := h.flushSeq + 1
	b := &batch{ids: h.newIDs, blocks: h.pend[h.taken:], newest: h.newest, gcBelow: seq}
	h.newIDs, h.taken = nil, len(h.pend)
	for _, id := range h.dropped {
		b.row = appendEntry(b.row, id, true, 0, nil)
	}
	h.dropped = h.dropped[:0]
	for _, s := range h.series {
		b.row = s.entry(h, b.row, seq)
		if s.baseSeq > 0 {
			b.gcBelow = min(b.gcBelow, s.baseSeq)
		}
	}
	if len(b.row) > 0 {
		h.flushSeq, b.seq = seq, seq
	}
	return b
}

// entry appends the series' entry for flush seq to row, if it has one.
// The caller holds h.mu.
func (s *series) entry(h *Historian, row []byte, seq int64) []byte {
	base := s.baseSeq == 0 || seq-s.baseSeq >= rebaseEvery
	// A base is due: rewrite it (an empty one too) so that older rows can
	// go; a series that never wrote an entry has nothing to supersede.
	if !s.dirty && !(base && (len(s.open) > 0 || s.wrote)) {
		return row
	}
	s.dirty = false
	tent := s.c.tentative(h.scratch[:0])
	h.scratch = tent[:0] // kept for the next entry: read only here
	e := encoder{q: s.enc.q, unc: s.enc.unc}
	switch {
	case base:
		e = s.enc.clone() // the whole open block: one encode, not two
		s.baseSeq = seq
	case len(s.open) == s.chunked && len(tent) == 0:
		return row
	default:
		for _, p := range s.open[s.chunked:] {
			e.add(p)
		}
	}
	for i, p := range tent {
		if !e.fits(p) { // a held-back point between ticks: the base in ms
			e = encode(s.open, e.q, 0, e.unc)
			for _, p := range tent[:i] {
				e.add(p)
			}
		}
		e.add(p)
	}
	s.chunked, s.wrote = len(s.open), true
	if e.n == 0 {
		return appendEntry(row, s.id, base, 0, nil)
	}
	return appendEntry(row, s.id, base, len(tent), e.bytes())
}

// committed drops the committed blocks from memory: queries read them
// from the database now.
func (h *Historian) committed(blocks int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.indexCommitted(h.pend[:blocks])
	clear(h.pend[:blocks])
	h.pend = h.pend[blocks:]
	h.taken -= blocks
}

// commit writes w.batches in one transaction, in order.
func (w *writer) commit() error {
	ctx := context.Background()
	tx, err := w.h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	insBlock, err := tx.PrepareContext(ctx, insertBlockSQL)
	if err != nil {
		return err
	}
	added := map[int64]int64{}
	for _, b := range w.batches {
		for _, t := range b.ids {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO history_tags (id, name) VALUES (?, ?)`, t.id, t.name); err != nil {
				return err
			}
		}
		for _, s := range b.blocks {
			res, err := insBlock.ExecContext(ctx, blockArgs(s.tag, &s.sum, s.data)...)
			if err != nil {
				return err
			}
			if s.row, err = res.LastInsertId(); err != nil {
				return err
			}
			added[s.tag] += int64(len(s.data))
		}
		if b.seq > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO history_flushes (seq, data) VALUES (?, ?)`, b.seq, b.row); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM history_flushes WHERE seq < ?`, b.gcBelow); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for id, n := range added {
		w.bytes[id] += n
	}
	return nil
}
