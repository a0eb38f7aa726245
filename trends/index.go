package trends

import (
	"context"
	"database/sql"
	"sort"
	"strconv"
)

// tagIndex is the in-memory index of a tag's stored blocks: their
// summaries (without chunks) in time order, so that a query reads from
// the database only the blocks it must decode. It is loaded at a tag's
// first query and maintained as blocks are committed and pruned; it
// costs 144 bytes a block (a block holds up to 512 points, about 420 of
// the demo's random walk: 0.35 bytes a point).
type tagIndex struct {
	loaded bool
	blocks []indexed // loaded: the tag's stored blocks, by tLast
	extra  []indexed // loading: the blocks committed since the load began
}

// indexed is a stored block's stats and row id: 144 bytes.
type indexed struct {
	stats
	row int64
}

// indexBatch is the most blocks one query statement fetches by t_last.
const indexBatch = 2048

// indexed returns a snapshot of tag id's index; ok false when it is not
// loaded (then start loads it when no one else is). The caller holds
// h.mu.
func (h *Historian) indexOf(id int64) (blocks []indexed, ok, start bool) {
	x := h.index[id]
	switch {
	case x == nil:
		h.index[id] = &tagIndex{}
		return nil, false, true
	case !x.loaded:
		return nil, false, false
	}
	return x.blocks[:len(x.blocks):len(x.blocks)], true, false
}

// loadIndex reads tag id's index from the database and installs it.
func (h *Historian) loadIndex(ctx context.Context, id int64) ([]indexed, error) {
	x := h.loadingIndex(id)
	blocks, err := readIndex(ctx, h.db.DB, id)
	h.mu.Lock()
	defer h.mu.Unlock()
	if x == nil || h.index[id] != x { // pruned meanwhile: this query only
		return blocks, err
	}
	if err != nil {
		delete(h.index, id)
		return nil, err
	}
	last := int64(-1 << 63)
	if len(blocks) > 0 {
		last = blocks[len(blocks)-1].tLast
	}
	for _, s := range x.extra {
		if s.tLast > last {
			blocks = append(blocks, s)
		}
	}
	x.blocks, x.extra, x.loaded = blocks, nil, true
	return blocks[:len(blocks):len(blocks)], nil
}

func (h *Historian) loadingIndex(id int64) *tagIndex {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.index[id]
}

// readIndex reads the summaries of tag id's stored blocks.
func readIndex(ctx context.Context, db querier, id int64) ([]indexed, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, t_first, t_last, summary FROM history_blocks WHERE tag = ? ORDER BY t_last`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []indexed
	for rows.Next() {
		var s indexed
		var sum sql.RawBytes
		if err := rows.Scan(&s.row, &s.tFirst, &s.tLast, &sum); err != nil {
			return nil, err
		}
		if _, err := parseSummaryRest(sum, &s.stats); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// indexCommitted adds committed blocks to their tags' indexes. The
// caller holds h.mu.
func (h *Historian) indexCommitted(blocks []*sealed) {
	for _, b := range blocks {
		x := h.index[b.tag]
		if x == nil {
			continue
		}
		s := indexed{b.sum.stats, b.row}
		if !x.loaded {
			x.extra = append(x.extra, s)
			continue
		}
		n := len(x.blocks)
		switch {
		case n == 0 || x.blocks[n-1].tLast < s.tLast:
			x.blocks = append(x.blocks, s)
		default: // a replaced or out-of-order block: load again
			delete(h.index, b.tag)
		}
	}
}

// indexPruned drops tag id's blocks up to cut (ms) from its index.
func (h *Historian) indexPruned(id, cut int64) {
	h.mu.Lock()
	defer h.mu.Unlock()
	x := h.index[id]
	if x == nil {
		return
	}
	if !x.loaded {
		delete(h.index, id)
		return
	}
	i := sort.Search(len(x.blocks), func(i int) bool { return x.blocks[i].tLast > cut })
	x.blocks = x.blocks[i:]
}

// scanIndexed feeds m the stored blocks of tag id in [lo, hi) (ms) from
// idx: the summary of a block that lies in one column, the block read
// from the database (in batches) otherwise. Blocks are fetched by row id
// when their ids increase with time (as the writer inserts them), by
// t_last otherwise.
func scanIndexed(ctx context.Context, db querier, id int64, idx []indexed, m *m4, lo, hi int64) error {
	i := sort.Search(len(idx), func(i int) bool { return idx[i].tLast >= lo })
	j := i + sort.Search(len(idx)-i, func(k int) bool { return idx[i+k].tFirst >= hi })
	idx = idx[i:j]
	byRow := true
	for k := 1; k < len(idx) && byRow; k++ {
		byRow = idx[k].row > idx[k-1].row
	}
	var need []byte // a JSON array of row ids or t_lasts
	var s summary
	for len(idx) > 0 {
		// The batch: blocks up to the indexBatch-th that needs its data.
		need = append(need[:0], '[')
		n, end := 0, len(idx)
		for k := range idx {
			if !m.inOne(&idx[k].stats) {
				if n == indexBatch {
					end = k
					break
				}
				if n > 0 {
					need = append(need, ',')
				}
				need = strconv.AppendInt(need, rank(idx[k].row, idx[k].tLast, byRow), 10)
				n++
			}
		}
		need = append(need, ']')
		var rows *sql.Rows
		if n > 0 {
			var err error
			if byRow {
				rows, err = db.QueryContext(ctx, `SELECT id, t_last, summary, data FROM history_blocks
					WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`, string(need))
			} else {
				rows, err = db.QueryContext(ctx, `SELECT id, t_last, summary, data FROM history_blocks
					WHERE tag = ? AND t_last IN (SELECT value FROM json_each(?)) ORDER BY t_last`, id, string(need))
			}
			if err != nil {
				return err
			}
		}
		have := false // the current row is read into s
		var row, rowT int64
		var cs, data []byte
		for k := range idx[:end] {
			b := &idx[k]
			if m.inOne(&b.stats) {
				m.summary(&b.stats)
				continue
			}
			// Rows come in the order of idx; a row missing was pruned
			// since the snapshot.
			for !have || rank(row, rowT, byRow) < rank(b.row, b.tLast, byRow) {
				if !rows.Next() {
					break
				}
				var err error
				if cs, data, err = scanIndexedRow(rows, &row, &rowT); err != nil {
					rows.Close()
					return err
				}
				have = true
			}
			if !have || row != b.row {
				continue
			}
			s = summary{stats: b.stats, chunks: s.chunks[:0]}
			if err := parseChunks(cs, &s, blockMode(data)); err != nil {
				rows.Close()
				return err
			}
			if err := m.block(&s, data); err != nil {
				rows.Close()
				return err
			}
		}
		if rows != nil {
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		idx = idx[end:]
	}
	return nil
}

// rank is a fetched block's place in the order of the rows.
func rank(row, tLast int64, byRow bool) int64 {
	if byRow {
		return row
	}
	return tLast
}

// scanIndexedRow reads the current row: its id and t_last, its summary's chunk
// section and its data, valid until the next call to rows.Next.
func scanIndexedRow(rows *sql.Rows, row, tLast *int64) (chunks, data []byte, err error) {
	var sum sql.RawBytes
	var raw sql.RawBytes
	if err := rows.Scan(row, tLast, &sum, &raw); err != nil {
		return nil, nil, err
	}
	var st stats
	rest, err := parseSummaryRest(sum, &st)
	return rest, raw, err
}
