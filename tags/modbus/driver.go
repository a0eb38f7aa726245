package modbus

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/outage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/tags"
)

var (
	_ tags.Driver = (*Driver)(nil)
	_ tags.Reader = (*Driver)(nil)
)

// Config configures one connection: Modbus TCP when Address is set,
// Modbus RTU on the serial Device otherwise.
type Config struct {
	Name    string // connection name, for messages and logs
	Address string // TCP host:port; empty means RTU
	Device  string // RTU serial device

	Baud     int    // RTU; default 19200
	Parity   string // RTU: "N", "E" or "O"; default "E"
	StopBits int    // RTU: 1 or 2; default 1
	DataBits int    // RTU: 7 or 8; default 8

	UnitID  byte
	Timeout time.Duration // per request; default 1s
	Scan    time.Duration // default scan period; default 1s
	// MaxGap is how many unused registers (or bits) a read may span to
	// merge two neighbouring reads into one; 0 means the default 10, a
	// negative value merges only adjacent addresses (for devices that
	// refuse reads over unmapped registers).
	MaxGap int
	// Backoff is the first reconnect delay after a failed connect; it
	// doubles up to MaxBackoff. Defaults 500ms and 10s.
	Backoff    time.Duration
	MaxBackoff time.Duration
}

// Tag is a tag read and written through the connection. Def.Address is
// its Modbus address; Scan is its scan period (0: Config.Scan). Tags with
// the same period form a scan group, read together.
type Tag struct {
	Def  tags.Def
	Scan time.Duration
}

// Options are the dependencies of a [Driver]. The zero Options are valid.
type Options struct {
	Logger *slog.Logger // default: discards
	// Clock stamps values and times scans and reconnect backoff; default
	// the wall clock. Tests step one.
	Clock clock.Clock
}

// Stats are counters of a [Driver] since New.
type Stats struct {
	Dials    uint64 // connect attempts
	Connects uint64 // successful connects (the first one and reconnects)
	Requests uint64 // transactions sent (a read-modify-write counts once)
	Errors   uint64 // transactions that failed: exceptions, short answers, timeouts, resets
	Groups   []GroupStats
}

// GroupStats describe one scan group.
type GroupStats struct {
	Period   time.Duration
	Tags     int
	Requests int    // read requests per cycle, as planned by New
	Cycles   uint64 // cycles run
	Overruns uint64 // cycles that started a period or more late
}

// Driver reads and writes the tags of one Modbus connection. It is safe
// for concurrent use; Run may run once at a time.
type Driver struct {
	cfg    Config
	log    *slog.Logger
	clk    clock.Clock
	now    func() time.Time // clk.Now
	items  []*item
	index  map[string]*item
	names  []string // sorted, for did-you-mean
	groups []*group
	conn   *conn
	kick   chan struct{} // capacity 1: a write asks for an early scan
	runs   atomic.Int32  // Run calls in progress
	outage outage.Log    // owned by the scan loop: logs lost, still down, back

	mu sync.Mutex // guards the Cycles and Overruns of every group
}

// item is one tag.
type item struct {
	def   tags.Def
	addr  Address
	group *group
	// Owned by the scan loop:
	last   any // last good value, kept (with Bad quality) while failing
	q      tags.Quality
	reason string
	seen   bool // published at least once
}

// group is the tags of one scan period and their read plan.
type group struct {
	period   time.Duration
	items    []*item
	reqs     []Request // Items index items
	due      atomic.Bool
	next     time.Time
	cycles   uint64
	overruns uint64
}

