package journal_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"reflect"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
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

func open(t testing.TB, dir string, opts journal.Options) *journal.Journal {
	t.Helper()
	if opts.Logger == nil {
		opts.Logger = quiet()
	}
	j, err := journal.Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

func flush(t testing.TB, j *journal.Journal) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}

// ev is an event of alarm name at t0+at; the status after it follows from
// the action.
func ev(at time.Duration, name string, action alarms.Action, id uint64) alarms.Event {
	e := alarms.Event{
		Time:   t0.Add(at),
		Action: action,
		Status: alarms.Status{
			Name: name, Priority: alarms.High, Area: "tanks", Message: name + " high",
			EventID: id, Since: t0.Add(at), Value: "91.5", Limit: 90,
		},
	}
	s := &e.Status
	switch action {
	case alarms.Activate:
		e.From, s.State, s.ActiveSince = "normal", alarms.ActiveUnack, t0.Add(at)
	case alarms.Acknowledge:
		e.From, s.State, e.User, e.Comment = "active-unack", alarms.ActiveAck, "operator", "seen"
	case alarms.Return:
		e.From, s.State = "active-ack", alarms.Normal
	case alarms.Shelve:
		e.From, s.State, s.Shelved, s.ShelvedUntil, e.User = "active-ack", alarms.ActiveAck, true, t0.Add(at+time.Hour), "operator"
	case alarms.RemoveService:
		e.From, s.State, s.OutOfService, e.User = "normal", alarms.Normal, true, "engineer"
	default:
		e.From, s.State = "normal", alarms.Normal
	}
	if s.State.Active() {
		s.ActiveSince = t0.Add(at)
	}
	e.To = s.Shown()
	return e
}

// same compares events field by field, times by Equal (the journal gives
// them back in UTC) and NaN limits as equal.
func same(a, b alarms.Event) bool {
	norm := func(e alarms.Event) alarms.Event {
		e.Time = e.Time.UTC()
		s := &e.Status
		s.ShelvedUntil, s.ActiveSince, s.Since = s.ShelvedUntil.UTC(), s.ActiveSince.UTC(), s.Since.UTC()
		if math.IsNaN(s.Limit) {
			s.Limit = -12345
		}
		return e
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir, journal.Options{})
	local := time.FixedZone("CET", 3600)
	in := []alarms.Event{
		ev(0, "Tank1.High", alarms.Activate, 1),
		ev(time.Second, "Tank1.High", alarms.Acknowledge, 1),
		ev(2*time.Second, "Pump1.Fault", alarms.Activate, 2),
		ev(3*time.Second, "Tank1.High", alarms.Shelve, 1),
	}
	in[2].Status.Limit = math.NaN() // a digital alarm: no limit
	in[2].Time = in[2].Time.In(local)
	in[2].Status.Message = "Pump 1: fault «überlast» ⚠"
	j.Append(in)
	for i, e := range in {
		if e.Seq != int64(i+1) {
			t.Errorf("in[%d].Seq = %d, want %d", i, e.Seq, i+1)
		}
	}
	flush(t, j)
	if j.Durable() != 4 {
		t.Errorf("Durable() = %d, want 4", j.Durable())
	}
	out, err := j.Events(alarms.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d events back, want %d", len(out), len(in))
	}
	for i := range in {
		if got, want := out[len(out)-1-i], in[i]; !same(got, want) {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got, want)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	// Reopened, the numbering continues and Restore gives each alarm's
	// last status.
	j = open(t, dir, journal.Options{})
	defer j.Close()
	if j.Durable() != 4 {
		t.Errorf("Durable() after reopening = %d, want 4", j.Durable())
	}
	more := []alarms.Event{ev(4*time.Second, "Pump1.Fault", alarms.Return, 2)}
	j.Append(more)
	if more[0].Seq != 5 {
		t.Errorf("Seq after reopening = %d, want 5", more[0].Seq)
	}
	flush(t, j)
	last, next, err := j.Restore()
	if err != nil {
		t.Fatal(err)
	}
	if next != 3 {
		t.Errorf("next event id = %d, want 3", next)
	}
	want := []alarms.Status{more[0].Status, in[3].Status} // by name
	if len(last) != len(want) {
		t.Fatalf("Restore: %d statuses, want %d: %+v", len(last), len(want), last)
	}
	for i := range want {
		if !same(alarms.Event{Status: last[i]}, alarms.Event{Status: want[i]}) {
			t.Errorf("Restore[%d]:\n got %+v\nwant %+v", i, last[i], want[i])
		}
	}
}

func TestRestoreRemovedAndIDs(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir, journal.Options{})
	defer j.Close()
	if last, next, err := j.Restore(); err != nil || len(last) != 0 || next != 1 {
		t.Fatalf("Restore of an empty journal = %v, %d, %v; want none, 1", last, next, err)
	}
	j.Append([]alarms.Event{
		ev(0, "A", alarms.Activate, 7),
		ev(time.Second, "B", alarms.Activate, 9),
		ev(2*time.Second, "B", alarms.Removed, 9),
		ev(3*time.Second, "C", alarms.RemoveService, 0),
	})
	flush(t, j)
	last, next, err := j.Restore()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range last {
		names = append(names, s.Name)
	}
	if fmt.Sprint(names) != "[A C]" || next != 10 {
		t.Errorf("Restore = %v, next %d; want [A C], 10", names, next)
	}
	if !last[1].OutOfService {
		t.Errorf("C restored in service: %+v", last[1])
	}
}

