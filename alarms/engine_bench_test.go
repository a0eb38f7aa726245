package alarms_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/cputime"
	"github.com/gohmi/gohmi/tags"
)

// Benchmarks of the alarm budget: 10,000 definitions under 100,000 tag
// updates per second in at most 25 % of one core, and a flood.
//
//	go test ./alarms -run '^$' -bench . -benchmem

// countSink counts events.
type countSink struct{ n int }

func (c *countSink) Append(evs []alarms.Event) { c.n += len(evs) }

// benchPlant is n float tags Area.Tag<i> and one alarm on each: a mix of
// kinds like a plant's (hi and lo limits with deadband and delays,
// deviations from a setpoint tag, rates, digital expressions, bad quality).
func benchPlant(b *testing.B, n int) ([]tags.Def, []alarms.Def) {
	tds := make([]tags.Def, n)
	for i := range tds {
		tds[i] = tags.Def{Name: fmt.Sprintf("Area%d.Tag%d", i/100, i), Type: tags.Float}
	}
	defs := make([]alarms.Def, n)
	for i := range defs {
		in := tds[i].Name
		d := alarms.Def{Name: fmt.Sprintf("AL%d", i), Input: in, Ack: true, Priority: alarms.Priority(i%4 + 1),
			Message: "Tag " + in + " at {" + in + "}", Area: fmt.Sprintf("Area%d", i/100)}
		switch i % 10 {
		case 0, 1, 2, 3:
			d.Kind, d.Dir, d.Limit.Value, d.Deadband, d.OnDelay = alarms.Limit, alarms.Above, 90, 1, 2*time.Second
		case 4, 5:
			d.Kind, d.Dir, d.Limit.Value, d.Deadband, d.OffDelay = alarms.Limit, alarms.Below, 10, 1, time.Second
		case 6:
			d.Kind, d.Dir, d.Limit.Value, d.Setpoint.Tag = alarms.Deviation, alarms.Either, 40, tds[i-1].Name
		case 7:
			d.Kind, d.Dir, d.Limit.Value, d.Per = alarms.Rate, alarms.Either, 500, time.Second
		case 8:
			d.Kind, d.Input, d.When = alarms.Digital, "", in+" > 95 && "+tds[i-1].Name+" < 50"
		case 9:
			d.Kind = alarms.BadQuality
		}
		defs[i] = d
	}
	return tds, defs
}

// benchEngine configures an engine with the plant and gives every tag a
// good value, as after start-up.
func benchEngine(b *testing.B, n int, sink alarms.Sink) (*alarms.Engine, *clocktest.Clock, []tags.Def) {
	tds, defs := benchPlant(b, n)
	p, errs := alarms.Compile(defs, tags.NewEnv(tds), func(string) bool { return true })
	if errs.Err() != nil {
		b.Fatal(errs.Err())
	}
	clk := clocktest.New(t0)
	e := alarms.NewEngine(alarms.Options{Clock: clk, Sink: sink, Horn: alarms.High})
	e.Configure(p)
	ups := make([]tags.Update, n)
	for i := range ups {
		ups[i] = tags.Update{Name: tds[i].Name, Value: tags.Value{V: 50.0, Time: t0}}
	}
	e.Eval(ups)
	return e, clk, tds
}

// BenchmarkEval10k feeds 10,000 alarms over 10,000 tags with batches of
// 100 updates, as Run takes them from a subscription: values around 50
// with noise and, one update in 500, an excursion past a limit (so that
// alarms activate and return as in a plant), the clock advancing 1 ms per
// batch (100,000 updates/s). core% is the share of one core that 100,000
// updates/s need, from the process's CPU time (GC included), so that a
// loaded machine does not inflate it; ns/update is wall time.
func BenchmarkEval10k(b *testing.B) {
	const n, batch = 10000, 100
	sink := &countSink{}
	e, clk, tds := benchEngine(b, n, sink)
	r := rand.New(rand.NewPCG(3, 4))
	// Precomputed batches: boxing floats is the driver's cost, not ours.
	batches := make([][]tags.Update, 1000)
	for k := range batches {
		bt := make([]tags.Update, batch)
		for j := range bt {
			i := r.IntN(n)
			v := 50 + r.NormFloat64()*8
			if r.IntN(500) == 0 { // an excursion
				v = []float64{2, 98}[r.IntN(2)]
			}
			bt[j] = tags.Update{Name: tds[i].Name, Value: tags.Value{V: v}} // no source time: the engine's clock
		}
		batches[k] = bt
	}
	updates := 0
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		clk.Step(time.Millisecond)
		e.Eval(batches[updates/batch%len(batches)])
		updates += batch
	}
	reportLoad(b, updates, cputime.Process()-cpu0)
	b.ReportMetric(float64(sink.n)/float64(updates)*1e5, "events/100k-updates")
}

