package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gohmi/gohmi/internal/store"
)

// Page sizes of [Reader.Query].
const (
	DefaultLimit = 100    // a Filter with Limit 0 returns at most this many
	MaxLimit     = 10_000 // a larger Limit is cut to this: a reply's memory is bounded
)

// Reader reads a trail: queries and verification. A [Trail] embeds one
// over its own database; [OpenReader] opens one read-only beside a running
// runtime (`hmi audit`), without the writer's lock.
type Reader struct {
	db  *store.DB
	key []byte // the Trail's key, which Verify checks the MACs with; nil for OpenReader
}

// OpenReader opens the audit trail of the data directory dataDir
// read-only. It fails, wrapping store.ErrNotFound, when no trail was ever
// written there.
func OpenReader(dataDir string) (*Reader, error) {
	db, err := store.OpenReadOnly(dataDir)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	v, err := db.Version(context.Background(), component)
	switch {
	case err != nil:
	case v == 0:
		err = fmt.Errorf("audit: %s holds no audit trail: %w", db.Path(), store.ErrNotFound)
	case v > len(migrations):
		err = fmt.Errorf("audit: %s: schema version %d is newer than this program's %d", db.Path(), v, len(migrations))
	}
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Reader{db: db}, nil
}

// Close closes the database.
func (r *Reader) Close() error { return r.db.Close() }

// Filter selects records for [Reader.Query]. Zero fields select all.
type Filter struct {
	Since  time.Time // records at or after
	Until  time.Time // records before
	Actor  string    // only this user
	Action Action    // only this action
	Target string    // only this target
	Where  Where     // only from this kind of place
	// Before selects Seqs below it: to page, pass the last Seq of the
	// previous page, so that records committed meanwhile shift nothing.
	Before uint64
	Limit  int // at most this many: 0 is DefaultLimit, above MaxLimit is MaxLimit
}

// Query returns the committed records f selects, newest (highest Seq)
// first, each with its chain Hash.
func (r *Reader) Query(ctx context.Context, f Filter) ([]Record, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if !f.Since.IsZero() {
		add("time >= ?", nanos(f.Since))
	}
	if !f.Until.IsZero() {
		add("time < ?", nanos(f.Until))
	}
	if f.Actor != "" {
		add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		add("action = ?", string(f.Action))
	}
	if f.Target != "" {
		add("target = ?", f.Target)
	}
	if f.Where != "" {
		add("source = ?", string(f.Where))
	}
	if f.Before != 0 {
		add("seq < ?", int64(min(f.Before, 1<<63-1)))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	q := `SELECT ` + columns + ` FROM audit`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	q += ` ORDER BY seq DESC LIMIT ?`
	args = append(args, min(limit, MaxLimit))
	rows, err := r.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("audit: query: %w", err)
	}
	defer rows.Close()
	var recs []Record
	for rows.Next() {
		x, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("audit: %s: %w", r.db.Path(), err)
		}
		x.Hash = hexHash(x.hash)
		recs = append(recs, x.Record)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("audit: query: %w", err)
	}
	return recs, nil
}
