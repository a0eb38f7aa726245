package alarms_test

import (
	"fmt"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
)

// printSink prints each event as a journal would record it.
type printSink struct{ start time.Time }

func (p printSink) Append(evs []alarms.Event) {
	for _, ev := range evs {
		fmt.Printf("+%v %s %s>%s %q value %s", ev.Time.Sub(p.start), ev.Action, ev.From, ev.To,
			ev.Status.Message, ev.Status.Value)
		if ev.User != "" {
			fmt.Print(" by ", ev.User)
		}
		fmt.Println()
	}
}

// A high-level alarm with a 5 s on-delay and a deadband of 2, stepped by
// a test clock: Eval takes tag values, Eval(nil) fires what the clock made
// due.
func ExampleEngine() {
	env := tags.NewEnv([]tags.Def{{Name: "Tank1.Level", Type: tags.Float}})
	plan, errs := alarms.Compile([]alarms.Def{{
		Name: "Tank1.High", Kind: alarms.Limit, Input: "Tank1.Level", Dir: alarms.Above,
		Limit: alarms.Ref{Value: 90}, Deadband: 2, OnDelay: 5 * time.Second,
		Ack: true, Priority: alarms.High, Message: "Tank 1 high: {Tank1.Level} %",
	}}, env, func(string) bool { return true })
	if err := errs.Err(); err != nil {
		fmt.Println(err)
		return
	}
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(start)
	e := alarms.NewEngine(alarms.Options{Clock: clk, Sink: printSink{start}})
	e.Configure(plan)
	level := func(v float64) {
		e.Eval([]tags.Update{{Name: "Tank1.Level", Value: tags.Value{V: v}}})
	}

	level(93.5)
	clk.Step(5 * time.Second)
	e.Eval(nil) // the on-delay ran out
	_ = e.Ack([]string{"Tank1.High"}, alarms.Op{User: "operator"})
	level(89) // inside the limit, not by the deadband: still active
	level(88)
	// Output:
	// +5s activate normal>active-unack "Tank 1 high: 93.5 %" value 93.5
	// +5s ack active-unack>active-ack "Tank 1 high: 93.5 %" value 93.5 by operator
	// +5s return active-ack>normal "Tank 1 high: 93.5 %" value 88
}