// BenchmarkRun10k is the same load through a tag database and Run's
// subscription: Publish (the driver's side), Take and Eval.
func BenchmarkRun10k(b *testing.B) {
	const n, batch = 10000, 100
	e, clk, tds := benchEngine(b, n, &countSink{})
	db := tags.NewDB(tags.Options{Now: clk.Now})
	if err := db.Define(tds...); err != nil {
		b.Fatal(err)
	}
	names := make([]string, n)
	for i := range tds {
		names[i] = tds[i].Name
	}
	sub := db.Subscribe(names)
	defer sub.Close()
	buf := sub.Take(nil)
	r := rand.New(rand.NewPCG(5, 6))
	batches := make([][]tags.Update, 1000)
	for k := range batches {
		bt := make([]tags.Update, batch)
		for j := range bt {
			bt[j] = tags.Update{Name: tds[r.IntN(n)].Name, Value: tags.Value{V: 50 + r.NormFloat64()*8}}
		}
		batches[k] = bt
	}
	updates := 0
	b.ReportAllocs()
	cpu0 := cputime.Process()
	for b.Loop() {
		clk.Step(time.Millisecond)
		db.Publish(batches[updates/batch%len(batches)]...)
		buf = sub.Take(buf[:0])
		e.Eval(buf)
		updates += batch
	}
	reportLoad(b, updates, cputime.Process()-cpu0)
}

// BenchmarkFlood activates 1,000 alarms at once, returns them and
// acknowledges them all in one call: 3,000 journaled transitions per
// round.
func BenchmarkFlood(b *testing.B) {
	const n = 1000
	sink := &countSink{}
	tds := make([]tags.Def, n)
	defs := make([]alarms.Def, n)
	names := make([]string, n)
	high, low := make([]tags.Update, n), make([]tags.Update, n)
	for i := range tds {
		tds[i] = tags.Def{Name: fmt.Sprintf("Tag%d", i), Type: tags.Float}
		names[i] = fmt.Sprintf("AL%d", i)
		defs[i] = alarms.Def{Name: names[i], Kind: alarms.Limit, Input: tds[i].Name, Dir: alarms.Above,
			Limit: alarms.Ref{Value: 90}, Ack: true, Priority: alarms.High, Message: "level {" + tds[i].Name + "}"}
		high[i] = tags.Update{Name: tds[i].Name, Value: tags.Value{V: 95.0, Time: t0}}
		low[i] = tags.Update{Name: tds[i].Name, Value: tags.Value{V: 50.0, Time: t0}}
	}
	p, errs := alarms.Compile(defs, tags.NewEnv(tds), func(string) bool { return true })
	if errs.Err() != nil {
		b.Fatal(errs.Err())
	}
	clk := clocktest.New(t0)
	e := alarms.NewEngine(alarms.Options{Clock: clk, Sink: sink, Horn: alarms.High})
	e.Configure(p)
	e.Eval(low)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		e.Eval(high)
		_ = e.Statuses() // the summary reads the flood
		e.Eval(low)
		if err := e.Ack(names, alarms.Op{User: "operator"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(sink.n)/b.Elapsed().Seconds(), "events/s")
}

// reportLoad reports ns/update (wall) and core%: the share of one core
// 100,000 updates/s take, from the CPU time when the platform gives it.
func reportLoad(b *testing.B, updates int, cpu time.Duration) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(updates), "ns/update")
	if cpu <= 0 {
		cpu = b.Elapsed()
	}
	perUpdate := float64(cpu.Nanoseconds()) / float64(updates)
	b.ReportMetric(perUpdate, "cpu-ns/update")
	b.ReportMetric(perUpdate*100000/1e9*100, "core%")
}

// BenchmarkTagStates rebuilds the tag states of 10,000 alarms after a
// change, as the runtime does once per frame at most.
func BenchmarkTagStates(b *testing.B) {
	e, _, tds := benchEngine(b, 10000, nil)
	// tds[9] has a bad-quality alarm without delays: each flip is a transition.
	flip := []tags.Update{{Name: tds[9].Name, Value: tags.Value{Quality: tags.Bad}}}
	flop := []tags.Update{{Name: tds[9].Name, Value: tags.Value{V: 50.0}}}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if i%2 == 0 {
			e.Eval(flip)
		} else {
			e.Eval(flop)
		}
		i++
		_ = e.TagStates()
	}
}
