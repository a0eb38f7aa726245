package trends_test

import (
	"log/slog"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/logtest"
	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// TestSameMsAndBackwards: a sample in the same millisecond as the tag's
// previous one replaces it, one before it is dropped; both are counted
// (the sample replaced, the one dropped), the first going back is
// logged, once a tag.
func TestSameMsAndBackwards(t *testing.T) {
	var logs logtest.Buffer
	h := open(t, t.TempDir(), trends.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T"}, "U": {Tag: "U"}})
	ms := func(d int) time.Time { return t0.Add(time.Duration(d) * time.Millisecond) }
	h.Record([]tags.Update{
		upd("T", ms(0), 1),
		upd("T", ms(0), 2),                                          // same ms
		upd("T", ms(0).Add(500*time.Microsecond), 3),                // same ms once truncated
		upd("T", ms(-1000), 4),                                      // back
		upd("T", ms(1000), 5),                                       // stored
		upd("T", ms(500), 6),                                        // back
		upd("U", ms(0), 1), upd("U", ms(-1), 2), upd("U", ms(1), 3), // back, stored
	})
	want := []trends.Sample{{T: ms(0), V: 3, Good: true}, {T: ms(1000), V: 5, Good: true}}
	if got := all(t, h, "T"); !reflect.DeepEqual(got, want) {
		t.Errorf("T stored %v, want %v", got, want)
	}
	if got := len(all(t, h, "U")); got != 2 {
		t.Errorf("U stored %d points, want 2", got)
	}
	// A reload that changes the setting does not let time go back; the
	// samples before it were compressed with the setting they arrived
	// under: the last one's millisecond is over.
	h.Configure(map[string]trends.Setting{"T": {Tag: "T", Deviation: 1}, "U": {Tag: "U"}})
	h.Record([]tags.Update{upd("T", ms(999), 7), upd("T", ms(1000), 8)})
	if got := all(t, h, "T"); !reflect.DeepEqual(got, want) {
		t.Errorf("after a reload T stored %v, want %v", got, want)
	}
	if d := h.Drops(); d != (trends.Drops{SameMs: 3, Backwards: 4}) {
		t.Errorf("Drops() = %+v", d)
	}
	if n := logs.Count("older than the previous one"); n != 2 {
		t.Errorf("logged %d times, want once a tag:\n%s", n, logs.String())
	}
}

// TestFailingCommitsBounded: while commits fail, at most MaxPending
// sealed blocks wait in memory; the oldest are dropped, counted and
// logged once, and the flush rows of at most 60 failed flushes wait;
// when commits succeed again, the blocks kept and the open
// block are stored.
func TestFailingCommitsBounded(t *testing.T) {
	dir := t.TempDir()
	var logs logtest.Buffer
	const maxPending = 3
	h := open(t, dir, trends.Options{MaxPending: maxPending, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T"}}) // exact floats: ~150 points a block
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, table := range []string{"history_blocks", "history_flushes"} {
		if _, err := db.Exec(`CREATE TRIGGER fail_` + table + ` BEFORE INSERT ON ` + table + ` BEGIN SELECT RAISE(FAIL, 'disk says no'); END`); err != nil {
			t.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(1, 1))
	const n = 4000
	var recorded []trends.Sample
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Second)
		v := r.Float64()
		recorded = append(recorded, trends.Sample{T: at, V: v, Good: true})
		h.Record([]tags.Update{upd("T", at, v)})
		if i%50 == 49 { // 80 flushes: more than the batches kept
			if err := h.Flush(); err == nil || !strings.Contains(err.Error(), "disk says no") {
				t.Fatalf("flush while failing: %v", err)
			}
		}
	}
	d := h.Drops()
	if d.Blocks == 0 || d.Points == 0 {
		t.Fatalf("nothing dropped: %+v", d)
	}
	kept := all(t, h, "T")
	if int64(len(kept)) != n-d.Points {
		t.Fatalf("%d points kept, %d recorded, %d dropped", len(kept), n, d.Points)
	}
	// The newest are kept: what is left is the tail of what was recorded,
	// at most maxPending sealed blocks and the open one.
	if !reflect.DeepEqual(kept, recorded[n-len(kept):]) {
		t.Fatal("the points kept are not the newest")
	}
	if len(kept) > (maxPending+1)*trends.BlockPoints {
		t.Fatalf("%d points kept in memory", len(kept))
	}
	if c := logs.Count("dropping the oldest sealed blocks"); c != 1 {
		t.Errorf("the drop logged %d times, want once", c)
	}
	for _, table := range []string{"history_blocks", "history_flushes"} {
		if _, err := db.Exec(`DROP TRIGGER fail_` + table); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	if c := logs.Count("commits succeed again"); c != 1 {
		t.Errorf("the end of the outage logged %d times", c)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	h = open(t, dir, trends.Options{})
	if got := all(t, h, "T"); !reflect.DeepEqual(got, kept) {
		t.Fatalf("after the outage %d points stored, want the %d kept", len(got), len(kept))
	}
}
