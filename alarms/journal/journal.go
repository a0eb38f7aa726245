package journal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/groupcommit"
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
// groups on a goroutine of its own (a [groupcommit.Queue]), and an
// [alarms.History] (through the embedded [Reader]) over what it committed.
type Journal struct {
	*Reader
	log    *slog.Logger
	q      *groupcommit.Queue[alarms.Event]
	w      *writer
	unlock func() error // releases the data directory's journal lock

	closeOnce sync.Once
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
	j := &Journal{Reader: &Reader{db: db}, log: opts.Logger, w: w, unlock: unlock}
	w.opts, w.log, w.clk = opts, opts.Logger, opts.Clock
	q := groupcommit.Options[alarms.Event]{
		Name: "alarm journal", Noun: "events", Clock: opts.Clock, Logger: opts.Logger,
		Queue: opts.Queue, MaxBatch: maxBatch, MaxBlock: opts.MaxBlock, Next: uint64(w.lastSeq) + 1,
		SetSeq:    func(ev *alarms.Event, seq uint64) { ev.Seq = int64(seq) },
		Commit:    w.commit,
		Drop:      j.drop,
		ErrClosed: ErrClosed,
	}
	if opts.Retention != (Retention{}) {
		q.Every, q.Periodic = opts.PruneEvery, w.prune
	}
	w.q = groupcommit.New(q)
	w.q.Start()
	j.q = w.q
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
func (j *Journal) Append(evs []alarms.Event) { j.q.Append(evs) }

func (j *Journal) drop(evs []alarms.Event, why string) {
	j.log.Error("alarm journal: events dropped", "count", len(evs), "reason", why,
		"first", evs[0].Status.Name, "dropped_total", j.q.Dropped())
}

// Durable returns the highest Seq committed to disk: every event appended
// with a Seq up to it survives a crash.
func (j *Journal) Durable() int64 { return int64(j.q.Durable()) }

// Dropped returns how many events Append dropped (see Append).
func (j *Journal) Dropped() int64 { return j.q.Dropped() }

// Flush waits until every event appended before it was called is durable,
// or ctx ends, or the journal closes first (ErrClosed, wrapping the
// writer's error if it had one).
func (j *Journal) Flush(ctx context.Context) error { return j.q.Flush(ctx) }

// Close commits what is queued, stops the writer, waits for it and closes
// the database. It returns the writer's error if events could not be
// committed. Calling it again returns nil.
func (j *Journal) Close() error {
	err := j.q.Close() // nil when called again
	j.closeOnce.Do(func() {
		err = errors.Join(err, j.w.insert.Close(), j.Reader.Close(), j.unlock())
	})
	return err
}

// Queued returns how many appended events wait for the writer (not those
// it is committing).
func (j *Journal) Queued() int { return j.q.Queued() }
