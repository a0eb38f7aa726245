package trends

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"time"
)

// MaxWidth is the most columns a [Query] may ask for.
const MaxWidth = 8192

// Check reports a query the historian refuses.
func (q Query) Check() error {
	switch {
	case q.Width < 1 || q.Width > MaxWidth:
		return fmt.Errorf("trends: width %d: must be 1…%d", q.Width, MaxWidth)
	case !q.From.Before(q.To):
		return fmt.Errorf("trends: from %s is not before to %s", q.From.Format(time.RFC3339), q.To.Format(time.RFC3339))
	}
	return nil
}

// Query answers q from the stored blocks, the blocks sealed but not yet
// committed and the open blocks, including the points the compressors
// hold back: history and live data join without a seam. A tag never
// recorded gets empty columns. See [Source].
func (h *Historian) Query(ctx context.Context, q Query) ([]Series, error) {
	out, _, err := h.QueryUncertain(ctx, q)
	return out, err
}

// QueryUncertain answers q as Query does, and tells which columns of
// each series hold an Uncertain sample.
func (h *Historian) QueryUncertain(ctx context.Context, q Query) ([]Series, []Uncertainty, error) {
	return h.QueryInto(ctx, q, nil, nil)
}

// QueryInto answers q as QueryUncertain does, into the memory of ss and
// unc (an earlier answer the caller no longer reads, or nil): their
// series and columns are overwritten and reused where they are big
// enough. A live trend asks 10 times a second, and a fresh answer was
// most of the runtime's allocations (see [ReuseSource]).
func (h *Historian) QueryInto(ctx context.Context, q Query, ss []Series, unc []Uncertainty) ([]Series, []Uncertainty, error) {
	if err := q.Check(); err != nil {
		return nil, nil, err
	}
	ss, unc = resize(ss, len(q.Tags)), resize(unc, len(q.Tags))
	m, _ := h.m4s.Get().(*m4)
	if m == nil {
		m = new(m4)
	}
	defer h.m4s.Put(m)
	for i, tag := range q.Tags {
		mem, id, known := h.snapshot(tag, true)
		if known && mem.index == nil && mem.loadIndex {
			var err error
			if mem.index, err = h.loadIndex(ctx, id); err != nil {
				return nil, nil, fmt.Errorf("trends: query %s: %w", tag, err)
			}
		}
		m.reset(q)
		if err := scan(ctx, h.db.DB, id, known, mem, m, q.From, q.To); err != nil {
			return nil, nil, fmt.Errorf("trends: query %s: %w", tag, err)
		}
		m.seriesInto(&ss[i], tag)
		m.uncertaintyInto(&unc[i])
	}
	return ss, unc, nil
}

// resize returns s with n elements, keeping those it has (and the memory
// they hold) and adding zero ones.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		s = append(s[:cap(s)], make([]T, n-cap(s))...)
	}
	return s[:n]
}

// Samples returns tag's stored points in [from, to), at most limit (an
// error past it): the export of `hmi history --step 0`.
func (h *Historian) Samples(ctx context.Context, tag string, from, to time.Time, limit int) ([]Sample, error) {
	mem, id, known := h.snapshot(tag, false)
	return samples(ctx, h.db.DB, tag, id, known, mem, from, to, limit)
}

// DefaultLimit is the most samples [Historian.Samples] returns when its
// limit is 0.
const DefaultLimit = 1_000_000

func samples(ctx context.Context, db querier, tag string, id int64, known bool, m mem, from, to time.Time, limit int) ([]Sample, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	c := &collect{from: nanos(from), to: nanos(to), limit: limit}
	err := scan(ctx, db, id, known, m, c, from, to)
	if err == nil {
		err = c.err
	}
	if err != nil {
		return nil, fmt.Errorf("trends: samples of %s: %w", tag, err)
	}
	return c.out, nil
}

// mem is what a tag holds in memory: sealed blocks waiting for their
// commit, then the open block's points and the tentative ones.
type mem struct {
	blocks []*sealed
	pts    []point
	// index is the tag's stored blocks (a Historian's, for queries); nil
	// when not loaded: then loadIndex tells the query to load it.
	index     []indexed
	loadIndex bool
}

// start is the time of mem's first point; MaxInt64 when empty.
func (m *mem) start() int64 {
	switch {
	case len(m.blocks) > 0:
		return m.blocks[0].sum.tFirst
	case len(m.pts) > 0:
		return m.pts[0].t
	}
	return math.MaxInt64
}

// snapshot copies what tag holds in memory, with its index when
// indexed (loading it is then up to the caller when m.loadIndex).
func (h *Historian) snapshot(tag string, withIndex bool) (m mem, id int64, known bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	id, known = h.ids[tag]
	for _, b := range h.pend {
		if b.tag == id && known {
			m.blocks = append(m.blocks, b)
		}
	}
	if known && withIndex {
		var ok bool
		if m.index, ok, m.loadIndex = h.indexOf(id); ok && m.index == nil {
			m.index = []indexed{}
		}
	}
	if s := h.series[tag]; s != nil {
		m.pts = append(make([]point, 0, len(s.open)+4), s.open...) // and the tentative points (at most 3)
		m.pts = s.c.tentative(m.pts)
	}
	return m, id, known
}

