package hmi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/tags/drivers"
)

const runtimeAlarmProject = `name: Alarm test
start: main
connections:
  - { name: sim, type: sim }
tags:
  - { name: Tank.Level, type: float, writable: true, signal: { kind: memory, initial: 50 } }
  - { name: Tank.Temp, type: float, writable: true, signal: { kind: memory, initial: 20 } }
  - { name: Horn, type: bool, writable: true, signal: { kind: memory, initial: false } }
horn: { tag: Horn, priority: high }
alarms:
  - tag: Tank.Level
    hi: { limit: 80, priority: high }
    deadband: 2
    area: Tanks
    message: "Tank level MSG {Tank.Level} %"
`

const runtimeAlarmScreen = `screen: main
size: 800x480
root:
  type: canvas
  children:
    - { type: tank, id: tank, value: Tank.Level, max: 100, x: 10, y: 60, w: 100, h: 200 }
    - { type: value, id: temp, value: Tank.Temp, x: 150, y: 60 }
    - { type: alarm-banner, id: banner, x: 10, y: 10, w: 780, h: 40 }
    - { type: alarm-summary, id: summary, x: 150, y: 120, w: 640, h: 350 }
`

func writeAlarmProject(t *testing.T, message string) string {
	t.Helper()
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "screens"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte(strings.Replace(runtimeAlarmProject, "MSG", message, 1)), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "screens", "main.gopage"), []byte(runtimeAlarmScreen), 0o644))
	return dir
}

// runAlarmProject runs the project in dir with its journal in data until
// the returned stop is called (or the test ends).
func runAlarmProject(t testing.TB, dir, data string) (*hmi.Runtime, func()) {
	t.Helper()
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(800, 480))
	rt, stop := runRuntime(t, p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff, DataDir: data})
	eventually(t, "start screen shown", func() bool { return rt.Current() == "main" })
	return rt, stop
}

func journaled(t *testing.T, data string) []alarms.Event {
	t.Helper()
	r, err := journal.OpenReader(data)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	evs, err := r.Events(alarms.Query{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// TestAlarmsInTheRuntime follows one alarm through the runtime: a value
// over its limit activates it (journaled, on the banner and the summary,
// the tank in :alarm and :alarm-unack, the horn on), an acknowledgement
// silences the horn, an edited message keeps the acknowledged state, and
// after a restart the alarm is still acknowledged.
func TestAlarmsInTheRuntime(t *testing.T) {
	dir := writeAlarmProject(t, "high")
	data := t.TempDir()
	rt, stop := runAlarmProject(t, dir, data)
	const name = "Tank.Level.Hi"
	status := func() alarms.Status {
		s, _ := rt.Alarms().Status(name)
		return s
	}
	tankState := func() (a render.AlarmState) {
		rt.UI(func() { a = rt.Scene("main").Widget("tank").AlarmState() })
		return a
	}
	horn := func() bool { v, _ := rt.DB().Get("Horn"); return v.V == true }

	must(t, rt.DB().Write(context.Background(), "Tank.Level", 85.0))
	eventually(t, "the alarm active and unacknowledged", func() bool { return status().State == alarms.ActiveUnack })
	eventually(t, "the tank in :alarm and :alarm-unack", func() bool { return tankState() == render.AlarmState{Alarm: true, Unack: true} })
	eventually(t, "the banner naming the alarm", func() bool { return strings.Contains(shown(rt, "main", "banner"), "Tank level high 85 %") })
	eventually(t, "the summary listing it", func() bool { return strings.Contains(shown(rt, "main", "summary"), "Tank level high 85 %") })
	eventually(t, "the horn on", horn)
	if s := (func() (a render.AlarmState) {
		rt.UI(func() { a = rt.Scene("main").Widget("temp").AlarmState() })
		return a
	})(); s != (render.AlarmState{}) {
		t.Errorf("the temperature (no alarm on its tag) shows %+v", s)
	}

	// GET /alarms lists it.
	rec := httptest.NewRecorder()
	rt.StatusHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/alarms", nil))
	var got hmi.AlarmsStatus
	must(t, json.Unmarshal(rec.Body.Bytes(), &got))
	if got.Active != 1 || got.Unacked != 1 || len(got.Alarms) != 1 || got.Alarms[0].Name != name || got.Alarms[0].State != "active-unack" ||
		got.Alarms[0].Limit == nil || *got.Alarms[0].Limit != 80 || got.Alarms[0].Priority != "high" {
		t.Errorf("/alarms = %s", rec.Body)
	}

	must(t, rt.Alarms().Ack([]string{name}, alarms.Op{User: "operator", Comment: "seen"}))
	eventually(t, "the horn off after the acknowledgement", func() bool { return !horn() })
	eventually(t, "the tank no longer unacknowledged", func() bool { return tankState() == render.AlarmState{Alarm: true} })

	// An edited message keeps the acknowledged state.
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte(strings.Replace(runtimeAlarmProject, "MSG", "too high", 1)), 0o644))
	if ev := rt.Reload(hmi.Batch{Files: []string{"hmi.yaml"}}); !ev.Applied {
		t.Fatalf("reload refused: %v", ev.Errors)
	}
	if s := status(); s.State != alarms.ActiveAck || !strings.Contains(s.Message, "too high") {
		t.Errorf("after the reload the alarm is %s with %q, want active-ack with the new message", s.State, s.Message)
	}
	stop()

	evs := journaled(t, data)
	var actions []string
	for i := len(evs) - 1; i >= 0; i-- {
		actions = append(actions, string(evs[i].Action)+":"+evs[i].To)
	}
	if want := "activate:active-unack ack:active-ack"; !strings.HasPrefix(strings.Join(actions, " "), want) {
		t.Errorf("journal %v, want it to start with %s", actions, want)
	}
	for _, ev := range evs {
		if ev.Action == alarms.Acknowledge && (ev.User != "operator" || ev.Comment != "seen") {
			t.Errorf("ack journaled by %q with %q", ev.User, ev.Comment)
		}
	}

	// A restart restores the acknowledged state from the journal: the
	// value (a memory tag) starts at 50 again, so the alarm returns, from
	// acknowledged to normal: never unacknowledged again.
	rt2, _ := runAlarmProject(t, dir, data)
	s, _ := rt2.Alarms().Status(name)
	if s.State != alarms.ActiveAck && s.State != alarms.Normal {
		t.Errorf("after the restart the alarm is %s", s.State)
	}
	eventually(t, "the restored alarm returning to normal", func() bool {
		s, _ := rt2.Alarms().Status(name)
		return s.State == alarms.Normal
	})
	if v, _ := rt2.DB().Get("Horn"); v.V == true {
		t.Error("the horn sounds after the restart")
	}
}
