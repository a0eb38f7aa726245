package trends

import "math"

// compressor decides which samples of one tag are stored: an exception
// deadband, then swinging-door compression, as OSIsoft PI does, with Bad
// quality cutting the line (see doc.go for the bound it keeps).
//
// It is fed samples in time order by push, which appends the points it
// archives. Times are kept to the millisecond and the last sample of a
// millisecond is the one recorded (a device's readback after the value
// written to it), so push holds the newest sample (cur) until a later
// millisecond begins and only then passes it on to the deadband and the
// door (take); a sample in cur's millisecond replaces it. tentative lists
// the points held back (what passing cur on would archive, then the
// swinging door's held point and the deadband's last rejected sample):
// storing them too is always correct, which is what a flush does so that
// a crash loses no shape.
type compressor struct {
	dev, db float64 // the door's deviation (less half a quantum) and the deadband, in the tag's units
	q       float64 // stored values are multiples of q (0: exact); see quantum
	maxInt  int64   // ms: a point is archived at least this often

	started bool
	last    int64 // time of the last sample pushed, ms (cur's when haveCur)
	haveCur bool
	cur     point // the newest sample, not passed on yet: its millisecond may bring another
	bad     bool  // in a Bad period (its marker is archived)
	unc     bool  // the line's samples are Uncertain

	haveExc bool
	exc     point // last sample that passed the deadband
	havePnd bool
	pnd     point // last sample the deadband rejected since exc

	haveA  bool
	a      point // last archived point: the door's pivot
	haveH  bool
	h      point   // the door's held point: the last exception
	lo, hi float64 // slopes from a that keep every sample since a within dev
}

// minDeviation is the deviation of a Setting without one: a hair above
// zero, so that points on a straight line (a ramp, a flat value) are not
// all stored for want of exact floating-point slopes.
const minDeviation = 1e-9

func newCompressor(s Setting) compressor {
	mi := s.MaxInterval
	if mi <= 0 {
		mi = DefaultMaxInterval
	}
	q := quantum(s.Deviation)
	return compressor{dev: math.Max(s.Deviation-q/2, minDeviation), q: q, db: math.Max(s.Deadband, 0), maxInt: mi.Milliseconds()}
}

// quantum is the step stored values are rounded to for a deviation: the
// largest power of two at most a quarter of it, 0 for no deviation (exact
// values). A value rounded so has a short mantissa, so its XOR with the
// previous one is short: about 2 bytes a point instead of 7 on a noisy
// signal. The door keeps the samples within dev − q/2 of the line through
// the unrounded end point, and rounding moves the line by at most q/2:
// the bound stays dev.
func quantum(dev float64) float64 {
	if !(dev > 0) || math.IsInf(dev, 0) {
		return 0
	}
	_, exp := math.Frexp(dev / 4) // dev/4 = frac·2^exp, ½ ≤ frac < 1
	return math.Ldexp(1, exp-1)
}

// round rounds p's value to a multiple of c.q.
func (c *compressor) round(p point) point {
	if c.q > 0 && p.good {
		if r := math.Round(p.v/c.q) * c.q; !math.IsInf(r, 0) {
			p.v = r
		}
	}
	return p
}

// push takes the next sample. A sample in the millisecond of the
// previous one replaces it, whatever either's quality (a Bad sample
// followed by a good readback leaves the good one); an older one, or one
// in the millisecond of a sample already passed on, is ignored. The
// previous sample is passed on when p starts a later millisecond.
func (c *compressor) push(p point, out []point) []point {
	if c.started && p.t <= c.last {
		if p.t == c.last && c.haveCur {
			c.cur = p
		}
		return out
	}
	if c.haveCur {
		out = c.take(c.cur, out)
	}
	c.started, c.last, c.cur, c.haveCur = true, p.t, p, true
	return out
}

