package trends

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"
)

// Block limits: a block is sealed when it holds BlockPoints points,
// spans BlockSpan or its row (data and summary, as sealed) would pass
// BlockBytes, whichever comes first. Three rows of BlockBytes and their
// cells (28 bytes each) fill a 4 KiB SQLite page: a row of 2 KiB took a
// page of its own, four rows of 900 bytes left a fifth of it empty. The
// span is long so that slow signals fill their blocks too: with an hour,
// a ramp's block held 160 points and its summary cost a byte a point. A
// decoded block may hold at most MaxBlockPoints points: a corrupt count
// is refused before any allocation.
const (
	BlockPoints    = 1024
	BlockSpan      = 24 * time.Hour
	BlockBytes     = 1330
	MaxBlockPoints = 4096
	// maxBlockBytes bounds the bit positions a chunk section may name
	// (a point takes at most 146 bits).
	maxBlockBytes = 32 * MaxBlockPoints
)

// ErrCorrupt is wrapped by [DecodeBlock]'s errors: the bytes are not a
// block this package wrote.
var ErrCorrupt = errors.New("trends: corrupt block")

// point is a stored point: t in milliseconds since 1970 UTC (the
// historian's resolution), v the value (0 when !good), good false for a
// gap marker.
type point struct {
	t    int64
	v    float64
	good bool
	unc  bool // a good point of Uncertain quality
}

func (p point) sample() Sample {
	return Sample{T: time.UnixMilli(p.t).UTC(), V: p.v, Good: p.good, Uncertain: p.good && p.unc}
}

// encoder appends points to a block in the Gorilla format (see doc.go):
// a header of the count and the first time as varints, then per point a
// quality bit, the delta-of-delta of its time and, for a good point, its
// value XORed with the previous good value.
type encoder struct {
	q         float64 // values are integers of q (a power of two), 0: XOR floats
	bw        bitWriter
	n         int
	t0        int64
	prevT     int64
	prevDelta int64 // in ticks
	tick      int64 // times are counted in ticks of this many ms; 0 or 1: ms
	prevV     uint64
	prevK     int64 // previous good value / q, integer mode
	haveV     bool
	lead      int // leading zeros of the previous XOR window; -1: none
	trail     int
	v2        v2    // version 2 (see block_v2.go) when v2.on
	ht, hv    hist  // version 2: the last time and value deltas
	sl        slope // version 2, lagSlope
	unc       bool  // each good point has an Uncertain bit (uncFlag)
}

// EncodeBlock encodes points given as samples (times are truncated to the
// millisecond and must increase strictly). It is the inverse of
// [DecodeBlock], for tools and tests, in the first block format, which
// has no Uncertain bits (Sample.Uncertain is not kept); the historian
// encodes as it records.
func EncodeBlock(ss []Sample) ([]byte, error) {
	var e encoder
	for i, s := range ss {
		p := point{t: s.T.UnixMilli(), v: s.V, good: s.Good}
		if !p.good {
			p.v = 0
		}
		if i > 0 && p.t <= e.prevT {
			return nil, fmt.Errorf("trends: sample %d at %s is not after the previous one", i, s.T)
		}
		if e.n == MaxBlockPoints {
			return nil, fmt.Errorf("trends: more than %d samples in a block", MaxBlockPoints)
		}
		e.add(p)
	}
	return e.bytes(), nil
}

// add appends p, which must be after the previous point.
func (e *encoder) add(p point) {
	if e.n == 0 {
		e.t0, e.prevT, e.lead = p.t, p.t, -1
	}
	if e.v2.on {
		e.addV2(p)
		e.n++
		return
	}
	e.bw.bit(p.good)
	if p.good && e.unc {
		e.bw.bit(p.unc)
	}
	if e.n > 0 {
		delta := p.t - e.prevT
		if e.tick > 1 {
			delta /= e.tick
		}
		e.putDoD(delta - e.prevDelta)
		e.prevT, e.prevDelta = p.t, delta
	}
	if p.good {
		if e.qexp() != 0 {
			e.putInt(p.v)
		} else {
			e.putValue(math.Float64bits(p.v))
		}
	}
	e.n++
}

// qexp is the header byte of the value mode: 0 for XOR floats, else
// 128 + the exponent of q.
func (e *encoder) qexp() byte {
	if e.q <= 0 {
		return 0
	}
	frac, exp := math.Frexp(e.q)
	if frac != 0.5 || exp-1 < -127 || exp-1 > 127 {
		return 0
	}
	return byte(exp - 1 + 128)
}

