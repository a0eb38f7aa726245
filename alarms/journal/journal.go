package journal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/store"
)

// maxBatch is the most events one commit takes. Small enough that a full
// queue gets room back after one short commit, large enough that one fsync
// serves thousands of events.
const maxBatch = 4096

// Defaults of [Options].
const (
	DefaultQueue    = 16384
	DefaultMaxBlock = 2 * time.Second
	DefaultPrune    = time.Minute
)

// ErrClosed is returned by Flush when the journal was closed before
// everything appended became durable.
var ErrClosed = errors.New("journal: closed")

// Options configure a Journal. Zero values are sensible defaults.
type Options struct {
	Clock  clock.Clock  // reads now for retention and times waits; default the wall clock
	Logger *slog.Logger // default slog.Default()
	// Retention prunes old events in the background; zero keeps them all.
	Retention Retention
	// Queue is how many appended events may wait for their commit (default
	// DefaultQueue). The writer holds at most 4,096 more while it commits,
	// so the journal's memory is bounded.
	Queue int
	// MaxBlock is how long Append may wait for room in a full queue before
	// it drops what does not fit (default DefaultMaxBlock). See Append.
	MaxBlock time.Duration
	// PruneEvery is the period of retention pruning (default DefaultPrune).
	PruneEvery time.Duration
	// Pruned, when set, is called by the writer after each pruning pass
	// with the number of rows it deleted: tests wait on it.
	Pruned func(deleted int64)
}

// Retention is how long the journal keeps events. An alarm's last event is
// never pruned while the alarm exists (it is what Restore reads): only its
// earlier events age out.
type Retention struct {
	MaxAge  time.Duration // events older than this are deleted; 0: no limit
	MaxRows int64         // the oldest events beyond this count are deleted; 0: no limit
}

// Journal is the durable alarm journal: an [alarms.Sink] that commits in
// groups on a goroutine of its own, and an [alarms.History] (through the
// embedded [Reader]) over what it committed.
type Journal struct {
	*Reader
	log      *slog.Logger
	clk      clock.Clock
	opts     Options
	appendMu sync.Mutex // serialises Append: one call's events get consecutive Seqs

	mu        sync.Mutex     // guards queue, spare, nextSeq, closed and committed
	queue     []alarms.Event // appended, waiting for the writer
	spare     []alarms.Event // the writer's last batch, for reuse
	nextSeq   int64          // the Seq of the next appended event
	closed    bool
	committed chan struct{} // closed and replaced after every commit

	durable atomic.Int64 // highest committed Seq
	dropped atomic.Int64 // events Append dropped from a full queue

	wake       chan struct{} // capacity 1: events queued
	space      chan struct{} // capacity 1: the writer took a batch
	done       chan struct{} // closed by Close
	terminated chan struct{} // closed by the writer when it ends
	closeErr   error         // the writer's last error at its end; read after terminated
	unlock     func() error  // releases the data directory's journal lock
}

var (
	_ alarms.Sink    = (*Journal)(nil)
	_ alarms.History = (*Journal)(nil)
)

