// Package groupcommit is the bounded queue and the writer goroutine that
// the alarm journal and the audit trail share. Appenders queue items and
// get consecutive sequence numbers without waiting for the disk; one
// writer commits them in groups (one fsync serves thousands), retrying a
// failing commit with backoff; waiters learn when a sequence number is
// durable. The queue is bounded: an appender waits for room at most
// Options.MaxBlock, then drops what does not fit rather than stall its
// caller (the UI, the alarm evaluation, a driver).
//
// The writer also runs periodic work (retention pruning) between
// commits; that work calls [Queue.CommitQueued] between its own small
// transactions so that appends go first, and stops early when
// [Queue.Stopping] says so.
package groupcommit

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
)

// Backoff between attempts at a failing commit.
const (
	MinBackoff = 50 * time.Millisecond
	MaxBackoff = 5 * time.Second
)

// Options configure a Queue. Name, Noun, Queue, MaxBatch, MaxBlock,
// SetSeq, Commit, Drop and ErrClosed are required.
type Options[T any] struct {
	Name   string // what logs and errors call the queue's owner: "alarm journal", "audit"
	Noun   string // what they call the items: "events", "records"
	Clock  clock.Clock
	Logger *slog.Logger
	// Queue is how many appended items may wait for their commit; the
	// writer holds at most MaxBatch more while it commits.
	Queue    int
	MaxBatch int
	// MaxBlock is how long Append waits for room in a full queue before
	// it drops what does not fit.
	MaxBlock time.Duration
	// Next is the sequence number of the first item appended (the last
	// one on disk + 1); Durable starts at Next-1.
	Next uint64
	// SetSeq gives an appended item its sequence number, before it is
	// queued (and in the caller's slice).
	SetSeq func(item *T, seq uint64)
	// Commit writes batch durably (one transaction) on the writer's
	// goroutine: on nil, every item of it is durable. It must not call
	// the queue's methods.
	Commit func(batch []T) error
	// Drop logs the items Append drops, and why. They keep no sequence
	// number.
	Drop func(items []T, why string)
	// Every and Periodic: the writer runs Periodic at its start and then
	// every Every, between commits. Nil Periodic: none.
	Every    time.Duration
	Periodic func()
	// ErrClosed is what Wait's error wraps when the queue closed before
	// the item waited for was durable.
	ErrClosed error
}

// Queue is a bounded queue committed in groups by its own writer
// goroutine, which Close stops and waits for.
type Queue[T any] struct {
	o        Options[T]
	appendMu sync.Mutex // serialises Append: one call's items get consecutive numbers

	mu        sync.Mutex    // guards queue, nextSeq, taken, closed, committed and space
	queue     []T           // appended, waiting for the writer
	nextSeq   uint64        // the number of the next appended item
	taken     uint64        // the number of the last item the writer took
	closed    bool          // Close was called
	committed chan struct{} // closed and replaced after every commit
	space     chan struct{} // closed and replaced when the writer takes a batch

	durable atomic.Uint64 // highest committed number
	dropped atomic.Int64  // items Append dropped

	wake       chan struct{} // capacity 1: items queued
	done       chan struct{} // closed by Close
	terminated chan struct{} // closed by the writer when it ends
	closeErr   error         // the writer's error at its end; read after terminated

	// The writer's own.
	batch   []T
	closing bool // done was closed: commit what is left and end
}

// New makes the queue; Start starts its writer (the owner keeps the
// queue where Commit and Periodic find it first).
func New[T any](o Options[T]) *Queue[T] {
	o.Clock = clock.Or(o.Clock)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	q := &Queue[T]{
		o:          o,
		queue:      make([]T, 0, 64),
		nextSeq:    o.Next,
		taken:      o.Next - 1,
		committed:  make(chan struct{}),
		space:      make(chan struct{}),
		wake:       make(chan struct{}, 1),
		done:       make(chan struct{}),
		terminated: make(chan struct{}),
	}
	q.durable.Store(o.Next - 1)
	return q
}

// Start starts the writer goroutine, which Close stops and waits for.
func (q *Queue[T]) Start() { go q.run() }

// Append queues items, in order, and returns the number of the first and
// how many were queued, without waiting for the disk: an item is durable
// (survives a crash) once Durable() reaches its number. When the queue is
// full Append waits for the writer's next take, which a healthy disk
// gives within one commit; if it stays full for MaxBlock (the disk failed
// or stalled), the items that do not fit are dropped (Options.Drop,
// counted by Dropped). Items appended after Close are dropped likewise.
func (q *Queue[T]) Append(items []T) (first uint64, n int) {
	if len(items) == 0 {
		return 0, 0
	}
	q.appendMu.Lock()
	defer q.appendMu.Unlock()
	var deadline clock.Timer // armed at the first wait
	defer func() {
		if deadline != nil {
			deadline.Stop()
		}
	}()
	for n < len(items) {
		seq, k, space, closed := q.enqueue(items[n:])
		if k > 0 {
			if n == 0 {
				first = seq
			}
			n += k
			signal(q.wake)
			continue
		}
		if closed {
			q.drop(items[n:], "the "+q.o.Name+" is closed")
			return first, n
		}
		if deadline == nil {
			deadline = q.o.Clock.NewTimer(q.o.MaxBlock)
		}
		select {
		case <-space:
		case <-q.terminated:
		case <-deadline.C():
			q.drop(items[n:], fmt.Sprintf("the queue stayed full for %v", q.o.MaxBlock))
			return first, n
		}
	}
	return first, n
}

