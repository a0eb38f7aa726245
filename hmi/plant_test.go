package hmi_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/drivers"
	modbuspeer "github.com/gohmi/gohmi/testpeers/modbus"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// plantDir is the example project on real connections.
const plantDir = "../screens/plant"

// plantTags are the tags of each connection of screens/plant, with the
// values the test devices start with (FQ101.Total, a counter, is checked
// apart).
var (
	plcStart = map[string]any{
		"TK201.Level": 3.25, "TK202.Level": 3.25, "FT201.Flow": 10.0, "P201.Run": true, "P201.Fault": false,
		"P201.Auto": true, "P201.SpeedSP": 50.0, "P201.Hours": int64(54321),
	}
	uaStart = map[string]any{"TK101.Level": 50.0, "XV101.Open": true, "Batch.Name": "hello"}
)

// TestPlant runs screens/plant headless against the libmodbus device and
// the node-opcua server: the devices' values arrive Good and are shown,
// writes reach the devices, and a Modbus device that dies turns only its
// own tags Bad, with a reason, until it is back.
//
//	LANG=en_US.UTF-8 CGO_ENABLED=0 go test -tags migrated_fynedo ./hmi -run Plant -v
func TestPlant(t *testing.T) {
	dir, plc, _ := startPlant(t)
	rt := started(t, dir, "overview")
	db := rt.DB()

	// Every tag Good with the devices' exact values.
	for name, want := range merge(plcStart, uaStart) {
		waitTag(t, db, name, func(v tags.Value) bool { return v.Quality == tags.Good && v.V == want })
	}
	ramp := waitTag(t, db, "FQ101.Total", good)
	waitTag(t, db, "FQ101.Total", func(v tags.Value) bool { return good(v) && v.V.(float64) > ramp.V.(float64) })

	// The widgets show them.
	for id, want := range map[string]string{
		"li201": "3.25", "li202": "3.25", "ft201": "10.0", "li101": "50.0", "p201_hours": "54321", "batch": "Batch hello",
	} {
		eventually(t, id+" shows "+want, func() bool { return strings.Contains(shown(rt, "overview", id), want) })
	}
	for _, id := range []string{"tk201", "tk202", "tk101", "p201", "p201_run", "p201_fault", "xv101", "xv101_open"} {
		eventually(t, id+" good", func() bool { st, _ := status(rt, "overview", id); return st == symbol.Good })
	}
	fq := shown(rt, "overview", "fq101")
	eventually(t, "FQ-101 counts", func() bool { return shown(rt, "overview", "fq101") != fq })

	t.Run("writes reach the devices", func(t *testing.T) { plantWrites(t, rt, dir) })

	// The PLC dies: its tags turn Bad with a reason, the OPC UA ones go on.
	plc.Stop()
	killed := time.Now()
	for name := range plcStart {
		v := waitTag(t, db, name, func(v tags.Value) bool { return v.Quality == tags.Bad })
		if !strings.HasPrefix(v.Reason, "comm failure: ") {
			t.Errorf("%s after the kill: %v, want Bad with a comm failure", name, v)
		}
	}
	t.Logf("every PLC tag Bad %v after the kill (scan 250ms)", time.Since(killed).Round(time.Millisecond))
	eventually(t, "LI-201 shows BAD", func() bool { return strings.Contains(shown(rt, "overview", "li201"), "BAD") })
	if st, why := status(rt, "overview", "tk201"); st != symbol.Bad || !strings.Contains(why, "comm failure") {
		t.Errorf("TK-201 while the PLC is down: %v %q", st, why)
	}
	before, _ := db.Get("FQ101.Total")
	waitTag(t, db, "FQ101.Total", func(v tags.Value) bool { return good(v) && v.V.(float64) > before.V.(float64) })
	for name := range uaStart {
		if v, _ := db.Get(name); !good(v) {
			t.Errorf("%s while the PLC is down: %v, want Good", name, v)
		}
	}
	if st, _ := status(rt, "overview", "tk101"); st != symbol.Good {
		t.Errorf("TK-101 while the PLC is down: %v", st)
	}

	// Back on the same port: Good again without restarting the runtime,
	// with the device's fresh values (the written setpoint is gone).
	// A failed reconnect, not only the dropped connection, before the PLC
	// comes back: the reason then tells of the refused dial.
	for name := range plcStart {
		waitTag(t, db, name, func(v tags.Value) bool {
			return v.Quality == tags.Bad && strings.Contains(v.Reason, "connection refused")
		})
	}
	plc.Restart()
	restarted := time.Now()
	for name, want := range plcStart {
		waitTag(t, db, name, func(v tags.Value) bool { return good(v) && v.V == want })
	}
	t.Logf("every PLC tag Good %v after the restart", time.Since(restarted).Round(time.Millisecond))
	eventually(t, "LI-201 shows 3.25 again", func() bool { return strings.Contains(shown(rt, "overview", "li201"), "3.25") })
}