// take passes the next sample, later than the previous one taken, through
// the deadband and the door. A Bad sample (or a value that is not a
// finite number) is a gap marker.
func (c *compressor) take(p point, out []point) []point {
	if !p.good || math.IsNaN(p.v) || math.IsInf(p.v, 0) {
		if c.bad {
			return out
		}
		out = c.endLine(out)
		c.bad = true
		return append(out, point{t: p.t})
	}
	c.bad = false
	if p.unc != c.unc && (c.haveExc || c.haveA) {
		// Uncertain quality starts or ends: the line is cut, its last
		// sample stored, as for Bad but without a gap.
		out = c.endLine(out)
	}
	c.unc = p.unc
	if c.haveExc && math.Abs(p.v-c.exc.v) <= c.db && p.t-c.exc.t < c.maxInt {
		c.pnd, c.havePnd = p, true
		return out
	}
	if c.havePnd {
		out = c.door(c.pnd, out)
		c.havePnd = false
	}
	c.exc, c.haveExc = p, true
	return c.door(p, out)
}

// door is the swinging door over the samples that passed the deadband.
// The stored line from the pivot a to a later point keeps every sample in
// between within dev when its slope lies in [lo, hi], the intersection of
// each such sample's band: so the door archives the held point h when the
// new sample's slope leaves it.
func (c *compressor) door(p point, out []point) []point {
	if !c.haveA {
		c.a, c.haveA, c.haveH = c.round(p), true, false
		return append(out, c.a)
	}
	if c.haveH && p.t-c.a.t > c.maxInt {
		out = c.archiveH(out)
	}
	if c.haveH {
		if s := c.slope(p.t, p.v); s >= c.lo && s <= c.hi {
			c.h = p
			c.lo = math.Max(c.lo, c.slope(p.t, p.v-c.dev))
			c.hi = math.Min(c.hi, c.slope(p.t, p.v+c.dev))
			return out
		}
		out = c.archiveH(out)
	}
	c.h, c.haveH = p, true
	c.lo, c.hi = c.slope(p.t, p.v-c.dev), c.slope(p.t, p.v+c.dev)
	return out
}

func (c *compressor) archiveH(out []point) []point {
	c.a, c.haveH = c.round(c.h), false
	return append(out, c.a)
}

// slope is the slope from the pivot to value v at time t.
func (c *compressor) slope(t int64, v float64) float64 {
	return (v - c.a.v) / float64(t-c.a.t)
}

// tentative appends the points held back, oldest first: what passing
// cur on would archive (computed on a copy: c is not changed), then the
// points the line holds back.
func (c *compressor) tentative(out []point) []point {
	if !c.haveCur {
		return c.held(out)
	}
	cp := *c
	return cp.held(cp.take(cp.cur, out))
}

// held appends the points the line holds back, oldest first.
func (c *compressor) held(out []point) []point {
	if c.haveH {
		out = append(out, c.round(c.h))
	}
	if c.havePnd {
		out = append(out, c.round(c.pnd))
	}
	return out
}

// finish passes cur on, archives the points held back and forgets the
// line: the next sample starts a new one, after cur's millisecond.
func (c *compressor) finish(out []point) []point {
	if c.haveCur {
		out = c.take(c.cur, out)
		c.haveCur = false
	}
	return c.endLine(out)
}

// endLine archives the points the line holds back and forgets the line;
// cur stays, not passed on.
func (c *compressor) endLine(out []point) []point {
	out = c.held(out)
	*c = compressor{dev: c.dev, q: c.q, db: c.db, maxInt: c.maxInt, started: c.started, last: c.last,
		haveCur: c.haveCur, cur: c.cur, bad: c.bad}
	return out
}

// after returns a compressor with setting s for a tag whose stored
// history ends at last (ms): a sample at or before it is ignored, as
// one going back in time (the stored point stays: its block may be
// committed already).
func after(s Setting, last int64) compressor {
	c := newCompressor(s)
	c.started, c.last = true, last
	return c
}