// maxK bounds the integers of integer mode: float64 holds them exactly.
const maxK = 1 << 53

// putInt writes a value in integer mode: v/q as the delta from the
// previous one ('0' for none, '10'+7 bits, '110'+12, '1110'+20, '11110'
// +64), or, for a value that is not an integer of q, '11111' and its 64
// float bits. The first is the integer's 64 bits, or the escape.
func (e *encoder) putInt(v float64) {
	k := math.Round(v / e.q)
	if k*e.q != v || math.Abs(k) >= maxK || k == 0 && math.Signbit(v) { // -0 is a float
		if !e.haveV {
			e.bw.bits(1, 1)
		} else {
			e.bw.bits(0b11111, 5)
		}
		e.bw.bits(math.Float64bits(v), 64)
		return
	}
	ki := int64(k)
	if !e.haveV {
		e.bw.bits(0, 1)
		e.bw.bits(uint64(ki), 64)
		e.prevK, e.haveV = ki, true
		return
	}
	d := ki - e.prevK
	e.prevK = ki
	e.putBucket(d, 0b11110, 5) // 0b11111 is the float escape
}

// putDoD writes a delta-of-delta of milliseconds: 0 in one bit, small
// ones in 9, 15 and 24 bits, anything else in 68.
func (e *encoder) putDoD(d int64) { e.putBucket(d, 0b1111, 4) }

// putBucket writes d in the smallest of the buckets the decoder reads
// (0 in one bit; '10' and 7 bits, '110' and 12, '1110' and 20, biased), or
// the escape prefix of escBits bits and all 64.
func (e *encoder) putBucket(d int64, esc uint64, escBits int) {
	switch {
	case d == 0:
		e.bw.bits(0, 1)
	case d >= -63 && d <= 64:
		e.bw.bits(0b10, 2)
		e.bw.bits(uint64(d+63), 7)
	case d >= -2047 && d <= 2048:
		e.bw.bits(0b110, 3)
		e.bw.bits(uint64(d+2047), 12)
	case d >= -(1<<19-1) && d <= 1<<19:
		e.bw.bits(0b1110, 4)
		e.bw.bits(uint64(d+(1<<19-1)), 20)
	default:
		e.bw.bits(esc, escBits)
		e.bw.bits(uint64(d), 64)
	}
}

// putValue writes a value as Gorilla does: the first raw, then the XOR
// with the previous value: '0' when equal, '10' and the meaningful bits
// when they fit the previous window, else '11', 5 bits of leading zeros,
// 6 bits of length-1 and the bits.
func (e *encoder) putValue(v uint64) {
	if !e.haveV {
		e.bw.bits(v, 64)
		e.prevV, e.haveV = v, true
		return
	}
	x := v ^ e.prevV
	e.prevV = v
	if x == 0 {
		e.bw.bits(0, 1)
		return
	}
	lead, trail := min(bits.LeadingZeros64(x), 31), bits.TrailingZeros64(x)
	if e.lead >= 0 && lead >= e.lead && trail >= e.trail {
		e.bw.bits(0b10, 2)
		e.bw.bits(x>>uint(e.trail), 64-e.lead-e.trail)
		return
	}
	e.lead, e.trail = lead, trail
	sig := 64 - lead - trail
	e.bw.bits(0b11, 2)
	e.bw.bits(uint64(lead), 5)
	e.bw.bits(uint64(sig-1), 6)
	e.bw.bits(x>>uint(trail), sig)
}

// bytes returns the block: the header, then the bit stream.
func (e *encoder) bytes() []byte {
	out := make([]byte, 0, 3*binary.MaxVarintLen64+4+len(e.bw.buf))
	n := uint64(e.n)
	if e.v2.on {
		n |= v2Flag
	}
	if e.unc {
		n |= uncFlag
	}
	if e.tick > 1 {
		out = binary.AppendUvarint(out, n|tickFlag)
		out = binary.AppendVarint(out, e.t0)
		out = binary.AppendUvarint(out, uint64(e.tick))
	} else {
		out = binary.AppendUvarint(out, n)
		out = binary.AppendVarint(out, e.t0)
	}
	out = append(out, e.qexp())
	if e.v2.on {
		out = appendV2Params(out, e.v2)
	}
	return append(out, e.bw.buf...)
}

