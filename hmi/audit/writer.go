package audit

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/groupcommit"
	"github.com/gohmi/gohmi/internal/store"
)

// pruneChunk is how many rows one pruning transaction deletes at most:
// the writer commits queued records between chunks.
const pruneChunk = 512

// writer is the trail's commits and pruning, run by its
// [groupcommit.Queue]'s goroutine, the only writer of its tables; its
// fields are its own.
type writer struct {
	q        *groupcommit.Queue[Record]
	opts     Options
	log      *slog.Logger
	clk      clock.Clock
	db       *store.DB
	insert   *sql.Stmt
	lastSeq  uint64         // the chain's head: the last Seq committed
	lastHash [HashSize]byte // and its hash
	key      []byte         // the trail's key; nil: unkeyed
	keyed    uint64         // the first Seq written with the key
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
	return nil
}

// prune deletes the records the retention no longer keeps, oldest first,
// in small transactions with queued records committed between them.
func (w *writer) prune() {
	r := w.opts.Retention
	var deleted int64
	var err error
	for !w.q.Stopping() {
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
		w.q.CommitQueued() // appends go first
	}
	if err != nil {
		w.log.Error("audit: pruning failed", "deleted", deleted, "err", err)
	} else if deleted > 0 {
		w.log.Debug("audit: pruned", "deleted", deleted)
	}
	if w.opts.Pruned != nil {
		w.opts.Pruned(deleted)
	}
}

// pruneTarget returns the highest Seq the retention deletes (0: none).
func (w *writer) pruneTarget(r Retention) (int64, error) {
	var upTo int64
	if r.MaxAge > 0 {
		cutoff := nanos(w.clk.Now().Add(-r.MaxAge))
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
		last.Int64, hash, nullable(am), n, nanos(w.clk.Now()))
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
