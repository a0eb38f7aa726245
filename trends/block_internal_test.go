package trends

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestBlockRoundTrip encodes points and decodes them back, bit for bit:
// the signals, markers, big and negative time jumps in the deltas, and
// values that exercise every XOR case.
func TestBlockRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := map[string][]point{
		"one":    {{t: t0ms, v: 1.5, good: true}},
		"marker": {{t: t0ms}},
		"edge values": {
			{t: 0, v: math.Inf(1), good: true}, {t: 1, v: math.NaN(), good: true}, {t: 2, v: -0.0, good: true},
			{t: 3, v: math.MaxFloat64, good: true}, {t: 4, v: math.SmallestNonzeroFloat64, good: true}, {t: 5},
			{t: 1 << 40, v: 1, good: true}, {t: 1<<40 + 1, v: 1, good: true}, {t: math.MaxInt64 - 1, v: 2, good: true},
		},
		"negative times": {{t: -5000, v: 1, good: true}, {t: -1, v: 2, good: true}, {t: 0}},
	}
	for _, sig := range signals {
		cases[sig.name] = sig.samples(BlockPoints, 1000, 40, 5)
	}
	var rnd []point
	tt := int64(0)
	for range MaxBlockPoints {
		tt += 1 + int64(r.IntN(5000000)) // every dod width
		rnd = append(rnd, point{t: tt, v: math.Float64frombits(r.Uint64()), good: r.IntN(10) > 0})
	}
	cases["random bits"] = rnd
	quantized := func(pts []point, q float64) []point {
		out := slices.Clone(pts)
		for i := range out {
			if i%5 != 3 { // some values are not integers of q: the escape
				out[i].v = math.Round(out[i].v/q) * q
			}
		}
		return out
	}
	for _, sig := range signals {
		cases[sig.name+" q=1/64"] = quantized(sig.samples(BlockPoints, 1000, 40, 5), 1.0/64)
	}
	cases["random bits q=1/64"] = quantized(rnd, 1.0/64)
	cases["big q"] = quantized([]point{{t: 1, v: 1e300, good: true}, {t: 2, v: -3e20, good: true}, {t: 3, v: 8, good: true}, {t: 4, v: 1 << 60, good: true}}, 4)
	for name, pts := range cases {
		t.Run(name, func(t *testing.T) {
			var e encoder
			if strings.Contains(name, "q=1/64") {
				e.q = 1.0 / 64
			} else if name == "big q" {
				e.q = 4
			}
			for i := range pts {
				if !pts[i].good {
					pts[i].v = 0
				}
				e.add(pts[i])
			}
			got, err := decodeBlock(e.bytes(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(pts) {
				t.Fatalf("%d points back of %d", len(got), len(pts))
			}
			for i := range pts {
				if !samePoint(got[i], pts[i]) {
					t.Fatalf("point %d: %+v back as %+v", i, pts[i], got[i])
				}
			}
			// A clone continues independently.
			c := e.clone()
			c.add(point{t: pts[len(pts)-1].t + 1, v: 3, good: true})
			if again, _ := decodeBlock(e.bytes(), nil); len(again) != len(pts) {
				t.Fatalf("appending to a clone changed the original")
			}
			// Every truncation is an error, never a panic.
			b := e.bytes()
			for n := 0; n < len(b); n += 1 + len(b)/300 {
				if _, err := decodeBlock(b[:n], nil); !errors.Is(err, ErrCorrupt) {
					t.Fatalf("truncated to %d of %d bytes: %v", n, len(b), err)
				}
			}
		})
	}
}

func samePoint(a, b point) bool {
	return a.t == b.t && a.good == b.good && a.unc == b.unc && math.Float64bits(a.v) == math.Float64bits(b.v)
}

// TestEncodeBlock checks the exported pair.
func TestEncodeBlock(t *testing.T) {
	in := []Sample{point{t: t0ms, v: 1, good: true}.sample(), point{t: t0ms + 1000}.sample(), point{t: t0ms + 2500, v: 2, good: true}.sample()}
	b, err := EncodeBlock(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := DecodeBlock(b)
	if err != nil || !slices.Equal(out, in) {
		t.Fatalf("DecodeBlock = %v, %v; want %v", out, err, in)
	}
	if _, err := EncodeBlock([]Sample{in[1], in[0]}); err == nil {
		t.Error("EncodeBlock took samples out of order")
	}
}

// TestBlockSize: Gorilla's size on the signals, before compression.
func TestBlockSize(t *testing.T) {
	for _, sig := range signals {
		pts := sig.samples(BlockPoints, 1000, 0, 5)
		var e encoder
		q := encoder{q: 1.0 / 64}
		for _, p := range pts {
			e.add(p)
			p.v = math.Round(p.v*64) / 64
			q.add(p)
		}
		t.Logf("%-10s %.2f bytes/point, rounded to 1/64: %.2f", sig.name, float64(len(e.bytes()))/float64(len(pts)), float64(len(q.bytes()))/float64(len(pts)))
	}
}