// tickFlag in a block's count marks a time tick: a uvarint of the tick
// in ms follows the first time, and deltas are counted in ticks.
const tickFlag = 1 << 13

// uncFlag in a block's count: each good point's quality bit is followed
// by a bit set for Uncertain quality (the block holds such a point).
const uncFlag = 1 << 15

// maxTick bounds a block's tick (a day).
const maxTick = 86_400_000

// encodeTicked encodes pts, which e holds, again with their times
// counted in the greatest common divisor of their deltas when it is more
// than a millisecond (a polled or simulated signal's points lie on its
// sampling tick, and the delta-of-deltas shrink by as much), and in
// version 2 when that is shorter (integer mode); otherwise it returns
// e's bytes. The tick is returned too.
func encodeTicked(pts []point, e *encoder) ([]byte, int64) {
	var g int64
	for i := 1; i < len(pts) && g != 1; i++ {
		g = gcd(g, pts[i].t-pts[i-1].t)
	}
	if g > maxTick {
		g = 1
	}
	g = max(g, 1)
	var out []byte
	if g == 1 && e.tick <= 1 || g == e.tick {
		out = e.bytes()
	} else {
		t := encode(pts, e.q, g, e.unc)
		out = t.bytes()
	}
	if b, ok := encodeV2(pts, e.q, g, e.unc); ok && len(b) < len(out) {
		out = b
	}
	return out, g
}

// sealData encodes the points of a block to be sealed in value mode q.
func sealData(pts []point, q float64) []byte {
	e := encode(pts, q, 0, false)
	b, _ := encodeTicked(pts, &e)
	return b
}

// encode encodes pts with value quantum q and time tick, with Uncertain
// bits when unc or a point is Uncertain.
func encode(pts []point, q float64, tick int64, unc bool) encoder {
	for _, p := range pts {
		unc = unc || p.good && p.unc
	}
	e := encoder{q: q, tick: tick, unc: unc}
	for _, p := range pts {
		e.add(p)
	}
	return e
}

// fits reports whether p's delta from the last point is a whole number
// of e's ticks (or e counts in ms).
func (e *encoder) fits(p point) bool {
	return e.tick <= 1 || e.n == 0 || (p.t-e.prevT)%e.tick == 0
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// clone returns a copy of e that can be appended to independently.
func (e *encoder) clone() encoder {
	c := *e
	c.bw.buf = append([]byte(nil), e.bw.buf...)
	return c
}

// DecodeBlock decodes a block written by the historian. Corrupt input
// gives an error wrapping [ErrCorrupt], never a panic, and allocates at
// most in proportion to len(b).
func DecodeBlock(b []byte) ([]Sample, error) {
	pts, err := decodeBlock(b, nil)
	if err != nil {
		return nil, err
	}
	out := make([]Sample, len(pts))
	for i, p := range pts {
		out[i] = p.sample()
	}
	return out, nil
}

// openBlock reads b's header: the count and a decoder at the first point.
func openBlock(b []byte) (int, decoder, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return 0, decoder{}, fmt.Errorf("%w: bad count", ErrCorrupt)
	}
	t0, k2 := binary.Varint(b[k:])
	if k2 <= 0 {
		return 0, decoder{}, fmt.Errorf("%w: bad start time", ErrCorrupt)
	}
	k += k2
	tick := uint64(1)
	isV2, unc := n&v2Flag != 0, n&uncFlag != 0
	n &^= v2Flag | uncFlag
	if n&tickFlag != 0 {
		n &^= tickFlag
		var k3 int
		tick, k3 = binary.Uvarint(b[k:])
		if k3 <= 0 || tick < 2 || tick > maxTick {
			return 0, decoder{}, fmt.Errorf("%w: bad tick", ErrCorrupt)
		}
		k += k3
	}
	if len(b) == k {
		return 0, decoder{}, fmt.Errorf("%w: no value mode", ErrCorrupt)
	}
	qexp := b[k]
	body := b[k+1:]
	var p v2
	if isV2 {
		var err error
		if p, err = parseV2Params(body); err != nil || qexp == 0 {
			return 0, decoder{}, fmt.Errorf("%w: %v", ErrCorrupt, errV2)
		}
		body = body[3:]
	}
	// Each point takes at least one bit after the first.
	if n > MaxBlockPoints || n > uint64(len(body))*8+1 {
		return 0, decoder{}, fmt.Errorf("%w: %d points in %d bytes", ErrCorrupt, n, len(b))
	}
	d := decoder{br: bitReader{buf: body}, t: t0, tick: int64(tick), maxDelta: math.MaxInt64 / int64(tick), lead: -1, v2: p, unc: unc}
	if qexp != 0 {
		d.q = math.Ldexp(1, int(qexp)-128)
	}
	return int(n), d, nil
}

