package trends_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/gohmi/gohmi/trends"
)

// TestQueryIntoMatchesQuery: an answer given into the memory of an
// earlier one (wider or narrower, more or fewer tags, other data) is the
// answer of a fresh query, column for column, and it reuses that memory:
// the same query again allocates (almost) nothing.
func TestQueryIntoMatchesQuery(t *testing.T) {
	h := open(t, t.TempDir(), trends.Options{})
	names := []string{"A", "B", "C"}
	record(h, names, t0, 900, 40, 7)
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	record(h, names, t0.Add(900*time.Second), 300, 40, 8) // partly in memory
	qs := randomQueries(rand.New(rand.NewPCG(3, 4)), names, t0, 1200)
	qs = append(qs, trends.Query{Tags: []string{"C", "nope"}, From: t0, To: t0.Add(time.Hour), Width: 640},
		trends.Query{Tags: names[:1], From: t0.Add(time.Minute), To: t0.Add(2 * time.Minute), Width: 2000})
	ctx := context.Background()
	var ss []trends.Series
	var unc []trends.Uncertainty
	for _, q := range qs {
		wantS, wantU, err := h.QueryUncertain(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		ss, unc, err = h.QueryInto(ctx, q, ss, unc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ss, wantS) {
			for i := range wantS {
				sameSeries(t, q.Tags[i], ss[i], wantS[i])
			}
			t.Fatalf("%+v: the series differ", q)
		}
		if !reflect.DeepEqual(unc, wantU) {
			t.Fatalf("%+v: uncertainty %+v, want %+v", q, unc, wantU)
		}
	}
	q := trends.Query{Tags: names, From: t0.Add(5 * time.Minute), To: t0.Add(15 * time.Minute), Width: 1240}
	ss, unc, _ = h.QueryInto(ctx, q, ss, unc)
	first := &ss[0].Columns[0]
	fresh := allocBytes(20, func() { _, _, _ = h.QueryUncertain(ctx, q) })
	reused := allocBytes(20, func() { ss, unc, _ = h.QueryInto(ctx, q, ss, unc) })
	if &ss[0].Columns[0] != first {
		t.Error("QueryInto did not answer into the columns it was given")
	}
	// What is left is SQLite's reading of the stored blocks, the same in
	// both; the columns (3 x 1240 of 224 bytes) and the reduction's
	// accumulators were over 1.2 MB.
	if reused > fresh/4 {
		t.Errorf("a query allocates %d bytes into an earlier answer, %d fresh", reused, fresh)
	}
	t.Logf("bytes allocated by a query: %d fresh, %d into an earlier answer", fresh, reused)
}

// allocBytes is the bytes f allocates, on average over n calls.
func allocBytes(n int, f func()) uint64 {
	f() // warm up: pools, caches
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}