// visitor takes a tag's points in time order: whole blocks (which it may
// decode) and single points.
type visitor interface {
	block(s *summary, data []byte) error
	point(p point)
	// before is called, when the scan found no point at or before To,
	// with the tag's last block entirely before From.
	before(s *summary)
	found() bool
}

// scan feeds v the tag's points that may fall in [from, to]: stored
// blocks before mem's start, then mem.
func scan(ctx context.Context, db querier, id int64, known bool, m mem, v visitor, from, to time.Time) error {
	lo, hi := from.UnixMilli()-1, min(to.UnixMilli()+1, m.start()) // ms, widened: times are truncated
	if mm, ok := v.(*m4); ok && known && hi > lo && m.index != nil {
		if err := scanIndexed(ctx, db, id, m.index, mm, lo, hi); err != nil {
			return err
		}
	} else if known && hi > lo {
		rows, err := db.QueryContext(ctx, `SELECT `+blockCols+` FROM history_blocks
			WHERE tag = ? AND t_last >= ? AND t_first < ? ORDER BY t_last`, id, lo, hi)
		if err != nil {
			return err
		}
		var s summary
		for rows.Next() {
			data, err := scanBlockRaw(rows, &s)
			if err == nil {
				err = v.block(&s, data)
			}
			if err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, b := range m.blocks {
		if err := v.block(&b.sum, b.data); err != nil {
			return err
		}
	}
	for _, p := range m.pts {
		v.point(p)
	}
	if v.found() || !known {
		return ctx.Err()
	}
	row := db.QueryRowContext(ctx, `SELECT `+blockCols+` FROM history_blocks
		WHERE tag = ? AND t_last < ? ORDER BY t_last DESC LIMIT 1`, id, min(lo+1, m.start()))
	s, _, err := scanBlock(row)
	if errors.Is(err, sql.ErrNoRows) {
		return ctx.Err()
	}
	if err != nil {
		return err
	}
	v.before(&s)
	return ctx.Err()
}

// m4 reduces points to a query's columns. It keeps points, not
// Samples, until the end: a time.Time per decoded point cost more than
// the decoding.
type m4 struct {
	from, to, span int64 // ns
	width          uint64
	acc            []colAcc
	cur            int   // the column of the last point
	curFrom, curTo int64 // its bounds, ns
	bad            bool  // a Bad marker since the last good point in [from, to)
	last           point
	haveLast       bool
	buf            []point
}

// colAcc is a column being reduced.
type colAcc struct {
	first, last, min, max point
	n                     int
	gap                   bool
	unc                   bool // an Uncertain point in it
}

func newM4(q Query) *m4 {
	m := new(m4)
	m.reset(q)
	return m
}

// reset makes m ready for a query, keeping its buffers.
func (m *m4) reset(q Query) {
	acc, buf := resize(m.acc, q.Width), m.buf[:0]
	clear(acc)
	*m = m4{from: nanos(q.From), to: nanos(q.To), width: uint64(q.Width), cur: -1, acc: acc, buf: buf}
	m.span = max(m.to-m.from, 1)
}

// col is the column of time t (ns), from ≤ t < to: ⌊(t−from)·width/span⌋.
func (m *m4) col(t int64) int {
	if t >= m.curFrom && t < m.curTo {
		return m.cur // points come in time order: mostly the same column
	}
	hi, lo := bits.Mul64(uint64(t-m.from), m.width)
	q, _ := bits.Div64(hi, lo, uint64(m.span))
	m.cur, m.curFrom, m.curTo = int(q), m.from+m.colStart(q), m.from+m.colStart(q+1)
	return m.cur
}

// colStart is the offset of column i's first nanosecond: ⌈i·span/width⌉,
// so that col(from+colStart(i)) == i.
func (m *m4) colStart(i uint64) int64 {
	hi, lo := bits.Mul64(i, uint64(m.span))
	lo, c := bits.Add64(lo, m.width-1, 0)
	q, _ := bits.Div64(hi+c, lo, m.width)
	return int64(q)
}

func (m *m4) point(p point) {
	t := msNanos(p.t)
	if t > m.to {
		return
	}
	m.last, m.haveLast = p, true
	if t < m.from || t == m.to {
		return
	}
	if !p.good {
		m.bad = true
		return
	}
	c := &m.acc[m.col(t)]
	c.unc = c.unc || p.unc
	if c.n == 0 {
		c.first, c.min, c.max, c.gap = p, p, p, m.bad
	} else if p.v < c.min.v {
		c.min = p
	} else if p.v > c.max.v {
		c.max = p
	}
	c.last = p
	c.n++
	m.bad = false
}

// block reads a block's summary when the whole block falls in one
// column, and decodes it otherwise.
func (m *m4) block(s *summary, data []byte) error {
	if m.inOne(&s.stats) {
		m.summary(&s.stats)
		return nil
	}
	if len(s.chunks) == 0 {
		var err error
		m.buf, err = decodeBlock(data, m.buf[:0])
		for _, p := range m.buf {
			m.point(p)
		}
		return err
	}
	// Only the chunks that straddle a boundary are decoded.
	_, d0, err := openBlock(data)
	if err != nil {
		return err
	}
	for i := range s.chunks {
		c := &s.chunks[i]
		if m.inOne(&c.sum) {
			m.summary(&c.sum)
			continue
		}
		d := d0
		d.at(c.dec)
		for j := range c.sum.n {
			p, err := d.next(i*chunkPoints + j)
			if err != nil {
				return fmt.Errorf("%w: chunk %d point %d: %v", ErrCorrupt, i, j, err)
			}
			m.point(p)
		}
	}
	return nil
}

// inOne reports whether a block or chunk lies within [from, to) in one
// column, so that its summary is all a query needs.
func (m *m4) inOne(s *stats) bool {
	tf, tl := msNanos(s.tFirst), msNanos(s.tLast)
	return tf >= m.from && tl < m.to && m.col(tf) == m.col(tl)
}

// summary adds a block or chunk that lies in one column.
func (m *m4) summary(s *stats) {
	tf := msNanos(s.tFirst)
	m.last, m.haveLast = lastPoint(s), true
	if s.nGood == 0 {
		m.bad = m.bad || s.n > 0
		return
	}
	c := &m.acc[m.col(tf)]
	c.unc = c.unc || s.unc
	if c.n == 0 {
		c.first, c.min, c.max, c.gap = s.first, s.min, s.max, m.bad || s.badBefore
	} else {
		if s.min.v < c.min.v {
			c.min = s.min
		}
		if s.max.v > c.max.v {
			c.max = s.max
		}
	}
	c.last = s.last
	c.n += s.nGood
	m.bad = s.badAfter
}

// lastPoint is a block's last point: a marker when one follows its last
// good point.
func lastPoint(s *stats) point {
	if s.badAfter || s.nGood == 0 {
		return point{t: s.tLast}
	}
	return s.last
}

func (m *m4) before(s *summary) { m.last, m.haveLast = lastPoint(&s.stats), true }
func (m *m4) found() bool       { return m.haveLast }

func (m *m4) uncertainty() Uncertainty {
	var u Uncertainty
	m.uncertaintyInto(&u)
	return u
}

// uncertaintyInto sets u to the query's uncertainty, reusing its memory.
func (m *m4) uncertaintyInto(u *Uncertainty) {
	u.Columns = resize(u.Columns, len(m.acc))
	u.Last = m.haveLast && m.last.good && m.last.unc
	for i := range m.acc {
		u.Columns[i] = m.acc[i].unc
	}
}

func (m *m4) series(tag string) Series {
	var s Series
	m.seriesInto(&s, tag)
	return s
}

// seriesInto sets s to the query's series of tag, reusing its memory.
func (m *m4) seriesInto(s *Series, tag string) {
	s.Tag, s.Columns, s.Last = tag, resize(s.Columns, len(m.acc)), Sample{}
	for i := range s.Columns {
		c, a := &s.Columns[i], &m.acc[i]
		*c = Column{
			From: time.Unix(0, m.from+m.colStart(uint64(i))).UTC(),
			To:   time.Unix(0, m.from+m.colStart(uint64(i+1))).UTC(),
		}
		if a.n > 0 {
			c.First, c.Last, c.Min, c.Max = a.first.sample(), a.last.sample(), a.min.sample(), a.max.sample()
			c.N, c.GapBefore = a.n, a.gap
		}
	}
	if m.haveLast {
		s.Last = m.last.sample()
	}
}

// collect gathers the points in [from, to).
type collect struct {
	from, to int64 // ns
	limit    int
	out      []Sample
	err      error
	buf      []point
}

func (c *collect) block(s *summary, data []byte) error {
	var err error
	c.buf, err = decodeBlock(data, c.buf[:0])
	for _, p := range c.buf {
		c.point(p)
	}
	if err == nil {
		err = c.err
	}
	return err
}

func (c *collect) point(p point) {
	if t := msNanos(p.t); t < c.from || t >= c.to || c.err != nil {
		return
	}
	if len(c.out) == c.limit {
		c.err = fmt.Errorf("more than %d samples", c.limit)
		return
	}
	c.out = append(c.out, p.sample())
}

func (c *collect) before(*summary) {}
func (c *collect) found() bool     { return true }

// Nanosecond times saturate: time.Time reaches beyond int64 nanoseconds
// (years 1678 to 2262), and a query "until forever" must not wrap.
const (
	minNanos = math.MinInt64 / 2
	maxNanos = math.MaxInt64 / 2
)

// nanos is t in nanoseconds since 1970, saturated.
func nanos(t time.Time) int64 {
	sec := t.Unix()
	switch {
	case sec > maxNanos/1_000_000_000:
		return maxNanos
	case sec < minNanos/1_000_000_000:
		return minNanos
	}
	return t.UnixNano()
}

// msNanos is a time in ms as nanoseconds, saturated.
func msNanos(ms int64) int64 {
	switch {
	case ms > maxNanos/1_000_000:
		return maxNanos
	case ms < minNanos/1_000_000:
		return minNanos
	}
	return ms * 1e6
}