// New checks the configuration and the tags and plans the read requests
// of every scan group. Errors name the connection and the tag, as in
// `modbus plc1: tag Tank1.Level: address "hr:x": offset "x" is not a
// number 0…65535`, and list every problem.
func New(cfg Config, ts []Tag, opts Options) (*Driver, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	clk := clock.Or(opts.Clock)
	d := &Driver{cfg: cfg, log: opts.Logger, clk: clk, now: clk.Now, index: make(map[string]*item, len(ts)),
		conn: newConn(cfg, clk.Now), kick: make(chan struct{}, 1)}
	var errs []error
	for _, t := range ts {
		if err := d.add(t); err != nil {
			errs = append(errs, fmt.Errorf("modbus %s: tag %s: %w", cfg.Name, t.Def.Name, err))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Strings(d.names)
	for _, g := range d.groups {
		g.reqs = Plan(addrsOf(g.items), cfg.MaxGap)
	}
	return d, nil
}

func (cfg Config) withDefaults() (Config, error) {
	def := func(p *time.Duration, v time.Duration) {
		if *p <= 0 {
			*p = v
		}
	}
	def(&cfg.Timeout, time.Second)
	def(&cfg.Scan, time.Second)
	def(&cfg.Backoff, 500*time.Millisecond)
	def(&cfg.MaxBackoff, 10*time.Second)
	cfg.MaxBackoff = max(cfg.MaxBackoff, cfg.Backoff)
	if cfg.MaxGap == 0 {
		cfg.MaxGap = 10
	}
	if cfg.Baud == 0 {
		cfg.Baud = 19200
	}
	if cfg.Parity == "" {
		cfg.Parity = "E"
	}
	if cfg.StopBits == 0 {
		cfg.StopBits = 1
	}
	if cfg.DataBits == 0 {
		cfg.DataBits = 8
	}
	return cfg, cfg.check()
}

func (cfg Config) check() error {
	var problem string
	switch {
	case cfg.Address == "" && cfg.Device == "":
		problem = "needs an address (TCP host:port) or a device (RTU serial port)"
	case cfg.Address != "" && cfg.Device != "":
		problem = "has both an address (TCP) and a device (RTU); give one"
	case cfg.Parity != "N" && cfg.Parity != "E" && cfg.Parity != "O":
		problem = fmt.Sprintf("parity %q: want N, E or O", cfg.Parity)
	case cfg.StopBits != 1 && cfg.StopBits != 2:
		problem = fmt.Sprintf("stop bits %d: want 1 or 2", cfg.StopBits)
	case cfg.DataBits != 7 && cfg.DataBits != 8:
		problem = fmt.Sprintf("data bits %d: want 7 or 8", cfg.DataBits)
	case cfg.Baud < 0:
		problem = fmt.Sprintf("baud %d is negative", cfg.Baud)
	default:
		return nil
	}
	return fmt.Errorf("modbus %s: connection %s", cfg.Name, problem)
}

// add checks one tag and adds it to its scan group.
func (d *Driver) add(t Tag) error {
	if err := tags.ValidName(t.Def.Name); err != nil {
		return err
	}
	if _, dup := d.index[t.Def.Name]; dup {
		return errors.New("defined twice")
	}
	a, err := ParseAddress(t.Def.Address)
	if err != nil {
		return err
	}
	if err := checkTag(t.Def, a); err != nil {
		return err
	}
	if t.Scan < 0 {
		return fmt.Errorf("scan period %v is negative", t.Scan)
	}
	it := &item{def: t.Def, addr: a, q: tags.Bad}
	it.group = d.group(cmpOr(t.Scan, d.cfg.Scan))
	it.group.items = append(it.group.items, it)
	d.items = append(d.items, it)
	d.index[t.Def.Name] = it
	d.names = append(d.names, t.Def.Name)
	return nil
}

// checkTag checks that a tag's type and scale suit its address.
func checkTag(def tags.Def, a Address) error {
	switch {
	case (a.Format == String) != (def.Type == tags.String):
		return fmt.Errorf("type %s does not suit address %s (string tags need a string address and vice versa)", def.Type, a)
	case def.Scale != nil && (a.Format == Bool || a.Format == String):
		return fmt.Errorf("scale applies to numbers, not to %s address %s", a.Format, a)
	case def.Writable && (a.Area == DiscreteInput || a.Area == InputRegister):
		return fmt.Errorf("%s is read-only (a %s) and cannot be writable", a, areaLong[a.Area])
	}
	return nil
}

var areaLong = [...]string{"coil", "discrete input", "input register", "holding register"}

// group returns the scan group of period p, creating it.
func (d *Driver) group(p time.Duration) *group {
	for _, g := range d.groups {
		if g.period == p {
			return g
		}
	}
	g := &group{period: p}
	d.groups = append(d.groups, g)
	slices.SortFunc(d.groups, func(a, b *group) int { return cmp.Compare(a.period, b.period) })
	return g
}

func cmpOr(a, b time.Duration) time.Duration {
	if a > 0 {
		return a
	}
	return b
}

func addrsOf(items []*item) []Address {
	as := make([]Address, len(items))
	for i, it := range items {
		as[i] = it.addr
	}
	return as
}

// Stats returns the driver's counters.
func (d *Driver) Stats() Stats {
	var s Stats
	d.conn.stats(&s)
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, g := range d.groups {
		s.Groups = append(s.Groups, GroupStats{Period: g.period, Tags: len(g.items), Requests: len(g.reqs),
			Cycles: g.cycles, Overruns: g.overruns})
	}
	return s
}

func (d *Driver) lookup(name string) (*item, error) {
	if it, ok := d.index[name]; ok {
		return it, nil
	}
	return nil, fmt.Errorf("modbus %s: unknown tag %q%s", d.cfg.Name, name, suggest.DidYouMean(name, d.names))
}
