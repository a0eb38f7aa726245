package trends

import (
	"encoding/binary"
	"math"
	"slices"
)

// The chunk section of a version 2 block leaves out what its decoder can
// derive: a chunk's restart time is the previous chunk's last time (the
// block's first for the first chunk), its previous value the last good
// value of the chunks before, its count chunkPoints but for the last.
// Per chunk:
//
//	uvarint  the bit position after the previous chunk's
//	varints  the last lagT time deltas and lagV value deltas (for
//	         lagSlope: the last value delta and its time in ticks)
//	varint   the chunk's first time after its restart time, in ticks
//	uvarint  its last time after its first, in ticks
//	uvarint  (n − n_good)<<7 | flags (statFlags)
//	         when n_good > 0, the first, last, lowest and highest good
//	         points: each a varint time after the chunk's first in ticks (left
//	         out for the first when no marker precedes it, it is the
//	         chunk's first time, and for the last when no marker follows
//	         it) and a value (appendValue, relative to the restart value)
//
// About 15 bytes a chunk where version 1 takes 35.

// appendChunksV2 encodes cs after a summary (see above).
func appendChunksV2(b []byte, tFirst int64, m mode, cs []chunk) []byte {
	b = binary.AppendUvarint(b, uint64(len(cs)))
	pos := 0
	for i := range cs {
		c := &cs[i]
		d, st := &c.dec, &c.sum
		b = binary.AppendUvarint(b, uint64(d.pos-pos))
		pos = d.pos
		for _, x := range d.ht[:m.v2.lagT] {
			b = binary.AppendVarint(b, x)
		}
		if m.v2.lagV == lagSlope {
			b = binary.AppendVarint(b, d.sl.dk)
			b = binary.AppendVarint(b, d.sl.dt/m.tick)
		} else {
			for _, x := range d.hv[:m.v2.lagV] {
				b = binary.AppendVarint(b, x)
			}
		}
		b = binary.AppendVarint(b, (st.tFirst-d.t)/m.tick)
		b = binary.AppendUvarint(b, uint64((st.tLast-st.tFirst)/m.tick))
		b = binary.AppendUvarint(b, uint64(st.n-st.nGood)<<7|statFlags(st))
		if st.nGood == 0 {
			continue
		}
		for j, p := range [4]point{st.first, st.last, st.min, st.max} {
			if j == 0 && st.badBefore || j == 1 && st.badAfter || j > 1 {
				b = binary.AppendVarint(b, (p.t-st.tFirst)/m.tick)
			}
			b = appendValue(b, p.v, m.q, d.k)
		}
	}
	return b
}

// statFlags are the flags of a summary or chunk: 1: a Bad marker before
// the first good point, 2: after the last; 4: an Uncertain point in it;
// 8, 16, 32, 64: the first, last, lowest, highest good point is
// Uncertain.
func statFlags(st *stats) uint64 {
	var f uint64
	for i, b := range [...]bool{st.badBefore, st.badAfter, st.unc, st.first.unc, st.last.unc, st.min.unc, st.max.unc} {
		if b {
			f |= 1 << i
		}
	}
	return f
}

// setStatFlags sets what statFlags wrote (the points' flags are set
// again when their values are read).
func setStatFlags(st *stats, f uint64) {
	st.badBefore, st.badAfter, st.unc = f&1 != 0, f&2 != 0, f&4 != 0
	st.first.unc, st.last.unc, st.min.unc, st.max.unc = f&8 != 0, f&16 != 0, f&32 != 0, f&64 != 0
}

// parseChunksV2 decodes what appendChunksV2 wrote into s.chunks.
func parseChunksV2(b []byte, s *summary, m mode) error {
	r := reader{b: b}
	n := r.uvarint()
	if r.err || n != uint64((s.n+chunkPoints-1)/chunkPoints) || s.n <= chunkPoints {
		return errChunks
	}
	cs := slices.Grow(s.chunks[:0], int(n))[:n]
	pos, t, k, tg, haveV := 0, s.tFirst, int64(0), int64(0), false
	for i := range cs {
		c := &cs[i]
		d, st := &c.dec, &c.sum
		*d = restart{t: t, k: k, haveV: haveV, lead: -1}
		pos += int(min(r.uvarint(), 8*maxBlockBytes))
		d.pos = pos
		for j := range m.v2.lagT {
			d.ht[j] = r.varint()
		}
		if m.v2.lagV == lagSlope {
			d.sl = slope{k: k, tg: tg, dk: r.varint(), dt: r.varint() * m.tick}
		} else {
			for j := range m.v2.lagV {
				d.hv[j] = r.varint()
			}
		}
		*st = stats{n: min(chunkPoints, s.n-i*chunkPoints)}
		st.tFirst = t + r.varint()*m.tick
		st.tLast = st.tFirst + int64(min(r.uvarint(), math.MaxInt64/4/uint64(m.tick)))*m.tick
		x := r.uvarint()
		setStatFlags(st, x&127)
		if x>>7 > uint64(st.n) {
			return errChunks
		}
		st.nGood = st.n - int(x>>7)
		if st.nGood > 0 {
			for j, p := range [4]*point{&st.first, &st.last, &st.min, &st.max} {
				switch {
				case j == 0 && !st.badBefore:
					p.t = st.tFirst
				case j == 1 && !st.badAfter:
					p.t = st.tLast
				default:
					p.t = st.tFirst + r.varint()*m.tick
				}
				p.v, p.good = r.value(m.q, d.k), true
			}
			k, tg, haveV = int64(math.Round(st.last.v/m.q)), st.last.t, true
		}
		if r.err {
			return errChunks
		}
		t = st.tLast
	}
	s.chunks = cs
	return nil
}
