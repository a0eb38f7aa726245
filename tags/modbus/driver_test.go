package modbus_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
	modbuspeer "github.com/gohmi/gohmi/testpeers/modbus"
)

// tag returns a modbus.Tag on connection "plc".
func tag(name string, typ tags.Type, addr string) modbus.Tag {
	a, err := modbus.ParseAddress(addr)
	writable := err == nil && (a.Area == modbus.Coil || a.Area == modbus.HoldingRegister)
	return modbus.Tag{Def: tags.Def{Name: name, Conn: "plc", Type: typ, Address: addr, Writable: writable}}
}

// running is a driver running against a DB.
type running struct {
	d    *modbus.Driver
	db   *tags.DB
	log  *scanLog
	stop func()
}

// scanLog records every value the driver publishes, scan by scan,
// before passing it on: fault tests count scans, not milliseconds.
type scanLog struct {
	next tags.Publisher
	mu   sync.Mutex // guards seen
	seen map[string][]tags.Value
}

func (l *scanLog) Publish(ups ...tags.Update) {
	l.mu.Lock()
	for _, u := range ups {
		l.seen[u.Name] = append(l.seen[u.Name], u.Value)
	}
	l.mu.Unlock()
	l.next.Publish(ups...)
}

// scans counts the values of name published so far.
func (l *scanLog) scans(name string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.seen[name])
}

// scansUntilBad counts the values of name stamped at or after since (the
// moment a fault began), up to and including the first Bad one; 0 when
// none is Bad. Timestamps, not the order of the test's calls, say which
// scans came after the fault: a scan may publish while the test is still
// killing the device.
func (l *scanLog) scansUntilBad(name string, since time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, v := range l.seen[name] {
		if v.Time.Before(since) {
			continue
		}
		n++
		if v.Quality == tags.Bad {
			return n
		}
	}
	return 0
}

// run creates a driver for ts, defines them in a new DB and runs the
// driver until the test ends.
func run(t *testing.T, cfg modbus.Config, ts ...modbus.Tag) *running {
	t.Helper()
	return runOpts(t, cfg, modbus.Options{}, ts...)
}

// runOpts is run with a logger and a clock.
func runOpts(t *testing.T, cfg modbus.Config, opts modbus.Options, ts ...modbus.Tag) *running {
	t.Helper()
	d, err := modbus.New(cfg, ts, opts)
	if err != nil {
		t.Fatal(err)
	}
	db := tags.NewDB(tags.Options{})
	for _, tg := range ts {
		if err := db.Define(tg.Def); err != nil {
			t.Fatal(err)
		}
	}
	db.Attach("plc", d)
	log := &scanLog{next: db, seen: map[string][]tags.Value{}}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := d.Run(ctx, log); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	r := &running{d: d, db: db, log: log, stop: sync.OnceFunc(func() { cancel(); wg.Wait() })}
	t.Cleanup(r.stop)
	return r
}

