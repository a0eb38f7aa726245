package trends

import (
	"context"
	"database/sql"
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
}

// batch is what one flush commits, in this order: new tag ids, sealed
// blocks (each deleting the chunks it replaces), then the new chunks.
type batch struct {
	ids    []tagID
	blocks []*sealed
	chunks []chunk
	newest int64
}

type chunk struct {
	tag, seq  int64
	tentative int
	data      []byte
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
	if err := w.recoverChunks(ctx); err != nil {
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

// recoverChunks turns every tag's chunks into sealed blocks: the points
// the chunks archived, then the last chunk's tentative points (stored
// now: the line up to the last flush is kept whole).
func (w *writer) recoverChunks(ctx context.Context) error {
	open, err := readChunks(ctx, w.h.db.DB)
	if err != nil || len(open) == 0 {
		return err
	}
	tx, err := w.h.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for id, pts := range open {
		for len(pts) > 0 {
			n := min(len(pts), BlockPoints)
			var e encoder
			for _, p := range pts[:n] {
				e.add(p)
			}
			sum := summarize(pts[:n])
			if _, err := tx.ExecContext(ctx, insertBlockSQL, blockArgs(id, &sum, e.bytes())...); err != nil {
				return err
			}
			pts = pts[n:]
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM history_chunks`); err != nil {
		return err
	}
	return tx.Commit()
}

// readChunks returns each tag's open block as its chunks hold it.
// With tags given, only theirs.
func readChunks(ctx context.Context, db querier, only ...int64) (map[int64][]point, error) {
	q, args := `SELECT tag, tentative, data FROM history_chunks ORDER BY tag, seq`, []any(nil)
	if len(only) == 1 {
		q, args = `SELECT tag, tentative, data FROM history_chunks WHERE tag = ? ORDER BY seq`, []any{only[0]}
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	open := map[int64][]point{}
	tent := map[int64]int{} // tentative points at the end of open[tag]
	for rows.Next() {
		var id int64
		var nt int
		var data []byte
		if err := rows.Scan(&id, &nt, &data); err != nil {
			return nil, err
		}
		pts := open[id]
		pts = pts[:len(pts)-tent[id]] // an earlier chunk's tentative points were superseded
		start := len(pts)
		pts, err = decodeBlock(data, pts)
		if err != nil {
			return nil, fmt.Errorf("chunk of tag %d: %w", id, err)
		}
		if start > 0 && len(pts) > start && pts[start].t <= pts[start-1].t {
			return nil, fmt.Errorf("chunk of tag %d: %w: goes back in time", id, ErrCorrupt)
		}
		open[id], tent[id] = pts, min(max(nt, 0), len(pts)-start)
	}
	return open, rows.Err()
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

// finishAll stores what every compressor holds back: at Close.
func (h *Historian) finishAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.series {
		s.append(h, s.c.finish(h.scratch[:0]))
	}
}

// flush takes a batch and commits every batch not yet committed.
func (w *writer) flush() error {
	b := w.h.take()
	if len(b.ids)+len(b.blocks)+len(b.chunks) > 0 {
		w.batches = append(w.batches, b)
	}
	if len(w.batches) == 0 {
		return nil
	}
	if err := w.commit(); err != nil {
		w.h.log.Error("history: commit failed", "batches", len(w.batches), "err", err)
		return fmt.Errorf("trends: commit: %w", err)
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
// one chunk per tag that changed.
func (h *Historian) take() *batch {
	h.mu.Lock()
	defer h.mu.Unlock()
	b := &batch{ids: h.newIDs, blocks: h.pend[h.taken:], newest: h.newest}
	h.newIDs, h.taken = nil, len(h.pend)
	for _, s := range h.series {
		if !s.dirty {
			continue
		}
		s.dirty = false
		tent := s.c.tentative(h.scratch[:0])
		if len(s.open) == s.chunked && len(tent) == 0 {
			continue
		}
		var e encoder
		if s.chunked == 0 {
			e = s.enc.clone() // the whole open block: one encode, not two
		} else {
			for _, p := range s.open[s.chunked:] {
				e.add(p)
			}
		}
		for _, p := range tent {
			e.add(p)
		}
		s.chunkSeq++
		s.chunked = len(s.open)
		b.chunks = append(b.chunks, chunk{tag: s.id, seq: s.chunkSeq, tentative: len(tent), data: e.bytes()})
	}
	return b
}

// committed drops the committed blocks from memory: queries read them
// from the database now.
func (h *Historian) committed(blocks int) {
	h.mu.Lock()
	defer h.mu.Unlock()
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
	insChunk, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO history_chunks (tag, seq, tentative, data) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	delChunks, err := tx.PrepareContext(ctx, `DELETE FROM history_chunks WHERE tag = ? AND seq <= ?`)
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
			if _, err := insBlock.ExecContext(ctx, blockArgs(s.tag, &s.sum, s.data)...); err != nil {
				return err
			}
			if _, err := delChunks.ExecContext(ctx, s.tag, s.delUpTo); err != nil {
				return err
			}
			added[s.tag] += int64(len(s.data))
		}
		for _, c := range b.chunks {
			if _, err := insChunk.ExecContext(ctx, c.tag, c.seq, c.tentative, c.data); err != nil {
				return err
			}
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
