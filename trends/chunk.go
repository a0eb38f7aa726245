package trends

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// chunkPoints is the size of a block's chunks: a stored block of more
// points carries, in its summary, a sub-summary and a restart point (the
// decoder's state) every chunkPoints points, so that a query decodes
// only the chunks that straddle a column boundary and reads the others
// from their sub-summaries. Blocks stored without them (before chunks
// existed) are decoded whole.
const chunkPoints = 64

// chunkBytes estimates the chunk section of a block of n points, in
// integer or XOR mode (measured on the sim's signals: 31 to 35 bytes a
// chunk in integer mode, 66 to 68 in XOR mode): a block is sealed when
// its data and chunks reach BlockBytes, so that three rows still fill a
// page.
func chunkBytes(n int, integer bool) int {
	if n <= chunkPoints {
		return 0
	}
	per := 68
	if integer {
		per = 36
	}
	return per * ((n + chunkPoints - 1) / chunkPoints)
}

// chunk is a run of at most chunkPoints points of a block: its summary
// and the decoder's state before its first point (br.buf and q unset).
type chunk struct {
	sum stats
	dec restart
}

// restart is a decoder's state between points, without its buffer.
type restart struct {
	pos         int
	t, delta    int64
	v           uint64
	k           int64
	haveV       bool
	lead, trail int
	ht, hv      hist  // version 2
	sl          slope // version 2
}

func (d *decoder) state() restart {
	return restart{d.br.pos, d.t, d.delta, d.v, d.k, d.haveV, d.lead, d.trail, d.ht, d.hv, d.sl}
}

// at puts d at r.
func (d *decoder) at(r restart) {
	d.br.pos, d.t, d.delta, d.v, d.k, d.haveV, d.lead, d.trail = r.pos, r.t, r.delta, r.v, r.k, r.haveV, r.lead, r.trail
	d.ht, d.hv, d.sl = r.ht, r.hv, r.sl
}

// mode is what a block's header tells its chunks' restart states: the
// value quantum (0: XOR floats) and the version 2 parameters.
type mode struct {
	q    float64
	v2   v2
	tick int64 // ms, at least 1
}

// blockMode reads data's header (a zero mode when it is corrupt).
func blockMode(data []byte) mode {
	_, d, _ := openBlock(data)
	return d.mode()
}

func (d *decoder) mode() mode { return mode{d.q, d.v2, max(d.tick, 1)} }

// chunkBlock decodes data and returns its chunks (none when it holds at
// most chunkPoints points) and its mode.
func chunkBlock(data []byte) ([]chunk, mode, error) {
	n, d, err := openBlock(data)
	if err != nil || n <= chunkPoints {
		return nil, d.mode(), err
	}
	out := make([]chunk, 0, (n+chunkPoints-1)/chunkPoints)
	pts := make([]point, 0, chunkPoints)
	for i := 0; i < n; i += chunkPoints {
		c := chunk{dec: d.state()}
		pts = pts[:0]
		for j := i; j < min(i+chunkPoints, n); j++ {
			p, err := d.next(j)
			if err != nil {
				return nil, mode{}, fmt.Errorf("%w: point %d: %v", ErrCorrupt, j, err)
			}
			pts = append(pts, p)
		}
		c.sum = summarize(pts).stats
		out = append(out, c)
	}
	return out, d.mode(), nil
}

// appendChunks encodes chunks after a summary: a uvarint count, then per
// chunk its restart point: the uvarint bit position, varints of the
// time after the block's first and of the previous delta (not in
// version 2), a flags byte (1: a value was read), then in integer mode
// (q not 0) the varint integer value (in version 2 followed by varints of
// the last lagT time deltas and the last lagV value deltas), in XOR mode
// the value's 8 bytes and bytes of the XOR window's leading zeros + 1
// and trailing zeros; then the chunk's stats:
// its first and last times (varints, after the block's first and after
// its first), uvarints n, n_good and flags (as appendSummary), and when
// n_good > 0 the first, last, lowest and highest good points, each a
// varint time after the chunk's first and a value (appendValue).
func appendChunks(b []byte, tFirst int64, m mode, cs []chunk) []byte {
	if m.v2.on {
		return appendChunksV2(b, tFirst, m, cs)
	}
	q := m.q
	b = binary.AppendUvarint(b, uint64(len(cs)))
	for i := range cs {
		c := &cs[i]
		d := &c.dec
		b = binary.AppendUvarint(b, uint64(d.pos))
		b = binary.AppendVarint(b, d.t-tFirst)
		if !m.v2.on {
			b = binary.AppendVarint(b, d.delta)
		}
		flags := byte(0)
		if d.haveV {
			flags = 1
		}
		b = append(b, flags)
		if q != 0 {
			b = binary.AppendVarint(b, d.k)
			for _, x := range d.ht[:m.v2.lagT] {
				b = binary.AppendVarint(b, x)
			}
			for _, x := range d.hv[:m.v2.lagV] {
				b = binary.AppendVarint(b, x)
			}
		} else {
			b = binary.BigEndian.AppendUint64(b, d.v)
			b = append(b, byte(d.lead+1), byte(d.trail))
		}
		st := &c.sum
		b = binary.AppendVarint(b, st.tFirst-tFirst)
		b = binary.AppendVarint(b, st.tLast-st.tFirst)
		b = binary.AppendUvarint(b, uint64(st.n))
		b = binary.AppendUvarint(b, uint64(st.nGood))
		b = append(b, byte(statFlags(st)))
		if st.nGood == 0 {
			continue
		}
		for _, p := range [4]point{st.first, st.last, st.min, st.max} {
			b = binary.AppendVarint(b, p.t-st.tFirst)
			b = appendValue(b, p.v, q, d.k)
		}
	}
	return b
}

