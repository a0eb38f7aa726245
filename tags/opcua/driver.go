package opcua

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gopcua/opcua"
	"github.com/gopcua/opcua/ua"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/outage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/tags"
)

var (
	_ tags.Driver = (*Driver)(nil)
	_ tags.Reader = (*Driver)(nil)
)

// Deadband is a monitored item's data change filter: the server reports a
// change only when the value moved by more than Value since the last report.
type Deadband struct {
	// Kind is "" (no deadband: every change), "absolute" (Value in the
	// node's units) or "percent" (Value in percent of the node's EURange;
	// the node must be an AnalogItem).
	Kind  string
	Value float64
}

// Tag is a tag read from an OPC UA node.
type Tag struct {
	// Def.Address is the node id, like "ns=2;s=Tank1.Level" or "ns=3;i=1001".
	Def tags.Def
	// Sampling is the monitored item's sampling interval. Default 100ms.
	Sampling time.Duration
	// QueueSize is the monitored item's queue size. Default 1 (the latest value).
	QueueSize uint32
	Deadband  Deadband
}

// Options configure a [Driver]. The zero Options are valid.
type Options struct {
	// Logger receives connects, disconnects and reconnect attempts.
	// Default: discards.
	Logger *slog.Logger
	// Clock stamps values the server sends without a timestamp, and Bad
	// values; it times the reconnect backoff and the watchdog that reads
	// the server's clock when no data came, and dates a generated client
	// certificate. Default: the wall clock. Tests step one. Network
	// deadlines (Config.Timeout on a request) stay on the wall clock: they
	// bound how long the server may take to answer.
	Clock clock.Clock
}

// Driver is a connection to one OPC UA server and the tags read from it.
// Run owns the connection; Write and Read use it while it is up. It is safe
// for concurrent use.
type Driver struct {
	s     *settings
	log   *slog.Logger
	clk   clock.Clock
	now   func() time.Time // clk.Now
	tags  []*tag           // the index of a tag is its monitored item's client handle
	index map[string]*tag
	names []string // sorted, for did-you-mean

	outage outage.Log // owned by Run's goroutine: logs lost, still down, back
	trust  *trustLog  // owned by Run's goroutine: the server certificate check's logging

	mu      sync.Mutex    // guards the fields below and tag.typ
	client  *opcua.Client // the session while it is up, else nil
	reason  string        // why client is nil
	running bool          // Run is running
}

// tag is a Tag with its parsed node id.
type tag struct {
	Tag
	node *ua.NodeID
	typ  ua.TypeID // the node's built-in type for writes, learned at connect; guarded by Driver.mu
}

// New returns a driver for the server cfg describes. It checks the config
// and every tag — a valid, unique name; a node id that parses; a known
// deadband kind with a non-negative value (at most 100 percent); a
// non-negative sampling interval — and reports every problem, each naming
// its tag. New does not connect; Run does.
func New(cfg Config, ts []Tag, opts Options) (*Driver, error) {
	s, err := cfg.check()
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	clk := clock.Or(opts.Clock)
	d := &Driver{s: s, log: opts.Logger, clk: clk, now: clk.Now, index: make(map[string]*tag, len(ts)), reason: "not connected yet",
		trust: newTrustLog(opts.Logger)}
	var errs []error
	for _, t := range ts {
		dt, err := d.newTag(t)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: tag %s: %w", s.prefix(), t.Def.Name, err))
			continue
		}
		d.tags = append(d.tags, dt)
		d.index[t.Def.Name] = dt
		d.names = append(d.names, t.Def.Name)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Strings(d.names)
	return d, nil
}

func (d *Driver) newTag(t Tag) (*tag, error) {
	if err := tags.ValidName(t.Def.Name); err != nil {
		return nil, err
	}
	if _, dup := d.index[t.Def.Name]; dup {
		return nil, errors.New("defined twice")
	}
	node, err := ParseNodeID(t.Def.Address)
	if err != nil {
		return nil, err
	}
	switch {
	case t.Sampling < 0:
		return nil, fmt.Errorf("sampling interval %s is negative", t.Sampling)
	case t.Sampling == 0:
		t.Sampling = DefaultSampling
	}
	if t.QueueSize == 0 {
		t.QueueSize = 1
	}
	if err := t.Deadband.check(); err != nil {
		return nil, err
	}
	return &tag{Tag: t, node: node}, nil
}

