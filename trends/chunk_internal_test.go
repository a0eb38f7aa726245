package trends

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
)

// TestChunkedBlockM4: a query that reads a stored block through its
// chunks (sub-summaries, and decoding from restart points only the chunks
// that straddle a column boundary) gives what feeding every point gives,
// for columns narrower and wider than a chunk, in both value modes, with
// gap markers, with times counted in ms or in ticks, in version 2
// (integer mode, every value an integer of q) or 1; so does a block
// stored without chunks (the old format).
func TestChunkedBlockM4(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, sig := range signals {
		for _, q := range []float64{0, 1.0 / 64, -1.0 / 64} { // -q: every value an integer of q: version 2
			exact := q < 0
			q := math.Abs(q)
			for _, bad := range []int{0, 30} {
				pts := sig.samples(BlockPoints, 1000, bad, 3)
				ticked := bad > 0 // times on a 1 s tick, at irregular steps
				tt := pts[0].t
				var e encoder
				e.q, e.unc = q, ticked
				for i := range pts {
					if q != 0 && pts[i].good && (i%7 != 3 || exact) { // some values not integers of q
						pts[i].v = math.Round(pts[i].v/q) * q
					}
					if ticked {
						pts[i].t = tt
						tt += 1000 * (1 + r.Int64N(5))
					}
					pts[i].unc = pts[i].good && ticked && i%11 < 3 // Uncertain bits in half the cases
					e.add(pts[i])
				}
				data, _ := encodeTicked(pts, &e)
				n, _ := binary.Uvarint(data)
				integers := q != 0 // version 2 when every good value is an integer of q
				for _, p := range pts {
					integers = integers && (!p.good || math.Round(p.v/q)*q == p.v)
				}
				if exact && !integers {
					t.Fatal("values not integers of q")
				}
				if ticked != (n&tickFlag != 0) || integers != (n&v2Flag != 0) {
					t.Fatalf("%s: ticked %v, version 2 %v: count %#x: %d bytes, %d as recorded", sig.name, ticked, integers, n, len(data), len(e.bytes()))
				}
				if back, err := decodeBlock(data, nil); err != nil || !reflect.DeepEqual(back, pts) {
					t.Fatalf("%s: decoded back differs: %v", sig.name, err)
				}
				if back, err := decodeBlock(e.bytes(), nil); err != nil || !reflect.DeepEqual(back, pts) {
					t.Fatalf("%s: decoded back differs: %v", sig.name, err)
				}
				s := summarize(pts)
				// Through the row's summary column, as stored.
				var back summary
				back.tFirst, back.tLast = s.tFirst, s.tLast
				if err := parseSummary(blockArgs(1, &s, data)[3].([]byte), &back, data); err != nil {
					t.Fatal(err)
				}
				if want := (BlockPoints + chunkPoints - 1) / chunkPoints; len(back.chunks) != want {
					t.Fatalf("%d chunks, want %d", len(back.chunks), want)
				}
				old := back
				old.chunks = nil
				span := pts[len(pts)-1].t - pts[0].t
				for k := range 60 {
					from := pts[0].t - 2000 + r.Int64N(span/2)
					to := from + 1 + r.Int64N(span+4000)
					width := []int{1, 2, 5, 8, 9, 40, 200, 1000, 3000}[k%9] // chunks span 64 s: wider and narrower columns
					qu := Query{From: time.UnixMilli(from), To: time.UnixMilli(to), Width: width}
					if k%5 == 0 {
						qu.From, qu.To = time.UnixMilli(pts[0].t), time.UnixMilli(pts[len(pts)-1].t+1)
					}
					want := newM4(qu)
					for _, p := range pts {
						want.point(p)
					}
					for name, sum := range map[string]*summary{"chunks": &back, "old": &old} {
						got := newM4(qu)
						if err := got.block(sum, data); err != nil {
							t.Fatal(err)
						}
						if g, w := got.uncertainty(), want.uncertainty(); !reflect.DeepEqual(g, w) {
							t.Fatalf("%s q=%g v2=%v bad=%d %s: query %d: uncertainty %v, want %v", sig.name, q, exact, bad, name, k, g, w)
						}
						if g, w := got.series("T"), want.series("T"); !reflect.DeepEqual(g, w) {
							t.Fatalf("%s q=%g v2=%v bad=%d %s: query %d (%d…%d, %d): %s",
								sig.name, q, exact, bad, name, k, from, to, width, diff(g, w))
						}
					}
				}
			}
		}
	}
}

// diff names the first column where two series differ.
func diff(a, b Series) string {
	for i := range a.Columns {
		if a.Columns[i] != b.Columns[i] {
			return fmt.Sprintf("column %d: %+v vs %+v", i, a.Columns[i], b.Columns[i])
		}
	}
	return fmt.Sprintf("last %+v vs %+v", a.Last, b.Last)
}

// TestChunksCorrupt: a damaged chunk section is an error, never a panic.
func TestChunksCorrupt(t *testing.T) {
	pts := signals[4].samples(BlockPoints, 1000, 20, 1)
	var e encoder
	for _, p := range pts {
		e.add(p)
	}
	s := summarize(pts)
	sum := blockArgs(1, &s, e.bytes())[3].([]byte)
	for n := range len(sum) {
		var got summary
		got.tFirst, got.tLast = s.tFirst, s.tLast
		if err := parseSummary(sum[:n], &got, e.bytes()); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("cut at %d: %v", n, err)
		}
		flip := append([]byte(nil), sum...)
		flip[n] ^= 0x5a
		if err := parseSummary(flip, &got, e.bytes()); err == nil {
			m := newM4(Query{From: time.UnixMilli(s.tFirst), To: time.UnixMilli(s.tLast + 1), Width: 100})
			_ = m.block(&got, e.bytes()) // an error or wrong columns, never a panic
		}
	}
}
