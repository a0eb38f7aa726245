package trends

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/tags"
)

// Defaults of [Options].
const (
	DefaultFlushEvery = time.Second
	DefaultPruneEvery = time.Minute
)

// ErrClosed is returned by Flush after Close.
var ErrClosed = errors.New("trends: historian closed")

// Options configure a Historian. Zero values are sensible defaults.
type Options struct {
	Clock  clock.Clock  // times flushes and pruning, and stamps values without a time; default the wall clock
	Logger *slog.Logger // default slog.Default()
	// FlushEvery is how often the open blocks' tails are committed
	// (default DefaultFlushEvery): a kill -9 loses at most this much.
	FlushEvery time.Duration
	// PruneEvery is the period of retention pruning (default DefaultPruneEvery).
	PruneEvery time.Duration
	// Flushed, when set, is called by the writer after each commit with
	// the time of the newest sample it made durable.
	Flushed func(newest time.Time)
	// Pruned, when set, is called after each pruning pass with the number
	// of blocks it deleted.
	Pruned func(deleted int64)
	// MaxPending is the most sealed blocks kept in memory while commits
	// fail (default DefaultMaxPending); beyond, the oldest are dropped
	// and counted (see [Drops]).
	MaxPending int
}

func (o Options) withDefaults() Options {
	o.Clock = clock.Or(o.Clock)
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.FlushEvery <= 0 {
		o.FlushEvery = DefaultFlushEvery
	}
	if o.PruneEvery <= 0 {
		o.PruneEvery = DefaultPruneEvery
	}
	if o.MaxPending <= 0 {
		o.MaxPending = DefaultMaxPending
	}
	return o
}

// Historian records tags into compressed blocks in the data directory's
// database and answers range queries over them and over what it has not
// flushed yet. Record, Configure and Query are safe for concurrent use.
type Historian struct {
	db     *store.DB
	log    *slog.Logger
	clk    clock.Clock
	opts   Options
	unlock func() error

	mu       sync.Mutex         // guards the fields below up to the channels
	series   map[string]*series // recorded tags
	ids      map[string]int64   // every tag with an id, committed or not
	newIDs   []tagID            // ids not yet committed
	nextID   int64
	lastT    map[int64]int64 // newest stored time of tags with history, ms
	pend     []*sealed       // sealed blocks not yet committed, oldest first
	taken    int             // how many of pend the writer holds in batches
	newest   int64           // newest sample recorded, ms
	flushSeq int64           // the last flush row's seq
	dropped  []int64         // tags no longer recorded: their next entry is an empty base
	closed   bool
	scratch  []point
	settings map[string]Setting  // by tag, as configured; the writer prunes by it
	index    map[int64]*tagIndex // stored blocks of the tags queried, by tag id
	drops    drops               // atomic: what was not stored
	m4s      sync.Pool           // *m4: the columns being reduced, kept between queries

	flushReq   chan chan error
	done       chan struct{} // closed by Close
	terminated chan struct{} // closed by the writer when it ends
	closeErr   error         // the writer's last error; read after terminated
}

var _ ReuseSource = (*Historian)(nil)

// series is one recorded tag's state.
type series struct {
	id      int64
	set     Setting
	c       compressor
	enc     encoder // the open block, as archived
	open    []point // the open block's points
	chunked int     // how many of open are in flush rows, committed or queued
	baseSeq int64   // the flush row with its last base entry; 0: none since the last seal
	check   int     // full encodes the row again from this many open points
	wrote   bool    // an entry was written since the last seal: the next base must be written even if empty
	dirty   bool    // a sample arrived since the last entry
	fresh   bool    // the tag has history from an earlier run: mark the gap

	warnedBack bool // a sample going back in time was logged
}

type tagID struct {
	id   int64
	name string
}

// sealed is a block waiting for its commit.
type sealed struct {
	tag  int64
	sum  summary
	data []byte
	row  int64 // its row id once committed (set by the writer)
}

