package trends_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// msOp is one step of TestLastOfMs: it records, steps the clock, flushes,
// restarts the historian or checks what a reader of the data directory
// sees.
type msOp struct {
	q      tags.Quality // rec: the value's quality
	v      float64      // rec: the value (Bad: none)
	rec    bool         // record v, stamped by the clock (no time of its own, as a write's echo)
	step   time.Duration
	flush  bool
	reopen bool            // Close, then Open on the same directory
	reader []trends.Sample // when not nil: what OpenReader sees (what was committed)
	drops  *trends.Drops   // when not nil: Drops() now
	unc    []trends.Sample // when not nil: the Uncertain samples stored
}

func rec(v float64) msOp                  { return msOp{rec: true, q: tags.Good, v: v} }
func recQ(q tags.Quality, v float64) msOp { return msOp{rec: true, q: q, v: v} }
func step(ms int) msOp                    { return msOp{step: time.Duration(ms) * time.Millisecond} }
func reader(ss ...trends.Sample) msOp     { return msOp{reader: append([]trends.Sample{}, ss...)} }

var (
	flushOp  = msOp{flush: true}
	reopenOp = msOp{reopen: true}
)

func good(ms int, v float64) trends.Sample {
	return trends.Sample{T: t0.Add(time.Duration(ms) * time.Millisecond), V: v, Good: true}
}
func gap(ms int) trends.Sample { return trends.Sample{T: t0.Add(time.Duration(ms) * time.Millisecond)} }

