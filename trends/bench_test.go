package trends_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/cputime"
	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// demoKind is one of the demo's signal kinds (screens/demo/hmi.yaml,
// tags/sim) with its range: value(k, s) is tag k's value s seconds in.
type demoKind struct {
	name     string
	min, max float64
	value    func(k int, s int, walk *float64, r *rand.Rand) float64
}

var demoKinds = []demoKind{
	{"sine", 35, 85, func(k, s int, _ *float64, _ *rand.Rand) float64 { // Tank1.Level: period 120s
		return 60 + 25*math.Sin(2*math.Pi*(float64(s)/120+float64(k)/97))
	}},
	{"ramp", 40, 90, func(k, s int, _ *float64, _ *rand.Rand) float64 { // Pump2.Speed: period 45s
		return 40 + 50*float64((s+k)%45)/45
	}},
	{"random", 18, 32, func(_ int, _ int, w *float64, r *rand.Rand) float64 { // Pump1.Current: step 0.5 a second
		*w = math.Max(18, math.Min(32, *w+0.5*(2*r.Float64()-1)))
		return *w
	}},
	{"square", 0, 1, func(k, s int, _ *float64, _ *rand.Rand) float64 { // Pump2.Run: period 40s
		if (s+k)%40 < 20 {
			return 1
		}
		return 0
	}},
	{"counter", 0, 100, func(k, s int, _ *float64, _ *rand.Rand) float64 { // Pump1.Hours: period 10s
		return float64((s/10 + k) % 101)
	}},
}

// demoSetting is what the benchmarks record with: `deviation: 0.5%` of
// the tag's range, no deadband.
func demoSetting(name string, k demoKind) trends.Setting {
	return trends.Setting{Tag: name, Deviation: 0.005 * (k.max - k.min)}
}

// BenchmarkRecord1000Tags records 1,000 tags of the demo's kinds at 1 Hz:
// an iteration is one second (1,000 updates, then the flush a second
// the writer does, committed with its fsync). core% is the process's CPU
// time per recorded second (budget: 2 % of one core).
//
//	go test -run '^$' -bench Record1000Tags -benchtime 600x ./trends/
func BenchmarkRecord1000Tags(b *testing.B) {
	const n = 1000
	h := open(b, b.TempDir(), trends.Options{})
	set := map[string]trends.Setting{}
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("Tag%04d.Value", i)
		set[names[i]] = demoSetting(names[i], demoKinds[i%len(demoKinds)])
	}
	h.Configure(set)
	r := rand.New(rand.NewPCG(1, 2))
	walks := make([]float64, n)
	for i := range walks {
		walks[i] = 25
	}
	batch := make([]tags.Update, n)
	sec := 0
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		at := t0.Add(time.Duration(sec) * time.Second)
		for i := range batch {
			v := demoKinds[i%len(demoKinds)].value(i, sec, &walks[i], r)
			batch[i] = tags.Update{Name: names[i], Value: tags.Value{V: v, Time: at}}
		}
		h.Record(batch)
		if err := h.Flush(); err != nil {
			b.Fatal(err)
		}
		sec++
	}
	cpu := cputime.Process() - cpu0
	if cpu <= 0 {
		cpu = b.Elapsed()
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(sec*n), "cpu-ns/update")
	b.ReportMetric(cpu.Seconds()/float64(sec)*100, "core%")
}

// BenchmarkBytesPerPoint records 20 tags of each demo kind for 6 hours at
// 1 Hz and measures the database: B/sample is the bytes the file grew by
// (its used pages) per recorded sample, B/point per stored point.
//
//	go test -run '^$' -bench BytesPerPoint -benchtime 1x ./trends/
func BenchmarkBytesPerPoint(b *testing.B) {
	for _, kind := range demoKinds {
		b.Run(kind.name, func(b *testing.B) {
			for b.Loop() {
				samples, points, bytes := recordKind(b, kind, 20, 6*3600)
				b.ReportMetric(float64(bytes)/float64(samples), "B/sample")
				b.ReportMetric(float64(bytes)/float64(points), "B/point")
				b.ReportMetric(float64(points)/float64(samples)*100, "stored%")
			}
		})
	}
}

