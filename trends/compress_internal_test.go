package trends

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// compress runs samples through a compressor with s and returns the
// stored points and the tentative ones at the end.
func compress(s Setting, in []point) (stored, tent []point) {
	c := newCompressor(s)
	for _, p := range in {
		stored = c.push(p, stored)
	}
	return stored, c.tentative(nil)
}

// TestCompressBound is the property: every good sample lies within
// Deviation + 2·Deadband of the line through the stored points (stored
// and tentative: what a query draws), no line crosses a Bad marker, and
// every Bad period has its marker.
func TestCompressBound(t *testing.T) {
	for _, sig := range signals {
		for _, set := range []Setting{
			{Deviation: 0}, {Deviation: 0.1}, {Deviation: 0.5}, {Deviation: 2},
			{Deadband: 0.2}, {Deadband: 0.3, Deviation: 0.3}, {Deviation: 0.4, MaxInterval: 7 * time.Second},
		} {
			for _, bad := range []int{0, 50} {
				name := fmt.Sprintf("%s/dev=%g,db=%g,max=%s,bad=%d", sig.name, set.Deviation, set.Deadband, set.MaxInterval, bad)
				t.Run(name, func(t *testing.T) {
					in := sig.samples(3000, 1000, bad, 7)
					stored, tent := compress(set, in)
					all := append(slices.Clip(stored), tent...)
					checkBound(t, in, all, set.Deviation+2*set.Deadband)
					if len(all) >= len(in) && set.Deviation > 0 && bad == 0 {
						t.Errorf("no compression: %d of %d stored", len(all), len(in))
					}
					t.Logf("%d of %d samples stored", len(all), len(in))
				})
			}
		}
	}
}

// checkBound checks every sample of in against the line through pts.
func checkBound(t *testing.T, in, pts []point, tol float64) {
	t.Helper()
	for i := 1; i < len(pts); i++ {
		if pts[i].t <= pts[i-1].t {
			t.Fatalf("stored point %d at %d not after %d", i, pts[i].t, pts[i-1].t)
		}
	}
	j := 0 // pts[j] is the last stored point at or before the sample
	for _, p := range in {
		for j+1 < len(pts) && pts[j+1].t <= p.t {
			j++
		}
		if !p.good {
			// A marker must lie between the last good point before
			// and this sample (inclusive).
			k := j
			for k >= 0 && pts[k].good {
				k--
			}
			if k < 0 || (j+1 < len(pts) && false) {
				t.Fatalf("Bad sample at %d: no marker stored before it", p.t)
			}
			continue
		}
		a := pts[j]
		if a.t > p.t {
			t.Fatalf("good sample at %d before the first stored point %d", p.t, a.t)
		}
		if a.t == p.t {
			if !a.good || math.Abs(a.v-p.v) > tol+1e-9*math.Max(1, math.Abs(p.v)) {
				t.Fatalf("sample at %d: %g stored as %+v", p.t, p.v, a)
			}
			continue
		}
		if !a.good || j+1 == len(pts) || !pts[j+1].good {
			t.Fatalf("good sample at %d (%g) lies next to a gap: %+v … %v", p.t, p.v, a, pts[min(j+1, len(pts)-1)])
		}
		b := pts[j+1]
		line := a.v + (b.v-a.v)*float64(p.t-a.t)/float64(b.t-a.t)
		if d := math.Abs(p.v - line); d > tol+1e-9*math.Max(1, math.Abs(p.v)) {
			t.Fatalf("sample at %d: %g is %g from the stored line (%+v → %+v), tolerance %g", p.t, p.v, d, a, b, tol)
		}
	}
}

// refCompress is the reference: PI's exception test, then a swinging
// door that checks every sample against each candidate line, written
// for clarity, not speed. Good samples only.
// Stored values are rounded to multiples of q (when q > 0), the pivot
// of each line too.
func refCompress(in []point, dev, q, db float64, maxInt int64) []point {
	round := func(p point) point {
		if q > 0 {
			p.v = math.Round(p.v/q) * q
		}
		return p
	}
	var exc []point
	var last, pend *point
	for i := range in {
		p := &in[i]
		if last != nil && math.Abs(p.v-last.v) <= db && p.t-last.t < maxInt {
			pend = p
			continue
		}
		if pend != nil {
			exc = append(exc, *pend)
			pend = nil
		}
		exc = append(exc, *p)
		last = p
	}
	if len(exc) == 0 {
		return nil
	}
	out := []point{round(exc[0])}
	a, h := 0, -1
	for j := 1; j < len(exc); j++ {
		switch {
		case h == -1:
			h = j
		case exc[j].t-exc[a].t > maxInt:
			out = append(out, round(exc[h]))
			a, h = h, j
		case covers(exc, out[len(out)-1], a, j, dev):
			h = j
		default:
			out = append(out, round(exc[h]))
			a, h = h, j
		}
	}
	if h != -1 {
		out = append(out, round(exc[h]))
	}
	if pend != nil {
		out = append(out, round(*pend))
	}
	return out
}

