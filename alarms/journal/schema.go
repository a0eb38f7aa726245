package journal

import (
	"database/sql"
	"fmt"
	"math"
	"time"

	"github.com/gohmi/gohmi/alarms"
)

// component is the journal's name in the store's schema_versions table.
const component = "alarms"

// migrations are the journal's schema steps (append-only: see
// store.DB.Migrate). Times are UTC nanoseconds since 1970 (0: none);
// limit_value is NULL when the alarm's kind has no limit (NaN in Go);
// state is the State's journal name ("active-unack"…); from_state and
// to_state are Status.Shown() before and after.
var migrations = []string{
	`CREATE TABLE alarm_events (
		seq            INTEGER PRIMARY KEY AUTOINCREMENT,
		time           INTEGER NOT NULL,
		alarm          TEXT    NOT NULL,
		event_id       INTEGER NOT NULL,
		action         TEXT    NOT NULL,
		from_state     TEXT    NOT NULL,
		to_state       TEXT    NOT NULL,
		value          TEXT    NOT NULL,
		limit_value    REAL,
		priority       INTEGER NOT NULL,
		area           TEXT    NOT NULL,
		message        TEXT    NOT NULL,
		user           TEXT    NOT NULL,
		comment        TEXT    NOT NULL,
		state          TEXT    NOT NULL,
		shelved        INTEGER NOT NULL,
		shelved_until  INTEGER NOT NULL,
		suppressed     INTEGER NOT NULL,
		out_of_service INTEGER NOT NULL,
		active_since   INTEGER NOT NULL,
		since          INTEGER NOT NULL
	) STRICT;
	CREATE INDEX alarm_events_time ON alarm_events (time);
	CREATE INDEX alarm_events_alarm ON alarm_events (alarm);
	CREATE TABLE alarm_journal (
		id           INTEGER PRIMARY KEY CHECK (id = 1),
		max_event_id INTEGER NOT NULL
	) STRICT;
	INSERT INTO alarm_journal (id, max_event_id) VALUES (1, 0);`,
}

// columns are alarm_events' columns in the order insertSQL binds them and
// scanEvent reads them.
const columns = `seq, time, alarm, event_id, action, from_state, to_state, value, limit_value,
	priority, area, message, user, comment, state, shelved, shelved_until, suppressed,
	out_of_service, active_since, since`

const insertSQL = `INSERT INTO alarm_events (` + columns + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// args returns ev's column values in the order of columns.
func args(ev *alarms.Event) []any {
	s := &ev.Status
	var limit any // NULL for NaN: SQLite stores no NaN
	if !math.IsNaN(s.Limit) {
		limit = s.Limit
	}
	return []any{
		ev.Seq, nanos(ev.Time), s.Name, int64(s.EventID), string(ev.Action), ev.From, ev.To,
		s.Value, limit, int64(s.Priority), s.Area, s.Message, ev.User, ev.Comment,
		s.State.String(), s.Shelved, nanos(s.ShelvedUntil), s.Suppressed,
		s.OutOfService, nanos(s.ActiveSince), nanos(s.Since),
	}
}

// scanEvent reads one row of columns.
func scanEvent(rows *sql.Rows) (alarms.Event, error) {
	var (
		ev                                  alarms.Event
		s                                   = &ev.Status
		t, shelvedUntil, activeSince, since int64
		eventID, priority                   int64
		action, state                       string
		limit                               sql.NullFloat64
	)
	err := rows.Scan(&ev.Seq, &t, &s.Name, &eventID, &action, &ev.From, &ev.To, &s.Value, &limit,
		&priority, &s.Area, &s.Message, &ev.User, &ev.Comment, &state, &s.Shelved, &shelvedUntil,
		&s.Suppressed, &s.OutOfService, &activeSince, &since)
	if err != nil {
		return ev, err
	}
	st, ok := parseState(state)
	if !ok {
		return ev, fmt.Errorf("event %d: unknown state %q", ev.Seq, state)
	}
	ev.Time, ev.Action, s.State = fromNanos(t), alarms.Action(action), st
	s.EventID, s.Priority = uint64(eventID), alarms.Priority(priority)
	s.ShelvedUntil, s.ActiveSince, s.Since = fromNanos(shelvedUntil), fromNanos(activeSince), fromNanos(since)
	s.Limit = math.NaN()
	if limit.Valid {
		s.Limit = limit.Float64
	}
	return ev, nil
}

// nanos is t in UTC nanoseconds since 1970, 0 for the zero time.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixNano()
}

// fromNanos undoes nanos, in UTC.
func fromNanos(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n).UTC()
}

func parseState(name string) (alarms.State, bool) {
	for s := alarms.Normal; s <= alarms.Latched; s++ {
		if s.String() == name {
			return s, true
		}
	}
	return 0, false
}
