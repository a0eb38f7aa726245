package trends

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gohmi/gohmi/internal/store"
)

// Reader queries the history of a data directory read-only, while a
// runtime may be recording into it: for `hmi history` and tools. It sees
// what the runtime committed, its open blocks included (at most one flush
// interval old).
type Reader struct {
	db *store.DB
}

var _ Source = (*Reader)(nil)

// OpenReader opens the history of the data directory dataDir for reading.
// It returns an error wrapping store.ErrNotFound when there is no
// database there.
func OpenReader(dataDir string) (*Reader, error) {
	db, err := store.OpenReadOnly(dataDir)
	if err != nil {
		return nil, fmt.Errorf("trends: %w", err)
	}
	return &Reader{db: db}, nil
}

// Close closes the database.
func (r *Reader) Close() error { return r.db.Close() }

// Tags returns the names of the tags that have history, sorted.
func (r *Reader) Tags(ctx context.Context) ([]string, error) {
	rows, err := r.db.QueryContext(ctx, `SELECT name FROM history_tags ORDER BY name`)
	if err != nil {
		if isNoTable(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("trends: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("trends: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// Query answers q like [Historian.Query], from what was committed.
func (r *Reader) Query(ctx context.Context, q Query) ([]Series, error) {
	out, _, err := r.QueryUncertain(ctx, q)
	return out, err
}

// QueryUncertain answers q like [Historian.QueryUncertain].
func (r *Reader) QueryUncertain(ctx context.Context, q Query) ([]Series, []Uncertainty, error) {
	if err := q.Check(); err != nil {
		return nil, nil, err
	}
	out := make([]Series, 0, len(q.Tags))
	unc := make([]Uncertainty, 0, len(q.Tags))
	for _, tag := range q.Tags {
		m := newM4(q)
		err := r.read(ctx, tag, func(tx *sql.Tx, id int64, known bool, mm mem) error {
			return scan(ctx, tx, id, known, mm, m, q.From, q.To)
		})
		if err != nil {
			return nil, nil, fmt.Errorf("trends: query %s: %w", tag, err)
		}
		out, unc = append(out, m.series(tag)), append(unc, m.uncertainty())
	}
	return out, unc, nil
}

// Samples returns tag's stored points in [from, to), at most limit
// ([DefaultLimit] when 0; an error past it).
func (r *Reader) Samples(ctx context.Context, tag string, from, to time.Time, limit int) ([]Sample, error) {
	var out []Sample
	err := r.read(ctx, tag, func(tx *sql.Tx, id int64, known bool, mm mem) error {
		var err error
		out, err = samples(ctx, tx, tag, id, known, mm, from, to, limit)
		return err
	})
	return out, err
}

// read runs fn in one read transaction (one snapshot of the file) with
// the tag's id and its open block read from its chunks.
func (r *Reader) read(ctx context.Context, tag string, fn func(*sql.Tx, int64, bool, mem) error) error {
	tx, err := r.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var id int64
	err = tx.QueryRowContext(ctx, `SELECT id FROM history_tags WHERE name = ?`, tag).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows) || isNoTable(err):
		return fn(tx, 0, false, mem{})
	case err != nil:
		return err
	}
	open, _, err := readOpen(ctx, tx, id)
	if err != nil {
		return err
	}
	return fn(tx, id, true, mem{pts: open.pts[id]})
}

func isNoTable(err error) bool {
	return err != nil && (errors.Is(err, store.ErrNotFound) || containsNoTable(err.Error()))
}

func containsNoTable(msg string) bool { return strings.Contains(msg, "no such table") }
