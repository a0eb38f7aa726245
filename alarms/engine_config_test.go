package alarms_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
)

func TestConfigureKeepsState(t *testing.T) {
	a, b := limitDef(90, alarms.Above), limitDef(80, alarms.Above)
	b.Name = "B"
	f := newFixture(t, alarms.Options{}, a, b)
	f.set("T", 95.0)
	if err := f.e.Ack([]string{"A"}, op); err != nil {
		t.Fatal(err)
	}
	f.events()
	id := f.status("A").EventID

	t.Run("display fields", func(t *testing.T) {
		a2 := a
		a2.Message, a2.Priority, a2.Area, a2.AckComment = "Tank {T} too high", alarms.Critical, "North", true
		v := f.e.Version()
		f.configure(a2, b)
		if evs := f.events(); len(evs) != 0 {
			t.Fatalf("a display change journaled %q", evs)
		}
		s := f.status("A")
		if s.State != alarms.ActiveAck || s.EventID != id || s.Message != "Tank 95 too high" || s.Priority != alarms.Critical || s.Area != "North" {
			t.Fatalf("status %+v", s)
		}
		if f.e.Version() == v {
			t.Error("version did not move")
		}
		a = a2
	})
	t.Run("condition", func(t *testing.T) {
		a2 := a
		a2.Limit.Value = 96 // 95 is no alarm any more
		f.configure(a2, b)
		want := []string{"A changed active-ack>active-ack", "A return active-ack>normal"}
		if evs := f.events(); !slices.Equal(evs, want) {
			t.Fatalf("events %q, want %q", evs, want)
		}
		a = a2
	})
	t.Run("ack no longer needed", func(t *testing.T) {
		if s := f.status("B"); s.State != alarms.ActiveUnack {
			t.Fatalf("B %v", s.State)
		}
		b2 := b
		b2.Ack = false
		f.configure(a, b2)
		want := []string{"B changed active-unack>active-ack"}
		if evs := f.events(); !slices.Equal(evs, want) {
			t.Fatalf("events %q, want %q", evs, want)
		}
		b = b2
	})
	t.Run("added alarm evaluates at once", func(t *testing.T) {
		c := limitDef(50, alarms.Above)
		c.Name = "C"
		f.configure(a, b, c)
		want := []string{"C activate normal>active-unack"}
		if evs := f.events(); !slices.Equal(evs, want) {
			t.Fatalf("events %q, want %q", evs, want)
		}
	})
	t.Run("removed", func(t *testing.T) {
		f.configure(a)
		want := []string{"B removed active-ack>removed", "C removed active-unack>removed"}
		if evs := f.events(); !slices.Equal(evs, want) {
			t.Fatalf("events %q, want %q", evs, want)
		}
		if _, ok := f.e.Status("B"); ok {
			t.Error("B still has a status")
		}
		for _, s := range f.e.Statuses() {
			t.Errorf("status of %s after removal", s.Name)
		}
	})
}

func TestConfigureDropsDeadlinesOfRemovedAlarms(t *testing.T) {
	a := limitDef(90, alarms.Above)
	a.OnDelay = time.Minute
	f := newFixture(t, alarms.Options{}, a)
	f.set("T", 95.0)
	if err := f.e.Shelve("A", time.Hour, op); err != nil {
		t.Fatal(err)
	}
	f.configure()
	f.events()
	f.step(2 * time.Hour)
	if evs := f.events(); len(evs) != 0 {
		t.Fatalf("a removed alarm fired %q", evs)
	}
}

