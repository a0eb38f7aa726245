package groupcommit_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/groupcommit"
)

var errClosed = errors.New("test: closed")

type item struct {
	seq uint64
	v   int
}

// disk is a Commit that can be made to fail or to block.
type disk struct {
	mu      sync.Mutex
	stored  []item
	batches int
	fail    error         // returned while set
	gate    chan struct{} // while set, a commit says so on entered, then waits for a receive
	entered chan struct{}
	dropped []int
}

func (d *disk) commit(batch []item) error {
	d.mu.Lock()
	gate := d.gate
	d.mu.Unlock()
	if gate != nil {
		d.entered <- struct{}{}
		<-gate
	}
	d.mu.Lock()
	fail := d.fail
	d.mu.Unlock()
	if fail != nil {
		return fail
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.stored = append(d.stored, batch...)
	d.batches++
	return nil
}

func (d *disk) set(f func(d *disk)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(d)
}

func start(t *testing.T, d *disk, clk *clocktest.Clock, queue int, next uint64) *groupcommit.Queue[item] {
	t.Helper()
	q := groupcommit.New(groupcommit.Options[item]{
		Name: "test", Noun: "items", Clock: clk, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Queue: queue, MaxBatch: 4, MaxBlock: time.Second, Next: next,
		SetSeq: func(it *item, seq uint64) { it.seq = seq },
		Commit: d.commit,
		Drop: func(items []item, why string) {
			d.set(func(d *disk) {
				for _, it := range items {
					d.dropped = append(d.dropped, it.v)
				}
			})
		},
		ErrClosed: errClosed,
	})
	q.Start()
	t.Cleanup(func() { _ = q.Close() })
	return q
}

// TestNumbersAndDurability: appended items get consecutive numbers from
// Next, in the caller's slice too; Flush returns once all of them are
// committed, in order, in batches of at most MaxBatch.
func TestNumbersAndDurability(t *testing.T) {
	d := &disk{}
	q := start(t, d, clocktest.New(time.Unix(0, 0)), 100, 41)
	items := make([]item, 10)
	for i := range items {
		items[i].v = i
	}
	first, n := q.Append(items)
	if first != 41 || n != 10 || items[9].seq != 50 {
		t.Fatalf("Append = %d, %d (last numbered %d), want 41, 10 (50)", first, n, items[9].seq)
	}
	if err := q.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if q.Durable() != 50 {
		t.Errorf("Durable %d, want 50", q.Durable())
	}
	d.set(func(d *disk) {
		if !slices.Equal(d.stored, items) {
			t.Errorf("stored %v, want %v", d.stored, items)
		}
		if d.batches < 3 {
			t.Errorf("%d batches of at most 4 for 10 items", d.batches)
		}
	})
}

// TestFullQueueDrops: with the writer stuck, Append fills the queue,
// waits MaxBlock on the clock, then drops what does not fit, counted.
func TestFullQueueDrops(t *testing.T) {
	clk := clocktest.New(time.Unix(0, 0))
	d := &disk{gate: make(chan struct{}), entered: make(chan struct{}, 1)}
	q := start(t, d, clk, 3, 1)
	q.Append([]item{{v: 0}}) // taken by the writer, stuck in its commit
	<-d.entered
	res := make(chan int)
	go func() {
		_, n := q.Append([]item{{v: 1}, {v: 2}, {v: 3}, {v: 4}, {v: 5}})
		res <- n
	}()
	if !clk.WaitTimers(1, time.After(10*time.Second)) {
		t.Fatal("Append did not wait for room")
	}
	clk.Step(time.Second)
	if n := <-res; n != 3 {
		t.Errorf("queued %d of 5 into a queue of 3", n)
	}
	if q.Dropped() != 2 {
		t.Errorf("Dropped %d, want 2", q.Dropped())
	}
	d.set(func(d *disk) {
		if !slices.Equal(d.dropped, []int{4, 5}) {
			t.Errorf("dropped %v, want [4 5]", d.dropped)
		}
	})
	gate := d.gate
	d.set(func(d *disk) { d.gate = nil })
	close(gate)
	if err := q.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if q.Durable() != 4 {
		t.Errorf("Durable %d, want 4 (items 0…3)", q.Durable())
	}
}

// TestFailingCommit: a failing commit is retried with backoff on the
// clock until it succeeds; closed while it still fails, Close and Wait
// say how many were lost.
func TestFailingCommit(t *testing.T) {
	clk := clocktest.New(time.Unix(0, 0))
	d := &disk{fail: errors.New("disk I/O error")}
	q := start(t, d, clk, 10, 1)
	q.Append([]item{{v: 1}})
	for i, backoff := range []time.Duration{50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond} {
		if !clk.WaitArmed(clk.Now().Add(backoff), time.After(10*time.Second)) {
			t.Fatalf("no retry after %v", backoff)
		}
		if i == 2 {
			d.set(func(d *disk) { d.fail = nil }) // the disk comes back
		}
		clk.Step(backoff)
	}
	if err := q.Flush(context.Background()); err != nil || q.Durable() != 1 {
		t.Fatalf("after the disk came back: %v, Durable %d", err, q.Durable())
	}

	d.set(func(d *disk) { d.fail = errors.New("disk full") })
	seq, _ := q.Append([]item{{v: 2}, {v: 3}})
	if !clk.WaitTimers(1, time.After(10*time.Second)) {
		t.Fatal("no retry")
	}
	waited := make(chan error)
	go func() { waited <- q.Wait(context.Background(), seq) }()
	err := q.Close()
	if err == nil || err.Error() != "test: 2 items not committed: disk full" {
		t.Errorf("Close = %v", err)
	}
	if err := <-waited; !errors.Is(err, errClosed) {
		t.Errorf("Wait = %v, want errClosed", err)
	}
	if _, n := q.Append([]item{{v: 4}}); n != 0 || q.Dropped() != 1 {
		t.Errorf("Append after Close queued %d, Dropped %d", n, q.Dropped())
	}
	if err := q.Close(); err != nil {
		t.Errorf("Close again = %v", err)
	}
}

// TestPeriodic runs at the start and then every Every, between commits.
func TestPeriodic(t *testing.T) {
	clk := clocktest.New(time.Unix(0, 0))
	runs := make(chan struct{}, 8)
	q := groupcommit.New(groupcommit.Options[item]{
		Name: "test", Noun: "items", Clock: clk, Queue: 1, MaxBatch: 1, MaxBlock: time.Second,
		SetSeq: func(*item, uint64) {}, Commit: func([]item) error { return nil }, Drop: func([]item, string) {},
		Every: time.Minute, Periodic: func() { runs <- struct{}{} }, ErrClosed: errClosed, Next: 1,
	})
	q.Start()
	defer q.Close()
	<-runs // at the start
	if !clk.WaitArmed(clk.Now().Add(time.Minute), time.After(10*time.Second)) {
		t.Fatal("the next run is not due a minute later")
	}
	clk.Step(time.Minute)
	<-runs
}
