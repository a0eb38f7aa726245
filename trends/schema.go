package trends

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
)

// component is the historian's name in the store's schema_versions table
// and the name of its lock in the data directory.
const component = "history"

// migrations are the historian's schema steps (append-only: see
// store.DB.Migrate). Times are milliseconds since 1970 UTC.
//
// history_tags numbers the tags so that rows carry an integer.
// history_blocks holds sealed blocks ([BlockPoints] points, [BlockSpan]
// or [BlockBytes]): t_first and t_last of every point, markers included,
// and the summary (see appendSummary): n and n_good; flags 1: a Bad
// marker before the first good point, 2: after the last; the first,
// last, lowest and highest good points (0 when n_good is 0); then, for a
// block of more than 64 points, its chunks (see appendChunks). One blob, not
// ten columns: a query reads thousands of rows, and each column scanned
// cost as much as decoding a point. Blocks of a tag never overlap, so (tag,
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
		summary BLOB NOT NULL,
		data    BLOB NOT NULL
	) STRICT;
	CREATE UNIQUE INDEX history_blocks_tag ON history_blocks (tag, t_last);
	CREATE TABLE history_flushes (
		seq  INTEGER PRIMARY KEY,
		data BLOB NOT NULL
	) STRICT;`,
}

const blockCols = `t_first, t_last, summary, data`

const insertBlockSQL = `INSERT OR REPLACE INTO history_blocks (tag, ` + blockCols + `) VALUES (?, ?, ?, ?, ?)`

// blockArgs are a sealed block's column values in the order of insertBlockSQL.
func blockArgs(tag int64, s *summary, data []byte) []any {
	cs, m, err := chunkBlock(data)
	if err != nil {
		m = mode{}
	}
	sum := appendSummary(nil, &s.stats, m)
	if len(cs) > 0 {
		sum = appendChunks(sum, s.tFirst, m, cs)
	}
	return []any{tag, s.tFirst, s.tLast, sum, data}
}

// appendSummary encodes a summary: uvarints n, n_good and flags (see
// statFlags), then, when n_good > 0, the first, last, min and max good
// points, each a varint time relative to t_first and 8 bytes of value.
// A version 2 block's summary (flag 128) has its value mode byte after
// the flags, and the values as varints of q.
func appendSummary(b []byte, s *stats, m mode) []byte {
	e := encoder{q: m.q}
	ints := m.v2.on && s.nGood > 0 && e.qexp() != 0
	for _, p := range [4]point{s.first, s.last, s.min, s.max} {
		ints = ints && isInt(p.v, m.q)
	}
	flags := statFlags(s)
	if ints {
		flags |= summaryInts
	}
	b = binary.AppendUvarint(b, uint64(s.n))
	b = binary.AppendUvarint(b, uint64(s.nGood))
	b = binary.AppendUvarint(b, flags)
	if ints {
		b = append(b, e.qexp())
	}
	if s.nGood == 0 {
		return b
	}
	for _, p := range [4]point{s.first, s.last, s.min, s.max} {
		b = binary.AppendVarint(b, p.t-s.tFirst)
		if ints {
			b = binary.AppendVarint(b, int64(math.Round(p.v/m.q)))
		} else {
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(p.v))
		}
	}
	return b
}

// summaryInts is the summary flag of values stored as varints of q.
const summaryInts = 128

// isInt reports whether v is an integer of q that integer mode stores.
func isInt(v, q float64) bool {
	k := math.Round(v / q)
	return k*q == v && math.Abs(k) < maxK && !(k == 0 && math.Signbit(v))
}

// parseSummary decodes what appendSummary and appendChunks wrote for
// the block data; tFirst and tLast come from their columns.
func parseSummary(b []byte, s *summary, data []byte) error {
	rest, err := parseSummaryRest(b, &s.stats)
	if err != nil || len(rest) == 0 {
		return err
	}
	return parseChunks(rest, s, blockMode(data))
}

// parseSummaryRest decodes a summary without its chunks and returns the
// bytes after it.
func parseSummaryRest(b []byte, s *stats) ([]byte, error) {
	var hdr [3]uint64
	for i := range hdr {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return nil, fmt.Errorf("%w: bad summary", ErrCorrupt)
		}
		hdr[i], b = v, b[n:]
	}
	s.n, s.nGood = int(min(hdr[0], MaxBlockPoints)), int(min(hdr[1], MaxBlockPoints))
	setStatFlags(s, hdr[2])
	q := 0.0
	if hdr[2]&summaryInts != 0 {
		if len(b) == 0 || b[0] == 0 {
			return nil, fmt.Errorf("%w: bad summary", ErrCorrupt)
		}
		q, b = math.Ldexp(1, int(b[0])-128), b[1:]
	}
	if s.nGood == 0 {
		return b, nil
	}
	for _, p := range [4]*point{&s.first, &s.last, &s.min, &s.max} {
		dt, n := binary.Varint(b)
		if n <= 0 {
			return nil, fmt.Errorf("%w: bad summary", ErrCorrupt)
		}
		p.t, p.good, b = s.tFirst+dt, true, b[n:]
		if q != 0 {
			k, n := binary.Varint(b)
			if n <= 0 || k >= maxK || k <= -maxK {
				return nil, fmt.Errorf("%w: bad summary", ErrCorrupt)
			}
			p.v, b = float64(k)*q, b[n:]
			continue
		}
		if len(b) < 8 {
			return nil, fmt.Errorf("%w: bad summary", ErrCorrupt)
		}
		p.v, b = math.Float64frombits(binary.BigEndian.Uint64(b)), b[8:]
	}
	return b, nil
}

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// scanBlock reads the columns blockCols into a summary and the data
// (which aliases buf when it fits).
func scanBlock(r scanner) (summary, []byte, error) {
	var s summary
	var sum, data []byte
	if err := r.Scan(&s.tFirst, &s.tLast, &sum, &data); err != nil {
		return s, nil, err
	}
	return s, data, parseSummary(sum, &s, data)
}

// scanBlockRaw reads the current row of blockCols into s, reusing its
// chunks, and returns the data, valid until the next call to rows.Next.
func scanBlockRaw(rows *sql.Rows, s *summary) ([]byte, error) {
	var sum, data sql.RawBytes
	*s = summary{chunks: s.chunks[:0]}
	if err := rows.Scan(&s.tFirst, &s.tLast, &sum, &data); err != nil {
		return nil, err
	}
	return data, parseSummary(sum, s, data)
}
