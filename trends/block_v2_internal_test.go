package trends

import (
	"math"
	"reflect"
	"testing"
)

// TestV2EveryParameter encodes the signals in version 2 with every time
// lag, value lag (the slope too), Rice parameter class and quality mix,
// and checks that each decodes back exactly, whole and from each chunk's
// restart point as the chunk section stores it.
func TestV2EveryParameter(t *testing.T) {
	const q = 1.0 / 16
	for _, sig := range signals {
		for _, bad := range []int{0, 25} {
			pts := sig.samples(300, 1000, bad, 4)
			for i := range pts {
				if pts[i].good {
					pts[i].v = math.Round(pts[i].v/q) * q
					pts[i].unc = bad > 0 && i%13 < 4
				}
			}
			for lagT := 0; lagT <= maxLag; lagT++ {
				for lagV := 0; lagV <= lagSlope; lagV++ {
					for _, k := range []int{0, 3, 12} {
						p := v2{on: true, allGood: bad == 0, lagT: lagT, lagV: lagV, kt: k, kv: k + 1}
						e := encoder{q: q, tick: 1, v2: p, unc: bad > 0}
						for _, pt := range pts {
							e.add(pt)
						}
						data := e.bytes()
						back, err := decodeBlock(data, nil)
						if err != nil || !reflect.DeepEqual(back, pts) {
							t.Fatalf("%s bad=%d %+v: decoded back differs: %v", sig.name, bad, p, err)
						}
						cs, m, err := chunkBlock(data)
						if err != nil || m.v2 != p {
							t.Fatalf("%+v: chunks: %v, mode %+v", p, err, m)
						}
						s := summarize(pts)
						stored := appendChunks(nil, s.tFirst, m, cs)
						if err := parseChunks(stored, &s, m); err != nil {
							t.Fatalf("%s %+v: %v", sig.name, p, err)
						}
						_, d0, _ := openBlock(data)
						for ci, c := range s.chunks {
							d := d0
							d.at(c.dec)
							for j := range c.sum.n {
								got, err := d.next(ci*chunkPoints + j)
								if want := pts[ci*chunkPoints+j]; err != nil || got != want {
									t.Fatalf("%s %+v: chunk %d point %d: %+v, %v, want %+v", sig.name, p, ci, j, got, err, want)
								}
							}
						}
					}
				}
			}
		}
	}
}
