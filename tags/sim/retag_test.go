package sim_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/sim"
)

// plant is the tag list the Retag tests start from.
func plant() []sim.Tag {
	return []sim.Tag{
		{Def: def("SP", tags.Float), Signal: sim.Signal{Initial: 75}},
		{Def: def("Night", tags.Bool)},
		{Def: def("Hours", tags.Int), Signal: sim.Signal{Kind: sim.Counter, Max: 1000}},
		{Def: def("Walk", tags.Float), Signal: sim.Signal{Kind: sim.Random, Step: 5}},
		{Def: def("Untouched", tags.Float), Signal: sim.Signal{Initial: 1}},
	}
}

// TestRetagKeepsState: an operator wrote SP and Night, the counter counted
// to 7 and the walk moved; then the tag list is edited. Tags that stay keep
// their state; added, retyped and re-signalled ones start afresh at the
// moment of the edit; removed ones are gone.
func TestRetagKeepsState(t *testing.T) {
	add := func(ts []sim.Tag, more ...sim.Tag) []sim.Tag { return append(ts, more...) }
	without := func(ts []sim.Tag, name string) []sim.Tag {
		var out []sim.Tag
		for _, x := range ts {
			if x.Def.Name != name {
				out = append(out, x)
			}
		}
		return out
	}
	with := func(ts []sim.Tag, name string, f func(*sim.Tag)) []sim.Tag {
		for i := range ts {
			if ts[i].Def.Name == name {
				f(&ts[i])
			}
		}
		return ts
	}
	kept := map[string]any{"SP": 33.0, "Night": true, "Hours": int64(7), "Untouched": 1.0}
	for _, tt := range []struct {
		name string
		next []sim.Tag
		want map[string]any // after the edit, at the same instant; Walk is compared separately
		gone string
	}{
		{"add a tag", add(plant(), sim.Tag{Def: def("New", tags.Int), Signal: sim.Signal{Kind: sim.Counter, Min: 5, Max: 9}}),
			map[string]any{"SP": 33.0, "Night": true, "Hours": int64(7), "Untouched": 1.0, "New": int64(5)}, ""},
		{"remove a tag", without(plant(), "Untouched"), map[string]any{"SP": 33.0, "Night": true, "Hours": int64(7)}, "Untouched"},
		{"edit unit and writability", with(plant(), "SP", func(x *sim.Tag) { x.Def.Unit, x.Def.Writable = "%", false }), kept, ""},
		{"new initial value keeps a written value", with(plant(), "SP", func(x *sim.Tag) { x.Signal.Initial = 80 }), kept, ""},
		{"new initial value of an unwritten tag", with(plant(), "Untouched", func(x *sim.Tag) { x.Signal.Initial = 2 }),
			map[string]any{"SP": 33.0, "Night": true, "Hours": int64(7), "Untouched": 2.0}, ""},
		{"retype resets", with(plant(), "SP", func(x *sim.Tag) { x.Def.Type = tags.Int }),
			map[string]any{"SP": int64(75), "Night": true, "Hours": int64(7), "Untouched": 1.0}, ""},
		{"new signal restarts it", with(plant(), "Hours", func(x *sim.Tag) { x.Signal.Period = 2 * time.Second }),
			map[string]any{"SP": 33.0, "Night": true, "Hours": int64(0), "Untouched": 1.0}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clk := clocktest.New(t0)
			d, err := sim.New(sim.Options{Seed: 1, Clock: clk}, plant())
			must(t, err)
			ctx := context.Background()
			must(t, d.Write(ctx, "SP", 33))
			must(t, d.Write(ctx, "Night", true))
			clk.Step(7*time.Second + time.Second/2)
			walk := read(t, d, "Walk")

			next, err := sim.New(sim.Options{Seed: 1, Clock: clk}, tt.next)
			must(t, err)
			must(t, d.Retag(next))
			for name, want := range tt.want {
				if got := read(t, d, name); got != want {
					t.Errorf("%s = %v (%T), want %v (%T)", name, got, got, want, want)
				}
			}
			if got := read(t, d, "Walk"); got != walk {
				t.Errorf("the random walk jumped from %v to %v", walk, got)
			}
			if tt.gone != "" {
				if _, err := d.Read(ctx, []string{tt.gone}); err == nil {
					t.Errorf("%s still read after its removal", tt.gone)
				}
				if err := d.Write(ctx, tt.gone, 1); err == nil {
					t.Errorf("%s still written after its removal", tt.gone)
				}
			}
			// Time goes on from where it was: the kept counter goes on, an
			// added one counts from where it was added.
			clk.Step(time.Second)
			if got := read(t, d, "Hours"); tt.want["Hours"] == int64(7) && got != int64(8) {
				t.Errorf("Hours = %v a second later, want 8", got)
			}
			if tt.want["New"] != nil {
				if got := read(t, d, "New"); got != int64(6) {
					t.Errorf("New = %v a second after it was added, want 6", got)
				}
			}
		})
	}
}

