package sim_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/sim"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var t0 = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func def(name string, typ tags.Type) tags.Def {
	return tags.Def{Name: name, Conn: "sim", Type: typ, Writable: true}
}

func newDriver(t *testing.T, seed int64, ts ...sim.Tag) *sim.Driver {
	t.Helper()
	d, err := sim.New(sim.Options{Seed: seed, Clock: clocktest.New(t0)}, ts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// at returns the value of the only tag of a driver at elapsed.
func at(d *sim.Driver, elapsed time.Duration) any { return d.Sample(elapsed)[0].Value.V }

func TestParseKind(t *testing.T) {
	for k := sim.Memory; k <= sim.Counter; k++ {
		if got, err := sim.ParseKind(strings.ToUpper(k.String())); got != k || err != nil {
			t.Errorf("ParseKind(%q) = %v, %v", k, got, err)
		}
	}
	if _, err := sim.ParseKind("sinus"); err == nil || err.Error() != `unknown signal kind "sinus", did you mean "sine"?` {
		t.Errorf("ParseKind(sinus) error = %v", err)
	}
	if s := sim.Kind(9).String(); s != "Kind(9)" {
		t.Errorf("Kind(9).String() = %q", s)
	}
}

func TestSignals(t *testing.T) {
	s := time.Second
	sine := sim.Signal{Kind: sim.Sine, Period: 4 * s}
	for _, tt := range []struct {
		name string
		typ  tags.Type
		sig  sim.Signal
		at   []time.Duration
		want []any
	}{
		{"sine", tags.Float, sine, []time.Duration{0, s, 2 * s, 3 * s, 4 * s}, []any{50.0, 100.0, 50.0, 0.0, 50.0}},
		{"sine phase", tags.Float, sim.Signal{Kind: sim.Sine, Period: 4 * s, Phase: 0.25}, []time.Duration{0, s}, []any{100.0, 50.0}},
		{"sine range", tags.Float, sim.Signal{Kind: sim.Sine, Period: 4 * s, Min: -10, Max: 10}, []time.Duration{s, 3 * s}, []any{10.0, -10.0}},
		{"sine int rounds", tags.Int, sine, []time.Duration{s / 2, s}, []any{int64(85), int64(100)}},
		{"sine bool", tags.Bool, sine, []time.Duration{0, s, 2 * s, 3 * s}, []any{true, true, false, false}},
		{"ramp", tags.Float, sim.Signal{Kind: sim.Ramp, Period: 4 * s}, []time.Duration{0, s, 3 * s, 4 * s, 6 * s}, []any{0.0, 25.0, 75.0, 0.0, 50.0}},
		{"square", tags.Float, sim.Signal{Kind: sim.Square, Period: 2 * s, Min: 1, Max: 5}, []time.Duration{0, s / 2, s, 2 * s}, []any{5.0, 5.0, 1.0, 5.0}},
		{"square bool", tags.Bool, sim.Signal{Kind: sim.Square, Period: 2 * s}, []time.Duration{0, s, 2 * s}, []any{true, false, true}},
		{"counter", tags.Int, sim.Signal{Kind: sim.Counter, Max: 3}, []time.Duration{0, s, 3 * s, 4 * s, 5*s + s/2}, []any{int64(0), int64(1), int64(3), int64(0), int64(1)}},
		{"counter step", tags.Float, sim.Signal{Kind: sim.Counter, Period: 10 * time.Millisecond, Min: 1, Max: 2, Step: 0.5}, []time.Duration{0, 10e6, 20e6, 30e6}, []any{1.0, 1.5, 2.0, 1.0}},
		{"counter bool", tags.Bool, sim.Signal{Kind: sim.Counter}, []time.Duration{0, s, 2 * s}, []any{false, true, false}},
		{"memory zero", tags.Int, sim.Signal{}, []time.Duration{0, s}, []any{int64(0), int64(0)}},
		{"memory initial", tags.Float, sim.Signal{Initial: "12.5"}, []time.Duration{0}, []any{12.5}},
		{"memory string", tags.String, sim.Signal{Initial: "North"}, []time.Duration{0}, []any{"North"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := newDriver(t, 1, sim.Tag{Def: def("X.Y", tt.typ), Signal: tt.sig})
			for i, el := range tt.at {
				got := at(d, el)
				if f, ok := got.(float64); ok {
					if w, _ := tt.want[i].(float64); math.Abs(f-w) < 1e-9 {
						continue
					}
				}
				if got != tt.want[i] {
					t.Errorf("at %v = %#v, want %#v", el, got, tt.want[i])
				}
			}
		})
	}
}

func TestSampleIsGoodAndTimed(t *testing.T) {
	d := newDriver(t, 1, sim.Tag{Def: def("A", tags.Float), Signal: sim.Signal{Kind: sim.Sine}})
	u := d.Sample(3 * time.Second)[0]
	if u.Name != "A" || u.Value.Quality != tags.Good || !u.Value.Time.Equal(t0.Add(3*time.Second)) {
		t.Errorf("Sample = %+v", u)
	}
}

// walk returns n samples of a random tag, one per step.
func walk(t *testing.T, seed int64, name string, n int) []float64 {
	sig := sim.Signal{Kind: sim.Random, Period: time.Second, Min: 0, Max: 10, Step: 2}
	d := newDriver(t, seed, sim.Tag{Def: def(name, tags.Float), Signal: sig})
	out := make([]float64, n)
	for i := range out {
		out[i] = at(d, time.Duration(i)*time.Second+time.Second/2).(float64)
	}
	return out
}

func TestRandomWalk(t *testing.T) {
	a := walk(t, 7, "R.A", 500)
	for i, v := range a {
		if v < 0 || v > 10 {
			t.Fatalf("step %d: %v outside 0..10", i, v)
		}
		if i > 0 && math.Abs(v-a[i-1]) > 2+1e-9 {
			t.Fatalf("step %d: moved %v, more than the step 2", i, v-a[i-1])
		}
	}
	if a[0] != 5 {
		t.Errorf("walk starts at %v, want the middle 5", a[0])
	}
	if b := walk(t, 7, "R.A", 500); !equal(a, b) {
		t.Error("same seed gave a different series")
	}
	if b := walk(t, 8, "R.A", 500); equal(a, b) {
		t.Error("different seed gave the same series")
	}
	if b := walk(t, 7, "R.B", 500); equal(a, b) {
		t.Error("different tag gave the same series")
	}
	// Going back in time and sampling out of order gives the same values.
	d := newDriver(t, 7, sim.Tag{Def: def("R.A", tags.Float), Signal: sim.Signal{Kind: sim.Random, Max: 10, Step: 2}})
	for _, i := range []int{400, 3, 499, 0, 250} {
		if got := at(d, time.Duration(i)*time.Second); got != a[i] {
			t.Errorf("out-of-order step %d = %v, want %v", i, got, a[i])
		}
	}
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

func TestNewValidates(t *testing.T) {
	for _, tt := range []struct {
		name string
		tag  sim.Tag
		err  string
	}{
		{"bad name", sim.Tag{Def: def("A..B", tags.Float)}, `sim: A..B: invalid tag name "A..B": empty segment`},
		{"min max", sim.Tag{Def: def("T", tags.Float), Signal: sim.Signal{Kind: sim.Sine, Min: 5, Max: 5}}, "sim: T: min 5 must be below max 5"},
		{"period", sim.Tag{Def: def("T", tags.Float), Signal: sim.Signal{Kind: sim.Ramp, Period: -time.Second}}, "sim: T: period must be positive, not -1s"},
		{"phase", sim.Tag{Def: def("T", tags.Float), Signal: sim.Signal{Kind: sim.Sine, Phase: 1}}, "sim: T: phase 1 must be in 0..1 (a fraction of the period)"},
		{"step", sim.Tag{Def: def("T", tags.Float), Signal: sim.Signal{Kind: sim.Counter, Step: -1}}, "sim: T: step -1 must be positive"},
		{"NaN", sim.Tag{Def: def("T", tags.Float), Signal: sim.Signal{Kind: sim.Random, Max: math.NaN()}}, "sim: T: min, max, phase and step must be finite numbers"},
		{"string sine", sim.Tag{Def: def("T", tags.String), Signal: sim.Signal{Kind: sim.Sine}}, "sim: T: a string tag can only be a memory signal, not sine"},
		{"kind", sim.Tag{Def: def("T", tags.Float), Signal: sim.Signal{Kind: 42}}, "sim: T: invalid signal kind Kind(42)"},
		{"initial", sim.Tag{Def: def("T", tags.Int), Signal: sim.Signal{Initial: "x"}}, `sim: T: initial value: cannot convert "x" to int`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sim.New(sim.Options{}, []sim.Tag{tt.tag})
			if err == nil || err.Error() != tt.err {
				t.Fatalf("New error = %v, want %q", err, tt.err)
			}
		})
	}
	_, err := sim.New(sim.Options{}, []sim.Tag{{Def: def("D", tags.Float)}, {Def: def("D", tags.Float)}})
	if err == nil || err.Error() != "sim: D: defined twice" {
		t.Errorf("duplicate: %v", err)
	}
}

func TestWriteAndRead(t *testing.T) {
	clk := clocktest.New(t0)
	d, err := sim.New(sim.Options{Clock: clk}, []sim.Tag{
		{Def: def("Tank1.Setpoint", tags.Float), Signal: sim.Signal{Initial: 50}},
		{Def: def("Tank1.Level", tags.Float), Signal: sim.Signal{Kind: sim.Sine, Period: 4 * time.Second}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := d.Write(ctx, "Tank1.Setpoint", "75"); err != nil {
		t.Fatal(err)
	}
	clk.Step(time.Second)
	vals, err := d.Read(ctx, []string{"Tank1.Setpoint", "Tank1.Level"})
	if err != nil || len(vals) != 2 || vals[0].V != 75.0 || vals[1].V != 100.0 || vals[0].Time != t0.Add(time.Second) {
		t.Fatalf("Read = %v, %v", vals, err)
	}
	for _, tt := range []struct {
		name string
		v    any
		err  string
	}{
		{"Tank1.Level", 1.0, "sim: Tank1.Level is a sine signal and cannot be written"},
		{"Tank1.Setpont", 1.0, `sim: unknown tag "Tank1.Setpont", did you mean "Tank1.Setpoint"?`},
		{"Tank1.Setpoint", "high", `sim: Tank1.Setpoint: cannot convert "high" to float`},
	} {
		if err := d.Write(ctx, tt.name, tt.v); err == nil || err.Error() != tt.err {
			t.Errorf("Write(%s, %v) = %v, want %q", tt.name, tt.v, err, tt.err)
		}
	}
	if _, err := d.Read(ctx, []string{"Nope"}); err == nil {
		t.Error("Read of unknown tag succeeded")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := d.Write(cancelled, "Tank1.Setpoint", 1.0); err == nil {
		t.Error("Write with a cancelled context succeeded")
	}
}

// recorder is a Publisher that counts publishes.
type recorder struct {
	mu      sync.Mutex
	batches [][]tags.Update
	c       chan struct{}
}

func (r *recorder) Publish(ups ...tags.Update) {
	r.mu.Lock()
	r.batches = append(r.batches, append([]tags.Update(nil), ups...))
	r.mu.Unlock()
	select {
	case r.c <- struct{}{}:
	default:
	}
}

// TestRunTicksOnItsClock: Run publishes Sample(0) at once, then one
// sample per Tick of the injected clock and none in between, stamped with
// the clock's time and holding the values at the clock's elapsed time. A
// step past several ticks gives one sample, of the time it came, and the
// ticks keep to their grid.
func TestRunTicksOnItsClock(t *testing.T) {
	const tick = 100 * time.Millisecond
	ts := []sim.Tag{
		{Def: def("C", tags.Int), Signal: sim.Signal{Kind: sim.Counter, Period: tick, Max: 1000}},
		{Def: def("R", tags.Float), Signal: sim.Signal{Kind: sim.Ramp, Period: 10 * time.Second}},
		{Def: def("W", tags.Float), Signal: sim.Signal{Kind: sim.Random, Period: tick, Step: 3}},
	}
	clk := clocktest.New(t0)
	d, err := sim.New(sim.Options{Seed: 3, Tick: tick, Clock: clk}, ts)
	must(t, err)
	ref, err := sim.New(sim.Options{Seed: 3, Clock: clocktest.New(t0)}, ts) // never run: the reference values
	must(t, err)
	rec := &recorder{c: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx, rec) }()

	// armed waits until Run waits for the tick due at elapsed: it has
	// published everything due before.
	armed := func(elapsed time.Duration) {
		t.Helper()
		if !clk.WaitArmed(t0.Add(elapsed), time.After(10*time.Second)) {
			t.Fatalf("Run never waited for the tick at %v", elapsed)
		}
	}
	// check asserts the batches so far: one per element of want, each the
	// reference sample at that elapsed time.
	check := func(want ...time.Duration) {
		t.Helper()
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if len(rec.batches) != len(want) {
			t.Fatalf("%d batches after %v of clock, want %d", len(rec.batches), clk.Now().Sub(t0), len(want))
		}
		for i, el := range want {
			got, exp := rec.batches[i], ref.Sample(el)
			if fmt.Sprint(got) != fmt.Sprint(exp) {
				t.Fatalf("batch %d = %v, want the sample at %v: %v", i, got, el, exp)
			}
		}
	}

	armed(tick)
	check(0)
	clk.Step(tick - time.Nanosecond) // no tick before its time
	check(0)
	want := []time.Duration{0}
	for k := 1; k <= 20; k++ {
		clk.Step(t0.Add(time.Duration(k) * tick).Sub(clk.Now()))
		armed(time.Duration(k+1) * tick)
		want = append(want, time.Duration(k)*tick)
		check(want...)
	}
	if got := rec.batches[20][0].Value.V; got != int64(20) {
		t.Errorf("counter at 20 ticks = %v", got)
	}
	// Late: 3.5 ticks in one step give one sample, at 23.5 ticks, and the
	// next tick is the grid's 24th.
	clk.Step(3*tick + tick/2)
	armed(24 * tick)
	check(append(want, 23*tick+tick/2)...)

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run = %v", err)
	}
	if n := clk.Timers(); n != 0 {
		t.Errorf("%d timers left armed after Run returned", n)
	}
}

func TestWriteThroughDB(t *testing.T) {
	defs := []tags.Def{
		{Name: "Tank1.Setpoint", Conn: "sim", Type: tags.Float, Writable: true, Max: new(100.0)},
		{Name: "Tank1.Level", Conn: "sim", Type: tags.Float, Writable: true},
	}
	// The clock never moves: the simulator never ticks.
	d, err := sim.New(sim.Options{Clock: clocktest.New(t0)}, []sim.Tag{
		{Def: defs[0]},
		{Def: defs[1], Signal: sim.Signal{Kind: sim.Ramp}},
	})
	if err != nil {
		t.Fatal(err)
	}
	db := tags.NewDB(tags.Options{})
	if err := db.Define(defs...); err != nil {
		t.Fatal(err)
	}
	db.Attach("sim", d)
	sub := db.Subscribe([]string{"Tank1.Setpoint"})
	defer sub.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx, db) }()
	defer func() { cancel(); <-done }()

	waitFor(t, sub, func(v tags.Value) bool { return v.V == 0.0 && v.Quality == tags.Good })
	if err := db.Write(ctx, "Tank1.Setpoint", "42"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, sub, func(v tags.Value) bool { return v.V == 42.0 }) // published at once, not on a tick
	if err := db.Write(ctx, "Tank1.Setpoint", 120); err == nil || err.Error() != "write Tank1.Setpoint: 120 is above the maximum 100" {
		t.Errorf("write above max: %v", err)
	}
	err = db.Write(ctx, "Tank1.Level", 1)
	if err == nil || err.Error() != "write Tank1.Level: sim: Tank1.Level is a ramp signal and cannot be written" {
		t.Errorf("write to a ramp: %v", err)
	}
}

func waitFor(t *testing.T, sub *tags.Subscription, ok func(tags.Value) bool) {
	t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case <-sub.C():
			for _, u := range sub.Take(nil) {
				if ok(u.Value) {
					return
				}
			}
		case <-timeout:
			t.Fatal("timed out waiting for a value")
		}
	}
}

// BenchmarkSample samples 1,000 tags of mixed kinds at successive ticks.
//
//	go test ./tags/sim -run '^$' -bench . -benchmem
func BenchmarkSample(b *testing.B) {
	kinds := []sim.Kind{sim.Memory, sim.Sine, sim.Ramp, sim.Square, sim.Random, sim.Counter}
	ts := make([]sim.Tag, 1000)
	for i := range ts {
		ts[i] = sim.Tag{Def: tags.Def{Name: fmt.Sprintf("Area.Tag%d", i)}, Signal: sim.Signal{Kind: kinds[i%len(kinds)], Period: 10 * time.Second}}
	}
	d, err := sim.New(sim.Options{}, ts)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	tick := time.Duration(0)
	for b.Loop() {
		tick += 100 * time.Millisecond
		d.Sample(tick)
	}
	b.ReportMetric(float64(b.N*len(ts))/b.Elapsed().Seconds(), "tags/s")
}