// Open opens the historian in the data directory dataDir (created if
// needed): it takes the directory's "history" lock (a second Open fails
// with an error wrapping store.ErrLocked), brings its tables up to date,
// seals the open blocks a previous run left in chunks (after a crash too)
// and starts the writer. Nothing is recorded until [Historian.Configure].
func Open(dataDir string, opts Options) (*Historian, error) {
	opts = opts.withDefaults()
	db, err := store.Open(dataDir)
	if err != nil {
		return nil, fmt.Errorf("trends: %w", err)
	}
	unlock, err := store.Lock(dataDir, component)
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("trends: %w", err)
	}
	h := &Historian{
		db: db, log: opts.Logger, clk: opts.Clock, opts: opts, unlock: unlock,
		series:     map[string]*series{},
		ids:        map[string]int64{},
		lastT:      map[int64]int64{},
		settings:   map[string]Setting{},
		index:      map[int64]*tagIndex{},
		flushReq:   make(chan chan error),
		done:       make(chan struct{}),
		terminated: make(chan struct{}),
	}
	w, err := h.load(context.Background())
	if err != nil {
		_ = db.Close()
		_ = unlock()
		return nil, fmt.Errorf("trends: %s: %w", db.Path(), err)
	}
	go w.run()
	return h, nil
}

// Configure sets which tags are recorded and how (see [Match]); it is
// called at start and on each reload. A tag whose setting changed keeps
// its history and continues with the new setting; a tag no longer
// configured stops recording and keeps its history; its open block is
// sealed.
func (h *Historian) Configure(settings map[string]Setting) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for name, s := range h.series {
		ns, ok := settings[name]
		switch {
		case !ok:
			s.append(h, s.c.finish(h.scratch[:0]))
			s.seal(h)
			if s.wrote || s.baseSeq > 0 {
				h.dropped = append(h.dropped, s.id)
			}
			delete(h.series, name)
		case !sameSetting(ns, s.set):
			s.append(h, s.c.finish(h.scratch[:0]))
			c := newCompressor(ns)
			c.started, c.last = s.c.started, s.c.last // a reload does not let time go back
			s.set, s.c = ns, c
		}
	}
	for name, ns := range settings {
		if h.series[name] == nil {
			h.series[name] = h.newSeries(name, ns)
		}
	}
	h.settings = make(map[string]Setting, len(settings))
	for k, v := range settings {
		h.settings[k] = v
	}
}

// sameSetting compares settings but for where they were written: moving
// an entry in hmi.yaml changes nothing.
func sameSetting(a, b Setting) bool {
	a.Pos = b.Pos
	return a == b
}

// newSeries starts recording name. The caller holds h.mu.
func (h *Historian) newSeries(name string, s Setting) *series {
	id, ok := h.ids[name]
	if !ok {
		h.nextID++
		id = h.nextID
		h.ids[name] = id
		h.newIDs = append(h.newIDs, tagID{id, name})
	}
	last, hist := h.lastT[id]
	c := newCompressor(s)
	if hist {
		c = after(s, last) // a new block must not go back into the stored ones
	}
	return &series{id: id, set: s, c: c, enc: encoder{q: c.q, tick: firstTick}, fresh: hist}
}

// Record takes tag updates (from a tags.Subscription) and returns without
// waiting for the disk: compression runs here, in a few hundred
// nanoseconds an update, and the writer commits every FlushEvery. Updates
// of tags not configured, and string values, are ignored; a value's time
// is kept to the millisecond (the clock's now when it has none): the
// last sample of a millisecond is kept, whatever its quality (a value
// written, then the device's readback in the same millisecond: the
// readback), the ones it replaces and older ones are counted in
// [Historian.Drops]; Bad quality (and NaN or ±Inf) is a gap; Uncertain
// is recorded with its value (see [Uncertainty]).
func (h *Historian) Record(updates []tags.Update) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	var now int64 = math.MinInt64
	for i := range updates {
		u := &updates[i]
		s := h.series[u.Name]
		if s == nil {
			continue
		}
		p, ok := toPoint(u.Value)
		if !ok {
			continue
		}
		if p.t == math.MinInt64 {
			if now == math.MinInt64 {
				now = h.clk.Now().UnixMilli()
			}
			p.t = now
		}
		if s.inOrder(h, u.Name, p) {
			s.record(h, p)
			h.newest = max(h.newest, p.t)
		}
	}
}

// toPoint converts a tag value; t is MinInt64 when the value has no time.
func toPoint(v tags.Value) (point, bool) {
	p := point{t: math.MinInt64}
	if !v.Time.IsZero() {
		p.t = v.Time.UnixMilli()
	}
	if v.Quality == tags.Bad {
		return p, true
	}
	p.unc = v.Quality == tags.Uncertain
	f, ok := v.Float()
	if !ok {
		if v.V == nil {
			return p, true // no value yet: a gap
		}
		return p, false // a string
	}
	p.v, p.good = f, true
	return p, true
}

