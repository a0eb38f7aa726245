package hmi_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
)

// editFile replaces from by to in a project file, which must hold from.
func editFile(t *testing.T, dir, file, from, to string) {
	t.Helper()
	path := filepath.Join(dir, file)
	src, err := os.ReadFile(path)
	must(t, err)
	if !strings.Contains(string(src), from) {
		t.Fatalf("%s has no %q", file, from)
	}
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), from, to, 1)), 0o644))
}

// value waits until the tag's value is want: the simulator publishes every
// tick, so a value that stays wrong is a real failure.
func value(t *testing.T, rt *hmi.Runtime, name string, want any) {
	t.Helper()
	var got tags.Value
	eventually(t, fmt.Sprintf("%s = %v (%T)", name, want, want), func() bool {
		got, _ = rt.DB().Get(name)
		return got.V == want && got.Quality == tags.Good
	})
}

// TestReloadKeepsOperatorValues: a setpoint written to 33 (initial 75), the
// night display switched on, counters that counted: editing hmi.yaml —
// adding a tag, editing one, removing one — restarts no connection and
// loses none of them. Retyping a tag resets that tag (its old value has no
// meaning in the new type); a new seed or tick of the simulator is a change
// of the connection's own settings, and only that restarts it.
func TestReloadKeepsOperatorValues(t *testing.T) {
	dir := copyDemo(t)
	clk := clocktest.New(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
	rt := startedWith(t, dir, "overview", hmi.Options{Watch: hmi.WatchOff, Clock: clk})
	ctx := context.Background()
	must(t, rt.DB().Write(ctx, "Pump1.SpeedSP", 33.0))
	must(t, rt.DB().Write(ctx, "Settings.NightMode", true))
	clk.Step(25 * time.Second)
	value(t, rt, "Comm.Heartbeat", int64(25))
	value(t, rt, "Pump1.Hours", int64(2))

	survived := func(step string, heartbeat int64) {
		t.Helper()
		clk.Step(time.Second) // the counters go on from where they were
		value(t, rt, "Comm.Heartbeat", heartbeat)
		for name, want := range map[string]any{"Pump1.SpeedSP": 33.0, "Settings.NightMode": true, "Pump1.Hours": int64(2)} {
			if v, _ := rt.DB().Get(name); v.V != want {
				t.Errorf("%s: %s = %v, want %v", step, name, v.V, want)
			}
		}
	}
	reload := func(step string) hmi.ReloadEvent {
		t.Helper()
		ev := rt.Reload(hmi.Batch{Files: []string{"hmi.yaml"}})
		if !ev.Applied {
			t.Fatalf("%s: reload refused: %v", step, ev.Errors)
		}
		return ev
	}

	editFile(t, dir, "hmi.yaml", "  # --- settings ---", "  - { name: Extra.Count, type: int, signal: { kind: counter, period: 1s } }\n  # --- settings ---")
	reload("add a tag")
	value(t, rt, "Extra.Count", int64(0)) // counts from when it was added
	survived("add a tag", 26)
	value(t, rt, "Extra.Count", int64(1))

	editFile(t, dir, "hmi.yaml", `unit: "m³/h", signal: { kind: random`, `unit: "l/s", signal: { kind: random`)
	reload("edit a unit")
	survived("edit a unit", 27)

	editFile(t, dir, "hmi.yaml", "  - { name: Extra.Count, type: int, signal: { kind: counter, period: 1s } }\n", "")
	reload("remove a tag")
	if _, ok := rt.DB().Get("Extra.Count"); ok {
		t.Error("Extra.Count still defined after its removal")
	}
	survived("remove a tag", 28)

	// Retyping resets that tag, documented: it starts again from its
	// initial value in the new type.
	must(t, rt.DB().Write(ctx, "Tank1.Setpoint", 44.5))
	value(t, rt, "Tank1.Setpoint", 44.5)
	editFile(t, dir, "hmi.yaml", "{ name: Tank1.Setpoint, type: float,", "{ name: Tank1.Setpoint, type: int,")
	reload("retype a tag")
	value(t, rt, "Tank1.Setpoint", int64(70))
	survived("retype a tag", 29)

	// A change of the connection's own settings restarts it: state resets.
	editFile(t, dir, "hmi.yaml", "sim: { seed: 7, tick: 100ms }", "sim: { seed: 8, tick: 100ms }")
	reload("new seed")
	value(t, rt, "Pump1.SpeedSP", 75.0)
	value(t, rt, "Settings.NightMode", false)
	value(t, rt, "Comm.Heartbeat", int64(0))
}

// TestReloadRestartsOnlyItsConnection: a Modbus connection's driver cannot
// take new tags in place, so adding one, or changing its settings,
// restarts that connection and never the simulator next to it.
func TestReloadRestartsOnlyItsConnection(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "hmi.yaml", `
name: Mixed
start: main
connections:
  - { name: sim, type: sim }
  - { name: plc, type: modbus, modbus: { address: "127.0.0.1:1", timeout: 100ms, scan: 100ms } }
tags:
  - { name: SP, connection: sim, type: float, writable: true, signal: { kind: memory, initial: 75 } }
  - { name: Beat, connection: sim, type: int, signal: { kind: counter, period: 1s } }
  - { name: Plc.Level, connection: plc, type: float, address: "hr:0" }
`)
	write(t, dir, "screens/main.gopage", `
screen: main
root: { type: column, children: [ { type: value, id: sp, value: SP }, { type: value, id: beat, value: Beat } ] }
`)
	clk := clocktest.New(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
	rt := startedWith(t, dir, "main", hmi.Options{Watch: hmi.WatchOff, Clock: clk})
	must(t, rt.DB().Write(context.Background(), "SP", 33.0))
	clk.Step(5 * time.Second)
	value(t, rt, "Beat", int64(5))
	beat := int64(5)
	for _, edit := range []struct{ name, from, to string }{
		{"add a Modbus tag", `  - { name: Plc.Level`, `  - { name: Plc.Temp, connection: plc, type: float, address: "hr:2" }` + "\n  - { name: Plc.Level"},
		{"new Modbus settings", "timeout: 100ms", "timeout: 200ms"},
	} {
		editFile(t, dir, "hmi.yaml", edit.from, edit.to)
		if ev := rt.Reload(hmi.Batch{Files: []string{"hmi.yaml"}}); !ev.Applied {
			t.Fatalf("%s: %+v", edit.name, ev)
		}
		// The new tag is the restarted driver's: it is polled, and fails.
		eventually(t, edit.name+": Plc.Temp polled", func() bool {
			v, _ := rt.DB().Get("Plc.Temp")
			return v.Quality == tags.Bad && strings.Contains(v.Reason, "comm failure")
		})
		clk.Step(time.Second)
		beat++
		value(t, rt, "Beat", beat)
		if v, _ := rt.DB().Get("SP"); v.V != 33.0 {
			t.Errorf("%s: SP = %v, want 33: the simulator was restarted", edit.name, v.V)
		}
	}
}