// plantWrites writes the PLC's speed setpoint through the Controls entry
// and the OPC UA level through the tag database, and reads both back from
// the devices with a fresh ProbeTags.
func plantWrites(t *testing.T, rt *hmi.Runtime, dir string) {
	rt.UI(func() { _ = rt.Navigate("controls") })
	var entry *widget.Entry
	rt.UI(func() {
		for _, o := range test.LaidOutObjects(rt.Scene("controls").Widget("p201_sp").Object) {
			if e, ok := o.(*widget.Entry); ok {
				entry = e
			}
		}
	})
	if entry == nil {
		t.Fatal("no entry in p201_sp")
	}
	eventually(t, "entry shows the setpoint", func() bool {
		var s string
		rt.UI(func() { s = entry.Text })
		return s == "50"
	})
	submit := func(s string) { rt.UI(func() { entry.SetText(s); entry.OnSubmitted(entry.Text) }) }
	submit("120")
	if s := shown(rt, "controls", "p201_sp"); !strings.Contains(s, "120 is above the maximum 100") {
		t.Errorf("after 120: %q", s)
	}
	submit("75")
	waitTag(t, rt.DB(), "P201.SpeedSP", func(v tags.Value) bool { return good(v) && v.V == 75.0 })
	if err := rt.DB().Write(context.Background(), "TK101.Level", 62.5); err != nil {
		t.Fatalf("write TK101.Level: %v", err)
	}
	waitTag(t, rt.DB(), "TK101.Level", func(v tags.Value) bool { return good(v) && v.V == 62.5 })
	rt.UI(func() { _ = rt.Navigate("overview") })

	got := probe(t, dir)
	for name, want := range map[string]any{"P201.SpeedSP": 75.0, "TK101.Level": 62.5} {
		if r := got[name]; r.Quality != "good" || r.Value != want {
			t.Errorf("%s read back from the device: %+v, want %v", name, r, want)
		}
	}
}

// startPlant starts both devices on free ports and returns a copy of
// screens/plant that points at them.
func startPlant(t *testing.T) (dir string, plc *modbuspeer.Peer, ua *opcuapeer.Peer) {
	t.Helper()
	plc = modbuspeer.Start(t)
	ua = opcuapeer.Start(t, opcuapeer.Options{PKI: "hmi"})
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(plantDir)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, hmi.ProjectFile)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	yaml := string(src)
	for from, to := range map[string]string{`"127.0.0.1:15020"`: `"` + plc.Addr + `"`, `"opc.tcp://127.0.0.1:14840"`: `"` + ua.Endpoint + `"`} {
		if strings.Count(yaml, from) != 1 {
			t.Fatalf("%s: want %s once", plantDir, from)
		}
		yaml = strings.Replace(yaml, from, to, 1)
	}
	if err := os.WriteFile(file, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, plc, ua
}

// probe reads every tag of the project in dir as `hmi tags --once` does.
func probe(t *testing.T, dir string) map[string]hmi.Reading {
	t.Helper()
	p, err := hmi.Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	got := map[string]hmi.Reading{}
	err = hmi.ProbeTags(ctx, p, hmi.ProbeOptions{Wait: 10 * time.Second}, func(rs []hmi.Reading) {
		for _, r := range rs {
			got[r.Name] = r
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// waitTag waits (generously) until cond holds for the tag and returns its value.
func waitTag(t *testing.T, db *tags.DB, name string, cond func(tags.Value) bool) tags.Value {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, ok := db.Get(name)
		if !ok {
			t.Fatalf("no tag %s", name)
		}
		if cond(v) {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %v (%T) after 15s", name, v, v.V)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func good(v tags.Value) bool { return v.Quality == tags.Good }

func status(rt *hmi.Runtime, screen, id string) (st symbol.Status, why string) {
	rt.UI(func() { st, why = rt.Scene(screen).Widget(id).Status() })
	return st, why
}

func merge(ms ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}