// waitFor waits until cond holds for the value of name, and returns it.
func (r *running) waitFor(t *testing.T, name string, within time.Duration, cond func(tags.Value) bool) tags.Value {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		v, _ := r.db.Get(name)
		if cond(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %v after %v", name, v, within)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func good(v tags.Value) bool { return v.Quality == tags.Good }
func bad(v tags.Value) bool  { return v.Quality == tags.Bad && v.Reason != "waiting for initial data" }

func tcpConfig(p *modbuspeer.Peer) modbus.Config {
	return modbus.Config{Name: "plc", Address: p.Addr, UnitID: 1, Timeout: 500 * time.Millisecond, Scan: 50 * time.Millisecond,
		Backoff: 20 * time.Millisecond, MaxBackoff: 200 * time.Millisecond}
}

// allTypes are tags over the peer's pre-filled registers and their values.
var allTypes = []struct {
	tag  modbus.Tag
	want any
}{
	{tag("Int16", tags.Int, "hr:1000"), int64(-1234)},
	{tag("Uint16", tags.Int, "hr:1001:uint16"), int64(54321)},
	{tag("Int32", tags.Int, "hr:1002:int32"), int64(-123456789)},
	{tag("Uint32", tags.Int, "hr:1004:uint32"), int64(3000000000)},
	{tag("Float32", tags.Float, "hr:1006:float32"), 3.25},
	{tag("Float64", tags.Float, "hr:1008:float64"), -2.718281828459045},
	{tag("CDAB", tags.Float, "hr:1012:float32:cdab"), 3.25},
	{tag("BADC", tags.Float, "hr:1014:float32:badc"), 3.25},
	{tag("DCBA", tags.Float, "hr:1016:float32:dcba"), 3.25},
	{tag("Str", tags.String, "hr:1018:string:6"), "HELLO gohmi"},
	{tag("Bit0", tags.Bool, "hr:1024.0"), true},
	{tag("Bit1", tags.Bool, "hr:1024.1"), false},
	{tag("Bit15", tags.Bool, "hr:1024.15"), true},
	{tag("Modicon", tags.Int, "40011"), int64(10)},
	{tag("Input", tags.Int, "ir:5"), int64(10)},
	{tag("InputModicon", tags.Int, "30008"), int64(14)},
	{tag("Coil3", tags.Bool, "coil:3"), true},
	{tag("Coil4", tags.Bool, "coil:4"), false},
	{tag("Coil1", tags.Bool, "1"), true},
	{tag("DI7", tags.Bool, "di:7"), false},
	{tag("DI8", tags.Bool, "10009"), true},
	{modbus.Tag{Def: tags.Def{Name: "Scaled", Type: tags.Float, Address: "hr:500", Scale: &tags.Scale{RawMax: 1000, EngMax: 100}}}, 50.0},
}

func TestReadAllTypes(t *testing.T) {
	p := modbuspeer.Start(t)
	var ts []modbus.Tag
	for _, c := range allTypes {
		ts = append(ts, c.tag)
	}
	r := run(t, tcpConfig(p), ts...)
	for _, c := range allTypes {
		v := r.waitFor(t, c.tag.Def.Name, 5*time.Second, good)
		if v.V != c.want {
			t.Errorf("%s (%s) = %v (%T), want %v", c.tag.Def.Name, c.tag.Def.Address, v.V, v.V, c.want)
		}
	}
	// The same through Reader, one call.
	names := make([]string, len(ts))
	for i, tg := range ts {
		names[i] = tg.Def.Name
	}
	vals, err := r.d.Read(context.Background(), names)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range allTypes {
		if vals[i].V != c.want || vals[i].Quality != tags.Good {
			t.Errorf("Read %s = %v, want %v", names[i], vals[i], c.want)
		}
	}
	// Holding registers, input registers, coils, discrete inputs: 4 areas,
	// each in one request (hr:10 and hr:500 are far apart: 3 for hr).
	if g := r.d.Stats().Groups[0]; g.Requests != 6 {
		t.Errorf("planned %d requests per cycle, want 6", g.Requests)
	}
}

func TestReadWithoutRun(t *testing.T) {
	p := modbuspeer.Start(t)
	d, err := modbus.New(tcpConfig(p), []modbus.Tag{tag("A", tags.Int, "hr:7"), tag("B", tags.Float, "hr:1006:float32")}, modbus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	vals, err := d.Read(context.Background(), []string{"B", "A"})
	if err != nil || vals[0].V != 3.25 || vals[1].V != int64(7) {
		t.Fatalf("Read = %v, %v", vals, err)
	}
	if _, err := d.Read(context.Background(), []string{"Aa"}); err == nil || err.Error() != `modbus plc: unknown tag "Aa", did you mean "A"?` {
		t.Errorf("Read(Aa) error %v", err)
	}
}

func TestWriteReadBack(t *testing.T) {
	p := modbuspeer.Start(t)
	pct := &tags.Scale{RawMin: 0, RawMax: 27648, EngMin: 0, EngMax: 100}
	scaled := tag("Scaled", tags.Float, "hr:2050")
	scaled.Def.Scale = pct
	cases := []struct {
		tag modbus.Tag
		v   any
	}{
		{tag("Coil", tags.Bool, "coil:10"), true},
		{tag("CoilOff", tags.Bool, "coil:9"), false},
		{tag("Int16", tags.Int, "hr:2000"), int64(-5)},
		{tag("Uint16", tags.Int, "hr:2001:uint16"), int64(65535)},
		{tag("Float32", tags.Float, "hr:2002:float32"), 1.5},
		{tag("Float64", tags.Float, "hr:2004:float64:dcba"), math.Pi},
		{tag("Int32", tags.Int, "hr:2008:int32:cdab"), int64(-70000)},
		{tag("Str", tags.String, "hr:2010:string:4"), "abc"},
		{tag("Bit3", tags.Bool, "hr:2020.3"), true},
		{tag("Bit4", tags.Bool, "hr:2020.4"), true},
		{scaled, 50.0},
	}
	var ts []modbus.Tag
	for _, c := range cases {
		ts = append(ts, c.tag)
	}
	r := run(t, tcpConfig(p), ts...)
	ctx := context.Background()
	for _, c := range cases {
		if err := r.db.Write(ctx, c.tag.Def.Name, c.v); err != nil {
			t.Errorf("write %s: %v", c.tag.Def.Name, err)
		}
	}
	if err := r.db.Write(ctx, "Bit4", false); err != nil {
		t.Error(err)
	}
	cases[9].v = false
	for _, c := range cases {
		r.waitFor(t, c.tag.Def.Name, 5*time.Second, func(v tags.Value) bool { return good(v) && v.V == c.v })
	}
	// The read-modify-write kept bit 3.
	if v, _ := r.d.Read(ctx, []string{"Bit3"}); v[0].V != true {
		t.Errorf("Bit3 after clearing bit 4: %v", v[0])
	}
}

func TestWriteRefusedBeforeSending(t *testing.T) {
	p := modbuspeer.Start(t)
	ro := tag("RO", tags.Int, "hr:1")
	ro.Def.Writable = false
	d, err := modbus.New(tcpConfig(p), []modbus.Tag{tag("I16", tags.Int, "hr:2000"), tag("F", tags.Float, "hr:2001"), tag("S", tags.String, "hr:2002:string:1"), ro}, modbus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		v    any
		want string
	}{
		{"I16", int64(40000), "modbus plc: write hr:2000: 40000 is out of range for int16 (-32768…32767)"},
		{"F", 2.5, "modbus plc: write hr:2001: 2.5 is not a whole number, as int16 needs"},
		{"S", "abc", `modbus plc: write hr:2002:string:1: "abc" is 3 bytes long; hr:2002:string:1 holds at most 2`},
		{"RO", int64(1), "modbus plc: write hr:1: tag RO is read-only"},
		{"Nope", int64(1), `modbus plc: unknown tag "Nope"`},
	} {
		if err := d.Write(ctx, tt.name, tt.v); err == nil || err.Error() != tt.want {
			t.Errorf("Write(%s, %v) error\n got: %v\nwant: %s", tt.name, tt.v, err, tt.want)
		}
	}
	if s := d.Stats(); s.Requests != 0 || s.Connects != 0 {
		t.Errorf("refused writes sent something: %+v", s)
	}
}

func TestException(t *testing.T) {
	p := modbuspeer.Start(t, "-e", "120:10:2")
	r := run(t, tcpConfig(p), tag("Refused", tags.Int, "hr:120"), tag("Fine", tags.Int, "hr:300"), tag("Near", tags.Int, "hr:112"))
	v := r.waitFor(t, "Refused", 5*time.Second, bad)
	if want := "exception 2 (illegal data address) reading hr:112+9"; v.Reason != want {
		t.Errorf("Refused: reason %q, want %q", v.Reason, want)
	}
	r.waitFor(t, "Fine", 5*time.Second, good)
	err := r.db.Write(context.Background(), "Refused", 1)
	var ex *modbus.Exception
	if !errors.As(err, &ex) || ex.Code != 2 || err.Error() != "write Refused: modbus plc: write hr:120: exception 2 (illegal data address)" {
		t.Errorf("write: %v", err)
	}
	if s := r.d.Stats(); s.Connects != 1 {
		t.Errorf("an exception dropped the connection: %+v", s)
	}
}

func TestShortResponse(t *testing.T) {
	p := modbuspeer.Start(t, "-s", "300:1")
	r := run(t, tcpConfig(p), tag("A", tags.Int, "hr:300"), tag("B", tags.Int, "hr:301"), tag("C", tags.Float, "hr:1006:float32"))
	for _, name := range []string{"A", "B"} {
		v := r.waitFor(t, name, 5*time.Second, bad)
		if want := "protocol error: short response (2 of 4 bytes) reading hr:300+2"; v.Reason != want {
			t.Errorf("%s: reason %q, want %q", name, v.Reason, want)
		}
	}
	r.waitFor(t, "C", 5*time.Second, good)
	if s := r.d.Stats(); s.Connects != 1 {
		t.Errorf("a short response dropped the connection: %+v", s)
	}
}

func TestRTU(t *testing.T) {
	a, b := modbuspeer.PtyPair(t)
	modbuspeer.StartRTU(t, a)
	cfg := modbus.Config{Name: "rtu", Device: b, Baud: 19200, Parity: "E", StopBits: 1, UnitID: 1, Timeout: time.Second, Scan: 100 * time.Millisecond}
	r := run(t, cfg, tag("F", tags.Float, "hr:1006:float32"), tag("W", tags.Int, "hr:2100"), tag("C", tags.Bool, "coil:20"), tag("S", tags.String, "hr:1018:string:6"))
	if v := r.waitFor(t, "F", 5*time.Second, good); v.V != 3.25 {
		t.Errorf("F = %v", v)
	}
	if v := r.waitFor(t, "S", 5*time.Second, good); v.V != "HELLO gohmi" {
		t.Errorf("S = %v", v)
	}
	ctx := context.Background()
	for name, v := range map[string]any{"W": int64(-321), "C": false} {
		if err := r.db.Write(ctx, name, v); err != nil {
			t.Fatalf("write %s over RTU: %v", name, err)
		}
		r.waitFor(t, name, 5*time.Second, func(got tags.Value) bool { return got.V == v && good(got) })
	}
}

func TestNewErrors(t *testing.T) {
	scaledBit := tag("SB", tags.Float, "coil:1")
	scaledBit.Def.Scale = &tags.Scale{RawMax: 1, EngMax: 2}
	_, err := modbus.New(modbus.Config{Name: "plc1", Address: "x:502"}, []modbus.Tag{
		tag("Tank1.Level", tags.Float, "hr:x"),
		tag("Tank1.Name", tags.Float, "hr:1:string:4"),
		tag("Input", tags.Float, "ir:1"),
		tag("Tank1.Level", tags.Float, "hr:2"),
		{Def: tags.Def{Name: "In", Type: tags.Int, Address: "ir:1", Writable: true}},
		scaledBit,
		tag("1x", tags.Int, "hr:1"),
	}, modbus.Options{})
	want := strings.Join([]string{
		`modbus plc1: tag Tank1.Level: address "hr:x": offset "x" is not a number 0…65535`,
		`modbus plc1: tag Tank1.Name: type float does not suit address hr:1:string:4 (string tags need a string address and vice versa)`,
		`modbus plc1: tag In: ir:1 is read-only (a input register) and cannot be writable`,
		`modbus plc1: tag SB: scale applies to numbers, not to bool address coil:1`,
		`modbus plc1: tag 1x: invalid tag name "1x": segment "1x" starts with a digit`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("New error\n got: %v\nwant: %s", err, want)
	}
	for _, tt := range []struct {
		cfg  modbus.Config
		want string
	}{
		{modbus.Config{Name: "c"}, "modbus c: connection needs an address (TCP host:port) or a device (RTU serial port)"},
		{modbus.Config{Name: "c", Address: "a:1", Device: "/dev/ttyS0"}, "modbus c: connection has both an address (TCP) and a device (RTU); give one"},
		{modbus.Config{Name: "c", Device: "/dev/ttyS0", Parity: "X"}, `modbus c: connection parity "X": want N, E or O`},
	} {
		if _, err := modbus.New(tt.cfg, nil, modbus.Options{}); err == nil || err.Error() != tt.want {
			t.Errorf("New(%+v) error %v, want %s", tt.cfg, err, tt.want)
		}
	}
}