// TestLastOfMs: of a tag's samples in one millisecond (a value written,
// then the device's readback; a Bad value, then a good one), the last is
// the one recorded: in the open block, after a flush committed the
// first, after a restart, whatever the qualities. Values without a time
// of their own are stamped by the historian's clock, stepped here.
func TestLastOfMs(t *testing.T) {
	tests := []struct {
		name string
		ops  []msOp
		want []trends.Sample // stored at the end, before and after a last restart
	}{
		{"readback in the head", []msOp{rec(50), rec(48.7), step(1), rec(49)},
			[]trends.Sample{good(0, 48.7), good(1, 49)}},
		{"readback after a flush committed the value written", []msOp{
			rec(50), flushOp, reader(good(0, 50)),
			rec(48.7), reader(good(0, 50)), flushOp, reader(good(0, 48.7)),
			step(1), rec(49), flushOp, reader(good(0, 48.7), good(1, 49))},
			[]trends.Sample{good(0, 48.7), good(1, 49)}},
		{"readback after a flush, then a restart before the next", []msOp{
			step(3), rec(10), flushOp, rec(50), flushOp, rec(48.7), flushOp, reopenOp},
			[]trends.Sample{good(3, 48.7)}},
		{"bad, then a good readback: no gap", []msOp{
			rec(1), step(1), recQ(tags.Bad, 0), recQ(tags.Good, 2), step(1), rec(3)},
			[]trends.Sample{good(0, 1), good(2, 3)}}, // a straight line: 1 at 1 is not stored
		{"bad, flushed, then a good readback", []msOp{
			rec(1), step(1), recQ(tags.Bad, 0), flushOp, reader(good(0, 1), gap(1)),
			rec(7), flushOp, reader(good(0, 1), good(1, 7))},
			[]trends.Sample{good(0, 1), good(1, 7)}},
		{"good, then bad in the same ms: the gap", []msOp{
			rec(1), step(1), rec(2), recQ(tags.Bad, 0), step(1), rec(3)},
			[]trends.Sample{good(0, 1), gap(1), good(2, 3)}},
		{"uncertain, then a good readback: not uncertain", []msOp{
			rec(1), step(1), recQ(tags.Uncertain, 2), rec(2), step(1), rec(3),
			{unc: []trends.Sample{}}},
			[]trends.Sample{good(0, 1), good(2, 3)}},
		{"good, then an uncertain readback", []msOp{
			rec(1), step(1), rec(2), recQ(tags.Uncertain, 2.5), step(1), rec(3),
			{unc: []trends.Sample{{T: t0.Add(time.Millisecond), V: 2.5, Good: true, Uncertain: true}}}},
			[]trends.Sample{good(0, 1), {T: t0.Add(time.Millisecond), V: 2.5, Good: true, Uncertain: true}, good(2, 3)}},
		{"replaced, counted", []msOp{
			rec(1), rec(2), rec(3), step(1), rec(4), {drops: &trends.Drops{SameMs: 2}}},
			[]trends.Sample{good(0, 3), good(1, 4)}},
		// A restart ends the tag's line for good: a sample in its last
		// point's millisecond is dropped (its block may be committed),
		// the next gets the gap marker of the restart.
		{"the millisecond of the last point before a restart", []msOp{
			step(5), rec(1), reopenOp, rec(2), {drops: &trends.Drops{SameMs: 1}}, step(2), rec(3)},
			[]trends.Sample{good(5, 1), gap(6), good(7, 3)}},
		{"after a restart, bad then a good readback: the gap marker stays", []msOp{
			rec(1), reopenOp, step(5), recQ(tags.Bad, 0), rec(2), step(1), rec(3)},
			[]trends.Sample{good(0, 1), gap(4), good(5, 2), good(6, 3)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			clk := clocktest.New(t0)
			set := map[string]trends.Setting{"T": {Tag: "T"}}
			start := func() *trends.Historian {
				h := open(t, dir, trends.Options{Clock: clk})
				h.Configure(set)
				return h
			}
			h := start()
			for i, op := range tc.ops {
				switch {
				case op.rec:
					v := tags.Value{V: op.v, Quality: op.q}
					if op.q == tags.Bad {
						v = tags.Value{Quality: tags.Bad, Reason: "timeout"}
					}
					h.Record([]tags.Update{{Name: "T", Value: v}})
				case op.step > 0:
					clk.Step(op.step)
				case op.flush:
					if err := h.Flush(); err != nil {
						t.Fatal(err)
					}
				case op.reopen:
					if err := h.Close(); err != nil {
						t.Fatal(err)
					}
					h = start()
				case op.reader != nil:
					r, err := trends.OpenReader(dir)
					if err != nil {
						t.Fatal(err)
					}
					got := all(t, r, "T")
					r.Close()
					if !reflect.DeepEqual(got, op.reader) {
						t.Errorf("op %d: the reader sees %v, want %v", i, got, op.reader)
					}
				case op.drops != nil:
					if d := h.Drops(); d != *op.drops {
						t.Errorf("op %d: Drops() = %+v, want %+v", i, d, *op.drops)
					}
				case op.unc != nil:
					if got := uncertainSamples(t, h); !reflect.DeepEqual(got, op.unc) {
						t.Errorf("op %d: Uncertain samples %v, want %v", i, got, op.unc)
					}
				}
			}
			if got := all(t, h, "T"); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("stored %v\nwant   %v", got, tc.want)
			}
			checkLast(t, h, tc.want)
			if err := h.Close(); err != nil {
				t.Fatal(err)
			}
			h = open(t, dir, trends.Options{Clock: clk})
			if got := all(t, h, "T"); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("after a restart stored %v\nwant   %v", got, tc.want)
			}
		})
	}
}

// uncertainSamples returns T's stored samples that are Uncertain.
func uncertainSamples(t *testing.T, h *trends.Historian) []trends.Sample {
	t.Helper()
	out := []trends.Sample{}
	for _, s := range all(t, h, "T") {
		if s.Uncertain {
			out = append(out, s)
		}
	}
	return out
}

// checkLast checks that a query's Last and its one column show the
// last sample of want (the readback, never the value written).
func checkLast(t *testing.T, h *trends.Historian, want []trends.Sample) {
	t.Helper()
	q := trends.Query{Tags: []string{"T"}, From: t0.Add(-time.Second), To: t0.Add(time.Second), Width: 1}
	ss, err := h.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	last := want[len(want)-1]
	if got := ss[0].Last; got.T != last.T || got.Good != last.Good || got.V != last.V {
		t.Errorf("Query's Last = %+v, want %+v", got, last)
	}
	if c := ss[0].Columns[0]; c.N > 0 && c.Last.V != lastGood(want).V {
		t.Errorf("Query's column = %s, want the last good %v", fmt.Sprint(c), lastGood(want))
	}
}

func lastGood(ss []trends.Sample) trends.Sample {
	for i := len(ss) - 1; i >= 0; i-- {
		if ss[i].Good {
			return ss[i]
		}
	}
	return trends.Sample{}
}
