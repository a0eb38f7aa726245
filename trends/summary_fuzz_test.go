package trends

import (
	"errors"
	"math"
	"testing"
	"time"
)

// FuzzParseSummary: a damaged summary (base and chunk section, versions
// 1 and 2) of a block gives an error wrapping ErrCorrupt or a summary
// that a query reads without a panic.
//
//	go test -fuzz FuzzParseSummary ./trends/
func FuzzParseSummary(f *testing.F) {
	for i, sig := range signals {
		pts := sig.samples(300, 1000, 15*(i%2), 2)
		for j := range pts {
			if pts[j].good {
				pts[j].v = math.Round(pts[j].v*8) / 8
				pts[j].unc = i%3 == 0 && j%9 < 2
			}
		}
		for _, q := range []float64{0, 0.125} {
			data := sealData(pts, q)
			s := summarize(pts)
			f.Add(blockArgs(1, &s, data)[3].([]byte), data)
		}
	}
	f.Fuzz(func(t *testing.T, sum, data []byte) {
		n, _, err := openBlock(data)
		if err != nil {
			return
		}
		var s summary
		s.tFirst, s.tLast = t0ms, t0ms+int64(n)*1000
		if err := parseSummary(sum, &s, data); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not wrap ErrCorrupt", err)
			}
			return
		}
		for _, w := range []int{1, 7, 300} {
			m := newM4(Query{From: time.UnixMilli(s.tFirst - 1000), To: time.UnixMilli(s.tLast + 1000), Width: w})
			_ = m.block(&s, data) // an error or wrong columns, never a panic
		}
	})
}
