package trends

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
)

// TestIndexRowsOutOfOrder: when a tag's row ids do not increase with
// time (blocks written out of order), the index fetches the blocks it
// must decode by t_last, and the query still matches every point.
func TestIndexRowsOutOfOrder(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clocktest.New(time.UnixMilli(t0ms))}
	h, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	var all []point
	var blocks [][]point
	for i := range 6 {
		pts := signals[4].samples(BlockPoints, 1000, 50, uint64(i))
		off := int64(i) * (BlockPoints + 10) * 1000
		for k := range pts {
			pts[k].t += off
		}
		blocks = append(blocks, pts)
		all = append(all, pts...)
	}
	ctx := context.Background()
	if _, err := h.db.ExecContext(ctx, `INSERT INTO history_tags (id, name) VALUES (1, 'T')`); err != nil {
		t.Fatal(err)
	}
	for i := len(blocks) - 1; i >= 0; i-- { // newest first: row ids fall with time
		var e encoder
		for _, p := range blocks[i] {
			e.add(p)
		}
		s := summarize(blocks[i])
		if _, err := h.db.ExecContext(ctx, insertBlockSQL, blockArgs(1, &s, e.bytes())...); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	if h, err = Open(dir, opts); err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	from, to := time.UnixMilli(all[0].t-5000), time.UnixMilli(all[len(all)-1].t+5000)
	for _, width := range []int{1, 7, 40, 333, 1280, 5000} {
		q := Query{Tags: []string{"T"}, From: from, To: to, Width: width}
		want := newM4(q)
		for _, p := range all {
			want.point(p)
		}
		for pass := range 2 { // the first query loads the index, the second uses it
			got, err := h.Query(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if w := want.series("T"); !reflect.DeepEqual(got[0], w) {
				t.Fatalf("width %d pass %d: %s", width, pass, diff(got[0], w))
			}
		}
	}
	if x := h.index[1]; x == nil || !x.loaded || len(x.blocks) != len(blocks) {
		t.Fatalf("index %+v, want %d blocks loaded", x, len(blocks))
	}
}

// TestTicksFlushRows: the open block, written to flush rows in the tick
// its tag's last block had, is counted in a finer one when a point falls
// off the tick, so that what a restart after a crash recovers is what
// was recorded.
func TestTicksFlushRows(t *testing.T) {
	opts := Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Clock: clocktest.New(time.UnixMilli(t0ms))}
	h, err := Open(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	h.Configure(map[string]Setting{"T": {Tag: "T"}})
	ctx := context.Background()
	at := t0ms
	for i := range BlockPoints + 100 {
		at += 1000
		if i > BlockPoints+50 {
			at += 7 // off the tick
		}
		h.Record([]tags.Update{{Name: "T", Value: tags.Value{V: float64(i % 7 * (i % 3)), Time: time.UnixMilli(at)}}})
		if i%40 == 0 || i > BlockPoints { // 60 flushes rewrite the base entry
			if err := h.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	got, _, err := readOpen(ctx, h.db.DB, 0)
	if err != nil {
		t.Fatal(err)
	}
	h.mu.Lock()
	s := h.series["T"]
	want := s.c.tentative(append([]point(nil), s.open...))
	h.mu.Unlock()
	if !reflect.DeepEqual(got.pts[s.id], want) {
		t.Fatalf("flush rows hold %d points %v,\nwant %d %v", len(got.pts[s.id]), got.pts[s.id], len(want), want)
	}
}
