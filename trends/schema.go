package trends

// component is the historian's name in the store's schema_versions table
// and the name of its lock in the data directory.
const component = "history"

// migrations are the historian's schema steps (append-only: see
// store.DB.Migrate). Times are milliseconds since 1970 UTC.
//
// history_tags numbers the tags so that rows carry an integer.
// history_blocks holds sealed blocks ([BlockPoints] points or
// [BlockSpan]) with their summary: t_first and t_last of every point,
// markers included; n and n_good; the first, last, lowest and highest good
// points (0 when n_good is 0); flags 1: a Bad marker before the first good
// point, 2: after the last. Blocks of a tag never overlap, so (tag,
// t_last) orders them. A rowid table, not WITHOUT ROWID: a row of a
// kilobyte or more fits a table page but spills to a nearly empty
// overflow page in an index b-tree (which tripled the file). history_flushes holds the open blocks as they
// grow: one row a flush, appended at the end of the table so that a
// commit writes few pages, holding an entry per tag that changed (see
// flushrow.go). Rows no open block needs any more are deleted.
var migrations = []string{
	`CREATE TABLE history_tags (
		id   INTEGER PRIMARY KEY,
		name TEXT NOT NULL UNIQUE
	) STRICT;
	CREATE TABLE history_blocks (
		id      INTEGER PRIMARY KEY,
		tag     INTEGER NOT NULL,
		t_first INTEGER NOT NULL,
		t_last  INTEGER NOT NULL,
		n       INTEGER NOT NULL,
		n_good  INTEGER NOT NULL,
		flags   INTEGER NOT NULL,
		first_t INTEGER NOT NULL, first_v REAL NOT NULL,
		last_t  INTEGER NOT NULL, last_v  REAL NOT NULL,
		min_t   INTEGER NOT NULL, min_v   REAL NOT NULL,
		max_t   INTEGER NOT NULL, max_v   REAL NOT NULL,
		data    BLOB NOT NULL
	) STRICT;
	CREATE UNIQUE INDEX history_blocks_tag ON history_blocks (tag, t_last);
	CREATE TABLE history_flushes (
		seq  INTEGER PRIMARY KEY,
		data BLOB NOT NULL
	) STRICT;`,
}

const blockCols = `t_first, t_last, n, n_good, flags, first_t, first_v, last_t, last_v, min_t, min_v, max_t, max_v, data`

const insertBlockSQL = `INSERT OR REPLACE INTO history_blocks (tag, ` + blockCols + `)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

// blockArgs are a sealed block's column values in the order of insertBlockSQL.
func blockArgs(tag int64, s *summary, data []byte) []any {
	flags := 0
	if s.badBefore {
		flags |= 1
	}
	if s.badAfter {
		flags |= 2
	}
	return []any{tag, s.tFirst, s.tLast, s.n, s.nGood, flags, s.first.t, s.first.v,
		s.last.t, s.last.v, s.min.t, s.min.v, s.max.t, s.max.v, data}
}

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanBlock reads the columns blockCols into a summary and the data.
func scanBlock(r scanner) (summary, []byte, error) {
	var s summary
	var flags int
	var data []byte
	err := r.Scan(&s.tFirst, &s.tLast, &s.n, &s.nGood, &flags, &s.first.t, &s.first.v,
		&s.last.t, &s.last.v, &s.min.t, &s.min.v, &s.max.t, &s.max.v, &data)
	s.badBefore, s.badAfter = flags&1 != 0, flags&2 != 0
	s.first.good, s.last.good, s.min.good, s.max.good = true, true, true, true
	return s, data, err
}
