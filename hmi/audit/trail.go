package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/store"
)

// maxBatch is the most records one commit takes.
const maxBatch = 4096

// Defaults of [Options].
const (
	DefaultQueue    = 16384
	DefaultMaxBlock = 2 * time.Second
	DefaultPrune    = time.Hour
)

// ErrClosed is returned by Flush and Wait when the trail closed before
// the records they wait for became durable.
var ErrClosed = errors.New("audit: closed")

// Options configure a Trail. Zero values are sensible defaults.
type Options struct {
	Clock  clock.Clock  // stamps records without a Time, times waits and retention; default the wall clock
	Logger *slog.Logger // default slog.Default()
	// Retention prunes the oldest records in the background; zero keeps
	// them all (the default: many sites must keep an audit trail for years).
	Retention Retention
	// Queue is how many appended records may wait for their commit
	// (default DefaultQueue); the writer holds at most 4,096 more.
	Queue int
	// MaxBlock is how long Append may wait for room in a full queue before
	// it drops the record (default DefaultMaxBlock). See Append.
	MaxBlock time.Duration
	// Key, when set, keys the trail: each row also carries an HMAC-SHA-256
	// of its hash under this key, and so do the chain's head and anchor,
	// so that rewriting rows needs the key (see the package comment).
	// At least MinKeySize bytes, from a file outside the data directory
	// (LoadKey). Once a trail is keyed, Open refuses it without its key.
	Key []byte
	// PruneEvery is the period of retention pruning (default DefaultPrune).
	PruneEvery time.Duration
	// Pruned, when set, is called by the writer after each pruning pass
	// with the number of rows it deleted: tests wait on it.
	Pruned func(deleted int64)
}

// Retention is how long the trail keeps records. Pruning deletes the
// oldest records and moves the chain's anchor to the last one deleted, so
// the rest still verifies.
type Retention struct {
	MaxAge  time.Duration // records older than this are deleted; 0: no limit
	MaxRows int64         // the oldest records beyond this count are deleted; 0: no limit
}

// Trail is the durable, hash-chained audit trail of a data directory: one
// writer goroutine commits appended records in groups; the embedded
// [Reader] queries and verifies what was committed.
type Trail struct {
	*Reader
	log  *slog.Logger
	clk  clock.Clock
	opts Options

	mu        sync.Mutex    // guards queue, nextSeq, closed, committed and space
	queue     []Record      // appended, waiting for the writer
	nextSeq   uint64        // the Seq of the next appended record
	closed    bool          // Close was called
	committed chan struct{} // closed and replaced after every commit
	space     chan struct{} // closed and replaced when the writer takes a batch

	durable atomic.Uint64 // highest committed Seq
	dropped atomic.Int64  // records Append dropped

	wake       chan struct{} // capacity 1: records queued
	done       chan struct{} // closed by Close
	terminated chan struct{} // closed by the writer when it ends
	closeErr   error         // the writer's error at its end; read after terminated
	unlock     func() error  // releases the data directory's audit lock
}

// Open opens the audit trail of the data directory dataDir (created if
// needed; the database is store's gohmi.db, shared with the alarm journal
// and the historian), brings its tables up to date and starts the writer.
// Appended records continue the file's Seq numbering and hash chain. Only
// one Trail may be open on a data directory at a time, in any process: a
// second Open fails with an error wrapping store.ErrLocked ([OpenReader]
// needs no lock).
func Open(dataDir string, o Options) (*Trail, error) {
	o = o.withDefaults()
	if o.Key != nil {
		if err := checkKey(o.Key); err != nil {
			return nil, fmt.Errorf("audit: key: %w", err)
		}
		o.Key = bytes.Clone(o.Key) // the caller may wipe or reuse its slice
	}
	db, err := store.Open(dataDir)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	unlock, err := store.Lock(dataDir, component)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("audit: %w", err)
	}
	w, err := prepare(db, o.Logger, o.Key)
	if err != nil {
		_ = db.Close()
		_ = unlock()
		return nil, fmt.Errorf("audit: %s: %w", db.Path(), err)
	}
	t := &Trail{
		Reader:     &Reader{db: db, key: o.Key},
		unlock:     unlock,
		log:        o.Logger,
		clk:        o.Clock,
		opts:       o,
		queue:      make([]Record, 0, 64),
		nextSeq:    w.lastSeq + 1,
		committed:  make(chan struct{}),
		space:      make(chan struct{}),
		wake:       make(chan struct{}, 1),
		done:       make(chan struct{}),
		terminated: make(chan struct{}),
	}
	t.durable.Store(w.lastSeq)
	w.t = t
	go w.run()
	return t, nil
}

func (o Options) withDefaults() Options {
	o.Clock = clock.Or(o.Clock)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Queue <= 0 {
		o.Queue = DefaultQueue
	}
	if o.MaxBlock <= 0 {
		o.MaxBlock = DefaultMaxBlock
	}
	if o.PruneEvery <= 0 {
		o.PruneEvery = DefaultPrune
	}
	return o
}

