package trends_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// TestUncertain: Uncertain samples are recorded as values, the switch
// between Good and Uncertain cuts the compressed line (the last sample
// before it and the first after are stored), and QueryUncertain marks
// the columns holding them and an Uncertain Last: from memory, from the
// flush rows through a Reader, from sealed blocks (their summaries and
// chunks too) after a reopen.
func TestUncertain(t *testing.T) {
	dir := t.TempDir()
	h := open(t, dir, trends.Options{})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T", Deviation: 1}})
	s := func(d int) time.Time { return t0.Add(time.Duration(d) * time.Second) }
	unc := func(d int, v float64) tags.Update {
		return tags.Update{Name: "T", Value: tags.Value{V: v, Quality: tags.Uncertain, Reason: "stale", Time: s(d)}}
	}
	var batch []tags.Update
	for i := range 10 {
		if i >= 4 && i < 8 {
			batch = append(batch, unc(i, 10))
		} else {
			batch = append(batch, upd("T", s(i), 10))
		}
	}
	h.Record(batch)
	want := []trends.Sample{{T: s(0), V: 10, Good: true}, {T: s(3), V: 10, Good: true}, {T: s(4), V: 10, Good: true, Uncertain: true},
		{T: s(7), V: 10, Good: true, Uncertain: true}, {T: s(8), V: 10, Good: true}, {T: s(9), V: 10, Good: true}}
	if got := all(t, h, "T"); !reflect.DeepEqual(got, want) {
		t.Fatalf("stored %v\nwant   %v", got, want)
	}
	type querier interface {
		QueryUncertain(context.Context, trends.Query) ([]trends.Series, []trends.Uncertainty, error)
	}
	check := func(what string, src querier) {
		t.Helper()
		for _, tc := range []struct {
			q    trends.Query
			cols []bool
			last bool
		}{
			{trends.Query{Tags: []string{"T"}, From: s(0), To: s(10), Width: 10}, []bool{false, false, false, false, true, false, false, true, false, false}, false},
			{trends.Query{Tags: []string{"T"}, From: s(0), To: s(6), Width: 2}, []bool{false, true}, true},
			{trends.Query{Tags: []string{"T"}, From: s(4), To: s(8), Width: 1}, []bool{true}, false}, // Last at To: s(8)
			{trends.Query{Tags: []string{"T"}, From: s(4), To: s(7).Add(time.Millisecond), Width: 1}, []bool{true}, true},
			{trends.Query{Tags: []string{"T"}, From: s(0), To: s(4), Width: 1}, []bool{false}, true}, // Last at To: s(4)
			{trends.Query{Tags: []string{"T"}, From: s(8), To: s(20), Width: 1}, []bool{false}, false},
		} {
			ser, u, err := src.QueryUncertain(context.Background(), tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(ser) != 1 || len(u) != 1 || !reflect.DeepEqual(u[0].Columns, tc.cols) || u[0].Last != tc.last {
				t.Errorf("%s: %s…%s in %d: %+v, want %v, last %v", what, tc.q.From, tc.q.To, tc.q.Width, u, tc.cols, tc.last)
			}
		}
	}
	check("in memory", h)
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	r, err := trends.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	check("flush rows", r)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	h = open(t, dir, trends.Options{})
	check("sealed", h)
	check("sealed, reader", r)
	if got := all(t, h, "T"); !reflect.DeepEqual(got, want) {
		t.Errorf("sealed: samples %v\nwant   %v", got, want)
	}
	if got := all(t, r, "T"); !reflect.DeepEqual(got, want) {
		t.Errorf("sealed, reader: samples %v\nwant   %v", got, want)
	}
	var _ trends.UncertainSource = h
	var _ trends.UncertainSource = r
}