// Open opens the alarm journal in the data directory dataDir (created if
// needed), brings its tables up to date and starts the writer. Appended
// events continue the file's Seq numbering. Only one Journal may be open
// on a data directory at a time, in any process: a second Open fails with
// an error wrapping store.ErrLocked (readers, [OpenReader], need no lock).
func Open(dataDir string, opts Options) (*Journal, error) {
	opts = opts.withDefaults()
	db, err := store.Open(dataDir)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	// One journal per data directory: a second one would hand out the
	// same Seqs.
	unlock, err := store.Lock(dataDir, component)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	ctx := context.Background()
	if err := db.Migrate(ctx, component, migrations); err != nil {
		_ = db.Close()
		_ = unlock()
		return nil, fmt.Errorf("journal: %w", err)
	}
	w, err := newWriter(ctx, db)
	if err != nil {
		_ = db.Close()
		_ = unlock()
		return nil, fmt.Errorf("journal: %s: %w", db.Path(), err)
	}
	j := &Journal{
		Reader:     &Reader{db: db},
		unlock:     unlock,
		log:        opts.Logger,
		clk:        opts.Clock,
		opts:       opts,
		queue:      make([]alarms.Event, 0, 256),
		nextSeq:    w.lastSeq + 1,
		committed:  make(chan struct{}),
		wake:       make(chan struct{}, 1),
		space:      make(chan struct{}, 1),
		done:       make(chan struct{}),
		terminated: make(chan struct{}),
	}
	j.durable.Store(w.lastSeq)
	w.j = j
	go w.run()
	return j, nil
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

// Append queues evs for the writer, in order, and returns without waiting
// for the disk. It sets each queued event's Seq, in evs too: consecutive
// numbers continuing the file's, so an event is journaled (survives a
// crash) once Durable() >= its Seq.
//
// The queue is bounded (Options.Queue). When it is full Append waits for
// the writer to take a batch, which a healthy disk does within one commit;
// an event is never dropped while the writer keeps up. If the queue stays
// full for Options.MaxBlock (the disk fails or stalls), Append drops the
// events that do not fit rather than stall the alarm evaluation: they keep
// Seq 0, are never reported as journaled, are counted by Dropped and
// logged as an error. Events appended after Close are dropped likewise.
func (j *Journal) Append(evs []alarms.Event) {
	if len(evs) == 0 {
		return
	}
	j.appendMu.Lock()
	defer j.appendMu.Unlock()
	var deadline clock.Timer // armed at the first wait
	defer func() {
		if deadline != nil {
			deadline.Stop()
		}
	}()
	for i := 0; i < len(evs); {
		n, closed := j.enqueue(evs[i:])
		i += n
		if n > 0 {
			j.signal(j.wake)
		}
		if i == len(evs) {
			return
		}
		if closed {
			j.drop(evs[i:], "the journal is closed")
			return
		}
		if deadline == nil {
			deadline = j.clk.NewTimer(j.opts.MaxBlock)
		}
		select {
		case <-j.space:
		case <-j.terminated:
		case <-deadline.C():
			j.drop(evs[i:], fmt.Sprintf("the queue stayed full for %v", j.opts.MaxBlock))
			return
		}
	}
}

// enqueue queues as many of evs as there is room for and returns how many,
// and whether the journal is closed.
func (j *Journal) enqueue(evs []alarms.Event) (int, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return 0, true
	}
	n := min(len(evs), j.opts.Queue-len(j.queue))
	for i := range n {
		evs[i].Seq = j.nextSeq
		j.nextSeq++
		j.queue = append(j.queue, evs[i])
	}
	return n, false
}

func (j *Journal) drop(evs []alarms.Event, why string) {
	j.dropped.Add(int64(len(evs)))
	j.log.Error("alarm journal: events dropped", "count", len(evs), "reason", why,
		"first", evs[0].Status.Name, "dropped_total", j.dropped.Load())
}

// Durable returns the highest Seq committed to disk: every event appended
// with a Seq up to it survives a crash.
func (j *Journal) Durable() int64 { return j.durable.Load() }

// Dropped returns how many events Append dropped (see Append).
func (j *Journal) Dropped() int64 { return j.dropped.Load() }

// Flush waits until every event appended before it was called is durable,
// or ctx ends, or the journal closes first (ErrClosed, wrapping the
// writer's error if it had one).
func (j *Journal) Flush(ctx context.Context) error {
	j.mu.Lock()
	target := j.nextSeq - 1
	j.mu.Unlock()
	for {
		j.mu.Lock()
		ch := j.committed
		j.mu.Unlock()
		if j.durable.Load() >= target {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("journal: flush: %w", ctx.Err())
		case <-j.terminated:
			if j.durable.Load() >= target {
				return nil
			}
			if j.closeErr != nil {
				return fmt.Errorf("%w: %w", ErrClosed, j.closeErr)
			}
			return ErrClosed
		}
	}
}

// Close commits what is queued, stops the writer, waits for it and closes
// the database. It returns the writer's error if events could not be
// committed. Calling it again returns nil.
func (j *Journal) Close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	j.mu.Unlock()
	close(j.done)
	<-j.terminated
	return errors.Join(j.closeErr, j.Reader.Close(), j.unlock())
}

// take moves up to maxBatch queued events, oldest first, into prev's
// storage and returns them: the writer's next batch.
func (j *Journal) take(prev []alarms.Event) []alarms.Event {
	j.mu.Lock()
	defer j.mu.Unlock()
	clear(prev) // let the last batch's strings go
	n := min(len(j.queue), maxBatch)
	if n == 0 {
		return prev[:0]
	}
	batch := append(prev[:0], j.queue[:n]...)
	rest := copy(j.queue, j.queue[n:])
	clear(j.queue[rest:])
	j.queue = j.queue[:rest]
	j.signal(j.space)
	return batch
}

// commitDone records a commit up to seq and wakes Flush.
func (j *Journal) commitDone(seq int64) {
	j.durable.Store(seq)
	j.mu.Lock()
	close(j.committed)
	j.committed = make(chan struct{})
	j.mu.Unlock()
}

func (j *Journal) signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// Queued returns how many appended events wait for the writer (not those
// it is committing).
func (j *Journal) Queued() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.queue)
}
