package audit

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/store"
)

// pruneChunk is how many rows one pruning transaction deletes at most:
// the writer commits queued records between chunks.
const pruneChunk = 512

// Backoff between attempts at a failing commit.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// writer is the trail's one goroutine and the only writer of its tables;
// its fields are its own.
type writer struct {
	t        *Trail
	db       *store.DB
	insert   *sql.Stmt
	batch    []Record       // the batch being committed (storage reused)
	lastSeq  uint64         // the chain's head: the last Seq committed
	lastHash [HashSize]byte // and its hash
	key      []byte         // the trail's key; nil: unkeyed
	keyed    uint64         // the first Seq written with the key
	closing  bool           // done was closed: commit what is left and end
}

// prepare migrates the trail's tables, reads the chain's head, checks the
// key against the trail's and that the last row is the head (logging when
// it is not: a cut tail).
func prepare(db *store.DB, log *slog.Logger, key []byte) (*writer, error) {
	ctx := context.Background()
	if err := db.Migrate(ctx, component, migrations); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, initChain, Genesis[:], Genesis[:]); err != nil {
		return nil, err
	}
	w := &writer{db: db, key: key}
	var seq, keyed int64
	var head, id []byte
	err := db.QueryRowContext(ctx, `SELECT head_seq, head_hash, key_id, keyed_from FROM audit_chain`).Scan(&seq, &head, &id, &keyed)
	if err != nil {
		return nil, err
	}
	if len(head) != HashSize {
		return nil, fmt.Errorf("the audit chain's head hash is %d bytes, want %d: the table was altered", len(head), HashSize)
	}
	w.lastSeq, w.keyed = uint64(seq), uint64(keyed)
	copy(w.lastHash[:], head)
	if err := w.checkKey(ctx, id, log); err != nil {
		return nil, err
	}
	var last int64
	var lastHash []byte
	err = db.QueryRowContext(ctx, `SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&last, &lastHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return nil, err
	case last != seq || !bytes.Equal(lastHash, head):
		// Keep going: refusing to record would hide what follows. The
		// next records chain to the head, and Verify names the damage.
		log.Error("audit: the trail's last row is not the chain's head: rows were removed or altered; run hmi audit --verify",
			"last_row", last, "head", seq)
	}
	if w.insert, err = db.PrepareContext(ctx, insertSQL); err != nil {
		return nil, err
	}
	return w, nil
}

// checkKey compares the writer's key with the trail's key id: a keyed
// trail needs its key; a trail opened with a key for the first time is
// keyed from the next Seq on, its head and anchor MACed as they stand.
func (w *writer) checkKey(ctx context.Context, id []byte, log *slog.Logger) error {
	switch {
	case w.key == nil && id == nil:
		return nil
	case w.key == nil:
		return fmt.Errorf("the audit trail is keyed (key id %s): open it with its key", hexHash(id))
	case id != nil && !bytes.Equal(id, keyID(w.key)):
		return fmt.Errorf("the key (id %s) is not the audit trail's (key id %s)", KeyID(w.key), hexHash(id))
	case id != nil:
		return nil
	}
	var anchor int64
	var anchorHash []byte
	if err := w.db.QueryRowContext(ctx, `SELECT anchor_seq, anchor_hash FROM audit_chain`).Scan(&anchor, &anchorHash); err != nil {
		return err
	}
	w.keyed = w.lastSeq + 1
	_, err := w.db.ExecContext(ctx, `UPDATE audit_chain SET key_id = ?, keyed_from = ?, head_mac = ?, anchor_mac = ?`,
		keyID(w.key), int64(w.keyed), headMAC(w.key, w.lastSeq, w.lastHash[:], w.keyed),
		anchorMAC(w.key, uint64(anchor), anchorHash))
	if err != nil {
		return err
	}
	log.Info("audit: the trail is keyed from now on", "key_id", KeyID(w.key), "from_seq", w.keyed)
	return nil
}

func (w *writer) run() {
	t := w.t
	defer close(t.terminated)
	defer w.insert.Close()
	var prune clock.Timer
	var pruneC <-chan time.Time
	if t.opts.Retention != (Retention{}) {
		prune = t.clk.NewTimer(0) // prune once at open
		defer prune.Stop()
		pruneC = prune.C()
	}
	for {
		if w.commitQueued() {
			continue
		}
		if w.closing {
			return
		}
		select {
		case <-t.wake:
		case <-pruneC:
			w.prune()
			prune.Reset(t.opts.PruneEvery)
		case <-t.done:
			w.closing = true
		}
	}
}

// commitQueued commits the queued records, if any, retrying a failing
// commit with backoff until it succeeds or the trail closes; it reports
// whether there were any.
func (w *writer) commitQueued() bool {
	t := w.t
	w.batch = t.take(w.batch)
	if len(w.batch) == 0 {
		return false
	}
	backoff := minBackoff
	for {
		err := w.commit(w.batch)
		if err == nil {
			t.closeErr = nil
			return true
		}
		t.log.Error("audit: commit failed", "records", len(w.batch), "err", err)
		if w.closing {
			t.closeErr = fmt.Errorf("audit: %d records not committed: %w", len(w.batch)+t.Queued(), err)
			w.drain()
			return false
		}
		tm := t.clk.NewTimer(backoff)
		select {
		case <-tm.C():
		case <-t.done:
			w.closing = true // one more attempt, then give up
		}
		tm.Stop()
		backoff = min(2*backoff, maxBackoff)
	}
}

// drain empties the queue at the end of a writer that cannot commit.
func (w *writer) drain() {
	w.t.mu.Lock()
	w.t.queue = nil
	w.t.mu.Unlock()
}

// commit chains and writes batch, and moves the head, in one transaction;
// synchronous=FULL makes its commit fsync the WAL before it returns.
func (w *writer) commit(batch []Record) error {
	ctx := context.Background()
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // a no-op after Commit
	stmt := tx.StmtContext(ctx, w.insert)
	prev := w.lastHash
	for i := range batch {
		r := &batch[i]
		h := hashRecord(prev, r)
		var m []byte
		if w.key != nil {
			m = rowMAC(w.key, h[:])
		}
		if _, err := stmt.ExecContext(ctx, args(r, prev[:], h[:], m)...); err != nil {
			return fmt.Errorf("record %d (%s): %w", r.Seq, r.Action, err)
		}
		prev = h
	}
	last := batch[len(batch)-1].Seq
	var hm []byte
	if w.key != nil {
		hm = headMAC(w.key, last, prev[:], w.keyed)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_chain SET head_seq = ?, head_hash = ?, head_mac = ?`,
		int64(last), prev[:], nullable(hm)); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	w.lastSeq, w.lastHash = last, prev
	w.t.commitDone(last)
	return nil
}

