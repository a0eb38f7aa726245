package trends_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

func TestMain(m *testing.M) {
	if childMain() { // the kill -9 test's child process
		return
	}
	goleak.VerifyTestMain(m)
}

var t0 = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func open(t testing.TB, dir string, opts trends.Options) *trends.Historian {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quiet()
	}
	if opts.Clock == nil {
		opts.Clock = clocktest.New(t0)
	}
	h, err := trends.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.Close() })
	return h
}

func upd(name string, at time.Time, v float64) tags.Update {
	return tags.Update{Name: name, Value: tags.Value{V: v, Time: at}}
}

func bad(name string, at time.Time) tags.Update {
	return tags.Update{Name: name, Value: tags.Value{Quality: tags.Bad, Reason: "timeout", Time: at}}
}

// all returns every stored point of tag.
func all(t testing.TB, h interface {
	Samples(context.Context, string, time.Time, time.Time, int) ([]trends.Sample, error)
}, tag string) []trends.Sample {
	t.Helper()
	ss, err := h.Samples(context.Background(), tag, time.Unix(0, 0), time.Unix(1<<33, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// bruteM4 is the reference: every stored sample put in its column by
// exact rational arithmetic, by the definitions of Column and Series.
func bruteM4(ss []trends.Sample, q trends.Query) trends.Series {
	span := big.NewInt(q.To.Sub(q.From).Nanoseconds())
	w := big.NewInt(int64(q.Width))
	s := trends.Series{Tag: q.Tags[0], Columns: make([]trends.Column, q.Width)}
	for i := range s.Columns {
		for k, at := range []*time.Time{&s.Columns[i].From, &s.Columns[i].To} {
			num := new(big.Int).Mul(big.NewInt(int64(i+k)), span)
			num.Add(num, new(big.Int).Sub(w, big.NewInt(1)))
			*at = q.From.Add(time.Duration(num.Div(num, w).Int64())).UTC()
		}
	}
	bad := false
	for _, p := range ss {
		if !p.T.After(q.To) {
			s.Last = p
		}
		if p.T.Before(q.From) || !p.T.Before(q.To) {
			continue
		}
		if !p.Good {
			bad = true
			continue
		}
		i := 0
		for !p.T.Before(s.Columns[i].To) {
			i++
		}
		c := &s.Columns[i]
		if c.N == 0 {
			c.First, c.Min, c.Max, c.GapBefore = p, p, p, bad
		}
		if p.V < c.Min.V {
			c.Min = p
		}
		if p.V > c.Max.V {
			c.Max = p
		}
		c.Last = p
		c.N++
		bad = false
	}
	return s
}

func query(t testing.TB, src trends.Source, q trends.Query) []trends.Series {
	t.Helper()
	out, err := src.Query(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(q.Tags) {
		t.Fatalf("%d series for %d tags", len(out), len(q.Tags))
	}
	for _, s := range out {
		if len(s.Columns) != q.Width {
			t.Fatalf("%s: %d columns, want %d", s.Tag, len(s.Columns), q.Width)
		}
	}
	return out
}

func sameSeries(t *testing.T, what string, got, want trends.Series) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	if got.Last != want.Last {
		t.Fatalf("%s: Last %+v, want %+v", what, got.Last, want.Last)
	}
	for i := range want.Columns {
		if !reflect.DeepEqual(got.Columns[i], want.Columns[i]) {
			t.Fatalf("%s: column %d:\n got %+v\nwant %+v", what, i, got.Columns[i], want.Columns[i])
		}
	}
	t.Fatalf("%s: differs", what)
}

// record feeds n samples a second apart from start to tags, a random
// walk each, with Bad runs about every badEvery samples (0: none).
func record(h *trends.Historian, names []string, start time.Time, n, badEvery int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 1))
	v := make([]float64, len(names))
	badLeft := make([]int, len(names))
	for i := range n {
		at := start.Add(time.Duration(i) * time.Second)
		batch := make([]tags.Update, 0, len(names))
		for k, name := range names {
			if badEvery > 0 && badLeft[k] == 0 && r.IntN(badEvery) == 0 {
				badLeft[k] = 1 + r.IntN(20)
			}
			if badLeft[k] > 0 {
				badLeft[k]--
				batch = append(batch, bad(name, at))
				continue
			}
			v[k] += r.NormFloat64()
			batch = append(batch, upd(name, at, math.Round(v[k]*8)/8)) // steps: ties for min and max
		}
		h.Record(batch)
	}
}

// randomQueries are queries over [start-10m, start+n s+10m): wide,
// narrow, one column, column edges on sample times.
func randomQueries(r *rand.Rand, names []string, start time.Time, n int) []trends.Query {
	end := start.Add(time.Duration(n) * time.Second)
	qs := []trends.Query{
		{Tags: names, From: start, To: end, Width: 1},
		{Tags: names, From: start, To: end, Width: 7},
		{Tags: names, From: start, To: end, Width: 1280},
		{Tags: names, From: start.Add(-time.Hour), To: end.Add(time.Hour), Width: 3},
		{Tags: names, From: start, To: end, Width: n},
		{Tags: names, From: start.Add(-10 * time.Minute), To: start.Add(-time.Minute), Width: 5},
		{Tags: names, From: end.Add(time.Minute), To: end.Add(2 * time.Minute), Width: 5},
	}
	for range 40 {
		a := start.Add(time.Duration(r.Int64N(int64(n+600)*1e9)) - 5*time.Minute)
		b := a.Add(time.Duration(1 + r.Int64N(int64(n)*1e9)))
		qs = append(qs, trends.Query{Tags: names, From: a, To: b, Width: 1 + r.IntN(2000)})
	}
	return qs
}

// checkQueries compares src's answers with the brute force over the
// stored samples.
func checkQueries(t *testing.T, what string, src trends.Source, stored map[string][]trends.Sample, qs []trends.Query) {
	t.Helper()
	for qi, q := range qs {
		got := query(t, src, q)
		for k, name := range q.Tags {
			qq := q
			qq.Tags = []string{name}
			sameSeries(t, fmt.Sprintf("%s: query %d %s (%s…%s, %d)", what, qi, name, q.From, q.To, q.Width), got[k], bruteM4(stored[name], qq))
		}
	}
}

// TestQueryAgainstBruteForce records random walks with Bad runs into
// several sealed blocks and compares every query with the brute force:
// while the data is in memory, after the commit, through a Reader, and
// after a reopen.
func TestQueryAgainstBruteForce(t *testing.T) {
	dir := t.TempDir()
	names := []string{"A", "B.x", "C"}
	h := open(t, dir, trends.Options{})
	h.Configure(map[string]trends.Setting{
		"A":   {Tag: "A"},
		"B.x": {Tag: "B.x", Deviation: 0.7},
		"C":   {Tag: "C", Deadband: 0.3, Deviation: 0.2, MaxInterval: time.Minute},
	})
	const n = 4000
	record(h, names, t0, n, 150, 1)
	stored := map[string][]trends.Sample{}
	for _, name := range names {
		stored[name] = all(t, h, name)
	}
	if len(stored["A"]) < 3*trends.BlockPoints {
		t.Fatalf("A stored %d points: want several blocks", len(stored["A"]))
	}
	qs := randomQueries(rand.New(rand.NewPCG(2, 3)), names, t0, n)
	checkQueries(t, "in memory", h, stored, qs)
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	checkQueries(t, "committed", h, stored, qs)
	for _, name := range names {
		if got := all(t, h, name); !reflect.DeepEqual(got, stored[name]) {
			t.Fatalf("%s: stored points changed by the commit", name)
		}
	}
	r, err := trends.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	checkQueries(t, "reader", r, stored, qs)
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	h = open(t, dir, trends.Options{})
	checkQueries(t, "reopened", h, stored, qs)
	checkQueries(t, "reader after close", r, stored, qs)
}

// TestBadQualityGap: a Bad period is a gap in the query (GapBefore), the
// last good sample before it and the first after are stored, and Last is
// Bad while the tag is Bad.
func TestBadQualityGap(t *testing.T) {
	h := open(t, t.TempDir(), trends.Options{})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T", Deviation: 1}})
	s := func(d int) time.Time { return t0.Add(time.Duration(d) * time.Second) }
	h.Record([]tags.Update{upd("T", s(0), 10), upd("T", s(1), 10.1), upd("T", s(2), 10.2), upd("T", s(3), 10.3)})
	h.Record([]tags.Update{bad("T", s(4)), bad("T", s(5))})
	q := trends.Query{Tags: []string{"T"}, From: s(0), To: s(10), Width: 10}
	got := query(t, h, q)[0]
	if got.Last.Good || !got.Last.T.Equal(s(4)) {
		t.Errorf("Last during the Bad period = %+v, want Bad at %s", got.Last, s(4))
	}
	h.Record([]tags.Update{upd("T", s(6), 20), upd("T", s(7), 20)})
	want := []trends.Sample{{T: s(0), V: 10, Good: true}, {T: s(3), V: 10.25, Good: true}, {T: s(4)}, {T: s(6), V: 20, Good: true}, {T: s(7), V: 20, Good: true}}
	if got := all(t, h, "T"); !reflect.DeepEqual(got, want) {
		t.Errorf("stored %v\nwant   %v", got, want)
	}
	got = query(t, h, q)[0]
	for i, c := range got.Columns {
		if wantGap := i == 6; c.GapBefore != wantGap {
			t.Errorf("column %d: GapBefore %v", i, c.GapBefore)
		}
	}
	if got.Last != want[4] {
		t.Errorf("Last = %+v", got.Last)
	}
}

// TestRestartGap: the span between two runs is a gap, and the next run
// continues the same series.
func TestRestartGap(t *testing.T) {
	dir := t.TempDir()
	set := map[string]trends.Setting{"T": {Tag: "T"}}
	h := open(t, dir, trends.Options{})
	h.Configure(set)
	h.Record([]tags.Update{upd("T", t0, 1), upd("T", t0.Add(time.Second), 2)})
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	h = open(t, dir, trends.Options{})
	h.Configure(set)
	h.Record([]tags.Update{upd("T", t0.Add(time.Minute), 3), upd("T", t0.Add(time.Minute+time.Second), 4)})
	got := all(t, h, "T")
	want := []trends.Sample{{T: t0, V: 1, Good: true}, {T: t0.Add(time.Second), V: 2, Good: true},
		{T: t0.Add(time.Minute - time.Millisecond)}, {T: t0.Add(time.Minute), V: 3, Good: true}, {T: t0.Add(time.Minute + time.Second), V: 4, Good: true}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("stored %v\nwant   %v", got, want)
	}
	col := query(t, h, trends.Query{Tags: []string{"T"}, From: t0, To: t0.Add(2 * time.Minute), Width: 2})[0].Columns
	if col[0].N != 2 || col[1].N != 2 || !col[1].GapBefore {
		t.Fatalf("columns %+v", col)
	}
}

// TestConfigure: a changed setting keeps the history, a removed tag keeps
// it and stops recording, an added one starts.
func TestConfigure(t *testing.T) {
	h := open(t, t.TempDir(), trends.Options{})
	h.Configure(map[string]trends.Setting{"A": {Tag: "A"}, "B": {Tag: "B"}})
	s := func(d int) time.Time { return t0.Add(time.Duration(d) * time.Second) }
	h.Record([]tags.Update{upd("A", s(0), 1), upd("B", s(0), 1), upd("C", s(0), 1), upd("A", s(1), 5), upd("B", s(1), 5)})
	h.Configure(map[string]trends.Setting{"A": {Tag: "A", Deviation: 10}, "C": {Tag: "C"}})
	h.Record([]tags.Update{upd("A", s(2), 8), upd("B", s(2), 7), upd("C", s(2), 7), upd("A", s(3), 10), upd("A", s(4), 12)})
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	for tag, want := range map[string][]float64{"A": {1, 5, 8, 12}, "B": {1, 5}, "C": {7}} {
		var got []float64
		for _, p := range all(t, h, tag) {
			got = append(got, p.V)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: stored %v, want %v", tag, got, want)
		}
	}
}

// TestRetention prunes by age and by size in the background.
func TestRetention(t *testing.T) {
	clk := clocktest.New(t0)
	pruned := make(chan int64, 10)
	h := open(t, t.TempDir(), trends.Options{Clock: clk, PruneEvery: time.Minute, Pruned: func(n int64) { pruned <- n }})
	<-pruned // at open
	h.Configure(map[string]trends.Setting{
		"Old":  {Tag: "Old", Retention: trends.Retention{MaxAge: 24 * time.Hour}},
		"Big":  {Tag: "Big", Retention: trends.Retention{MaxBytes: 64 << 10}},
		"Keep": {Tag: "Keep"},
	})
	names := []string{"Old", "Big", "Keep"}
	record(h, names, t0.Add(-48*time.Hour), 40000, 0, 5) // 11 hours, two days ago
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	before := map[string]int{}
	stored := map[string][]trends.Sample{}
	for _, n := range names {
		stored[n] = all(t, h, n)
		before[n] = len(stored[n])
	}
	// Queries load the tags' block indexes, which pruning must follow.
	qs := randomQueries(rand.New(rand.NewPCG(4, 5)), names, t0.Add(-48*time.Hour), 40000)
	qs = slices.DeleteFunc(qs, func(q trends.Query) bool { return q.Width > trends.MaxWidth })
	checkQueries(t, "before pruning", h, stored, qs)
	armed(t, clk, t0.Add(time.Minute))
	clk.Step(time.Minute)
	if n := <-pruned; n == 0 {
		t.Fatal("nothing pruned")
	}
	// Only the open block stays: retention prunes sealed blocks.
	if got := all(t, h, "Old"); len(got) > trends.BlockPoints || len(got) == before["Old"] {
		t.Errorf("Old keeps %d points of %d", len(got), before["Old"])
	}
	if got := len(all(t, h, "Keep")); got != before["Keep"] {
		t.Errorf("Keep: %d points, had %d", got, before["Keep"])
	}
	big := all(t, h, "Big")
	if len(big) >= before["Big"] || len(big) == 0 {
		t.Errorf("Big: %d points of %d", len(big), before["Big"])
	}
	// The newest data stays: the last point is still the last recorded.
	if !big[len(big)-1].T.Equal(t0.Add(-48*time.Hour + 39999*time.Second)) {
		t.Errorf("Big's last point %s", big[len(big)-1].T)
	}
	for _, n := range names {
		stored[n] = all(t, h, n)
	}
	checkQueries(t, "after pruning", h, stored, qs)
	armed(t, clk, t0.Add(2*time.Minute))
	clk.Step(time.Minute)
	if n := <-pruned; n != 0 {
		t.Errorf("the second pass pruned %d more", n)
	}
}

// armed waits until the historian's writer waits for the clock to reach at.
func armed(t *testing.T, clk *clocktest.Clock, at time.Time) {
	t.Helper()
	if !clk.WaitArmed(at, time.After(10*time.Second)) {
		t.Fatalf("no timer armed for %s", at)
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	open(t, dir, trends.Options{})
	if _, err := trends.Open(dir, trends.Options{Logger: quiet()}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
}

func TestQueryCheck(t *testing.T) {
	h := open(t, t.TempDir(), trends.Options{})
	for _, q := range []trends.Query{
		{Tags: []string{"A"}, From: t0, To: t0.Add(time.Hour), Width: 0},
		{Tags: []string{"A"}, From: t0, To: t0.Add(time.Hour), Width: trends.MaxWidth + 1},
		{Tags: []string{"A"}, From: t0, To: t0, Width: 10},
	} {
		if _, err := h.Query(context.Background(), q); err == nil {
			t.Errorf("%+v: no error", q)
		}
	}
	// A tag never recorded: empty columns, Last not good.
	s := query(t, h, trends.Query{Tags: []string{"Nope"}, From: t0, To: t0.Add(time.Hour), Width: 4})[0]
	if s.Last.Good || s.Columns[0].N != 0 || !s.Columns[3].To.Equal(t0.Add(time.Hour)) {
		t.Errorf("unknown tag: %+v", s)
	}
}

// TestFlushEvery: the writer commits on its own every FlushEvery and
// reports the newest sample it made durable.
func TestFlushEvery(t *testing.T) {
	clk := clocktest.New(t0)
	flushed := make(chan time.Time, 10)
	dir := t.TempDir()
	h := open(t, dir, trends.Options{Clock: clk, Flushed: func(at time.Time) { flushed <- at }})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T"}})
	h.Record([]tags.Update{upd("T", t0, 1), upd("T", t0.Add(time.Second), 2)})
	armed(t, clk, t0.Add(time.Second))
	clk.Step(time.Second)
	if at := <-flushed; !at.Equal(t0.Add(time.Second)) {
		t.Fatalf("flushed %s", at)
	}
	r, err := trends.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := all(t, r, "T"); len(got) != 2 {
		t.Fatalf("the reader sees %v", got)
	}
}

// TestFlushRowsDropped: the flush rows do not pile up: a tag that
// changes, one that went idle and one removed all let old rows go, and
// what they hold survives a reopen.
func TestFlushRowsDropped(t *testing.T) {
	dir := t.TempDir()
	h := open(t, dir, trends.Options{})
	h.Configure(map[string]trends.Setting{"Busy": {Tag: "Busy"}, "Idle": {Tag: "Idle"}, "Gone": {Tag: "Gone"}})
	s := func(d int) time.Time { return t0.Add(time.Duration(d) * time.Second) }
	h.Record([]tags.Update{upd("Idle", s(0), 1), upd("Idle", s(1), 2), upd("Gone", s(0), 1), upd("Gone", s(1), 2)})
	for i := range 300 {
		h.Record([]tags.Update{upd("Busy", s(i), float64(i%7))})
		if i == 100 {
			h.Configure(map[string]trends.Setting{"Busy": {Tag: "Busy"}, "Idle": {Tag: "Idle"}})
		}
		if err := h.Flush(); err != nil {
			t.Fatal(err)
		}
	}
	db, err := store.OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM history_flushes`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows > 62 {
		t.Errorf("%d flush rows after 300 flushes", rows)
	}
	want := map[string]int{"Busy": len(all(t, h, "Busy")), "Idle": 2, "Gone": 2}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	h = open(t, dir, trends.Options{})
	for tag, n := range want {
		if got := len(all(t, h, tag)); got != n {
			t.Errorf("%s: %d points after the reopen, want %d", tag, got, n)
		}
	}
}

// TestCorruptFlushRow: a damaged flush row costs the open blocks, not
// the start, and recording goes on. (Close sealed the open block: the
// sample at t0 is in a block.)
func TestCorruptFlushRow(t *testing.T) {
	dir := t.TempDir()
	h := open(t, dir, trends.Options{})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T"}})
	h.Record([]tags.Update{upd("T", t0, 1)})
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO history_flushes (seq, data) VALUES (99, x'01ff01ff')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	h = open(t, dir, trends.Options{})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T"}})
	h.Record([]tags.Update{upd("T", t0.Add(time.Minute), 2)})
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	want := []trends.Sample{{T: t0, V: 1, Good: true}, {T: t0.Add(time.Minute - time.Millisecond)}, {T: t0.Add(time.Minute), V: 2, Good: true}}
	if got := all(t, h, "T"); !reflect.DeepEqual(got, want) {
		t.Fatalf("after a corrupt row: %v", got)
	}
}

// TestTicks: a tag sampled on a 1 s tick, then off it for a while (a
// jittery poll), then on it again: its blocks count time in ticks where
// they can, and every stored time comes back to the millisecond, in
// memory, committed and reopened.
func TestTicks(t *testing.T) {
	dir := t.TempDir()
	h := open(t, dir, trends.Options{})
	h.Configure(map[string]trends.Setting{"T": {Tag: "T"}})
	r := rand.New(rand.NewPCG(8, 9))
	var want []trends.Sample
	at := t0
	for i := range 3 * trends.BlockPoints {
		step := time.Duration(1+r.IntN(3)) * time.Second
		if i > 700 && i < 760 {
			step += time.Duration(r.IntN(1000)) * time.Millisecond // off the tick
		}
		at = at.Add(step)
		v := float64(r.IntN(1000)) // every sample a corner: all are stored
		if i%2 == 0 {
			v = -v
		}
		h.Record([]tags.Update{upd("T", at, v)})
		want = append(want, trends.Sample{T: at, V: v, Good: true})
	}
	check := func(what string) {
		t.Helper()
		got := all(t, h, "T")
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%s: point %d: %+v, want %+v", what, i, got[i], want[i])
				}
			}
			t.Fatalf("%s: %d points, want %d", what, len(got), len(want))
		}
		checkQueries(t, what, h, map[string][]trends.Sample{"T": want}, []trends.Query{
			{Tags: []string{"T"}, From: t0, To: at.Add(time.Second), Width: 1280},
			{Tags: []string{"T"}, From: want[690].T, To: want[770].T, Width: 33},
		})
	}
	check("in memory")
	if err := h.Flush(); err != nil {
		t.Fatal(err)
	}
	check("committed")
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
	h = open(t, dir, trends.Options{})
	check("reopened")
}