// decodeBlock appends b's points to dst.
func decodeBlock(b []byte, dst []point) ([]point, error) {
	n, d, err := openBlock(b)
	if err != nil {
		return dst, err
	}
	dst = slices.Grow(dst, int(n))
	for i := range int(n) {
		p, err := d.next(i)
		if err != nil {
			return dst, fmt.Errorf("%w: point %d: %v", ErrCorrupt, i, err)
		}
		dst = append(dst, p)
	}
	return dst, nil
}

// decoder reads a block's bit stream.
type decoder struct {
	q           float64 // integer mode when not 0
	k           int64
	br          bitReader
	t, delta    int64 // delta in ticks
	tick        int64 // ms
	maxDelta    int64 // the largest delta in ticks that fits an int64
	v           uint64
	haveV       bool
	lead, trail int
	v2          v2    // version 2 when v2.on
	ht, hv      hist  // version 2: the last time and value deltas
	sl          slope // version 2, lagSlope
	unc         bool  // Uncertain bits (uncFlag)
}

var errTime = errors.New("time does not increase")

func (d *decoder) next(i int) (point, error) {
	if d.v2.on {
		return d.nextV2(i)
	}
	good, err := d.br.bit()
	if err != nil {
		return point{}, err
	}
	unc := false
	if good && d.unc {
		if unc, err = d.br.bit(); err != nil {
			return point{}, err
		}
	}
	if i > 0 {
		dod, err := d.dod()
		if err != nil {
			return point{}, err
		}
		d.delta += dod
		if d.delta <= 0 || d.delta > d.maxDelta || d.t > math.MaxInt64-d.delta*d.tick {
			return point{}, errTime
		}
		d.t += d.delta * d.tick
	}
	p := point{t: d.t, good: good, unc: unc}
	if good {
		var err error
		if d.q != 0 {
			p.v, err = d.int()
		} else {
			err = d.value()
			p.v = math.Float64frombits(d.v)
		}
		if err != nil {
			return point{}, err
		}
	}
	return p, nil
}

// int reads a value in integer mode (see encoder.putInt).
func (d *decoder) int() (float64, error) {
	if !d.haveV {
		esc, err := d.br.bit()
		if err != nil {
			return 0, err
		}
		u, err := d.br.bits(64)
		if err != nil || esc {
			return math.Float64frombits(u), err
		}
		d.k, d.haveV = int64(u), true
		if d.k >= maxK || d.k <= -maxK {
			return 0, errors.New("integer value out of range")
		}
		return float64(d.k) * d.q, nil
	}
	ctl, err := d.br.ones(5)
	if err != nil {
		return 0, err
	}
	if ctl == 5 {
		u, err := d.br.bits(64)
		return math.Float64frombits(u), err
	}
	width, bias := [5]int{0, 7, 12, 20, 64}[ctl], [5]int64{0, 63, 2047, 1<<19 - 1, 0}[ctl]
	var dk int64
	if width > 0 {
		u, err := d.br.bits(width)
		if err != nil {
			return 0, err
		}
		dk = int64(u) - bias
	}
	k := d.k + dk
	if k >= maxK || k <= -maxK {
		return 0, errors.New("integer value out of range")
	}
	d.k = k
	return float64(k) * d.q, nil
}

func (d *decoder) dod() (int64, error) {
	ctl, err := d.br.ones(4)
	if err != nil {
		return 0, err
	}
	width, bias := [5]int{0, 7, 12, 20, 64}[ctl], [5]int64{0, 63, 2047, 1<<19 - 1, 0}[ctl]
	if width == 0 {
		return 0, nil
	}
	u, err := d.br.bits(width)
	return int64(u) - bias, err
}

func (d *decoder) value() error {
	if !d.haveV {
		v, err := d.br.bits(64)
		d.v, d.haveV = v, true
		return err
	}
	b, err := d.br.bit()
	if err != nil || !b {
		return err
	}
	b, err = d.br.bit()
	if err != nil {
		return err
	}
	if b {
		hdr, err := d.br.bits(11)
		if err != nil {
			return err
		}
		lead, sig := int(hdr>>6), int(hdr&63)+1
		if lead+sig > 64 {
			return errors.New("bad XOR window")
		}
		d.lead, d.trail = lead, 64-lead-sig
	} else if d.lead < 0 {
		return errors.New("XOR window reused before one was set")
	}
	x, err := d.br.bits(64 - d.lead - d.trail)
	d.v ^= x << uint(d.trail)
	return err
}