// stopping reports whether Close was called.
func (w *writer) stopping() bool {
	select {
	case <-w.t.done:
		return true
	default:
		return w.closing
	}
}

// prune deletes the records the retention no longer keeps, oldest first,
// in small transactions with queued records committed between them.
func (w *writer) prune() {
	t := w.t
	r := t.opts.Retention
	var deleted int64
	var err error
	for !w.stopping() {
		var upTo int64
		upTo, err = w.pruneTarget(r)
		if err != nil || upTo <= 0 {
			break
		}
		var n int64
		n, err = w.pruneChunk(upTo)
		deleted += n
		if err != nil || n == 0 {
			break
		}
		w.commitQueued() // appends go first
	}
	if err != nil {
		t.log.Error("audit: pruning failed", "deleted", deleted, "err", err)
	} else if deleted > 0 {
		t.log.Debug("audit: pruned", "deleted", deleted)
	}
	if t.opts.Pruned != nil {
		t.opts.Pruned(deleted)
	}
}

// pruneTarget returns the highest Seq the retention deletes (0: none).
func (w *writer) pruneTarget(r Retention) (int64, error) {
	var upTo int64
	if r.MaxAge > 0 {
		cutoff := nanos(w.t.clk.Now().Add(-r.MaxAge))
		var s sql.NullInt64
		// Rows in Seq order: the last one older than the cutoff, so a
		// clock stepped back never leaves a hole in the chain.
		err := w.db.QueryRow(`SELECT max(seq) FROM audit WHERE time < ?`, cutoff).Scan(&s)
		if err != nil {
			return 0, err
		}
		upTo = s.Int64
	}
	if r.MaxRows > 0 {
		var s sql.NullInt64
		err := w.db.QueryRow(`SELECT seq FROM audit ORDER BY seq DESC LIMIT 1 OFFSET ?`, r.MaxRows).Scan(&s)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
		upTo = max(upTo, s.Int64)
	}
	return upTo, nil
}

// pruneChunk deletes up to pruneChunk of the oldest rows with Seq <= upTo
// and moves the anchor to the last one deleted, in one transaction.
func (w *writer) pruneChunk(upTo int64) (int64, error) {
	tx, err := w.db.Begin()
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	var last sql.NullInt64
	err = tx.QueryRow(`SELECT max(seq) FROM (SELECT seq FROM audit WHERE seq <= ? ORDER BY seq LIMIT ?)`,
		upTo, pruneChunk).Scan(&last)
	if err != nil || !last.Valid {
		return 0, err
	}
	var hash []byte
	if err := tx.QueryRow(`SELECT hash FROM audit WHERE seq = ?`, last.Int64).Scan(&hash); err != nil {
		return 0, err
	}
	res, err := tx.Exec(`DELETE FROM audit WHERE seq <= ?`, last.Int64)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	var am []byte
	if w.key != nil {
		am = anchorMAC(w.key, uint64(last.Int64), hash)
	}
	_, err = tx.Exec(`UPDATE audit_chain SET anchor_seq = ?, anchor_hash = ?, anchor_mac = ?, pruned = pruned + ?, pruned_at = ?`,
		last.Int64, hash, nullable(am), n, nanos(w.t.clk.Now()))
	if err != nil {
		return 0, err
	}
	return n, tx.Commit()
}

// nullable is b, or NULL for nil (not an empty blob).
func nullable(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}
