package alarms_test

import (
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
)

// reentrantSink calls the engine back from Append, as a journal or a
// status page might; the engine must neither deadlock nor reorder.
type reentrantSink struct {
	recorder
	e *alarms.Engine
}

func (s *reentrantSink) Append(evs []alarms.Event) {
	s.recorder.Append(evs)
	_ = s.e.Statuses()
	_ = s.e.Ack([]string{"A"}, op) // produces events while a flush is under way
}

func TestSinkCallsBack(t *testing.T) {
	clk := clocktest.New(t0)
	sink := &reentrantSink{}
	var e *alarms.Engine
	calls := 0
	e = alarms.NewEngine(alarms.Options{Clock: clk, Sink: sink, Changed: func() {
		calls++ // flushes are one at a time: no race
		_ = e.Statuses()
		_ = e.TagStates()
		_ = e.Horn()
	}})
	sink.e = e
	f := &fixture{t: t, clk: clk, sink: &sink.recorder, env: tags.NewEnv(testTags), e: e}
	f.configure(limitDef(90, alarms.Above))
	f.set("T", 95.0)
	f.set("T", 50.0)
	want := []string{"A activate normal>active-unack", "A ack active-unack>active-ack", "A return active-ack>normal"}
	got := f.events()
	if len(got) != len(want) {
		t.Fatalf("events %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("events %q, want %q", got, want)
		}
	}
	if calls == 0 {
		t.Error("Changed was never called")
	}
}

// TestConcurrentBoardAndEval evaluates on one goroutine while others
// acknowledge, shelve, take out of service and reconfigure; the journal
// must stay continuous per alarm (events handed over in the order they
// were made) and the race detector quiet.
func TestConcurrentBoardAndEval(t *testing.T) {
	defs := fuzzDefs()
	fx := newFixture(t, alarms.Options{Horn: alarms.High}, defs...)
	plan := fx.plan(defs...)
	names := []string{"A", "Lo", "TagLim", "Dev", "Rate", "Dig", "BQ"}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(3)
	go func() {
		defer wg.Done()
		for i := range 2000 {
			fx.e.Eval([]tags.Update{
				{Name: "T", Value: tags.Value{V: fuzzValues[i%len(fuzzValues)]}},
				{Name: "SP", Value: tags.Value{V: 50.0}},
				{Name: "Lim", Value: tags.Value{V: 80.0}},
				{Name: "Run", Value: tags.Value{V: i%7 != 0}},
				{Name: "B", Value: tags.Value{V: i%3 == 0}},
			})
			if i%10 == 0 {
				fx.clk.Step(time.Second)
			}
		}
		close(stop)
	}()
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			_ = fx.e.Ack(names, alarms.Op{User: "op", Comment: "c"})
			_ = fx.e.Shelve(names[i%len(names)], time.Minute, op)
			_ = fx.e.Unshelve(names[(i+3)%len(names)], op)
			_ = fx.e.SetOutOfService(names[i%len(names)], i%2 == 0, op)
			fx.e.Silence(op)
		}
	}()
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			fx.e.Configure(plan)
			_ = fx.e.TagStates()
			_ = fx.e.Statuses()
			_ = fx.e.Horn()
		}
	}()
	wg.Wait()
	fx.events()
	if len(fx.all) < 100 {
		t.Fatalf("only %d events", len(fx.all))
	}
	checkJournal(t, fx.all)
}
