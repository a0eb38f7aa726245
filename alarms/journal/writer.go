package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/groupcommit"
	"github.com/gohmi/gohmi/internal/store"
)

// pruneChunk is how many rows one pruning transaction deletes at most:
// the writer commits queued events between chunks, so pruning a large
// backlog never holds appends up for more than one small transaction.
const pruneChunk = 512

// writer is the journal's commits and pruning, run by its
// [groupcommit.Queue]'s goroutine, the only writer of its tables; its
// fields are its own.
type writer struct {
	q          *groupcommit.Queue[alarms.Event]
	opts       Options
	log        *slog.Logger
	clk        clock.Clock
	db         *store.DB
	insert     *sql.Stmt
	lastSeq    int64           // highest Seq in the file
	maxEventID uint64          // highest EventID ever journaled
	rows       int64           // rows in alarm_events
	last       map[string]last // each alarm's last event: retention keeps it
}

type last struct {
	seq     int64
	removed bool // the alarm was closed as Removed: its last row may go too
}

// newWriter reads where the file stands: the last Seq, the rows, each
// alarm's last event and the highest event id.
func newWriter(ctx context.Context, db *store.DB) (*writer, error) {
	w := &writer{db: db, last: map[string]last{}}
	err := db.QueryRowContext(ctx, `SELECT max(
			coalesce((SELECT max(seq) FROM alarm_events), 0),
			coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'alarm_events'), 0)),
		(SELECT count(*) FROM alarm_events),
		(SELECT max_event_id FROM alarm_journal)`).Scan(&w.lastSeq, &w.rows, &w.maxEventID)
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT alarm, max(seq), action FROM alarm_events GROUP BY alarm`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name, action string
		var seq int64
		if err := rows.Scan(&name, &seq, &action); err != nil {
			return nil, err
		}
		w.last[name] = last{seq, alarms.Action(action) == alarms.Removed}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if w.insert, err = db.PrepareContext(ctx, insertSQL); err != nil {
		return nil, err
	}
	return w, nil
}

// commit writes batch in one transaction; synchronous=FULL makes its
// commit fsync the WAL before it returns.
func (w *writer) commit(batch []alarms.Event) error {
	ctx := context.Background()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // a no-op after Commit
	stmt := tx.StmtContext(ctx, w.insert)
	maxID := w.maxEventID
	for i := range batch {
		if _, err := stmt.ExecContext(ctx, args(&batch[i])...); err != nil {
			return fmt.Errorf("event %d (%s): %w", batch[i].Seq, batch[i].Status.Name, err)
		}
		maxID = max(maxID, batch[i].Status.EventID)
	}
	if maxID > w.maxEventID {
		if _, err := tx.ExecContext(ctx, `UPDATE alarm_journal SET max_event_id = ?`, int64(maxID)); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	w.maxEventID = maxID
	w.rows += int64(len(batch))
	for i := range batch {
		ev := &batch[i]
		w.last[ev.Status.Name] = last{ev.Seq, ev.Action == alarms.Removed}
	}
	w.lastSeq = batch[len(batch)-1].Seq
	return nil
}

// prune deletes what the retention no longer keeps, in small transactions
// with queued events committed between them.
func (w *writer) prune() {
	r := w.opts.Retention
	var deleted int64
	var err error
	if r.MaxAge > 0 {
		cutoff := nanos(w.clk.Now().Add(-r.MaxAge))
		var n int64
		n, err = w.pruneWhere(-1, `time < ?`, cutoff)
		deleted += n
	}
	if err == nil && r.MaxRows > 0 && w.rows > r.MaxRows {
		var n int64
		n, err = w.pruneWhere(w.rows-r.MaxRows, `1`)
		deleted += n
	}
	if err != nil {
		w.log.Error("alarm journal: pruning failed", "deleted", deleted, "err", err)
	} else if deleted > 0 {
		w.log.Debug("alarm journal: pruned", "deleted", deleted, "rows", w.rows)
	}
	if w.opts.Pruned != nil {
		w.opts.Pruned(deleted)
	}
}

// pruneWhere deletes up to limit (< 0: every) rows matching cond (with
// its arguments), oldest Seq first, except each existing alarm's last
// event. It stops early when the journal closes.
func (w *writer) pruneWhere(limit int64, cond string, args ...any) (int64, error) {
	var deleted int64
	after := int64(0)
	for limit < 0 || deleted < limit {
		seqs, next, more, err := w.candidates(after, limit-deleted, cond, args)
		if err != nil {
			return deleted, err
		}
		after = next
		if len(seqs) > 0 {
			if err := w.delete(seqs); err != nil {
				return deleted, err
			}
			deleted += int64(len(seqs))
		}
		if !more || w.q.Stopping() {
			break
		}
		w.q.CommitQueued() // appends go first
	}
	return deleted, nil
}

// candidates returns the seqs of up to one chunk of rows after the Seq
// after that match cond and are not an alarm's last event (at most want
// of them when want > 0), the last Seq looked at, and whether more rows
// may follow.
func (w *writer) candidates(after, want int64, cond string, args []any) (seqs []int64, next int64, more bool, err error) {
	q := `SELECT seq, alarm FROM alarm_events WHERE seq > ? AND (` + cond + `) ORDER BY seq LIMIT ?`
	rows, err := w.db.Query(q, append(append([]any{after}, args...), pruneChunk)...)
	if err != nil {
		return nil, after, false, err
	}
	defer rows.Close()
	n := 0
	next = after
	for rows.Next() {
		var seq int64
		var name string
		if err := rows.Scan(&seq, &name); err != nil {
			return nil, after, false, err
		}
		n++
		next = seq
		if l, ok := w.last[name]; ok && l.seq == seq && !l.removed {
			continue // what Restore reads
		}
		seqs = append(seqs, seq)
		if want > 0 && int64(len(seqs)) == want {
			break
		}
	}
	return seqs, next, n == pruneChunk, rows.Err()
}

func (w *writer) delete(seqs []int64) error {
	tx, err := w.db.Begin()
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	stmt, err := tx.Prepare(`DELETE FROM alarm_events WHERE seq = ? RETURNING alarm`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	var gone []string // alarms whose Removed last event went
	for _, seq := range seqs {
		var name string
		if err := stmt.QueryRow(seq).Scan(&name); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if l, ok := w.last[name]; ok && l.seq == seq {
			gone = append(gone, name)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	w.rows -= int64(len(seqs))
	for _, name := range gone {
		delete(w.last, name)
	}
	return nil
}