// enqueue queues as many of items as there is room for and returns the
// number of the first and how many; with none queued, the channel closed
// at the writer's next take, or closed when the queue is closed.
func (q *Queue[T]) enqueue(items []T) (first uint64, n int, space <-chan struct{}, closed bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return 0, 0, nil, true
	}
	n = min(len(items), q.o.Queue-len(q.queue))
	if n <= 0 {
		return 0, 0, q.space, false
	}
	first = q.nextSeq
	for i := range n {
		q.o.SetSeq(&items[i], q.nextSeq)
		q.nextSeq++
		q.queue = append(q.queue, items[i])
	}
	return first, n, nil, false
}

func (q *Queue[T]) drop(items []T, why string) {
	q.dropped.Add(int64(len(items)))
	q.o.Drop(items, why)
}

// Durable returns the highest number committed to disk.
func (q *Queue[T]) Durable() uint64 { return q.durable.Load() }

// Dropped returns how many items Append dropped.
func (q *Queue[T]) Dropped() int64 { return q.dropped.Load() }

// Queued returns how many appended items wait for the writer (not those
// it is committing).
func (q *Queue[T]) Queued() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.queue)
}

// Flush waits until every item appended before it was called is durable,
// or ctx ends, or the queue closes first (Options.ErrClosed).
func (q *Queue[T]) Flush(ctx context.Context) error {
	q.mu.Lock()
	target := q.nextSeq - 1
	q.mu.Unlock()
	return q.Wait(ctx, target)
}

// Wait waits until the item numbered seq is durable, or ctx ends, or the
// queue closes first (Options.ErrClosed, wrapping the writer's error).
func (q *Queue[T]) Wait(ctx context.Context, seq uint64) error {
	for {
		q.mu.Lock()
		ch := q.committed
		q.mu.Unlock()
		if q.durable.Load() >= seq {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("%s: wait for %d: %w", q.o.Name, seq, ctx.Err())
		case <-q.terminated:
			if q.durable.Load() >= seq {
				return nil
			}
			if q.closeErr != nil {
				return fmt.Errorf("%w: %w", q.o.ErrClosed, q.closeErr)
			}
			return q.o.ErrClosed
		}
	}
}

// Close commits what is queued, stops the writer and waits for it. It
// returns the writer's error if items could not be committed. Calling it
// again returns nil.
func (q *Queue[T]) Close() error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		return nil
	}
	q.closed = true
	q.mu.Unlock()
	close(q.done)
	<-q.terminated
	return q.closeErr
}

func (q *Queue[T]) run() {
	defer close(q.terminated)
	var tick clock.Timer
	var tickC <-chan time.Time
	if q.o.Periodic != nil {
		tick = q.o.Clock.NewTimer(0) // once at the start
		defer tick.Stop()
		tickC = tick.C()
	}
	for {
		if q.CommitQueued() {
			continue
		}
		if q.closing {
			return
		}
		select {
		case <-q.wake:
		case <-tickC:
			q.o.Periodic()
			tick.Reset(q.o.Every)
		case <-q.done:
			q.closing = true
		}
	}
}

// CommitQueued commits the queued items, if any, retrying a failing
// commit with backoff until it succeeds or the queue closes; it reports
// whether there were any. Only the writer calls it: Options.Periodic
// does, between its own transactions.
func (q *Queue[T]) CommitQueued() bool {
	var last uint64
	q.batch, last = q.take(q.batch)
	if len(q.batch) == 0 {
		return false
	}
	backoff := MinBackoff
	for {
		err := q.o.Commit(q.batch)
		if err == nil {
			q.closeErr = nil
			q.commitDone(last)
			return true
		}
		q.o.Logger.Error(q.o.Name+": commit failed", q.o.Noun, len(q.batch), "err", err)
		if q.closing {
			q.closeErr = fmt.Errorf("%s: %d %s not committed: %w", q.o.Name, len(q.batch)+q.Queued(), q.o.Noun, err)
			q.drain()
			return false
		}
		t := q.o.Clock.NewTimer(backoff)
		select {
		case <-t.C():
		case <-q.done:
			q.closing = true // one more attempt, then give up
		}
		t.Stop()
		backoff = min(2*backoff, MaxBackoff)
	}
}

// Stopping reports whether Close was called: periodic work ends early.
// Only the writer calls it.
func (q *Queue[T]) Stopping() bool {
	select {
	case <-q.done:
		return true
	default:
		return q.closing
	}
}

// take moves up to MaxBatch queued items, oldest first, into prev's
// storage and returns them and the number of the last: the writer's next
// batch. It wakes the appenders waiting for room.
func (q *Queue[T]) take(prev []T) ([]T, uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	clear(prev) // let the last batch's strings go
	n := min(len(q.queue), q.o.MaxBatch)
	if n == 0 {
		return prev[:0], q.taken
	}
	batch := append(prev[:0], q.queue[:n]...)
	rest := copy(q.queue, q.queue[n:])
	clear(q.queue[rest:])
	q.queue = q.queue[:rest]
	q.taken += uint64(n)
	close(q.space)
	q.space = make(chan struct{})
	return batch, q.taken
}

// drain empties the queue at the end of a writer that cannot commit.
func (q *Queue[T]) drain() {
	q.mu.Lock()
	clear(q.queue)
	q.queue = q.queue[:0]
	q.mu.Unlock()
}

// commitDone records a commit up to seq and wakes the waiters.
func (q *Queue[T]) commitDone(seq uint64) {
	q.durable.Store(seq)
	q.mu.Lock()
	close(q.committed)
	q.committed = make(chan struct{})
	q.mu.Unlock()
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