// Append queues r for the writer and returns its Seq without waiting for
// the disk: r is in the trail for good (survives a crash) once
// Durable() >= that Seq; [Trail.Wait] waits for it. Append stamps r with
// the clock's now when r.Time is zero, makes its text valid UTF-8 and cuts
// each field to MaxField bytes. It is safe for concurrent use; records
// get Seqs in the order their Appends take the queue.
//
// The queue is bounded (Options.Queue). When it is full Append waits for
// the writer's next take, which a healthy disk gives within one commit. If
// the queue stays full for Options.MaxBlock (the disk failed or stalled)
// Append drops r rather than stall its caller (the UI, a driver): it
// returns 0, counts it (Dropped) and logs it with its fields. A record
// appended after Close is dropped likewise.
func (t *Trail) Append(r Record) uint64 {
	if r.Time.IsZero() {
		r.Time = t.clk.Now()
	}
	r.Time = r.Time.UTC()
	r.clean()
	var deadline clock.Timer // armed at the first wait
	defer func() {
		if deadline != nil {
			deadline.Stop()
		}
	}()
	for {
		seq, space, closed := t.enqueue(&r)
		switch {
		case seq != 0:
			signal(t.wake)
			return seq
		case closed:
			t.drop(&r, "the trail is closed")
			return 0
		}
		if deadline == nil {
			deadline = t.clk.NewTimer(t.opts.MaxBlock)
		}
		select {
		case <-space:
		case <-t.terminated:
		case <-deadline.C():
			t.drop(&r, fmt.Sprintf("the queue stayed full for %v", t.opts.MaxBlock))
			return 0
		}
	}
}

// enqueue queues r if there is room and returns its Seq; otherwise 0 and
// the channel closed at the writer's next take, or closed when the trail
// is closed.
func (t *Trail) enqueue(r *Record) (seq uint64, space <-chan struct{}, closed bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return 0, nil, true
	}
	if len(t.queue) >= t.opts.Queue {
		return 0, t.space, false
	}
	r.Seq = t.nextSeq
	t.nextSeq++
	t.queue = append(t.queue, *r)
	return r.Seq, nil, false
}

func (t *Trail) drop(r *Record, why string) {
	n := t.dropped.Add(1)
	t.log.Error("audit: record dropped", "reason", why, "dropped_total", n, "action", string(r.Action),
		"actor", r.Actor, "where", string(r.Where), "host", r.Host, "target", r.Target,
		"old", r.Old, "new", r.New, "detail", r.Detail, "time", r.Time)
}

// Durable returns the highest Seq committed to disk: every record
// appended with a Seq up to it survives a crash.
func (t *Trail) Durable() uint64 { return t.durable.Load() }

// Dropped returns how many records Append dropped (see Append).
func (t *Trail) Dropped() int64 { return t.dropped.Load() }

// Flush waits until every record appended before it was called is
// durable, or ctx ends, or the trail closes first (ErrClosed).
func (t *Trail) Flush(ctx context.Context) error {
	t.mu.Lock()
	target := t.nextSeq - 1
	t.mu.Unlock()
	return t.Wait(ctx, target)
}

// Wait waits until the record with Seq seq is durable (a caller that must
// not act before its record is on disk appends, then waits), or ctx ends,
// or the trail closes first (ErrClosed, wrapping the writer's error).
func (t *Trail) Wait(ctx context.Context, seq uint64) error {
	for {
		t.mu.Lock()
		ch := t.committed
		t.mu.Unlock()
		if t.durable.Load() >= seq {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("audit: wait for Seq %d: %w", seq, ctx.Err())
		case <-t.terminated:
			if t.durable.Load() >= seq {
				return nil
			}
			if t.closeErr != nil {
				return fmt.Errorf("%w: %w", ErrClosed, t.closeErr)
			}
			return ErrClosed
		}
	}
}

// Close commits what is queued, stops the writer, waits for it and closes
// the database. It returns the writer's error if records could not be
// committed. Calling it again returns nil.
func (t *Trail) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	t.mu.Unlock()
	close(t.done)
	<-t.terminated
	return errors.Join(t.closeErr, t.Reader.Close(), t.unlock())
}

// Queued returns how many appended records wait for the writer (not those
// it is committing).
func (t *Trail) Queued() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.queue)
}

// take moves up to maxBatch queued records, oldest first, into prev's
// storage and returns them: the writer's next batch. It wakes the
// appenders waiting for room.
func (t *Trail) take(prev []Record) []Record {
	t.mu.Lock()
	defer t.mu.Unlock()
	clear(prev)
	n := min(len(t.queue), maxBatch)
	if n == 0 {
		return prev[:0]
	}
	batch := append(prev[:0], t.queue[:n]...)
	rest := copy(t.queue, t.queue[n:])
	clear(t.queue[rest:])
	t.queue = t.queue[:rest]
	close(t.space)
	t.space = make(chan struct{})
	return batch
}

// commitDone records a commit up to seq and wakes the waiters.
func (t *Trail) commitDone(seq uint64) {
	t.durable.Store(seq)
	t.mu.Lock()
	close(t.committed)
	t.committed = make(chan struct{})
	t.mu.Unlock()
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
