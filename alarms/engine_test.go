package alarms_test

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/tags"
)

// TestTransitions steps one alarm "A" through scripts of values, clock
// steps and operator actions and checks every event (action from>to).
// Limits are 90 unless the case says otherwise.
func TestTransitions(t *testing.T) {
	above := limitDef(90, alarms.Above)
	with := func(d alarms.Def, f func(*alarms.Def)) alarms.Def { f(&d); return d }
	tests := []struct {
		name   string
		def    alarms.Def
		opts   alarms.Options
		script []string
	}{
		{"limit above: activate, return, ack", above, alarms.Options{}, []string{
			"T=50",
			"T=90", // at the limit is not above it
			"T=91 -> activate normal>active-unack",
			"T=95",
			"T=89 -> return active-unack>returned-unack",
			"ack -> ack returned-unack>normal",
			"ack",
		}},
		{"acknowledged while active, then return", above, alarms.Options{}, []string{
			"T=91 -> activate normal>active-unack",
			"ack -> ack active-unack>active-ack",
			"T=89 -> return active-ack>normal",
		}},
		{"limit below", limitDef(10, alarms.Below), alarms.Options{}, []string{
			"T=10",
			"T=9.9 -> activate normal>active-unack",
			"T=10.1 -> return active-unack>returned-unack",
		}},
		{"deadband at the edge", with(above, func(d *alarms.Def) { d.Deadband = 2 }), alarms.Options{}, []string{
			"T=91 -> activate normal>active-unack",
			"T=89",
			"T=88.01",
			"T=88 -> return active-unack>returned-unack", // exactly deadband inside
			"T=89.9",
			"T=90",
			"T=90.1 -> activate returned-unack>active-unack",
		}},
		{"deadband below", with(limitDef(10, alarms.Below), func(d *alarms.Def) { d.Deadband = 1 }), alarms.Options{}, []string{
			"T=9 -> activate normal>active-unack",
			"T=10.5",
			"T=10.99",
			"T=11 -> return active-unack>returned-unack",
		}},
		{"on-delay interrupted restarts", with(above, func(d *alarms.Def) { d.OnDelay = 5 * time.Second }), alarms.Options{}, []string{
			"T=91",
			"+4s",
			"T=89", // interrupted
			"+10s",
			"T=92",
			"+4s",
			"T=93", // still holding: the delay runs on
			"+999ms",
			"+1ms -> activate normal>active-unack",
		}},
		{"off-delay interrupted restarts", with(above, func(d *alarms.Def) { d.OffDelay = 5 * time.Second }), alarms.Options{}, []string{
			"T=91 -> activate normal>active-unack",
			"T=89",
			"+3s",
			"T=91", // interrupted
			"+10s",
			"T=80",
			"+4s",
			"+1s -> return active-unack>returned-unack",
		}},
		{"on-delay interrupted by bad quality", with(above, func(d *alarms.Def) { d.OnDelay = 5 * time.Second }), alarms.Options{}, []string{
			"T=91",
			"+3s",
			"T=bad",
			"+3s",
			"T=91",
			"+3s",
			"+2s -> activate normal>active-unack",
		}},
		{"bad input holds the state", above, alarms.Options{}, []string{
			"T=bad",
			"T=91 -> activate normal>active-unack",
			"T=bad",
			"T=nan",
			"T=text",
			"T=91",
			"T=89 -> return active-unack>returned-unack",
			"T=bad",
			"T=95 -> activate returned-unack>active-unack",
		}},
		{"latched", with(above, func(d *alarms.Def) { d.Latched = true }), alarms.Options{}, []string{
			"T=91 -> activate normal>active-unack",
			"ack -> ack active-unack>active-ack",
			"T=89 -> return active-ack>latched",
			"state latched",
			"T=80",
			"ack -> ack latched>normal", // the reset
			"T=91 -> activate normal>active-unack",
			"T=89 -> return active-unack>active-unack", // stays in alarm until seen
			"ack -> ack active-unack>normal",           // seen and cleared: ack resets
			"T=91 -> activate normal>active-unack",
			"ack -> ack active-unack>active-ack",
			"T=89 -> return active-ack>latched",
			"T=95 -> activate latched>active-unack",
		}},
		{"no acknowledgement needed", with(above, func(d *alarms.Def) { d.Ack = false }), alarms.Options{}, []string{
			"T=91 -> activate normal>active-ack",
			"ack",
			"T=89 -> return active-ack>normal",
		}},
		{"latched without acknowledgement still needs its reset", with(above, func(d *alarms.Def) { d.Ack, d.Latched = false, true }), alarms.Options{}, []string{
			"T=91 -> activate normal>active-ack",
			"T=89 -> return active-ack>latched",
			"ack -> ack latched>normal",
		}},
		{"ack needs a comment", with(above, func(d *alarms.Def) { d.AckComment = true }), alarms.Options{}, []string{
			"T=91 -> activate normal>active-unack",
			"ack -> error",
			"ack:    -> error",
			"state active-unack",
			"ack: valve checked -> ack active-unack>active-ack",
			"T=89 -> return active-ack>normal",
			"ack", // nothing to acknowledge: no comment needed
		}},
		{"shelve expiry unacknowledges", above, alarms.Options{}, []string{
			"T=91 -> activate normal>active-unack",
			"ack -> ack active-unack>active-ack",
			"shelve 1h -> shelve active-ack>shelved",
			"T=95 -> ",
			"+59m59s",
			"+1s -> shelve-expired shelved>active-unack",
		}},
		{"unshelve acknowledges", above, alarms.Options{}, []string{
			"T=91 -> activate normal>active-unack",
			"shelve 1h -> shelve active-unack>shelved",
			"unshelve -> unshelve shelved>active-ack",
			"unshelve -> error",
			"+2h",
		}},
		{"shelve limits", with(above, func(d *alarms.Def) { d.MaxShelve = time.Hour }), alarms.Options{}, []string{
			"shelve 61m -> error",
			"shelve 0s -> error",
			"shelve 60m -> shelve normal>shelved",
			"shelve 30m -> shelve shelved>shelved", // a new expiry
			"+30m -> shelve-expired shelved>normal",
		}},
		{"engine's maximum shelve", above, alarms.Options{MaxShelve: 2 * time.Hour}, []string{
			"shelve 3h -> error",
			"shelve 2h -> shelve normal>shelved",
		}},
		{"shelved alarms keep being evaluated", above, alarms.Options{}, []string{
			"shelve 1h -> shelve normal>shelved",
			"T=91 -> activate shelved>shelved",
			"state shelved",
			"T=89 -> return shelved>shelved", // hidden: back to normal, nobody to ack
			"T=92 -> activate shelved>shelved",
			"+1h -> shelve-expired shelved>active-unack",
		}},
		{"suppression while active", with(above, func(d *alarms.Def) { d.Suppress = "!Run" }), alarms.Options{}, []string{
			"T=91", // Run unknown: suppression unknown, the alarm activates
			"-> activate normal>active-unack",
			"Run=true",
			"Run=false -> suppress active-unack>suppressed",
			"Run=bad",
			"Run=true -> unsuppress suppressed>active-unack",
			"Run=false -> suppress active-unack>suppressed",
			"T=89 -> return suppressed>suppressed",
			"Run=true -> unsuppress suppressed>normal",
			"Run=false -> suppress normal>suppressed",
			"T=91 -> activate suppressed>suppressed",
			"Run=true -> unsuppress suppressed>active-unack",
		}},
		{"out of service", above, alarms.Options{}, []string{
			"oos -> out-of-service normal>out-of-service",
			"oos",
			"T=91 -> activate out-of-service>out-of-service",
			"ins -> in-service out-of-service>active-unack",
			"oos -> out-of-service active-unack>out-of-service",
			"T=89 -> return out-of-service>out-of-service",
			"ins -> in-service out-of-service>normal",
		}},
		{"horn", with(above, func(d *alarms.Def) { d.Priority = alarms.Critical }), alarms.Options{Horn: alarms.High}, []string{
			"horn off",
			"T=91 -> activate normal>active-unack",
			"horn on",
			"silence",
			"horn off",
			"T=89 -> return active-unack>returned-unack",
			"horn off",
			"T=91 -> activate returned-unack>active-unack",
			"horn on",
			"ack -> ack active-unack>active-ack",
			"horn off", // nothing left to acknowledge
			"shelve 1h -> shelve active-ack>shelved",
			"+1h -> shelve-expired shelved>active-unack",
			"horn on", // unacknowledged again
			"oos -> out-of-service active-unack>out-of-service",
			"horn off",
		}},
		{"horn ignores lower priorities", with(above, func(d *alarms.Def) { d.Priority = alarms.Medium }), alarms.Options{Horn: alarms.High}, []string{
			"T=91 -> activate normal>active-unack",
			"horn off",
		}},
		{"limit from a tag", with(above, func(d *alarms.Def) { d.Limit = alarms.Ref{Tag: "Lim"} }), alarms.Options{}, []string{
			"T=91", // limit unknown
			"Lim=90 -> activate normal>active-unack",
			"Lim=bad",
			"T=80",
			"Lim=95 -> return active-unack>returned-unack",
			"T=96 -> activate returned-unack>active-unack",
		}},
		{"deviation either way", alarms.Def{Name: "A", Kind: alarms.Deviation, Input: "T", Setpoint: alarms.Ref{Tag: "SP"},
			Limit: alarms.Ref{Value: 5}, Dir: alarms.Either, Deadband: 1, Ack: true, Priority: alarms.Low}, alarms.Options{}, []string{
			"T=56", // setpoint unknown
			"SP=50 -> activate normal>active-unack",
			"T=54.5",
			"T=54 -> return active-unack>returned-unack",
			"T=45",
			"T=44.9 -> activate returned-unack>active-unack",
			"SP=bad",
			"T=50",
			"SP=45 -> ",
			"SP=46 -> return active-unack>returned-unack",
		}},
		{"deviation above only", alarms.Def{Name: "A", Kind: alarms.Deviation, Input: "T", Setpoint: alarms.Ref{Tag: "SP"},
			Limit: alarms.Ref{Value: 5}, Dir: alarms.Above, Ack: true}, alarms.Options{}, []string{
			"SP=50",
			"T=40",
			"T=55",
			"T=55.5 -> activate normal>active-unack",
		}},
		{"rate rising per second", alarms.Def{Name: "A", Kind: alarms.Rate, Input: "T", Limit: alarms.Ref{Value: 2},
			Per: time.Second, Dir: alarms.Above, Ack: true}, alarms.Options{}, []string{
			"T=0",
			"+1s",
			"T=1", // 1/s
			"+1s",
			"T=4 -> activate normal>active-unack", // 3/s
			"+1s",
			"T=7",
			"+500ms",
			"T=5", // falling
			"-> return active-unack>returned-unack",
			"+500ms",
			"T=8 -> activate returned-unack>active-unack", // 6/s
			"+500ms",
			"+500ms -> return active-unack>returned-unack", // held still for Per: the rate is 0
		}},
		{"rate falling per minute, either way with deadband", alarms.Def{Name: "A", Kind: alarms.Rate, Input: "T", Limit: alarms.Ref{Value: 10},
			Per: time.Minute, Dir: alarms.Either, Deadband: 2, Ack: true}, alarms.Options{}, []string{
			"T=100",
			"+30s",
			"T=94 -> activate normal>active-unack", // -12/min
			"+30s",
			"T=89.5", // -9/min: inside the deadband's reach
			"+30s",
			"T=85.5 -> return active-unack>returned-unack", // -8/min
		}},
		{"rate falling only", alarms.Def{Name: "A", Kind: alarms.Rate, Input: "T", Limit: alarms.Ref{Value: 1},
			Per: time.Second, Dir: alarms.Below, Ack: false}, alarms.Options{}, []string{
			"T=0",
			"+1s",
			"T=5",
			"+1s",
			"T=3 -> activate normal>active-ack",
		}},
		{"bad quality waits for first data", alarms.Def{Name: "A", Kind: alarms.BadQuality, Input: "T", Ack: true}, alarms.Options{}, []string{
			"+9s",
			"T=5",
			"+1h",
			"T=bad -> activate normal>active-unack", // had data: at once
			"T=6 -> return active-unack>returned-unack",
		}},
		{"bad quality fires after the grace", alarms.Def{Name: "A", Kind: alarms.BadQuality, Input: "T", Ack: true}, alarms.Options{InitialGrace: 30 * time.Second}, []string{
			"+29s",
			"+1s -> activate normal>active-unack",
			"T=5 -> return active-unack>returned-unack",
		}},
		{"bad quality with on-delay", alarms.Def{Name: "A", Kind: alarms.BadQuality, Input: "T", Ack: true, OnDelay: time.Minute}, alarms.Options{}, []string{
			"T=1",
			"T=bad",
			"+30s",
			"T=2",
			"T=bad",
			"+59s",
			"+1s -> activate normal>active-unack",
		}},
		{"digital", alarms.Def{Name: "A", Kind: alarms.Digital, When: "B && T > 5", Ack: true}, alarms.Options{}, []string{
			"B=true", // T unknown: holds
			"T=6 -> activate normal>active-unack",
			"T=bad",
			"B=false",
			"T=6 -> return active-unack>returned-unack",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.opts, tc.def)
			if evs := f.events(); len(evs) != 0 {
				t.Fatalf("configuring produced %q", evs)
			}
			var lines []string
			for _, l := range tc.script {
				if len(l) > 3 && l[:3] == "-> " { // the events of the line before, on their own line
					lines[len(lines)-1] += " " + l
					continue
				}
				lines = append(lines, l)
			}
			f.script(lines)
			checkJournal(t, f.all)
		})
	}
}