// record pushes one sample through the compressor. The caller holds h.mu.
func (s *series) record(h *Historian, p point) {
	if p.unc && p.good && !s.enc.unc {
		// The open block and its entries carry Uncertain bits from now on.
		s.enc = encode(s.open, s.enc.q, s.enc.tick, true)
	}
	if s.fresh {
		// The gap marker goes in even before a Bad sample: a good one of
		// the same millisecond may replace it.
		s.fresh = false
		if p.t-1 > h.lastT[s.id] {
			s.append(h, s.c.push(point{t: p.t - 1}, h.scratch[:0]))
		}
	}
	h.scratch = s.c.push(p, h.scratch[:0])
	s.append(h, h.scratch)
	s.dirty = true
}

// append adds archived points to the open block, sealing it when full.
func (s *series) append(h *Historian, pts []point) {
	for _, p := range pts {
		if len(s.open) > 0 && p.t-s.open[0].t >= BlockSpan.Milliseconds() {
			s.seal(h)
		}
		if !s.enc.fits(p) { // the tick guessed is too coarse: count in a finer one
			s.enc = encode(s.open, s.enc.q, gcd(s.enc.tick, p.t-s.enc.prevT), s.enc.unc)
		}
		s.enc.add(p)
		s.open = append(s.open, p)
		if s.full() {
			s.seal(h)
		}
	}
	if len(pts) > 0 {
		s.dirty = true
	}
}

// firstTick is the tick a tag's first block guesses: a second, made
// finer as soon as a point falls between.
const firstTick = 1000

// seal queues the open block for its commit and starts a new one.
func (s *series) seal(h *Historian) {
	if len(s.open) == 0 {
		return
	}
	data, tick := encodeTicked(s.open, &s.enc)
	h.pend = append(h.pend, &sealed{tag: s.id, sum: summarize(s.open), data: data})
	h.lastT[s.id] = s.open[len(s.open)-1].t
	// The next block guesses the tick of this one.
	s.open, s.enc, s.chunked, s.baseSeq, s.check = s.open[:0], encoder{q: s.c.q, tick: tick}, 0, 0, 0
}

// summaryBytes is about the size of a block's summary without chunks.
const summaryBytes = 40

// full reports whether the open block is to be sealed: it holds
// BlockPoints points, or its row, as sealed, is within a few points of
// BlockBytes. The open encoder (version 1, recorded as it comes)
// overestimates the sealed row, so the row is encoded only once the
// estimate reaches BlockBytes, and again after as many points as the
// room left seems to hold, three quarters of them: a few encodings a
// block.
func (s *series) full() bool {
	n := len(s.open)
	if n >= BlockPoints {
		return true
	}
	if n < s.check || len(s.enc.bw.buf)+chunkBytes(n, s.enc.qexp() != 0)+summaryBytes < BlockBytes {
		return false
	}
	// The room less a chunk's stats: a new chunk adds them at once.
	row := rowBytes(s.open, s.enc.q)
	room := (BlockBytes - 32 - row) * n / max(row, 1)
	if room < 4 {
		return true
	}
	s.check = n + room*3/4
	return false
}

// rowBytes is the size of the row (data and summary) of a block of pts
// sealed in value mode q.
func rowBytes(pts []point, q float64) int {
	data := sealData(pts, q)
	sum := summarize(pts)
	return len(data) + len(blockArgs(0, &sum, data)[3].([]byte))
}

// Flush commits what was recorded so far and waits for it.
func (h *Historian) Flush() error {
	reply := make(chan error, 1)
	select {
	case h.flushReq <- reply:
		return <-reply
	case <-h.terminated:
		return ErrClosed
	}
}

// Close stops recording, stores the points the compressors hold back,
// commits everything and closes the database. It returns the writer's
// last error, if its last commit failed.
func (h *Historian) Close() error {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		<-h.terminated
		return nil
	}
	h.closed = true
	h.mu.Unlock()
	close(h.done)
	<-h.terminated
	err := h.closeErr
	if cerr := h.db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("trends: %w", cerr)
	}
	if uerr := h.unlock(); err == nil && uerr != nil {
		err = fmt.Errorf("trends: %w", uerr)
	}
	return err
}
