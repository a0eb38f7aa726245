package trends

import (
	"errors"
	"math"
	"testing"
)

// FuzzDecodeBlock: a corrupt block gives an error wrapping ErrCorrupt,
// never a panic, and never more points than its bytes can hold; what
// decodes re-encodes to the same points.
//
//	go test -fuzz FuzzDecodeBlock ./trends/
func FuzzDecodeBlock(f *testing.F) {
	for _, sig := range signals {
		for _, q := range []float64{0, 0.25} {
			e := encoder{q: q}
			for i, p := range sig.samples(64, 1000, 10, 1) {
				if i%3 > 0 && q > 0 {
					p.v = math.Round(p.v/q) * q
				}
				e.add(p)
			}
			f.Add(e.bytes())
		}
	}
	ticked := signals[4].samples(64, 1000, 10, 1)
	for i := range ticked {
		ticked[i].t = t0ms + int64(i*i)*1000
	}
	for _, q := range []float64{0, 0.25} {
		e := encode(ticked, q, 1000, false)
		f.Add(e.bytes())
	}
	// Version 2 (every lag, the slope) and Uncertain bits, in both versions.
	for i, sig := range signals {
		pts := sig.samples(200, 1000, 10*(i%2), 1)
		for j := range pts {
			pts[j].v = math.Round(pts[j].v*4) / 4
			pts[j].unc = pts[j].good && i%3 == 0 && j%17 < 5
		}
		if b, ok := encodeV2(pts, 0.25, 1, false); ok {
			f.Add(b)
		}
		e := encode(pts, 0, 1, false)
		f.Add(e.bytes())
	}
	f.Add([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01})
	f.Add([]byte{0xff, 0x1f, 0x00})
	f.Fuzz(func(t *testing.T, b []byte) {
		pts, err := decodeBlock(b, nil)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		if len(pts) > 8*len(b)+1 || len(pts) > MaxBlockPoints {
			t.Fatalf("%d points from %d bytes", len(pts), len(b))
		}
		for i, p := range pts {
			if i > 0 && p.t <= pts[i-1].t {
				t.Fatalf("decoded times do not increase: %v", pts)
			}
		}
		e := encode(pts, 0, 1, false)
		again, err := decodeBlock(e.bytes(), nil)
		if err != nil || len(again) != len(pts) {
			t.Fatalf("re-encoded: %v, %d points of %d", err, len(again), len(pts))
		}
		for i := range pts {
			if !samePoint(again[i], pts[i]) {
				t.Fatalf("point %d: %+v re-encoded as %+v", i, pts[i], again[i])
			}
		}
	})
}