// checkJournal checks what every journal reader relies on: per alarm, each
// event's From is the previous event's To, Status.Shown() is To, event ids
// grow and times never go back.
func checkJournal(t testing.TB, evs []alarms.Event) {
	t.Helper()
	last := map[string]alarms.Event{}
	var lastID uint64
	var lastTime time.Time
	for i, ev := range evs {
		name := ev.Status.Name
		if p, ok := last[name]; ok && p.Action != alarms.Removed && p.To != ev.From {
			t.Fatalf("event %d %s: from %q, but the last event left %q", i, fmtEvent(ev), ev.From, p.To)
		}
		if ev.Action != alarms.Removed && ev.Status.Shown() != ev.To {
			t.Fatalf("event %d %s: status shows %q", i, fmtEvent(ev), ev.Status.Shown())
		}
		if ev.Action == alarms.Activate {
			if ev.Status.EventID <= lastID {
				t.Fatalf("event %d %s: event id %d after %d", i, fmtEvent(ev), ev.Status.EventID, lastID)
			}
			lastID = ev.Status.EventID
		}
		if ev.Time.Before(lastTime) {
			t.Fatalf("event %d %s: time goes back", i, fmtEvent(ev))
		}
		lastTime = ev.Time
		last[name] = ev
	}
}

func TestDelayEventsCarryTheirDeadline(t *testing.T) {
	d := limitDef(90, alarms.Above)
	d.OnDelay = 5 * time.Second
	f := newFixture(t, alarms.Options{}, d)
	f.set("T", 95.0)
	f.step(time.Minute) // one step far past the deadline
	evs := f.sink.take()
	if len(evs) != 1 || !evs[0].Time.Equal(t0.Add(5*time.Second)) {
		t.Fatalf("events %v, want one activation at +5s", evs)
	}
	st := evs[0].Status
	if st.ActiveSince != t0.Add(5*time.Second) || st.Value != "95" || st.Limit != 90 || st.EventID != 1 || st.Message != "T high" {
		t.Errorf("status %+v", st)
	}
}

