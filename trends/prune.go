package trends

import "context"

// pruneBatch is the most blocks one pruning transaction deletes: short
// transactions keep the writer's flushes (and so Record's memory) moving.
const pruneBatch = 256

// prune deletes the blocks that the configured tags' retention no
// longer keeps: older than MaxAge, and the oldest beyond MaxBytes. Tags
// no longer configured keep their history.
func (w *writer) prune() {
	h := w.h
	h.mu.Lock()
	type job struct {
		id  int64
		ret Retention
	}
	var jobs []job
	for name, s := range h.settings {
		if id, ok := h.ids[name]; ok && s.Retention != (Retention{}) {
			jobs = append(jobs, job{id, s.Retention})
		}
	}
	h.mu.Unlock()
	now := h.clk.Now().UnixMilli()
	var deleted int64
	for _, j := range jobs {
		n, err := w.pruneTag(j.id, j.ret, now)
		deleted += n
		if err != nil {
			h.log.Error("history: pruning failed", "err", err)
			break
		}
	}
	if h.opts.Pruned != nil {
		h.opts.Pruned(deleted)
	}
}

// pruneTag applies one tag's retention, pruneBatch blocks a transaction.
func (w *writer) pruneTag(id int64, ret Retention, now int64) (int64, error) {
	var total int64
	if ret.MaxAge > 0 {
		cut := now - ret.MaxAge.Milliseconds()
		for {
			n, err := w.deleteOldest(id, func(tLast int64, _ int64) bool { return tLast < cut })
			total += n
			if err != nil || n < pruneBatch {
				break
			}
		}
	}
	if ret.MaxBytes > 0 {
		for w.bytes[id] > ret.MaxBytes {
			over := w.bytes[id] - ret.MaxBytes
			n, err := w.deleteOldest(id, func(_ int64, size int64) bool {
				if over <= 0 {
					return false
				}
				over -= size
				return true
			})
			total += n
			if err != nil {
				return total, err
			}
			if n == 0 {
				break
			}
		}
	}
	return total, nil
}

// deleteOldest deletes the tag's oldest blocks while keep says so, at
// most pruneBatch, in one transaction, and returns how many it deleted.
func (w *writer) deleteOldest(id int64, del func(tLast, size int64) bool) (int64, error) {
	ctx := context.Background()
	tx, err := w.h.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	rows, err := tx.QueryContext(ctx, `SELECT t_last, length(data) FROM history_blocks WHERE tag = ? ORDER BY t_last LIMIT ?`, id, pruneBatch)
	if err != nil {
		return 0, err
	}
	var cut, freed int64 = -1, 0
	var n int64
	for rows.Next() {
		var t, size int64
		if err := rows.Scan(&t, &size); err != nil {
			rows.Close()
			return 0, err
		}
		if !del(t, size) {
			break
		}
		cut, freed, n = t, freed+size, n+1
	}
	rows.Close()
	if n == 0 {
		return 0, rows.Err()
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM history_blocks WHERE tag = ? AND t_last <= ?`, id, cut); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	w.h.indexPruned(id, cut)
	w.bytes[id] -= freed
	return n, nil
}
