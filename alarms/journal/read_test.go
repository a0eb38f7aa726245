package journal_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
)

// history appends a small plant's day and returns the journal.
//
//	seq  at     alarm        area   prio      action  user
//	1    0m     Tank1.High   tanks  high      activate
//	2    1m     Tank1.High   tanks  high      ack     operator
//	3    2m     Pump1.Fault  pumps  critical  activate
//	4    3m     Tank2.Low    tanks  low       activate
//	5    4m     Pump1.Fault  pumps  critical  ack     alice
//	6    5m     Tank1.High   tanks  high      return
//	7    5m     Tank2.Low    tanks  low       shelve  operator
//	8    9m     Pump2.Fault  pumps  medium    activate
func history(t *testing.T) *journal.Journal {
	t.Helper()
	j := open(t, t.TempDir(), journal.Options{})
	t.Cleanup(func() { j.Close() })
	mk := func(at time.Duration, name, area string, p alarms.Priority, a alarms.Action, user string) alarms.Event {
		e := ev(at, name, a, 1)
		e.Status.Area, e.Status.Priority, e.User = area, p, user
		return e
	}
	j.Append([]alarms.Event{
		mk(0, "Tank1.High", "tanks", alarms.High, alarms.Activate, ""),
		mk(time.Minute, "Tank1.High", "tanks", alarms.High, alarms.Acknowledge, "operator"),
		mk(2*time.Minute, "Pump1.Fault", "pumps", alarms.Critical, alarms.Activate, ""),
		mk(3*time.Minute, "Tank2.Low", "tanks", alarms.Low, alarms.Activate, ""),
		mk(4*time.Minute, "Pump1.Fault", "pumps", alarms.Critical, alarms.Acknowledge, "alice"),
		mk(5*time.Minute, "Tank1.High", "tanks", alarms.High, alarms.Return, ""),
		mk(5*time.Minute, "Tank2.Low", "tanks", alarms.Low, alarms.Shelve, "operator"),
		mk(9*time.Minute, "Pump2.Fault", "pumps", alarms.Medium, alarms.Activate, ""),
	})
	flush(t, j)
	return j
}