func TestConcurrentAppend(t *testing.T) {
	j := open(t, t.TempDir(), journal.Options{Queue: 64})
	defer j.Close()
	const writers, each = 4, 300
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				name := fmt.Sprintf("W%d", w)
				j.Append([]alarms.Event{ev(time.Duration(i)*time.Millisecond, name, alarms.Activate, uint64(i+1))})
				if i%50 == 0 {
					_ = j.Durable()
				}
			}
		})
	}
	wg.Wait()
	flush(t, j)
	if j.Durable() != writers*each || j.Dropped() != 0 {
		t.Fatalf("Durable() = %d, Dropped() = %d; want %d, 0", j.Durable(), j.Dropped(), writers*each)
	}
	// Every Seq once; each writer's events in its own order.
	seen := map[int64]bool{}
	lastID := map[string]uint64{}
	for off := 0; ; off += journal.MaxLimit {
		evs, err := j.Events(alarms.Query{Limit: journal.MaxLimit, Offset: off})
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) == 0 {
			break
		}
		for _, e := range evs {
			if seen[e.Seq] {
				t.Fatalf("Seq %d twice", e.Seq)
			}
			seen[e.Seq] = true
		}
	}
	if len(seen) != writers*each {
		t.Fatalf("%d events, want %d", len(seen), writers*each)
	}
	for w := range writers {
		name := fmt.Sprintf("W%d", w)
		evs, err := j.Events(alarms.Query{Alarm: name, Limit: journal.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		// Newest first by time; Seq must fall with it.
		for i := 1; i < len(evs); i++ {
			if evs[i].Seq >= evs[i-1].Seq {
				t.Fatalf("%s: Seq %d after %d, not in append order", name, evs[i].Seq, evs[i-1].Seq)
			}
		}
		lastID[name] = evs[0].Status.EventID
	}
}

func TestAppendAfterClose(t *testing.T) {
	j := open(t, t.TempDir(), journal.Options{})
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	evs := []alarms.Event{ev(0, "A", alarms.Activate, 1)}
	j.Append(evs)
	if evs[0].Seq != 0 || j.Dropped() != 1 {
		t.Errorf("after Close: Seq %d, Dropped %d; want 0, 1", evs[0].Seq, j.Dropped())
	}
	if err := j.Flush(context.Background()); err != nil {
		t.Errorf("Flush after Close with nothing pending: %v", err)
	}
}

// The stepped clock steps nothing here: Append must not wait on it while
// the writer keeps up, however large the batch.
func TestAppendLargerThanQueue(t *testing.T) {
	clk := clocktest.New(t0)
	j := open(t, t.TempDir(), journal.Options{Queue: 16, Clock: clk})
	defer j.Close()
	evs := make([]alarms.Event, 1000)
	for i := range evs {
		evs[i] = ev(time.Duration(i)*time.Millisecond, fmt.Sprintf("A%d", i%10), alarms.Activate, uint64(i+1))
	}
	j.Append(evs)
	flush(t, j)
	if j.Durable() != 1000 || j.Dropped() != 0 || evs[999].Seq != 1000 {
		t.Errorf("Durable %d, Dropped %d, last Seq %d; want 1000, 0, 1000", j.Durable(), j.Dropped(), evs[999].Seq)
	}
}

// While the disk is locked the queue fills; Append waits MaxBlock on the
// clock, then drops what does not fit: those events keep Seq 0 and are
// never reported durable; the numbering has no gap.
func TestAppendFullQueueDrops(t *testing.T) {
	dir := t.TempDir()
	clk := clocktest.New(t0)
	j := open(t, dir, journal.Options{Queue: 4, MaxBlock: time.Second, Clock: clk})
	defer j.Close()
	other, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.Begin() // BEGIN IMMEDIATE: the write lock
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.Exec(`DELETE FROM alarm_events WHERE seq < 0`); err != nil {
		t.Fatal(err)
	}
	mk := func(n int, name string) []alarms.Event {
		evs := make([]alarms.Event, n)
		for i := range evs {
			evs[i] = ev(time.Duration(i)*time.Second, name, alarms.Activate, 1)
		}
		return evs
	}
	first := mk(1, "A")
	j.Append(first) // the writer takes it and waits for the lock
	for j.Queued() != 0 {
		runtime.Gosched()
	}
	fill := mk(4, "B")
	j.Append(fill) // fills the queue: returns at once
	over := mk(2, "C")
	done := make(chan struct{})
	go func() { j.Append(over); close(done) }()
	if !clk.WaitArmed(t0.Add(time.Second), time.After(10*time.Second)) {
		t.Fatal("Append did not wait on the clock")
	}
	select {
	case <-done:
		t.Fatal("Append returned with the queue full")
	default:
	}
	clk.Step(time.Second)
	<-done
	if over[0].Seq != 0 || over[1].Seq != 0 || j.Dropped() != 2 {
		t.Fatalf("over: Seq %d %d, Dropped %d; want 0 0 2", over[0].Seq, over[1].Seq, j.Dropped())
	}
	if err := lock.Rollback(); err != nil {
		t.Fatal(err)
	}
	// The writer's commit goes through when the lock goes; had it timed
	// out meanwhile, it retries after a backoff on the clock.
	flushed := make(chan error, 1)
	go func() { flushed <- j.Flush(context.Background()) }()
	for {
		select {
		case err := <-flushed:
			if err != nil {
				t.Fatal(err)
			}
			if j.Durable() != 5 || fill[3].Seq != 5 {
				t.Fatalf("Durable %d, last Seq %d; want 5, 5", j.Durable(), fill[3].Seq)
			}
			next := mk(1, "D")
			j.Append(next)
			if next[0].Seq != 6 {
				t.Errorf("Seq after the drop = %d, want 6", next[0].Seq)
			}
			return
		case <-time.After(10 * time.Millisecond):
			if clk.Timers() > 0 {
				clk.Step(5 * time.Second)
			}
		}
	}
}

func TestOpenTwice(t *testing.T) {
	dir := t.TempDir()
	j := open(t, dir, journal.Options{})
	if _, err := journal.Open(dir, journal.Options{Logger: quiet()}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	j = open(t, dir, journal.Options{}) // released by Close
	j.Close()
}