func TestMessageRenderedAtActivation(t *testing.T) {
	d := limitDef(90, alarms.Above)
	d.Message = "Tank level {T} % (limit {Lim})"
	f := newFixture(t, alarms.Options{}, d)
	f.set("T", 91.25)
	if got := f.status("A").Message; got != "Tank level 91.25 % (limit —)" {
		t.Errorf("message %q", got)
	}
	f.set("T", 99.0) // still active: the message keeps the activation's value
	if got := f.status("A").Message; got != "Tank level 91.25 % (limit —)" {
		t.Errorf("message changed while active: %q", got)
	}
}

func TestAckManyInOneCall(t *testing.T) {
	a, b, c := limitDef(90, alarms.Above), limitDef(80, alarms.Above), limitDef(70, alarms.Above)
	a.Name, b.Name, c.Name = "A", "B", "C"
	c.AckComment = true
	f := newFixture(t, alarms.Options{}, a, b, c)
	f.set("T", 95.0)
	f.events()
	if err := f.e.Ack([]string{"A", "B", "C"}, op); !errors.Is(err, alarms.ErrNeedComment) {
		t.Fatalf("ack without the comment C needs: %v", err)
	}
	if evs := f.events(); len(evs) != 0 {
		t.Fatalf("a failed ack changed %q", evs)
	}
	err := f.e.Ack([]string{"A", "Gone", "B", "C"}, alarms.Op{User: "jo", Comment: "seen"})
	if !errors.Is(err, alarms.ErrNoAlarm) {
		t.Errorf("unknown name: %v", err)
	}
	evs := f.sink.take()
	if len(evs) != 3 {
		t.Fatalf("%d events, want 3", len(evs))
	}
	for _, ev := range evs {
		if ev.Action != alarms.Acknowledge || ev.User != "jo" || ev.Comment != "seen" || ev.To != "active-ack" {
			t.Errorf("event %+v", ev)
		}
	}
}