// covers reports whether the line from the stored pivot (e[a] rounded) to
// e[j] passes within dev of every point between them.
func covers(e []point, pivot point, a, j int, dev float64) bool {
	for i := a + 1; i < j; i++ {
		line := pivot.v + (e[j].v-pivot.v)*float64(e[i].t-pivot.t)/float64(e[j].t-pivot.t)
		if math.Abs(e[i].v-line) > dev {
			return false
		}
	}
	return true
}

// TestCompressReference compares the streaming compressor with the
// reference on every signal kind: the same points, exactly.
func TestCompressReference(t *testing.T) {
	for _, sig := range signals {
		for _, set := range []Setting{
			{}, {Deviation: 0.05}, {Deviation: 0.37}, {Deviation: 1.3}, {Deadband: 0.21},
			{Deadband: 0.11, Deviation: 0.29}, {Deviation: 0.7, MaxInterval: 9 * time.Second},
		} {
			t.Run(fmt.Sprintf("%s/dev=%g,db=%g", sig.name, set.Deviation, set.Deadband), func(t *testing.T) {
				in := sig.samples(2000, 1000, 0, 3)
				stored, tent := compress(set, in)
				got := append(stored, tent...)
				c := newCompressor(set)
				want := refCompress(in, c.dev, c.q, c.db, c.maxInt)
				if !slices.Equal(got, want) {
					for i := range min(len(got), len(want)) {
						if got[i] != want[i] {
							t.Fatalf("point %d: got %+v, reference %+v (%d vs %d points)", i, got[i], want[i], len(got), len(want))
						}
					}
					t.Fatalf("%d points, reference %d", len(got), len(want))
				}
			})
		}
	}
}

// TestCompressGaps checks how Bad quality cuts the line: the last good
// point before it is stored, then the marker, then the first good after.
func TestCompressGaps(t *testing.T) {
	g := func(t int64, v float64) point { return point{t: t, v: v, good: true} }
	u := func(t int64, v float64) point { return point{t: t, v: v, good: true, unc: true} }
	b := func(t int64) point { return point{t: t} }
	tests := []struct {
		name      string
		set       Setting
		in        []point
		stored    []point
		tentative []point
	}{
		{"ramp then bad", Setting{Deviation: 0.5},
			[]point{g(1, 1), g(2, 2), g(3, 3), b(4), b(5), g(6, 5), g(7, 6)},
			[]point{g(1, 1), g(3, 3), b(4), g(6, 5)}, []point{g(7, 6)}},
		{"bad first", Setting{},
			[]point{b(1), g(2, 7), g(3, 7), g(4, 7)},
			[]point{b(1), g(2, 7)}, []point{g(4, 7)}},
		{"NaN is bad", Setting{},
			[]point{g(1, 1), g(2, math.NaN()), g(3, 2)},
			[]point{g(1, 1), b(2)}, []point{g(3, 2)}}, // the newest sample is held until a later ms
		{"deadband holds back, bad stores", Setting{Deadband: 1},
			[]point{g(1, 10), g(2, 10.5), g(3, 10.2), b(4), g(5, 3)},
			[]point{g(1, 10), g(3, 10.2), b(4)}, []point{g(5, 3)}},
		{"the last of a ms wins, older samples ignored", Setting{},
			[]point{g(5, 1), g(5, 2), g(4, 3), g(6, 4)},
			[]point{g(5, 2)}, []point{g(6, 4)}},
		{"max interval", Setting{Deviation: 1, MaxInterval: 10 * time.Millisecond},
			[]point{g(0, 1), g(5, 1.5), g(9, 2), g(14, 2.5), g(19, 3), g(30, 3.5)},
			[]point{g(0, 1), g(9, 2)}, []point{g(19, 3), g(30, 3.5)}},
		{"values rounded within the deviation", Setting{Deviation: 0.1},
			[]point{g(0, 1.01), g(1, 3.3), g(2, 3.3)},
			[]point{g(0, 1.015625)}, []point{g(1, 3.296875), g(2, 3.296875)}}, // q = 1/64
		{"flat: one point, then the last held", Setting{},
			[]point{g(0, 4), g(1, 4), g(2, 4), g(3, 4)},
			[]point{g(0, 4)}, []point{g(3, 4)}},
		// A value written, then the device's readback in the same ms.
		{"readback replaces the value written", Setting{},
			[]point{g(0, 1), g(1, 5), g(1, 4.5), g(2, 4.5)},
			[]point{g(0, 1)}, []point{g(1, 4.5), g(2, 4.5)}},
		{"the last of a ms stays tentative until a later ms", Setting{},
			[]point{g(0, 1), g(1, 5), g(1, 4.5)},
			[]point{g(0, 1)}, []point{g(1, 4.5)}},
		{"replaced three times, then passed on", Setting{},
			[]point{g(0, 1), g(1, 9), g(1, 8), g(1, 7), g(1, 2), g(2, 3), g(3, 7)},
			[]point{g(0, 1)}, []point{g(2, 3), g(3, 7)}}, // 9 would have broken the line at 1
		{"bad then a good readback: no gap", Setting{},
			[]point{g(0, 1), b(1), g(1, 2), g(2, 3)},
			[]point{g(0, 1)}, []point{g(2, 3)}},
		{"good then bad in the same ms: the gap", Setting{},
			[]point{g(0, 1), g(1, 2), b(1), g(2, 3)},
			[]point{g(0, 1), b(1)}, []point{g(2, 3)}},
		{"bad, good readback, then bad again in the ms", Setting{},
			[]point{g(0, 1), b(1), g(1, 2), b(1), g(2, 3)},
			[]point{g(0, 1), b(1)}, []point{g(2, 3)}},
		{"uncertain then a good readback: no cut", Setting{},
			[]point{g(0, 1), u(1, 2), g(1, 2), g(2, 3)},
			[]point{g(0, 1)}, []point{g(2, 3)}},
		{"good then an uncertain readback: the cut", Setting{},
			[]point{g(0, 1), g(1, 2), u(1, 2), g(2, 3)},
			[]point{g(0, 1), u(1, 2)}, []point{g(2, 3)}},
		{"a replaced sample never passes the deadband", Setting{Deadband: 1},
			[]point{g(0, 10), g(1, 20), g(1, 10.5), g(2, 10.2)},
			[]point{g(0, 10)}, []point{g(2, 10.2)}},
		{"a replaced sample never moves the door", Setting{Deviation: 0.5},
			[]point{g(0, 0), g(1, 1), g(2, 9), g(2, 2), g(3, 3)},
			[]point{g(0, 0)}, []point{g(3, 3)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stored, tent := compress(tc.set, tc.in)
			if !slices.Equal(stored, tc.stored) || !slices.Equal(tent, tc.tentative) {
				t.Errorf("stored %v tentative %v\nwant   %v tentative %v", stored, tent, tc.stored, tc.tentative)
			}
		})
	}
}