// TestRetagWhileRunning: a running simulator takes new tags without a
// restart and publishes them at once; its start does not move.
func TestRetagWhileRunning(t *testing.T) {
	clk := clocktest.New(t0)
	d, err := sim.New(sim.Options{Clock: clk, Tick: time.Hour}, plant())
	must(t, err)
	rec := &recorder{c: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- d.Run(ctx, rec) }()
	defer func() { cancel(); <-done }()
	<-rec.c // Sample(0)
	must(t, d.Write(ctx, "SP", 33))
	<-rec.c
	clk.Step(3 * time.Second)
	next, err := sim.New(sim.Options{Clock: clk, Tick: time.Hour}, append(plant(), sim.Tag{Def: def("Extra", tags.Float), Signal: sim.Signal{Initial: 5}}))
	must(t, err)
	must(t, d.Retag(next))
	<-rec.c
	rec.mu.Lock()
	last := rec.batches[len(rec.batches)-1]
	rec.mu.Unlock()
	if len(last) != 1 || last[0].Name != "Extra" || last[0].Value.V != 5.0 || !last[0].Value.Time.Equal(t0.Add(3*time.Second)) {
		t.Errorf("published on retag: %+v, want Extra = 5 at once", last)
	}
	if got := read(t, d, "SP"); got != 33.0 {
		t.Errorf("SP = %v after retag while running", got)
	}
	if got := read(t, d, "Hours"); got != int64(3) {
		t.Errorf("Hours = %v, want 3: the counter restarted", got)
	}
}

// TestRetagRefusesOtherSettings: a new seed or tick is a change of the
// connection's own settings: the caller must restart it.
func TestRetagRefusesOtherSettings(t *testing.T) {
	d, err := sim.New(sim.Options{Seed: 1, Tick: time.Second}, plant())
	must(t, err)
	must(t, d.Write(context.Background(), "SP", 33))
	for _, opts := range []sim.Options{{Seed: 2, Tick: time.Second}, {Seed: 1, Tick: 2 * time.Second}} {
		next, err := sim.New(opts, plant()[:1])
		must(t, err)
		if err := d.Retag(next); !errors.Is(err, tags.ErrRetagUnsupported) {
			t.Errorf("Retag with %+v = %v, want ErrRetagUnsupported", opts, err)
		}
	}
	if got := read(t, d, "Night"); got != false {
		t.Errorf("a refused Retag changed the driver: Night = %v", got)
	}
	if got := read(t, d, "SP"); got != 33.0 {
		t.Errorf("a refused Retag changed the driver: SP = %v", got)
	}
}

func read(t *testing.T, d *sim.Driver, name string) any {
	t.Helper()
	vs, err := d.Read(context.Background(), []string{name})
	if err != nil {
		t.Fatal(err)
	}
	return vs[0].V
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