// ParseNodeID parses a node id in the OPC UA string form: "ns=2;s=Level",
// "i=2258", "ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a", "ns=1;b=M/RbKBsRVkePCePcx24oRA==".
func ParseNodeID(s string) (*ua.NodeID, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("no node id (address), want e.g. ns=2;s=Tank1.Level")
	}
	id, err := ua.ParseNodeID(s)
	if err != nil {
		return nil, fmt.Errorf("invalid node id %q: %v", s, err)
	}
	return id, nil
}

// check validates a deadband.
func (db Deadband) check() error {
	switch {
	case math.IsNaN(db.Value) || math.IsInf(db.Value, 0) || db.Value < 0:
		return fmt.Errorf("deadband %v must be a non-negative number", db.Value)
	case db.Kind == "" && db.Value != 0:
		return fmt.Errorf("deadband %v has no kind (absolute or percent)", db.Value)
	case db.Kind == "", db.Kind == "absolute":
		return nil
	case db.Kind == "percent" && db.Value > 100:
		return fmt.Errorf("percent deadband %v is above 100", db.Value)
	case db.Kind == "percent":
		return nil
	}
	return fmt.Errorf("unknown deadband kind %q (want absolute or percent)%s", db.Kind,
		suggest.DidYouMean(db.Kind, []string{"absolute", "percent"}))
}

// filter is the monitored item filter of a deadband; nil for none.
func (db Deadband) filter() *ua.ExtensionObject {
	var kind ua.DeadbandType
	switch db.Kind {
	case "absolute":
		kind = ua.DeadbandTypeAbsolute
	case "percent":
		kind = ua.DeadbandTypePercent
	default:
		return nil
	}
	return ua.NewExtensionObject(&ua.DataChangeFilter{
		Trigger:       ua.DataChangeTriggerStatusValue,
		DeadbandType:  uint32(kind),
		DeadbandValue: db.Value,
	})
}

// Run connects, subscribes and publishes data changes until ctx is done,
// then closes the session and returns nil. When the session fails, every
// tag turns Bad with the reason and Run reconnects after Config.Backoff of
// the clock, doubling the delay after each failed attempt up to
// Config.MaxBackoff; a session that came up starts the delay afresh.
// Only one Run may run at a time.
func (d *Driver) Run(ctx context.Context, pub tags.Publisher) error {
	d.mu.Lock()
	if d.running {
		d.mu.Unlock()
		return fmt.Errorf("%s: already running", d.s.prefix())
	}
	d.running = true
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		d.running = false
		d.mu.Unlock()
	}()
	d.outage = outage.Log{Logger: d.log, Msg: d.s.prefix()}
	delay := d.s.Backoff
	for {
		up, err := d.session(ctx, pub)
		if ctx.Err() != nil {
			return nil
		}
		if up {
			delay = d.s.Backoff
		}
		// The loss, reminders at a decreasing rate and the return are
		// warnings; each retry is a debug line.
		d.outage.Fail(d.now(), errors.New(failReason(err)))
		d.log.Debug(d.s.prefix()+": connection failed; retrying", "reason", failReason(err), "retry_in", delay)
		if !d.sleep(ctx, delay) {
			return nil
		}
		delay = min(2*delay, d.s.MaxBackoff)
	}
}

// failReason is the Bad reason of a failed session: a refused server
// certificate's own text ("BadCertificateUntrusted: …"), else "comm
// failure: " and the error.
func failReason(err error) string {
	var ce *CertError
	if errors.As(err, &ce) {
		return ce.Error()
	}
	return "comm failure: " + errText(err)
}

// sleep waits for delay on the driver's clock, or for ctx; it reports
// false when ctx is done.
func (d *Driver) sleep(ctx context.Context, delay time.Duration) bool {
	t := d.clk.NewTimer(delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C():
		return true
	}
}

// markBad publishes every tag Bad with reason.
func (d *Driver) markBad(pub tags.Publisher, reason string) {
	now := d.now()
	ups := make([]tags.Update, len(d.tags))
	for i, t := range d.tags {
		ups[i] = tags.Update{Name: t.Def.Name, Value: tags.Value{Quality: tags.Bad, Reason: reason, Time: now}}
	}
	pub.Publish(ups...)
}

// lookup finds a tag by name.
func (d *Driver) lookup(name string) (*tag, error) {
	if t, ok := d.index[name]; ok {
		return t, nil
	}
	return nil, fmt.Errorf("%s: unknown tag %q%s", d.s.prefix(), name, suggest.DidYouMean(name, d.names))
}

// current returns the connected client, or an error saying why there is none.
func (d *Driver) current() (*opcua.Client, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.client == nil {
		return nil, fmt.Errorf("%s: not connected (%s)", d.s.prefix(), d.reason)
	}
	return d.client, nil
}
