package trends

import (
	"errors"
	"math"
	"math/bits"
)

// Version 2 of the block format (sealed blocks in integer mode: see
// doc.go). The count carries v2Flag; after the value mode byte come
// three parameter bytes: flags (1: every point is good, no quality bits)
// with the time lag in bits 1–3 and the value lag in bits 4–6, then the
// Rice parameters of the time and the value residuals. Each time is
// coded as its delta in ticks less the delta lagT points back (lag 1:
// Gorilla's delta-of-delta; lag 2: a signal whose points alternate
// between two spacings, as a ramp's or a square wave's corners do), each
// good value as its delta in quanta less the delta lagV good values back
// (lag 0: the plain delta), or (lagSlope) less the previous delta scaled
// by the ratio of the time since the previous good value to the time
// between the two before: the line through the last two good values
// extrapolated, which suits the unevenly spaced points the swinging door
// stores of a smooth signal (a sine's values by 7 bits where its
// delta-of-delta took 9). Residuals are zigzagged and Rice-coded with
// the block's parameter k: the quotient z>>k in unary ('1'×q, '0'), then
// k bits; a quotient of riceEsc or more is riceEsc ones, 6 bits of the
// length n−1 and the n bits of z. The first good value is a residual
// from 0. Like PNG's per-row filters, the sealer tries every lag and
// parameter and keeps the smallest.
const (
	v2Flag   = 1 << 14
	maxLag   = 4
	lagSlope = maxLag + 1
	riceEsc  = 16
	maxRice  = 40
)

// v2 is a version 2 block's parameters.
type v2 struct {
	on         bool
	allGood    bool
	lagT, lagV int
	kt, kv     int
}

// hist is the last maxLag deltas, the newest first.
type hist [maxLag]int64

// predict is the delta lag values back (0 for lag 0).
func (h *hist) predict(lag int) int64 {
	if lag == 0 {
		return 0
	}
	return h[lag-1]
}

func (h *hist) push(d int64) {
	copy(h[1:], h[:maxLag-1])
	h[0] = d
}

// encodeV2 encodes pts (which must fit tick) as a version 2 block in
// integer mode of q; ok false when a good value is not an integer of q
// (then the caller keeps version 1).
func encodeV2(pts []point, q float64, tick int64, unc bool) (out []byte, ok bool) {
	if q <= 0 || len(pts) == 0 {
		return nil, false
	}
	tick = max(tick, 1)
	ds := make([]int64, 0, len(pts))
	ks := make([]int64, 0, len(pts))
	allGood := true
	for i, p := range pts {
		if i > 0 {
			ds = append(ds, (p.t-pts[i-1].t)/tick)
		}
		if !p.good {
			allGood = false
			continue
		}
		k := math.Round(p.v / q)
		if k*q != p.v || math.Abs(k) >= maxK || k == 0 && math.Signbit(p.v) {
			return nil, false
		}
		ks = append(ks, int64(k))
	}
	var dks []int64
	if len(ks) > 0 {
		dks = make([]int64, len(ks)-1)
		for i := range dks {
			dks[i] = ks[i+1] - ks[i]
		}
	}
	p := v2{on: true, allGood: allGood}
	p.lagT, p.kt = bestLag(ds, 1)
	p.lagV, p.kv = bestLag(dks, 0)
	if k, cost := bestRice(slopeResiduals(pts, q)); cost < riceCost(dks, p.lagV, p.kv) {
		p.lagV, p.kv = lagSlope, k
	}
	for _, p := range pts {
		unc = unc || p.good && p.unc
	}
	e := encoder{q: q, tick: tick, v2: p, unc: unc}
	for _, pt := range pts {
		e.add(pt)
	}
	return e.bytes(), true
}

