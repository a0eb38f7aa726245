package audit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/store"
)

func TestMain(m *testing.M) {
	if childMain() { // the kill -9 test's child process
		return
	}
	goleak.VerifyTestMain(m)
}

var t0 = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func open(t testing.TB, dir string, o audit.Options) *audit.Trail {
	t.Helper()
	if o.Logger == nil {
		o.Logger = quiet()
	}
	tr, err := audit.Open(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func flush(t testing.TB, tr *audit.Trail) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := tr.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

func verify(t testing.TB, r *audit.Reader) audit.Result {
	t.Helper()
	res, err := r.Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// rec is a record of action by actor on target at t0+at.
func rec(at time.Duration, actor string, action audit.Action, target, old, new string) audit.Record {
	return audit.Record{Time: t0.Add(at), Actor: actor, Role: "operator", Where: audit.Panel, Host: "panel-1",
		Action: action, Target: target, Old: old, New: new}
}

// stored is r as Query gives it back: UTC, without its Hash.
func stored(r audit.Record) audit.Record {
	r.Time = r.Time.UTC()
	r.Hash = ""
	return r
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	clk := clocktest.New(t0.Add(time.Hour))
	tr := open(t, dir, audit.Options{Clock: clk})
	cet := time.FixedZone("CET", 3600)
	in := []audit.Record{
		rec(0, "alice", audit.Login, "", "", ""),
		rec(time.Second, "alice", audit.Write, "Pump1.Speed", "1450", "1500"),
		{Actor: "bob", Where: audit.Web, Host: "10.0.0.7:51234", Action: audit.WriteRefused, Target: "Valve3.Open",
			New: "true", Detail: "no permission: role viewer may not write Valve3.*"}, // no Time: the clock's now
		{Time: t0.Add(2 * time.Second).In(cet), Where: audit.System, Host: "panel-1", Action: audit.Reload,
			Target: "screens/überblick.gopage", Old: "sha256:ab", New: "sha256:cd",
			Detail: "zero \x00 byte, tab\t, newline\n, «quotes» ⚠"},
		rec(3*time.Second, "", audit.Ack, "Tank1.High", "", ""),
	}
	for i := range in {
		if seq := tr.Append(in[i]); seq != uint64(i+1) {
			t.Errorf("Append #%d: Seq %d, want %d", i, seq, i+1)
		}
		in[i].Seq = uint64(i + 1)
	}
	in[2].Time = t0.Add(time.Hour)
	flush(t, tr)
	if tr.Durable() != 5 || tr.Dropped() != 0 {
		t.Errorf("Durable %d, Dropped %d; want 5, 0", tr.Durable(), tr.Dropped())
	}
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopened: the same rows, newest first, the numbering and the chain
	// continue.
	tr = open(t, dir, audit.Options{Clock: clk})
	defer tr.Close()
	if tr.Durable() != 5 {
		t.Fatalf("reopened at Durable %d, want 5", tr.Durable())
	}
	out, err := tr.Query(context.Background(), audit.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d records back, want %d", len(out), len(in))
	}
	for i := range in {
		got := out[len(out)-1-i]
		if len(got.Hash) != 64 {
			t.Errorf("record %d: hash %q, want 64 hex digits", i, got.Hash)
		}
		if got, want := stored(got), stored(in[i]); got != want {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	if seq := tr.Append(rec(4*time.Second, "alice", audit.Logout, "", "", "")); seq != 6 {
		t.Errorf("Seq after reopening = %d, want 6", seq)
	}
	flush(t, tr)
	res := verify(t, tr.Reader)
	if !res.OK() || res.Rows != 6 || res.First != 1 || res.Last != 6 || res.Head != 6 || res.HeadHash == "" {
		t.Errorf("Verify: %+v, want 6 intact rows", res)
	}
}

// Text is stored valid and bounded: the chain hashes what is stored.
func TestRecordCleaned(t *testing.T) {
	tr := open(t, t.TempDir(), audit.Options{})
	defer tr.Close()
	long := strings.Repeat("ä", audit.MaxField) // 2 bytes each: cut in half, at a rune boundary
	tr.Append(audit.Record{Time: t0, Action: audit.Write, Target: "bad\xffutf8", New: long})
	flush(t, tr)
	out, err := tr.Query(context.Background(), audit.Filter{})
	if err != nil || len(out) != 1 {
		t.Fatalf("Query: %v, %v", out, err)
	}
	r := out[0]
	if r.Target != "bad\uFFFDutf8" {
		t.Errorf("Target %q, want the bad byte replaced", r.Target)
	}
	if len(r.New) > audit.MaxField || !strings.HasSuffix(r.New, "…") || !strings.HasPrefix(r.New, "ää") || strings.ContainsRune(r.New, '\uFFFD') {
		t.Errorf("New: %d bytes, ends %q; want at most %d, cut at a rune and ending in …", len(r.New), r.New[len(r.New)-8:], audit.MaxField)
	}
	if res := verify(t, tr.Reader); !res.OK() || res.Rows != 1 {
		t.Errorf("Verify: %+v", res)
	}
}

func TestQuery(t *testing.T) {
	tr := open(t, t.TempDir(), audit.Options{})
	defer tr.Close()
	for _, r := range []audit.Record{
		rec(0, "alice", audit.Login, "", "", ""),                                                       // 1
		rec(time.Minute, "alice", audit.Write, "Pump1.Speed", "1", "2"),                                // 2
		rec(2*time.Minute, "bob", audit.LoginFailed, "", "", ""),                                       // 3
		rec(3*time.Minute, "bob", audit.Write, "Pump1.Speed", "2", "3"),                                // 4
		rec(4*time.Minute, "alice", audit.Ack, "Tank1.High", "", ""),                                   // 5
		{Time: t0.Add(5 * time.Minute), Where: audit.System, Action: audit.Reload, Target: "hmi.yaml"}, // 6
	} {
		tr.Append(r)
	}
	flush(t, tr)
	for _, tc := range []struct {
		name string
		f    audit.Filter
		want []uint64
	}{
		{"all", audit.Filter{}, []uint64{6, 5, 4, 3, 2, 1}},
		{"actor", audit.Filter{Actor: "alice"}, []uint64{5, 2, 1}},
		{"action", audit.Filter{Action: audit.Write}, []uint64{4, 2}},
		{"actor and action", audit.Filter{Actor: "bob", Action: audit.Write}, []uint64{4}},
		{"target", audit.Filter{Target: "Tank1.High"}, []uint64{5}},
		{"where", audit.Filter{Where: audit.System}, []uint64{6}},
		{"since inclusive, until exclusive", audit.Filter{Since: t0.Add(time.Minute), Until: t0.Add(3 * time.Minute)}, []uint64{3, 2}},
		{"limit", audit.Filter{Limit: 2}, []uint64{6, 5}},
		{"page after Seq 5", audit.Filter{Before: 5, Limit: 2}, []uint64{4, 3}},
		{"nothing", audit.Filter{Actor: "carol"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := tr.Query(context.Background(), tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []uint64
			for _, r := range out {
				got = append(got, r.Seq)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Seqs %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOpenTwiceAndReader(t *testing.T) {
	dir := t.TempDir()
	if _, err := audit.OpenReader(dir); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("OpenReader of an empty directory: %v, want ErrNotFound", err)
	}
	tr := open(t, dir, audit.Options{})
	if _, err := audit.Open(dir, audit.Options{Logger: quiet()}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	tr.Append(rec(0, "alice", audit.Login, "", "", ""))
	flush(t, tr)
	// A reader beside the running trail: no lock, sees what is committed.
	r, err := audit.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	if res := verify(t, r); !res.OK() || res.Rows != 1 {
		t.Errorf("reader's Verify: %+v", res)
	}
	r.Close()
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	tr = open(t, dir, audit.Options{}) // released by Close
	tr.Close()
	// The alarm journal's database without a trail: no trail, not an error
	// of the file.
	other := t.TempDir()
	db, err := store.Open(other)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := audit.OpenReader(other); !errors.Is(err, store.ErrNotFound) || !strings.Contains(err.Error(), "no audit trail") {
		t.Errorf("OpenReader of a database without a trail: %v", err)
	}
}

func TestAppendAfterClose(t *testing.T) {
	tr := open(t, t.TempDir(), audit.Options{})
	if err := tr.Close(); err != nil {
		t.Fatal(err)
	}
	if seq := tr.Append(rec(0, "alice", audit.Login, "", "", "")); seq != 0 || tr.Dropped() != 1 {
		t.Errorf("Append after Close: Seq %d, Dropped %d; want 0, 1", seq, tr.Dropped())
	}
	if err := tr.Flush(context.Background()); err != nil {
		t.Errorf("Flush after Close with nothing pending: %v", err)
	}
	if err := tr.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// While the database is locked the queue fills; Append waits MaxBlock on
// the clock, then drops the record: Seq 0, never durable, no gap in the
// numbering after.
func TestAppendFullQueueDrops(t *testing.T) {
	dir := t.TempDir()
	clk := clocktest.New(t0)
	tr := open(t, dir, audit.Options{Queue: 2, MaxBlock: time.Second, Clock: clk})
	defer tr.Close()
	other, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.Begin() // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec(`DELETE FROM audit WHERE seq < 0`); err != nil {
		t.Fatal(err)
	}
	tr.Append(rec(0, "a", audit.Write, "T", "", "1")) // the writer takes it and waits for the lock
	for tr.Queued() != 0 {
		runtime.Gosched()
	}
	tr.Append(rec(0, "b", audit.Write, "T", "", "2"))
	tr.Append(rec(0, "c", audit.Write, "T", "", "3")) // the queue is full
	seq := make(chan uint64)
	go func() { seq <- tr.Append(rec(0, "d", audit.Write, "T", "", "4")) }()
	if !clk.WaitArmed(t0.Add(time.Second), time.After(10*time.Second)) {
		t.Fatal("Append did not wait on the clock")
	}
	clk.Step(time.Second)
	if s := <-seq; s != 0 || tr.Dropped() != 1 {
		t.Fatalf("over the queue: Seq %d, Dropped %d; want 0, 1", s, tr.Dropped())
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	flushed := make(chan error, 1)
	go func() { flushed <- tr.Flush(context.Background()) }()
	for {
		select {
		case err := <-flushed:
			if err != nil {
				t.Fatal(err)
			}
			if tr.Durable() != 3 {
				t.Fatalf("Durable %d, want 3", tr.Durable())
			}
			if s := tr.Append(rec(0, "e", audit.Write, "T", "", "5")); s != 4 {
				t.Errorf("Seq after the drop = %d, want 4", s)
			}
			flush(t, tr)
			if res := verify(t, tr.Reader); !res.OK() || res.Rows != 4 {
				t.Errorf("Verify: %+v", res)
			}
			return
		case <-time.After(10 * time.Millisecond):
			if clk.Timers() > 0 { // a commit that timed out retries after a backoff
				clk.Step(5 * time.Second)
			}
		}
	}
}

// Many goroutines append at once (run with -race): every record gets its
// own Seq, each goroutine's records keep their order, the chain verifies.
func TestConcurrentAppend(t *testing.T) {
	tr := open(t, t.TempDir(), audit.Options{Queue: 64})
	defer tr.Close()
	const writers, each = 8, 300
	seqs := make([][]uint64, writers)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				s := tr.Append(rec(0, fmt.Sprintf("user%d", w), audit.Write, "T", "", fmt.Sprint(i)))
				seqs[w] = append(seqs[w], s)
			}
		}()
	}
	wg.Wait()
	flush(t, tr)
	seen := map[uint64]bool{}
	for w, ss := range seqs {
		if !slices.IsSorted(ss) {
			t.Errorf("writer %d: Seqs out of order", w)
		}
		for _, s := range ss {
			if s == 0 || seen[s] {
				t.Fatalf("writer %d: Seq %d dropped or given twice", w, s)
			}
			seen[s] = true
		}
	}
	if res := verify(t, tr.Reader); !res.OK() || res.Rows != writers*each || tr.Durable() != writers*each {
		t.Errorf("Verify %+v, Durable %d; want %d rows", res, tr.Durable(), writers*each)
	}
	// What a writer appended is stored in its order.
	out, err := tr.Query(context.Background(), audit.Filter{Actor: "user3", Limit: each})
	if err != nil || len(out) != each {
		t.Fatalf("Query: %d records, %v", len(out), err)
	}
	for i, r := range out {
		if want := fmt.Sprint(each - 1 - i); r.New != want {
			t.Fatalf("user3's record %d holds %q, want %q", i, r.New, want)
		}
	}
}

// Wait returns once a given record is durable; a waiter on a record that
// never comes ends with its context.
func TestWait(t *testing.T) {
	tr := open(t, t.TempDir(), audit.Options{})
	defer tr.Close()
	seq := tr.Append(rec(0, "alice", audit.Write, "Valve1", "closed", "open"))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := tr.Wait(ctx, seq); err != nil || tr.Durable() < seq {
		t.Fatalf("Wait: %v, Durable %d", err, tr.Durable())
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if err := tr.Wait(ctx2, seq+100); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait for a Seq never appended: %v, want context.Canceled", err)
	}
}