// bitWriter appends bits, most significant first.
type bitWriter struct {
	buf  []byte
	free int // unused low bits of the last byte
}

func (w *bitWriter) bit(b bool) {
	if b {
		w.bits(1, 1)
	} else {
		w.bits(0, 1)
	}
}

// bits writes the low n bits of v, 0 ≤ n ≤ 64.
func (w *bitWriter) bits(v uint64, n int) {
	for n > 0 {
		if w.free == 0 {
			w.buf = append(w.buf, 0)
			w.free = 8
		}
		k := min(n, w.free)
		chunk := byte(v>>uint(n-k)) & byte(1<<k-1)
		w.buf[len(w.buf)-1] |= chunk << uint(w.free-k)
		w.free -= k
		n -= k
	}
}

// bitReader reads what bitWriter wrote.
type bitReader struct {
	buf []byte
	pos int // in bits
}

var errShort = errors.New("unexpected end of block")

func (r *bitReader) bit() (bool, error) {
	if r.pos >= len(r.buf)*8 {
		return false, errShort
	}
	b := r.buf[r.pos>>3]>>(7-uint(r.pos&7))&1 == 1
	r.pos++
	return b, nil
}

// ones reads a unary prefix: the 1 bits before a 0 (which it reads too),
// at most max (then without a 0), 0 ≤ max ≤ 8.
func (r *bitReader) ones(max int) (int, error) {
	if i, off := r.pos>>3, r.pos&7; i+2 <= len(r.buf) {
		// The fast path: the next 9 or more bits in one 16-bit load.
		x := uint16(r.buf[i])<<8 | uint16(r.buf[i+1])
		n := min(bits.LeadingZeros16(^(x << uint(off))), max)
		if n < max {
			r.pos += n + 1
		} else {
			r.pos += n
		}
		return n, nil
	}
	n := 0
	for n < max {
		b, err := r.bit()
		if err != nil {
			return 0, err
		}
		if !b {
			break
		}
		n++
	}
	return n, nil
}

// bits reads n bits, 0 ≤ n ≤ 64.
func (r *bitReader) bits(n int) (uint64, error) {
	if r.pos+n > len(r.buf)*8 {
		return 0, errShort
	}
	if i, off := r.pos>>3, r.pos&7; n > 0 && i+8 <= len(r.buf) && off+n <= 64 {
		// The fast path: one 64-bit load holds them all.
		r.pos += n
		return binary.BigEndian.Uint64(r.buf[i:]) << uint(off) >> uint(64-n), nil
	}
	var v uint64
	for n > 0 {
		off := r.pos & 7
		k := min(n, 8-off)
		b := uint64(r.buf[r.pos>>3]>>uint(8-off-k)) & (1<<k - 1)
		v = v<<uint(k) | b
		r.pos += k
		n -= k
	}
	return v, nil
}

// summary is what a block's row keeps besides its bytes, for queries that
// need no more: its span, counts, and the first, last, lowest and highest
// good points (the earliest of equal ones), and where Bad markers lie.
type summary struct {
	stats
	chunks []chunk // sub-summaries of a stored block; none when it is small or old
}

// stats is a block's or a chunk's summary.
type stats struct {
	tFirst, tLast         int64 // of all points, markers included
	n, nGood              int
	first, last, min, max point
	badBefore, badAfter   bool // a marker before the first good point / after the last
	unc                   bool // an Uncertain point in it (flag 4)
}

func summarize(pts []point) summary {
	s := summary{stats: stats{n: len(pts)}}
	if len(pts) == 0 {
		return s
	}
	s.tFirst, s.tLast = pts[0].t, pts[len(pts)-1].t
	for _, p := range pts {
		if !p.good {
			if s.nGood == 0 {
				s.badBefore = true
			}
			s.badAfter = true
			continue
		}
		s.badAfter = false
		s.unc = s.unc || p.unc
		if s.nGood == 0 {
			s.first, s.min, s.max = p, p, p
		}
		if p.v < s.min.v {
			s.min = p
		}
		if p.v > s.max.v {
			s.max = p
		}
		s.last = p
		s.nGood++
	}
	return s
}