func TestStatusesSorted(t *testing.T) {
	mk := func(name string, lim float64, p alarms.Priority) alarms.Def {
		d := limitDef(lim, alarms.Above)
		d.Name, d.Priority = name, p
		return d
	}
	f := newFixture(t, alarms.Options{}, mk("Low1", 10, alarms.Low), mk("Crit", 20, alarms.Critical),
		mk("Low2", 30, alarms.Low), mk("Acked", 5, alarms.Critical), mk("Quiet", 99, alarms.Critical))
	f.set("T", 15.0) // Low1, Acked
	f.step(time.Second)
	f.set("T", 35.0) // Crit, Low2
	if err := f.e.Ack([]string{"Acked"}, op); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range f.e.Statuses() {
		got = append(got, s.Name)
	}
	want := []string{"Crit", "Low2", "Low1", "Acked"}
	if len(got) != len(want) {
		t.Fatalf("statuses %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses %q, want %q", got, want)
		}
	}
	v := f.e.Version()
	f.set("T", 36.0) // no transition
	if f.e.Version() != v {
		t.Error("version moved without a change")
	}
	f.set("T", 1.0)
	if f.e.Version() == v {
		t.Error("version did not move")
	}
}

func TestTagStates(t *testing.T) {
	a := limitDef(90, alarms.Above)
	a.Limit = alarms.Ref{Tag: "Lim"} // a limit tag is not the alarm's tag
	d := alarms.Def{Name: "D", Kind: alarms.Digital, When: "B", Ack: true, Suppress: "!Run"}
	f := newFixture(t, alarms.Options{}, a, d)
	ts := f.e.TagStates()
	if len(ts) != 0 {
		t.Fatalf("tag states %v, want none: every alarm is normal", ts)
	}
	f.set("Lim", 90.0)
	f.set("T", 91.0)
	f.set("Run", true)
	f.set("B", true)
	ts = f.e.TagStates()
	if len(ts) != 2 || ts["T"] != (alarms.TagState{Alarm: true, Unack: true}) || ts["B"] != (alarms.TagState{Alarm: true, Unack: true}) {
		t.Fatalf("tag states %v", ts)
	}
	if err := f.e.Ack([]string{"A"}, op); err != nil {
		t.Fatal(err)
	}
	f.set("Run", false) // D suppressed: hidden
	if err := f.e.Shelve("A", time.Hour, op); err != nil {
		t.Fatal(err)
	}
	ts = f.e.TagStates()
	if len(ts) != 1 || ts["T"] != (alarms.TagState{Shelved: true}) {
		t.Fatalf("tag states %v", ts)
	}
}