// bestLag returns the lag (from lo to maxLag) and Rice parameter that
// code the deltas ds in the fewest bits.
func bestLag(ds []int64, lo int) (lag, k int) {
	best := -1
	var zs []uint64
	for l := lo; l <= maxLag; l++ {
		var h hist
		zs = zs[:0]
		for _, d := range ds {
			zs = append(zs, zigzag(d-h.predict(l)))
			h.push(d)
		}
		kk, cost := bestRice(zs)
		if best < 0 || cost < best {
			best, lag, k = cost, l, kk
		}
	}
	return lag, k
}

// riceCost is the bits of coding ds at lag with parameter k.
func riceCost(ds []int64, lag, k int) int {
	var h hist
	c := 0
	for _, d := range ds {
		c += riceBits(zigzag(d-h.predict(lag)), k)
		h.push(d)
	}
	return c
}

// slopeResiduals are the zigzagged value residuals of pts (good values
// integers of q) with the slope predictor.
func slopeResiduals(pts []point, q float64) []uint64 {
	var zs []uint64
	var s slope
	first := true
	for _, p := range pts {
		if !p.good {
			continue
		}
		k := int64(math.Round(p.v / q))
		if !first {
			dk := k - s.k
			zs = append(zs, zigzag(dk-s.predict(p.t)))
			s.push(p.t, dk)
		} else {
			s.tg = p.t
		}
		s.k, first = k, false
	}
	return zs
}

// slope is the state of the slope predictor: the previous good value
// (k, at tg), the delta before it (dk) and its time (dt, ms).
type slope struct {
	k, tg, dk, dt int64
}

// predict is the delta expected at t: dk·(t−tg)/dt, 0 without a dt.
func (s *slope) predict(t int64) int64 {
	if s.dt <= 0 || s.dk == 0 {
		return 0
	}
	p := math.Round(float64(float64(s.dk)*float64(t-s.tg)) / float64(s.dt))
	return int64(max(min(p, 2*maxK), -2*maxK))
}

// push takes the next good value's delta dk at t.
func (s *slope) push(t, dk int64) {
	s.dk, s.dt, s.tg = dk, t-s.tg, t
	s.k += dk
}

// bestRice returns the Rice parameter that codes zs in the fewest bits.
func bestRice(zs []uint64) (k, cost int) {
	cost = -1
	for kk := 0; kk <= maxRice; kk++ {
		c := 0
		for _, z := range zs {
			c += riceBits(z, kk)
		}
		if cost < 0 || c < cost {
			k, cost = kk, c
		}
		if c == len(zs)*(kk+1) { // every quotient 0: a larger k only costs more
			break
		}
	}
	return k, cost
}

func zigzag(r int64) uint64   { return uint64(r<<1 ^ r>>63) }
func unzigzag(z uint64) int64 { return int64(z>>1) ^ -int64(z&1) }

// riceBits is the length of z's Rice code with parameter k.
func riceBits(z uint64, k int) int {
	if q := z >> uint(k); q < riceEsc {
		return int(q) + 1 + k
	}
	return riceEsc + 6 + bits.Len64(z)
}

// putRice writes the Rice code of r's zigzag with parameter k.
func (w *bitWriter) putRice(r int64, k int) {
	z := zigzag(r)
	if q := z >> uint(k); q < riceEsc {
		w.bits(1<<(q+1)-2, int(q)+1)
		w.bits(z&(1<<uint(k)-1), k)
		return
	}
	n := bits.Len64(z)
	w.bits(1<<riceEsc-1, riceEsc)
	w.bits(uint64(n-1), 6)
	w.bits(z, n)
}

// rice reads what putRice wrote.
func (r *bitReader) rice(k int) (int64, error) {
	q, err := r.ones(8)
	if err == nil && q == 8 {
		var q2 int
		q2, err = r.ones(8)
		q += q2
	}
	if err != nil {
		return 0, err
	}
	var z uint64
	if q == riceEsc {
		n, err := r.bits(6)
		if err != nil {
			return 0, err
		}
		if z, err = r.bits(int(n) + 1); err != nil {
			return 0, err
		}
	} else {
		low, err := r.bits(k)
		if err != nil {
			return 0, err
		}
		z = uint64(q)<<uint(k) | low
	}
	return unzigzag(z), nil
}

