package sim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/tags"
)

var (
	_ tags.Driver   = (*Driver)(nil)
	_ tags.Reader   = (*Driver)(nil)
	_ tags.Retagger = (*Driver)(nil)
)

// Options configure a [Driver]. The zero Options are valid.
type Options struct {
	// Seed selects the random walks; the same seed gives the same values.
	Seed int64
	// Tick is how often Run publishes. Default 100ms.
	Tick time.Duration
	// Clock stamps values, gives the elapsed time signals follow and paces
	// Run's ticks. Default: the wall clock. Tests step one.
	Clock clock.Clock
	// Logger. Default: discards.
	Logger *slog.Logger
}

// Driver simulates tags. It is safe for concurrent use.
type Driver struct {
	opts Options
	clk  clock.Clock // opts.Clock or the wall clock

	mu    sync.Mutex // guards every field below and the mutable fields of tags
	tags  []*simTag
	index map[string]*simTag
	names []string       // sorted, for did-you-mean
	start time.Time      // elapsed time counts from here; reset by Run
	pub   tags.Publisher // of the running Run, for immediate memory writes
}

// New returns a simulator of ts. It checks every tag — a valid, unique
// name; a signal with Min < Max, a positive Period, 0 ≤ Phase < 1, a
// non-negative Step; string tags only as memory; an Initial value that
// converts to the tag's type — and reports every problem, each naming its
// tag.
func New(opts Options, ts []Tag) (*Driver, error) {
	if opts.Tick <= 0 {
		opts.Tick = 100 * time.Millisecond
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	clk := clock.Or(opts.Clock)
	d := &Driver{opts: opts, clk: clk, index: make(map[string]*simTag, len(ts)), start: clk.Now()}
	var errs []error
	for _, t := range ts {
		st, err := d.newTag(t)
		if err != nil {
			errs = append(errs, fmt.Errorf("sim: %s: %w", t.Def.Name, err))
			continue
		}
		d.tags = append(d.tags, st)
		d.index[st.def.Name] = st
		d.names = append(d.names, st.def.Name)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Strings(d.names)
	return d, nil
}

func (d *Driver) newTag(t Tag) (*simTag, error) {
	if err := tags.ValidName(t.Def.Name); err != nil {
		return nil, err
	}
	if _, dup := d.index[t.Def.Name]; dup {
		return nil, errors.New("defined twice")
	}
	sig := t.Signal.withDefaults()
	if err := sig.check(t.Def.Type); err != nil {
		return nil, err
	}
	st := &simTag{def: t.Def, sig: sig, seed: nameSeed(d.opts.Seed, t.Def.Name)}
	st.walkV = st.walkStart()
	if sig.Kind != Memory {
		return st, nil
	}
	st.mem = t.Def.Type.Zero()
	if sig.Initial != nil {
		v, err := t.Def.Type.Convert(sig.Initial)
		if err != nil {
			return nil, fmt.Errorf("initial value: %w", err)
		}
		st.mem = v
	}
	return st, nil
}

// Sample returns the value of every tag at elapsed time since start, Good,
// in the order the tags were given to New. Signals depend only on the seed,
// the tag and elapsed; memory tags give their stored value.
func (d *Driver) Sample(elapsed time.Duration) []tags.Update {
	return d.appendSample(make([]tags.Update, 0, len(d.tags)), elapsed)
}

func (d *Driver) appendSample(buf []tags.Update, elapsed time.Duration) []tags.Update {
	d.mu.Lock()
	defer d.mu.Unlock()
	at := d.start.Add(elapsed)
	for _, t := range d.tags {
		buf = append(buf, tags.Update{Name: t.def.Name, Value: tags.Value{V: t.value(elapsed - t.origin), Time: at}})
	}
	return buf
}

// Run publishes Sample(0) at once, then Sample(now−start) every Tick of
// the clock, where start is when Run began, until ctx is done. It returns
// nil then. The ticks keep to start + k·Tick; one that comes late samples
// the time it came, and ticks missed meanwhile are dropped. While it runs,
// writes to memory tags are published immediately.
func (d *Driver) Run(ctx context.Context, pub tags.Publisher) error {
	d.mu.Lock()
	d.start, d.pub = d.clk.Now(), pub
	start := d.start
	for _, t := range d.tags {
		t.origin = 0
	}
	n := len(d.tags)
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		if d.pub == pub {
			d.pub = nil
		}
		d.mu.Unlock()
	}()
	d.opts.Logger.Debug("sim: running", "tags", n, "tick", d.opts.Tick)
	buf := d.appendSample(nil, 0)
	pub.Publish(buf...)
	ticker := clock.NewTicker(d.clk, d.opts.Tick)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-ticker.C():
			buf = d.appendSample(buf[:0], d.clk.Now().Sub(start))
			pub.Publish(buf...)
			ticker.Rearm()
		}
	}
}

// Write stores v in a memory tag and, while Run runs, publishes it at
// once. Other kinds refuse: "sim: Tank1.Level is a sine signal and cannot
// be written".
func (d *Driver) Write(ctx context.Context, name string, v any) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sim: %w", err)
	}
	d.mu.Lock()
	cv, err := d.store(name, v)
	pub := d.pub
	d.mu.Unlock()
	if err != nil {
		return err
	}
	if pub != nil {
		pub.Publish(tags.Update{Name: name, Value: tags.Value{V: cv, Time: d.clk.Now()}})
	}
	return nil
}

// store converts v and stores it in a memory tag. The caller holds d.mu.
func (d *Driver) store(name string, v any) (any, error) {
	t, err := d.lookup(name)
	if err != nil {
		return nil, err
	}
	if t.sig.Kind != Memory {
		return nil, fmt.Errorf("sim: %s is a %s signal and cannot be written", name, t.sig.Kind)
	}
	cv, err := t.def.Type.Convert(v)
	if err != nil {
		return nil, fmt.Errorf("sim: %s: %w", name, err)
	}
	t.mem, t.written = cv, true
	return cv, nil
}

// Read returns the current values of the named tags.
func (d *Driver) Read(ctx context.Context, names []string) ([]tags.Value, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sim: %w", err)
	}
	now := d.clk.Now()
	d.mu.Lock()
	defer d.mu.Unlock()
	elapsed := now.Sub(d.start)
	out := make([]tags.Value, len(names))
	for i, name := range names {
		t, err := d.lookup(name)
		if err != nil {
			return nil, err
		}
		out[i] = tags.Value{V: t.value(elapsed - t.origin), Time: now}
	}
	return out, nil
}

// lookup finds a tag. The caller holds d.mu, or d is not shared yet.
func (d *Driver) lookup(name string) (*simTag, error) {
	if t, ok := d.index[name]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("sim: unknown tag %q%s", name, suggest.DidYouMean(name, d.names))
}