func TestRestore(t *testing.T) {
	a, b := limitDef(90, alarms.Above), limitDef(10, alarms.Below)
	b.Name = "B"
	n := limitDef(50, alarms.Above)
	n.Name, n.Ack = "N", false
	h := limitDef(200, alarms.Above)
	h.Name = "H"
	f := &fixture{t: t, clk: clocktest.New(t0), sink: &recorder{}, env: tags.NewEnv(testTags)}
	f.e = alarms.NewEngine(alarms.Options{Clock: f.clk, Sink: f.sink, Horn: alarms.Low})
	before := t0.Add(-time.Hour)
	f.e.Restore([]alarms.Status{
		{Name: "A", State: alarms.ActiveAck, EventID: 7, ActiveSince: before, Since: before, Message: "T high"},
		{Name: "B", State: alarms.Normal, Shelved: true, ShelvedUntil: t0.Add(30 * time.Minute), EventID: 3},
		{Name: "N", State: alarms.ActiveUnack, EventID: 5}, // its definition lost Ack meanwhile
		{Name: "Gone", State: alarms.ReturnedUnack, EventID: 6},
		{Name: "Quiet", State: alarms.Normal, EventID: 2}, // nothing to close
		{Name: "H", State: alarms.ReturnedUnack, EventID: 4},
	}, 8)
	f.configure(a, b, n, h)
	want := []string{"N changed active-unack>active-ack", "Gone removed returned-unack>removed"}
	if evs := f.events(); !slices.Equal(evs, want) {
		t.Fatalf("events %q, want %q", evs, want)
	}
	if s := f.status("A"); s.State != alarms.ActiveAck || s.EventID != 7 || !s.ActiveSince.Equal(before) {
		t.Fatalf("A %+v", s)
	}
	if s := f.status("H"); s.State != alarms.ReturnedUnack || f.e.Horn() {
		t.Errorf("H %v, horn %v: want returned-unack without the horn", s.State, f.e.Horn())
	}
	f.set("T", 95.0) // still in alarm: stays acknowledged
	if evs := f.events(); len(evs) != 0 {
		t.Fatalf("events %q", evs)
	}
	f.set("T", 80.0)
	f.set("T", 95.0)
	want = []string{"A return active-ack>normal", "A activate normal>active-unack"}
	if evs := f.events(); !slices.Equal(evs, want) {
		t.Fatalf("events %q, want %q", evs, want)
	}
	if id := f.status("A").EventID; id != 8 {
		t.Errorf("event id %d, want 8 (continuing)", id)
	}
	f.step(30*time.Minute - time.Nanosecond)
	if evs := f.events(); len(evs) != 0 {
		t.Fatalf("events %q", evs)
	}
	f.step(time.Nanosecond)
	if evs := f.sink.take(); len(evs) != 1 || evs[0].Action != alarms.ShelveExpired || !evs[0].Time.Equal(t0.Add(30*time.Minute)) {
		t.Fatalf("events %v, want B's shelve expiring at +30m", evs)
	}
}

// chanSink hands events to a test through a channel.
type chanSink chan alarms.Event

func (c chanSink) Append(evs []alarms.Event) {
	for _, ev := range evs {
		c <- ev
	}
}

// TestRun drives the engine through Run with a real tag database: values
// published by a driver, delays and shelve expiries on the stepped clock,
// a reconfiguration that reads a new tag.
func TestRun(t *testing.T) {
	clk := clocktest.New(t0)
	db := tags.NewDB(tags.Options{Now: clk.Now})
	if err := db.Define(testTags...); err != nil {
		t.Fatal(err)
	}
	sink := make(chanSink, 100)
	changed := make(chan struct{}, 1)
	e := alarms.NewEngine(alarms.Options{Clock: clk, Sink: sink, Changed: func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}})
	env := tags.NewEnv(testTags)
	known := func(name string) bool { _, ok := db.Def(name); return ok }
	plan := func(defs ...alarms.Def) *alarms.Plan {
		p, errs := alarms.Compile(defs, env, known)
		if errs.Err() != nil {
			t.Fatal(errs.Err())
		}
		return p
	}
	limit := time.After(10 * time.Second) // a hang fails instead of stalling the suite
	next := func(want string) alarms.Event {
		t.Helper()
		select {
		case ev := <-sink:
			if got := ev.Status.Name + " " + string(ev.Action) + " " + ev.From + ">" + ev.To; got != want {
				t.Fatalf("event %q, want %q", got, want)
			}
			return ev
		case <-limit:
			t.Fatalf("no event %q", want)
		}
		return alarms.Event{}
	}

	a := limitDef(90, alarms.Above)
	a.OnDelay = 5 * time.Second
	e.Configure(plan(a))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- e.Run(ctx, db) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	}()

	db.Publish(tags.Update{Name: "T", Value: tags.Value{V: 95.0}})
	if !clk.WaitArmed(t0.Add(5*time.Second), limit) {
		t.Fatal("the on-delay was never armed")
	}
	clk.Step(5 * time.Second)
	ev := next("A activate normal>active-unack")
	if !ev.Time.Equal(t0.Add(5 * time.Second)) {
		t.Errorf("activated at %v", ev.Time)
	}
	select {
	case <-changed:
	case <-limit:
		t.Fatal("Changed was not called")
	}

	b := alarms.Def{Name: "B", Kind: alarms.Digital, When: "B", Ack: true}
	e.Configure(plan(a, b))
	db.Publish(tags.Update{Name: "B", Value: tags.Value{V: true}})
	next("B activate normal>active-unack")

	if err := e.Shelve("B", time.Minute, op); err != nil {
		t.Fatal(err)
	}
	next("B shelve active-unack>shelved")
	if !clk.WaitArmed(clk.Now().Add(time.Minute), limit) {
		t.Fatal("the shelve's expiry was never armed")
	}
	clk.Step(time.Minute)
	next("B shelve-expired shelved>active-unack")
	db.Publish(tags.Update{Name: "T", Value: tags.Value{V: 10.0}})
	next("A return active-unack>returned-unack")
}

func TestConfigureNil(t *testing.T) {
	f := newFixture(t, alarms.Options{}, limitDef(90, alarms.Above))
	f.set("T", 95.0)
	f.events()
	f.e.Configure(nil)
	if evs := f.events(); !slices.Equal(evs, []string{"A removed active-unack>removed"}) {
		t.Fatalf("events %q", evs)
	}
}
