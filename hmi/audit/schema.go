package audit

import (
	"database/sql"
	"fmt"
)

// component is the trail's name in the store's schema_versions table and
// the name of its data-directory lock.
const component = "audit"

// migrations are the trail's schema steps (append-only: see
// store.DB.Migrate). audit has one row per record: seq is the Seq (the
// rowid), time UTC nanoseconds, source the Where, prev the hash the row
// chains to, hash its own and mac its HMAC when the trail is keyed (NULL
// otherwise). audit_chain's one row holds the anchor (the Seq and hash the
// first remaining row chains to: 0 and Genesis until retention prunes)
// and the head (the last Seq and hash committed, updated in the same
// transaction as the rows), so that a cut tail shows; for a keyed trail
// also the key's id, the first keyed Seq and the head's and anchor's MACs.
var migrations = []string{
	`CREATE TABLE audit (
		seq    INTEGER PRIMARY KEY,
		time   INTEGER NOT NULL,
		actor  TEXT    NOT NULL,
		role   TEXT    NOT NULL,
		source TEXT    NOT NULL,
		host   TEXT    NOT NULL,
		action TEXT    NOT NULL,
		target TEXT    NOT NULL,
		old    TEXT    NOT NULL,
		new    TEXT    NOT NULL,
		detail TEXT    NOT NULL,
		prev   BLOB    NOT NULL,
		hash   BLOB    NOT NULL,
		mac    BLOB
	) STRICT;
	CREATE INDEX audit_time ON audit (time);
	CREATE TABLE audit_chain (
		id          INTEGER PRIMARY KEY CHECK (id = 1),
		anchor_seq  INTEGER NOT NULL,
		anchor_hash BLOB    NOT NULL,
		head_seq    INTEGER NOT NULL,
		head_hash   BLOB    NOT NULL,
		pruned      INTEGER NOT NULL,
		pruned_at   INTEGER NOT NULL,
		key_id      BLOB,
		keyed_from  INTEGER NOT NULL DEFAULT 0,
		head_mac    BLOB,
		anchor_mac  BLOB
	) STRICT;`,
}

// initChain is run after the migrations: the chain row, once.
const initChain = `INSERT INTO audit_chain (id, anchor_seq, anchor_hash, head_seq, head_hash, pruned, pruned_at)
	VALUES (1, 0, ?, 0, ?, 0, 0) ON CONFLICT (id) DO NOTHING`

// columns are audit's columns in the order insertSQL binds them and scan
// reads them.
const columns = `seq, time, actor, role, source, host, action, target, old, new, detail, prev, hash, mac`

const insertSQL = `INSERT INTO audit (` + columns + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// args returns r's column values in the order of columns; mac nil is NULL.
func args(r *Record, prev, hash, mac []byte) []any {
	return []any{int64(r.Seq), nanos(r.Time), r.Actor, r.Role, string(r.Where), r.Host, string(r.Action),
		r.Target, r.Old, r.New, r.Detail, prev, hash, nullable(mac)}
}

// row is one stored row: the record, its links and its MAC (nil: none).
type row struct {
	Record
	prev, hash, mac []byte
}

// scan reads one row of columns (Record.Hash is left to the caller that
// shows it: Verify compares bytes).
func scan(rows *sql.Rows) (row, error) {
	var (
		x         row
		seq, t    int64
		where, ac string
	)
	err := rows.Scan(&seq, &t, &x.Actor, &x.Role, &where, &x.Host, &ac, &x.Target, &x.Old, &x.New,
		&x.Detail, &x.prev, &x.hash, &x.mac)
	if err != nil {
		return x, fmt.Errorf("row: %w", err)
	}
	x.Seq, x.Time, x.Where, x.Action = uint64(seq), fromNanos(t), Where(where), Action(ac)
	return x, nil
}
