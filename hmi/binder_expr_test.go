package hmi_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/logtest"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestCheckRejectsNonScalarExpressions: an expression whose result is a
// list, a map or a time cannot be shown; check refuses it at the place
// where the expression starts, whatever property holds it.
func TestCheckRejectsNonScalarExpressions(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "hmi.yaml", `
name: NonScalar
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Tank1.Level, connection: sim, writable: true, signal: { kind: memory, initial: 40 } }
`)
	write(t, dir, "screens/main.gopage", `screen: main
root:
  type: column
  children:
    - { type: value, id: list, value: "[Tank1.Level, 1]" }
    - { type: value, id: map, value: "{a: Tank1.Level}" }
    - { type: label, id: text, text: "Level {1..3} %" }
    - { type: label, id: cls, text: x, class: { alarm: "[1]" } }
    - { type: label, id: vis, text: x, visible: "now()" }
    - { type: value, id: ok, value: "len([Tank1.Level, 1])" }
`)
	_, err := hmi.Load(dir, drivers.Kinds())
	want := []string{
		"main.gopage:5:40: expression gives a list, not a bool, number or text",
		"main.gopage:6:39: expression gives a map, not a bool, number or text",
		"main.gopage:7:46: expression gives a list, not a bool, number or text",
		"main.gopage:8:57: expression gives a list, not a bool, number or text",
		"main.gopage:9:50: expression gives a time, not a bool, number or text",
	}
	got := errorLines(err)
	if len(got) != len(want) {
		t.Fatalf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasSuffix(got[i], want[i]) {
			t.Errorf("error %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
}

// startedLogging is started with the runtime's log kept for the test.
func startedLogging(t *testing.T, dir, start string) (*hmi.Runtime, *logtest.Buffer) {
	t.Helper()
	logs := &logtest.Buffer{}
	rt := startedWith(t, dir, start, hmi.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	return rt, logs
}

// TestBadBindingsShowBad: expressions that pass check but fail when
// evaluated (a list known only at run time, a division by zero, NaN, a
// budget) never take the panel down: each widget shows Bad with the
// reason, the others keep working, and each error is logged once, at the
// expression's file:line:col, however often its tags change.
func TestBadBindingsShowBad(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "hmi.yaml", `
name: BadBindings
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Level, connection: sim, writable: true, signal: { kind: memory, initial: 40 } }
`)
	write(t, dir, "screens/main.gopage", `screen: main
root:
  type: column
  children:
    - { type: value, id: list, value: "get({a: [Level]}, 'a')" }
    - { type: value, id: inf, value: "Level / 0" }
    - { type: value, id: nan, value: "0 / (Level - Level)" }
    - { type: label, id: big, text: "x{repeat('x', 100000000 + int(Level))}" }
    - { type: label, id: cls, text: x, class: { alarm: "get({a: [Level]}, 'a')" } }
    - { type: label, id: long, text: "{repeat('x', 1000)}{repeat('y', 1000)}" }
    - { type: value, id: good, value: "Level * 2" }
`)
	rt, logs := startedLogging(t, dir, "main")
	status := func(id string) (symbol.Status, string) {
		var st symbol.Status
		var why string
		rt.UI(func() { st, why = rt.Scene("main").Widget(id).Status() })
		return st, why
	}
	for level := 41.0; level <= 45; level++ {
		if err := rt.DB().Write(context.Background(), "Level", level); err != nil {
			t.Fatal(err)
		}
		eventually(t, "good widget follows", func() bool {
			return strings.Contains(shown(rt, "main", "good"), tags.Format(level*2, 1))
		})
	}
	for id, want := range map[string]string{
		"list": "result is a list, not a bool, number or text",
		"inf":  "result is +Inf (a division by zero?)",
		"nan":  "result is not a number (NaN)",
		"big":  "repeat: text of 100000045 bytes is longer than 1024 (memory budget exceeded)",
		"cls":  "result is a list, not a bool, number or text",
		"long": "the text's expressions give more than 1024 bytes together",
	} {
		st, why := status(id)
		if st != symbol.Bad || why != want {
			t.Errorf("%s: status %v %q, want bad %q", id, st, why, want)
		}
	}
	if s := shown(rt, "main", "inf"); !strings.Contains(s, "BAD") {
		t.Errorf("inf reads %q, want BAD", s)
	}
	if s := shown(rt, "main", "big"); s != "x???" {
		t.Errorf("big reads %q, want x???", s)
	}
	log := logs.String()
	for _, want := range []string{
		`at=` + dir + `/screens/main.gopage:5:40 err="result is a list, not a bool, number or text"`,
		`at=` + dir + `/screens/main.gopage:6:39 err="result is +Inf (a division by zero?)"`,
		`at=` + dir + `/screens/main.gopage:7:39 err="result is not a number (NaN)"`,
		`at=` + dir + `/screens/main.gopage:8:40 err="repeat: text of 1000000`,
		`at=` + dir + `/screens/main.gopage:9:57 err="result is a list, not a bool, number or text"`,
		`at=` + dir + `/screens/main.gopage:10:59 err="the text's expressions give more than 1024 bytes together"`,
	} {
		if n := strings.Count(log, want); n != 1 {
			t.Errorf("logged %d times, want once: %s\nlog:\n%s", n, want, log)
		}
	}
}

// TestNoValueIsNoExpressionError: an expression reading a tag that has no
// value (its device fails: Bad, nothing read yet) computes with that tag's
// zero, and "SP / Plc.Level" would be +Inf: not the expression's error.
// The widgets show Bad with the tag's reason, nothing is logged, and the
// widgets of tags with values work beside them.
func TestNoValueIsNoExpressionError(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "hmi.yaml", `
name: NoValue
start: main
connections:
  - { name: sim, type: sim }
  - { name: plc, type: modbus, modbus: { address: "127.0.0.1:1", timeout: 100ms, scan: 100ms } }
tags:
  - { name: SP, connection: sim, type: float, writable: true, signal: { kind: memory, initial: 75 } }
  - { name: Plc.Level, connection: plc, type: float, address: "hr:0" }
`)
	write(t, dir, "screens/main.gopage", `screen: main
root:
  type: column
  children:
    - { type: value, id: ratio, value: "SP / Plc.Level" }
    - { type: label, id: text, text: "{0 / (Plc.Level - Plc.Level)} %" }
    - { type: value, id: good, value: "SP * 2" }
`)
	rt, logs := startedLogging(t, dir, "main")
	eventually(t, "Plc.Level polled, and failing", func() bool {
		v, _ := rt.DB().Get("Plc.Level")
		return v.Quality == tags.Bad && strings.Contains(v.Reason, "comm failure")
	})
	must(t, rt.DB().Write(context.Background(), "SP", 80.0)) // a batch after the failure
	eventually(t, "good widget follows", func() bool { return strings.Contains(shown(rt, "main", "good"), "160") })
	for _, id := range []string{"ratio", "text"} {
		var st symbol.Status
		var why string
		rt.UI(func() { st, why = rt.Scene("main").Widget(id).Status() })
		if st != symbol.Bad || !strings.HasPrefix(why, "Plc.Level: ") {
			t.Errorf("%s: status %v %q, want bad with Plc.Level's reason", id, st, why)
		}
	}
	if log := logs.String(); strings.Contains(log, "expression failed") {
		t.Errorf("an expression error was logged for a tag with no value:\n%s", log)
	}
}