func TestLimitIsNaNWithoutOne(t *testing.T) {
	f := newFixture(t, alarms.Options{}, alarms.Def{Name: "A", Kind: alarms.Digital, When: "B", Ack: true})
	f.set("B", true)
	if s := f.status("A"); !math.IsNaN(s.Limit) || s.Value != "ON" {
		t.Errorf("status %+v", s)
	}
}

// TestNothingFiresAtStart: every tag starts Bad "waiting for initial
// data" with no value; no alarm may fire from that, not even a low limit
// or a negated digital one, and a bad-quality alarm only after its grace.
func TestNothingFiresAtStart(t *testing.T) {
	defs := append(fuzzDefs(), alarms.Def{Name: "NotB", Kind: alarms.Digital, When: "!B", Ack: true})
	f := newFixture(t, alarms.Options{}, defs...)
	f.e.Eval([]tags.Update{
		{Name: "T", Value: tags.Value{Quality: tags.Bad, Reason: "waiting for initial data"}},
		{Name: "B", Value: tags.Value{Quality: tags.Bad, Reason: "waiting for initial data"}},
	})
	f.step(alarms.DefaultInitialGrace - time.Nanosecond)
	if evs := f.events(); len(evs) != 0 {
		t.Fatalf("events at start: %q", evs)
	}
	f.step(time.Nanosecond)
	if evs := f.events(); !slices.Equal(evs, []string{"BQ activate normal>active-unack"}) {
		t.Fatalf("events after the grace: %q", evs)
	}
}

func TestRateAfterLongQuietClearsWithinAMinute(t *testing.T) {
	f := newFixture(t, alarms.Options{}, alarms.Def{Name: "A", Kind: alarms.Rate, Input: "T",
		Limit: alarms.Ref{Value: 1}, Per: time.Second, Dir: alarms.Above, Ack: true})
	f.script([]string{
		"T=0",
		"+1h",
		"T=10000 -> activate normal>active-unack", // 2.8/s over the hour
		"+59s",
		"+1s -> return active-unack>returned-unack",
	})
}
