package audit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/groupcommit"
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
// writer goroutine (a [groupcommit.Queue]) commits appended records in
// groups; the embedded [Reader] queries and verifies what was committed.
type Trail struct {
	*Reader
	log    *slog.Logger
	clk    clock.Clock
	q      *groupcommit.Queue[Record]
	w      *writer
	unlock func() error // releases the data directory's audit lock

	closeOnce sync.Once
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
	t := &Trail{Reader: &Reader{db: db, key: o.Key}, log: o.Logger, clk: o.Clock, w: w, unlock: unlock}
	w.opts, w.log, w.clk = o, o.Logger, o.Clock
	q := groupcommit.Options[Record]{
		Name: "audit", Noun: "records", Clock: o.Clock, Logger: o.Logger,
		Queue: o.Queue, MaxBatch: maxBatch, MaxBlock: o.MaxBlock, Next: w.lastSeq + 1,
		SetSeq:    func(r *Record, seq uint64) { r.Seq = seq },
		Commit:    w.commit,
		Drop:      t.drop,
		ErrClosed: ErrClosed,
	}
	if o.Retention != (Retention{}) {
		q.Every, q.Periodic = o.PruneEvery, w.prune
	}
	w.q = groupcommit.New(q)
	w.q.Start()
	t.q = w.q
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
	seq, _ := t.q.Append([]Record{r})
	return seq
}

func (t *Trail) drop(rs []Record, why string) {
	r := &rs[0]
	t.log.Error("audit: record dropped", "reason", why, "dropped_total", t.q.Dropped(), "action", string(r.Action),
		"actor", r.Actor, "where", string(r.Where), "host", r.Host, "target", r.Target,
		"old", r.Old, "new", r.New, "detail", r.Detail, "time", r.Time)
}

// Durable returns the highest Seq committed to disk: every record
// appended with a Seq up to it survives a crash.
func (t *Trail) Durable() uint64 { return t.q.Durable() }

// Dropped returns how many records Append dropped (see Append).
func (t *Trail) Dropped() int64 { return t.q.Dropped() }

// Flush waits until every record appended before it was called is
// durable, or ctx ends, or the trail closes first (ErrClosed).
func (t *Trail) Flush(ctx context.Context) error { return t.q.Flush(ctx) }

// Wait waits until the record with Seq seq is durable (a caller that must
// not act before its record is on disk appends, then waits), or ctx ends,
// or the trail closes first (ErrClosed, wrapping the writer's error).
func (t *Trail) Wait(ctx context.Context, seq uint64) error { return t.q.Wait(ctx, seq) }

// Close commits what is queued, stops the writer, waits for it and closes
// the database. It returns the writer's error if records could not be
// committed. Calling it again returns nil.
func (t *Trail) Close() error {
	err := t.q.Close() // nil when called again
	t.closeOnce.Do(func() {
		err = errors.Join(err, t.w.insert.Close(), t.Reader.Close(), t.unlock())
	})
	return err
}

// Queued returns how many appended records wait for the writer (not those
// it is committing).
func (t *Trail) Queued() int { return t.q.Queued() }