// TestCompressLastOfMs is the property of a millisecond's samples: a
// stream with earlier samples of each millisecond in front of its last
// (other values, Bad, Uncertain) compresses to exactly the points of the
// stream of the last ones alone, and asking for the tentative points
// after every sample (what flushes and queries do) changes nothing.
func TestCompressLastOfMs(t *testing.T) {
	for _, sig := range signals {
		for _, set := range []Setting{{}, {Deviation: 0.37}, {Deadband: 0.21, Deviation: 0.29}, {Deviation: 0.7, MaxInterval: 9 * time.Second}} {
			t.Run(fmt.Sprintf("%s/dev=%g,db=%g", sig.name, set.Deviation, set.Deadband), func(t *testing.T) {
				in := sig.samples(2000, 1000, 40, 5)
				wantStored, wantTent := compress(set, in)
				r := rand.New(rand.NewPCG(7, 8))
				c := newCompressor(set)
				var stored []point
				for _, p := range in {
					for range r.IntN(3) { // the values written before the readback
						e := point{t: p.t, v: p.v + 100*r.NormFloat64(), good: r.IntN(4) != 0, unc: r.IntN(4) == 0}
						stored = c.push(e, stored)
						_ = c.tentative(nil)
					}
					stored = c.push(p, stored)
					if n := len(c.tentative(nil)); n > 3 {
						t.Fatalf("%d tentative points: the query's snapshot makes room for 3", n)
					}
				}
				if tent := c.tentative(nil); !slices.Equal(stored, wantStored) || !slices.Equal(tent, wantTent) {
					t.Fatalf("with earlier samples of each ms: %d stored, %d tentative; the last alone: %d, %d",
						len(stored), len(tent), len(wantStored), len(wantTent))
				}
			})
		}
	}
}

// BenchmarkCompress is the compressor's cost a sample (ns/op) on the
// random walk with a deviation: every sample a new millisecond, and each
// sample after a value of the same millisecond it replaces (a write and
// its readback: two pushes a sample).
//
//	go test -run '^$' -bench Compress ./trends/
func BenchmarkCompress(b *testing.B) {
	in := signals[4].samples(4096, 1000, 0, 1)
	for _, written := range []bool{false, true} {
		b.Run(fmt.Sprintf("written=%v", written), func(b *testing.B) {
			c := newCompressor(Setting{Deviation: 0.07})
			out := make([]point, 0, 16)
			var base int64
			n := 0
			b.ReportAllocs()
			for b.Loop() {
				p := in[n%len(in)]
				p.t += base
				if n%len(in) == len(in)-1 {
					base += in[len(in)-1].t - in[0].t + 1000
				}
				if written {
					w := p
					w.v += 10
					out = c.push(w, out[:0])
				}
				out = c.push(p, out[:0])
				n++
			}
		})
	}
}