func TestEventsFilters(t *testing.T) {
	j := history(t)
	for _, tc := range []struct {
		name string
		q    alarms.Query
		want []int64 // Seqs, newest first
	}{
		{"all", alarms.Query{}, []int64{8, 7, 6, 5, 4, 3, 2, 1}},
		{"since inclusive", alarms.Query{Since: t0.Add(5 * time.Minute)}, []int64{8, 7, 6}},
		{"until exclusive", alarms.Query{Until: t0.Add(2 * time.Minute)}, []int64{2, 1}},
		{"range", alarms.Query{Since: t0.Add(time.Minute), Until: t0.Add(4 * time.Minute)}, []int64{4, 3, 2}},
		{"alarm", alarms.Query{Alarm: "Tank1.High"}, []int64{6, 2, 1}},
		{"alarm unknown", alarms.Query{Alarm: "Tank1"}, nil},
		{"area", alarms.Query{Area: "pumps"}, []int64{8, 5, 3}},
		{"priority critical", alarms.Query{MaxPriority: alarms.Critical}, []int64{5, 3}},
		{"priority up to high", alarms.Query{MaxPriority: alarms.High}, []int64{6, 5, 3, 2, 1}},
		{"priority up to low", alarms.Query{MaxPriority: alarms.Low}, []int64{8, 7, 6, 5, 4, 3, 2, 1}},
		{"user", alarms.Query{User: "operator"}, []int64{7, 2}},
		{"user and area", alarms.Query{User: "operator", Area: "tanks", Since: t0.Add(2 * time.Minute)}, []int64{7}},
		{"page 1", alarms.Query{Limit: 3}, []int64{8, 7, 6}},
		{"page 2", alarms.Query{Limit: 3, Offset: 3}, []int64{5, 4, 3}},
		{"page 3", alarms.Query{Limit: 3, Offset: 6}, []int64{2, 1}},
		{"past the end", alarms.Query{Limit: 3, Offset: 9}, nil},
		{"negative offset", alarms.Query{Limit: 2, Offset: -4}, []int64{8, 7}},
		{"filtered page", alarms.Query{Area: "tanks", Limit: 2, Offset: 1}, []int64{6, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := j.Events(tc.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, e := range evs {
				got = append(got, e.Seq)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Seqs %v, want %v", got, tc.want)
			}
		})
	}
}

func TestEventsLimits(t *testing.T) {
	j := open(t, t.TempDir(), journal.Options{})
	defer j.Close()
	evs := make([]alarms.Event, journal.MaxLimit+5)
	for i := range evs {
		evs[i] = ev(time.Duration(i)*time.Millisecond, "A", alarms.Activate, uint64(i+1))
	}
	j.Append(evs)
	flush(t, j)
	for _, tc := range []struct{ limit, want int }{
		{0, journal.DefaultLimit},
		{-1, journal.DefaultLimit},
		{7, 7},
		{journal.MaxLimit + 100, journal.MaxLimit},
	} {
		got, err := j.Events(alarms.Query{Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tc.want {
			t.Errorf("Limit %d: %d events, want %d", tc.limit, len(got), tc.want)
		}
	}
}

func TestReaderReadOnly(t *testing.T) {
	dir := t.TempDir()
	if _, err := journal.OpenReader(dir); err == nil {
		t.Fatal("OpenReader of an empty data directory succeeded")
	}
	j := open(t, dir, journal.Options{})
	defer j.Close()
	j.Append([]alarms.Event{ev(0, "A", alarms.Activate, 1)})
	flush(t, j)
	r, err := journal.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// The runtime keeps writing while the reader reads.
	j.Append([]alarms.Event{ev(time.Second, "A", alarms.Acknowledge, 1)})
	flush(t, j)
	evs, err := r.Events(alarms.Query{})
	if err != nil || len(evs) != 2 {
		t.Fatalf("reader: %d events, %v; want 2", len(evs), err)
	}
}

func TestRetention(t *testing.T) {
	type row struct {
		at     time.Duration // before the clock's time
		name   string
		action alarms.Action
	}
	for _, tc := range []struct {
		name      string
		retention journal.Retention
		rows      []row
		keep      []int64 // Seqs left after one pruning pass
	}{
		{
			name:      "age",
			retention: journal.Retention{MaxAge: 24 * time.Hour},
			rows: []row{
				{72 * time.Hour, "Old", alarms.Activate},              // 1: old but its alarm's last event: kept
				{50 * time.Hour, "A", alarms.Activate},                // 2
				{49 * time.Hour, "A", alarms.Acknowledge},             // 3
				{30 * time.Hour, "B", alarms.Activate},                // 4
				{25 * time.Hour, "B", alarms.Removed},                 // 5: closed as removed: may go
				{time.Hour, "A", alarms.Return},                       // 6
				{24*time.Hour + time.Second, "C", alarms.Activate},    // 7: just outside
				{24*time.Hour - time.Second, "C", alarms.Acknowledge}, // 8: just inside
				{10 * time.Minute, "D", alarms.Activate},              // 9
			},
			keep: []int64{1, 6, 8, 9},
		},
		{
			name:      "rows",
			retention: journal.Retention{MaxRows: 4},
			rows: []row{
				{10 * time.Hour, "Old", alarms.Activate}, // 1: its alarm's last event: kept
				{9 * time.Hour, "A", alarms.Activate},    // 2
				{8 * time.Hour, "A", alarms.Acknowledge}, // 3
				{7 * time.Hour, "A", alarms.Return},      // 4
				{6 * time.Hour, "B", alarms.Activate},    // 5
				{5 * time.Hour, "B", alarms.Return},      // 6
				{4 * time.Hour, "A", alarms.Activate},    // 7
			},
			keep: []int64{1, 5, 6, 7},
		},
		{
			name:      "rows below the alarms' last events",
			retention: journal.Retention{MaxRows: 1},
			rows: []row{
				{3 * time.Hour, "A", alarms.Activate},
				{2 * time.Hour, "B", alarms.Activate},
				{time.Hour, "A", alarms.Return},
			},
			keep: []int64{2, 3},
		},
		{
			name:      "both",
			retention: journal.Retention{MaxAge: time.Hour, MaxRows: 2},
			rows: []row{
				{2 * time.Hour, "A", alarms.Activate},
				{30 * time.Minute, "A", alarms.Acknowledge},
				{20 * time.Minute, "A", alarms.Return},
				{10 * time.Minute, "A", alarms.Activate},
			},
			keep: []int64{3, 4},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := t0.Add(100 * time.Hour)
			clk := clocktest.New(now)
			pruned := make(chan int64, 4)
			j := open(t, t.TempDir(), journal.Options{
				Clock: clk, Retention: tc.retention, PruneEvery: time.Minute,
				Pruned: func(n int64) { pruned <- n },
			})
			defer j.Close()
			if n := <-pruned; n != 0 { // the pass at open, on an empty file
				t.Fatalf("first pass deleted %d", n)
			}
			var evs []alarms.Event
			for _, r := range tc.rows {
				e := ev(0, r.name, r.action, 1)
				e.Time = now.Add(-r.at)
				evs = append(evs, e)
			}
			j.Append(evs)
			flush(t, j)
			// The writer re-arms its pruning timer a minute on; step there.
			limit := time.After(10 * time.Second)
			if !clk.WaitArmed(now.Add(time.Minute), limit) {
				t.Fatal("the pruning timer was not armed")
			}
			clk.Step(time.Minute)
			n := <-pruned
			if want := int64(len(tc.rows) - len(tc.keep)); n != want {
				t.Errorf("pruned %d rows, want %d", n, want)
			}
			got := seqs(t, j)
			if !slices.Equal(got, tc.keep) {
				t.Errorf("left %v, want %v", got, tc.keep)
			}
			// Restore still sees every alarm that exists.
			last, _, err := j.Restore()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range last {
				if s.Name == "B" && tc.name == "age" {
					t.Errorf("removed alarm B restored")
				}
			}
		})
	}
}

// A large backlog is pruned in many small transactions, with appends
// committed between them.
func TestRetentionLargeBacklog(t *testing.T) {
	now := t0.Add(100 * time.Hour)
	clk := clocktest.New(now)
	pruned := make(chan int64, 4)
	j := open(t, t.TempDir(), journal.Options{
		Clock: clk, Retention: journal.Retention{MaxAge: time.Hour}, PruneEvery: time.Minute,
		Pruned: func(n int64) { pruned <- n },
	})
	defer j.Close()
	<-pruned
	const old = 3000
	evs := make([]alarms.Event, old)
	for i := range evs {
		evs[i] = ev(0, fmt.Sprintf("A%d", i%7), alarms.Activate, uint64(i+1))
		evs[i].Time = now.Add(-2 * time.Hour)
	}
	j.Append(evs)
	flush(t, j)
	if !clk.WaitArmed(now.Add(time.Minute), time.After(10*time.Second)) {
		t.Fatal("the pruning timer was not armed")
	}
	clk.Step(time.Minute)
	j.Append([]alarms.Event{ev(100*time.Hour, "B", alarms.Activate, 9999)})
	if n := <-pruned; n != old-7 {
		t.Errorf("pruned %d, want %d", n, old-7)
	}
	flush(t, j)
	if got := len(seqs(t, j)); got != 8 {
		t.Errorf("%d rows left, want 8 (7 alarms' last events and B's)", got)
	}
}

func seqs(t *testing.T, j *journal.Journal) []int64 {
	t.Helper()
	evs, err := j.Events(alarms.Query{Limit: journal.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	var s []int64
	for _, e := range evs {
		s = append(s, e.Seq)
	}
	slices.Sort(s)
	return s
}

// After the runtime closed the journal cleanly (no -wal, no -shm left),
// a reader still opens it read-only; SQLite may leave an empty -wal and
// -shm behind, which the next runtime takes over.
func TestReaderAfterClose(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir, journal.Options{})
	j.Append([]alarms.Event{ev(0, "A", alarms.Activate, 1)})
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	r, err := journal.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := r.Events(alarms.Query{})
	if err != nil || len(evs) != 1 {
		t.Fatalf("%d events, %v; want 1", len(evs), err)
	}
	if _, _, err := r.Restore(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	j = open(t, dir, journal.Options{})
	defer j.Close()
	j.Append([]alarms.Event{ev(time.Second, "A", alarms.Acknowledge, 1)})
	flush(t, j)
	if got := seqs(t, j); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("Seqs %v, want [1 2]", got)
	}
}