// appendV2Params appends the parameter bytes.
func appendV2Params(b []byte, p v2) []byte {
	f := byte(p.lagT<<1 | p.lagV<<4)
	if p.allGood {
		f |= 1
	}
	return append(b, f, byte(p.kt), byte(p.kv))
}

var errV2 = errors.New("bad version 2 parameters")

// parseV2Params reads the parameter bytes.
func parseV2Params(b []byte) (v2, error) {
	if len(b) < 3 {
		return v2{}, errV2
	}
	p := v2{on: true, allGood: b[0]&1 != 0, lagT: int(b[0] >> 1 & 7), lagV: int(b[0] >> 4 & 7), kt: int(b[1]), kv: int(b[2])}
	if b[0]&0x80 != 0 || p.lagT > maxLag || p.lagV > lagSlope || p.kt > maxRice || p.kv > maxRice {
		return v2{}, errV2
	}
	return p, nil
}

// addV2 appends p in version 2 (see encoder.add).
func (e *encoder) addV2(p point) {
	if !e.v2.allGood {
		e.bw.bit(p.good)
	}
	if p.good && e.unc {
		e.bw.bit(p.unc)
	}
	if e.n > 0 {
		delta := (p.t - e.prevT) / max(e.tick, 1)
		e.bw.putRice(delta-e.ht.predict(e.v2.lagT), e.v2.kt)
		e.ht.push(delta)
		e.prevT = p.t
	}
	if !p.good {
		return
	}
	k := int64(math.Round(p.v / e.q))
	if !e.haveV {
		e.bw.putRice(k, e.v2.kv)
		e.prevK, e.haveV = k, true
		e.sl = slope{k: k, tg: p.t}
		return
	}
	dk := k - e.prevK
	if e.v2.lagV == lagSlope {
		e.bw.putRice(dk-e.sl.predict(p.t), e.v2.kv)
		e.sl.push(p.t, dk)
	} else {
		e.bw.putRice(dk-e.hv.predict(e.v2.lagV), e.v2.kv)
		e.hv.push(dk)
	}
	e.prevK = k
}

// nextV2 reads a point of a version 2 block (see decoder.next).
func (d *decoder) nextV2(i int) (point, error) {
	good, unc := true, false
	if !d.v2.allGood {
		var err error
		if good, err = d.br.bit(); err != nil {
			return point{}, err
		}
	}
	if good && d.unc {
		var err error
		if unc, err = d.br.bit(); err != nil {
			return point{}, err
		}
	}
	if i > 0 {
		r, err := d.br.rice(d.v2.kt)
		if err != nil {
			return point{}, err
		}
		delta := r + d.ht.predict(d.v2.lagT)
		if delta <= 0 || delta > d.maxDelta || d.t > math.MaxInt64-delta*d.tick {
			return point{}, errTime
		}
		d.ht.push(delta)
		d.t += delta * d.tick
	}
	p := point{t: d.t, good: good, unc: unc}
	if !good {
		return p, nil
	}
	r, err := d.br.rice(d.v2.kv)
	if err != nil {
		return point{}, err
	}
	switch {
	case !d.haveV:
		d.k, d.haveV = r, true
		d.sl = slope{k: r, tg: p.t}
	case d.v2.lagV == lagSlope:
		dk := r + d.sl.predict(p.t)
		if dk >= 2*maxK || dk <= -2*maxK {
			return point{}, errors.New("integer value out of range")
		}
		d.sl.push(p.t, dk)
		d.k += dk
	default:
		dk := r + d.hv.predict(d.v2.lagV)
		if dk >= 2*maxK || dk <= -2*maxK {
			return point{}, errors.New("integer value out of range")
		}
		d.hv.push(dk)
		d.k += dk
	}
	if d.k >= maxK || d.k <= -maxK {
		return point{}, errors.New("integer value out of range")
	}
	p.v = float64(d.k) * d.q
	return p, nil
}