// recordKind records n tags of kind for secs seconds in a new directory
// and returns the samples recorded, the points stored and the bytes the
// database's used pages grew by.
func recordKind(b *testing.B, kind demoKind, n, secs int) (samples, points, bytes int64) {
	dir := b.TempDir()
	h := open(b, dir, trends.Options{})
	set := map[string]trends.Setting{}
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s%02d.Value", kind.name, i)
		set[names[i]] = demoSetting(names[i], kind)
	}
	if err := h.Close(); err != nil {
		b.Fatal(err)
	}
	empty := usedBytes(b, dir)
	h = open(b, dir, trends.Options{})
	h.Configure(set)
	r := rand.New(rand.NewPCG(3, 4))
	walks := make([]float64, n)
	batch := make([]tags.Update, n)
	for s := range secs {
		at := t0.Add(time.Duration(s) * time.Second)
		for i := range batch {
			if s == 0 {
				walks[i] = 25
			}
			batch[i] = tags.Update{Name: names[i], Value: tags.Value{V: kind.value(i, s, &walks[i], r), Time: at}}
		}
		h.Record(batch)
		if s%60 == 59 {
			if err := h.Flush(); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, name := range names {
		points += int64(len(all(b, h, name)))
	}
	if err := h.Close(); err != nil {
		b.Fatal(err)
	}
	return int64(n * secs), points, usedBytes(b, dir) - empty
}

// usedBytes is the size of the database's pages in use (the file less
// its free pages). It logs where they go: the blocks' data and summary
// bytes, and, per table and index, the pages and their payload (dbstat).
func usedBytes(b *testing.B, dir string) int64 {
	db, err := store.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var data, sum, blocks int64
	if err := db.QueryRow(`SELECT coalesce(sum(length(data)), 0), coalesce(sum(length(summary)), 0), count(*) FROM history_blocks`).Scan(&data, &sum, &blocks); err != nil {
		b.Fatal(err)
	}
	if blocks > 0 {
		b.Logf("%d blocks: data %d bytes, summaries %d bytes (%.0f a block)", blocks, data, sum, float64(sum)/float64(blocks))
	}
	if rows, err := db.Query(`SELECT name, count(*), sum(payload), sum(unused) FROM dbstat GROUP BY name ORDER BY name`); err == nil && blocks > 0 {
		for rows.Next() {
			var name string
			var pages, payload, unused int64
			if rows.Scan(&name, &pages, &payload, &unused) == nil && strings.HasPrefix(name, "history") {
				b.Logf("%s: %d pages, payload %d, unused %d", name, pages, payload, unused)
			}
		}
		rows.Close()
	}
	var pages, free, size int64
	if err := db.QueryRow(`SELECT (SELECT page_count FROM pragma_page_count), (SELECT freelist_count FROM pragma_freelist_count), (SELECT page_size FROM pragma_page_size)`).Scan(&pages, &free, &size); err != nil {
		b.Fatal(err)
	}
	return (pages - free) * size
}

// BenchmarkQuery1M reduces about 1,000,000 stored points of one tag to
// 1,280 columns (budget: 10 ms), and a zoomed query of 1 % of them. The
// points are the demo's random walk (Pump1.Current) recorded at 1 Hz with
// the demo setting, which stores 78 % of the samples: 1,280,000 samples,
// 15 days; raw-float stores a walk of full-precision doubles whole (no
// deviation), the worst case: 7.6 bytes a point, so 150 points a block.
//
//	go test -run '^$' -bench Query1M ./trends/
func BenchmarkQuery1M(b *testing.B) {
	for _, tc := range []struct {
		name    string
		samples int
		set     trends.Setting
		value   func(r *rand.Rand, v float64) float64
	}{
		{"demo-random", 1_280_000, demoSetting("T", demoKinds[2]), func(r *rand.Rand, v float64) float64 {
			return math.Max(18, math.Min(32, v+0.5*(2*r.Float64()-1)))
		}},
		{"raw-float", 1_000_000, trends.Setting{Tag: "T"}, func(r *rand.Rand, v float64) float64 { return v + r.NormFloat64() }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			h, end, points := storeWalk(b, tc.samples, tc.set, tc.value)
			for _, span := range []struct {
				name     string
				from, to time.Time
			}{
				{"all", t0, end},
				{"1%", t0.Add(end.Sub(t0) / 2), t0.Add(end.Sub(t0)/2 + end.Sub(t0)/100)},
			} {
				b.Run(span.name, func(b *testing.B) {
					q := trends.Query{Tags: []string{"T"}, From: span.from, To: span.to, Width: 1280}
					b.ReportAllocs()
					cpu0 := cputime.Process()
					for b.Loop() {
						if _, err := h.Query(context.Background(), q); err != nil {
							b.Fatal(err)
						}
					}
					// CPU time too: on a shared machine wall time waits for the core.
					b.ReportMetric(float64((cputime.Process()-cpu0).Microseconds())/float64(b.N)/1000, "cpu-ms/query")
					b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/query")
					b.ReportMetric(float64(points), "points")
				})
			}
		})
	}
}

// storeWalk records n samples a second apart of one tag T with set and
// returns the historian reopened on them, the end of the data and the
// number of points stored.
func storeWalk(b *testing.B, n int, set trends.Setting, next func(*rand.Rand, float64) float64) (*trends.Historian, time.Time, int) {
	dir := b.TempDir()
	h := open(b, dir, trends.Options{})
	h.Configure(map[string]trends.Setting{"T": set})
	r := rand.New(rand.NewPCG(5, 6))
	batch := make([]tags.Update, 0, 1000)
	v := 25.0
	for i := range n {
		v = next(r, v)
		batch = append(batch, tags.Update{Name: "T", Value: tags.Value{V: v, Time: t0.Add(time.Duration(i) * time.Second)}})
		if len(batch) == cap(batch) {
			h.Record(batch)
			batch = batch[:0]
		}
		if i%100000 == 0 {
			if err := h.Flush(); err != nil {
				b.Fatal(err)
			}
		}
	}
	h.Record(batch)
	if err := h.Close(); err != nil {
		b.Fatal(err)
	}
	h = open(b, dir, trends.Options{})
	return h, t0.Add(time.Duration(n) * time.Second), len(all(b, h, "T"))
}
