package journal

import (
	"context"
	"fmt"
	"strings"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/store"
)

// Page sizes of [Reader.Events].
const (
	DefaultLimit = 100    // a Query with Limit 0 returns at most this many
	MaxLimit     = 10_000 // a larger Limit is cut to this: a reply's memory is bounded
)

// Reader reads a journal: the committed events, the statuses to restore,
// the metrics report. A [Journal] embeds one over its own database;
// [OpenReader] opens one read-only beside a running runtime.
type Reader struct {
	db *store.DB
}

var _ alarms.History = (*Reader)(nil)

// OpenReader opens the journal of the data directory dataDir read-only.
// It fails, wrapping store.ErrNotFound, when no journal was ever written
// there.
func OpenReader(dataDir string) (*Reader, error) {
	db, err := store.OpenReadOnly(dataDir)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	v, err := db.Version(context.Background(), component)
	switch {
	case err != nil:
	case v == 0:
		err = fmt.Errorf("journal: %s holds no alarm journal: %w", db.Path(), store.ErrNotFound)
	case v > len(migrations):
		err = fmt.Errorf("journal: %s: schema version %d is newer than this program's %d", db.Path(), v, len(migrations))
	}
	if err != nil {
		_ = db.Close()
		return nil, err
	}
	return &Reader{db: db}, nil
}

// Close closes the database.
func (r *Reader) Close() error { return r.db.Close() }

// Events returns the committed events q selects, newest first (by time,
// then by Seq): Since <= time < Until, with the alarm, area, user and
// priority filters. Limit 0 means DefaultLimit; a Limit above MaxLimit is
// cut to it; Offset skips that many.
func (r *Reader) Events(q alarms.Query) ([]alarms.Event, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		where = append(where, cond)
		args = append(args, arg)
	}
	if !q.Since.IsZero() {
		add("time >= ?", nanos(q.Since))
	}
	if !q.Until.IsZero() {
		add("time < ?", nanos(q.Until))
	}
	if q.Alarm != "" {
		add("alarm = ?", q.Alarm)
	}
	if q.Area != "" {
		add("area = ?", q.Area)
	}
	if q.MaxPriority != 0 {
		add("priority BETWEEN 1 AND ?", int64(q.MaxPriority))
	}
	if q.User != "" {
		add("user = ?", q.User)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	sql := `SELECT ` + columns + ` FROM alarm_events`
	if len(where) > 0 {
		sql += ` WHERE ` + strings.Join(where, " AND ")
	}
	sql += ` ORDER BY time DESC, seq DESC LIMIT ? OFFSET ?`
	args = append(args, limit, max(q.Offset, 0))
	return r.query(context.Background(), sql, args...)
}

// Restore returns the status of every alarm after its last committed
// event, except alarms closed as Removed, sorted by name, and the event id
// the next activation should take (one more than the highest ever
// journaled, so ids are never reused). A Journal's Restore sees only what
// is durable; call it before appending.
func (r *Reader) Restore() (last []alarms.Status, nextEventID uint64, err error) {
	ctx := context.Background()
	evs, err := r.query(ctx, `SELECT `+columns+` FROM alarm_events
		WHERE seq IN (SELECT max(seq) FROM alarm_events GROUP BY alarm) ORDER BY alarm`)
	if err != nil {
		return nil, 0, err
	}
	for i := range evs {
		if evs[i].Action != alarms.Removed {
			last = append(last, evs[i].Status)
		}
	}
	var maxID int64
	err = r.db.QueryRowContext(ctx, `SELECT max(
		(SELECT max_event_id FROM alarm_journal),
		coalesce((SELECT max(event_id) FROM alarm_events), 0))`).Scan(&maxID)
	if err != nil {
		return nil, 0, fmt.Errorf("journal: restore: %w", err)
	}
	return last, uint64(maxID) + 1, nil
}

func (r *Reader) query(ctx context.Context, sql string, args ...any) ([]alarms.Event, error) {
	rows, err := r.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	defer rows.Close()
	var evs []alarms.Event
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return nil, fmt.Errorf("journal: %s: %w", r.db.Path(), err)
		}
		evs = append(evs, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	return evs, nil
}
