package alarms_test

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
)

var t0 = time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)

// testTags are the tags every engine test can read.
var testTags = []tags.Def{
	{Name: "T", Type: tags.Float},
	{Name: "SP", Type: tags.Float},
	{Name: "Lim", Type: tags.Float},
	{Name: "Run", Type: tags.Bool},
	{Name: "B", Type: tags.Bool},
}

// recorder is a Sink that keeps every event.
type recorder struct {
	mu  sync.Mutex
	evs []alarms.Event
}

func (r *recorder) Append(evs []alarms.Event) {
	r.mu.Lock()
	r.evs = append(r.evs, evs...)
	r.mu.Unlock()
}

// take returns the events since the last take.
func (r *recorder) take() []alarms.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	evs := r.evs
	r.evs = nil
	return evs
}

// fixture is an engine stepped by hand: values go in through Eval, time
// through the stepped clock followed by Eval(nil).
type fixture struct {
	t    testing.TB
	clk  *clocktest.Clock
	e    *alarms.Engine
	sink *recorder
	env  *tags.Env
	all  []alarms.Event // every event so far
	defs []alarms.Def   // as last configured
}

func newFixture(t testing.TB, opts alarms.Options, defs ...alarms.Def) *fixture {
	t.Helper()
	f := &fixture{t: t, clk: clocktest.New(t0), sink: &recorder{}, env: tags.NewEnv(testTags)}
	opts.Clock, opts.Sink = f.clk, f.sink
	f.e = alarms.NewEngine(opts)
	f.configure(defs...)
	return f
}

func (f *fixture) plan(defs ...alarms.Def) *alarms.Plan {
	f.t.Helper()
	known := func(name string) bool {
		return slices.ContainsFunc(testTags, func(d tags.Def) bool { return d.Name == name })
	}
	p, errs := alarms.Compile(defs, f.env, known)
	if err := errs.Err(); err != nil {
		f.t.Fatalf("compile: %v", err)
	}
	return p
}

func (f *fixture) configure(defs ...alarms.Def) {
	f.t.Helper()
	f.defs = defs
	f.e.Configure(f.plan(defs...))
}

// events returns the events since the last call as "alarm action from>to".
func (f *fixture) events() []string {
	var out []string
	for _, ev := range f.sink.take() {
		f.all = append(f.all, ev)
		out = append(out, ev.Status.Name+" "+string(ev.Action)+" "+ev.From+">"+ev.To)
	}
	return out
}

func (f *fixture) set(name string, v any) {
	f.e.Eval([]tags.Update{{Name: name, Value: tags.Value{V: v, Time: f.clk.Now()}}})
}

func (f *fixture) bad(name string) {
	f.e.Eval([]tags.Update{{Name: name, Value: tags.Value{Quality: tags.Bad, Reason: "comm failure", Time: f.clk.Now()}}})
}

func (f *fixture) step(d time.Duration) { f.clk.Step(d); f.e.Eval(nil) }

func (f *fixture) status(name string) alarms.Status {
	f.t.Helper()
	s, ok := f.e.Status(name)
	if !ok {
		f.t.Fatalf("no alarm %q", name)
	}
	return s
}

var op = alarms.Op{User: "operator"}

// run executes one line of a transition script against alarm "A":
//
//	T=91      publish a value (a number, true/false, bad, nan, or text)
//	+5s       step the clock
//	ack       acknowledge A (ack: some text: with a comment)
//	shelve 1h, unshelve, oos, ins, silence
//
// and returns the error of an operator action.
func (f *fixture) run(cmd string) error {
	switch {
	case strings.HasPrefix(cmd, "+"):
		d, err := time.ParseDuration(cmd[1:])
		if err != nil {
			f.t.Fatalf("bad step %q", cmd)
		}
		f.step(d)
	case cmd == "ack":
		return f.e.Ack([]string{"A"}, op)
	case strings.HasPrefix(cmd, "ack:"):
		return f.e.Ack([]string{"A"}, alarms.Op{User: "operator", Comment: cmd[4:]})
	case strings.HasPrefix(cmd, "shelve "):
		d, err := time.ParseDuration(cmd[7:])
		if err != nil {
			f.t.Fatalf("bad shelve %q", cmd)
		}
		return f.e.Shelve("A", d, op)
	case cmd == "unshelve":
		return f.e.Unshelve("A", op)
	case cmd == "oos":
		return f.e.SetOutOfService("A", true, op)
	case cmd == "ins":
		return f.e.SetOutOfService("A", false, op)
	case cmd == "silence":
		f.e.Silence(op)
	case strings.Contains(cmd, "="):
		name, val, _ := strings.Cut(cmd, "=")
		switch val {
		case "bad":
			f.bad(name)
		case "nan":
			f.set(name, math.NaN())
		case "true", "false":
			f.set(name, val == "true")
		default:
			if x, err := strconv.ParseFloat(val, 64); err == nil {
				f.set(name, x)
			} else {
				f.set(name, val)
			}
		}
	default:
		f.t.Fatalf("unknown script command %q", cmd)
	}
	return nil
}

// script runs lines "command -> event; event" (or "command -> error"),
// checking the events each command produced (alarm A's, without the name),
// and "state X" / "horn on|off" assertions.
func (f *fixture) script(lines []string) {
	f.t.Helper()
	for i, line := range lines {
		cmd, want, _ := strings.Cut(line, " -> ")
		cmd = strings.TrimSpace(cmd)
		if s, ok := strings.CutPrefix(cmd, "state "); ok {
			if got := f.status("A").Shown(); got != s {
				f.t.Fatalf("line %d %q: shown %q, want %q", i+1, line, got, s)
			}
			continue
		}
		if s, ok := strings.CutPrefix(cmd, "horn "); ok {
			if got := f.e.Horn(); got != (s == "on") {
				f.t.Fatalf("line %d %q: horn %v", i+1, line, got)
			}
			continue
		}
		err := f.run(cmd)
		if want == "error" {
			if err == nil {
				f.t.Fatalf("line %d %q: no error", i+1, line)
			}
			want = ""
		} else if err != nil {
			f.t.Fatalf("line %d %q: %v", i+1, line, err)
		}
		var got []string
		for _, ev := range f.events() {
			got = append(got, strings.TrimPrefix(ev, "A "))
		}
		var w []string
		for ev := range strings.SplitSeq(want, ";") {
			if ev = strings.TrimSpace(ev); ev != "" {
				w = append(w, ev)
			}
		}
		if !slices.Equal(got, w) {
			f.t.Fatalf("line %d %q:\n got events %q\nwant        %q", i+1, line, got, w)
		}
	}
}

func limitDef(lim float64, dir alarms.Dir) alarms.Def {
	return alarms.Def{Name: "A", Kind: alarms.Limit, Input: "T", Dir: dir, Limit: alarms.Ref{Value: lim},
		Ack: true, Priority: alarms.High, Message: "T high"}
}

func fmtEvent(ev alarms.Event) string {
	return fmt.Sprintf("%s %s %s>%s at %s", ev.Status.Name, ev.Action, ev.From, ev.To, ev.Time.Sub(t0))
}