// appendValue writes v: in XOR mode (q 0) its 8 bytes; in integer mode,
// when v is an integer k of q, the uvarint of the zigzag of k − ref
// shifted left once, else 1 and its 8 bytes.
func appendValue(b []byte, v, q float64, ref int64) []byte {
	if q == 0 {
		return binary.BigEndian.AppendUint64(b, math.Float64bits(v))
	}
	k := math.Round(v / q)
	if k*q != v || math.Abs(k) >= maxK || k == 0 && math.Signbit(v) {
		b = append(b, 1)
		return binary.BigEndian.AppendUint64(b, math.Float64bits(v))
	}
	dk := int64(k) - ref
	return binary.AppendUvarint(b, uint64(dk<<1^dk>>63)<<1)
}

func (r *reader) value(q float64, ref int64) float64 {
	if q != 0 {
		u := r.uvarint()
		if u != 1 {
			u >>= 1
			k := ref + int64(u>>1^-(u&1))
			if k >= maxK || k <= -maxK {
				r.err = true
			}
			return float64(k) * q
		}
	}
	if len(r.b) < 8 {
		r.err = true
		return 0
	}
	v := math.Float64frombits(binary.BigEndian.Uint64(r.b))
	r.b = r.b[8:]
	return v
}

var errChunks = fmt.Errorf("%w: bad chunks", ErrCorrupt)

// parseChunks decodes what appendChunks wrote into s.chunks, for a block
// of mode m; b empty (a summary written before chunks) leaves none. The
// counts must add up to the block's.
func parseChunks(b []byte, s *summary, m mode) error {
	q := m.q
	if len(b) == 0 {
		return nil
	}
	if m.v2.on {
		return parseChunksV2(b, s, m)
	}
	r := reader{b: b}
	n := r.uvarint()
	if n > MaxBlockPoints/chunkPoints+1 || r.err {
		return errChunks
	}
	cs := slices.Grow(s.chunks[:0], int(n))[:n] // reuses a scan's chunks
	total := 0
	for i := range cs {
		c := &cs[i]
		d := &c.dec
		d.pos = int(min(r.uvarint(), 8*maxBlockBytes))
		d.t = s.tFirst + r.varint()
		d.delta = 0
		if !m.v2.on {
			d.delta = r.varint()
		}
		d.haveV = r.byte()&1 != 0
		d.ht, d.hv = hist{}, hist{}
		if q != 0 {
			d.k, d.v, d.lead, d.trail = r.varint(), 0, -1, 0
			for i := range m.v2.lagT {
				d.ht[i] = r.varint()
			}
			for i := range m.v2.lagV {
				d.hv[i] = r.varint()
			}
		} else {
			d.k = 0
			d.v = uint64(math.Float64bits(r.value(0, 0)))
			d.lead, d.trail = int(r.byte())-1, int(r.byte())
			if d.lead > 31 || d.trail > 63 {
				return errChunks
			}
		}
		st := &c.sum
		*st = stats{}
		st.tFirst = s.tFirst + r.varint()
		st.tLast = st.tFirst + r.varint()
		st.n, st.nGood = int(min(r.uvarint(), chunkPoints)), int(min(r.uvarint(), chunkPoints))
		setStatFlags(st, uint64(r.byte()))
		if st.nGood > 0 {
			for _, p := range [4]*point{&st.first, &st.last, &st.min, &st.max} {
				p.t = st.tFirst + r.varint()
				p.v, p.good = r.value(q, d.k), true
			}
		}
		if r.err {
			return errChunks
		}
		total += st.n
	}
	if total != s.n {
		return errChunks
	}
	s.chunks = cs
	return nil
}

// reader reads varints from a byte slice, remembering the first error.
type reader struct {
	b   []byte
	err bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = true
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.err = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}
