package hmi_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/hmi"
)

// TestReloadAlarmFiles: an edited, added or deleted alarm file is a change
// the reload reports and takes; a bad one is refused with its position; a
// save without changes does nothing.
func TestReloadAlarmFiles(t *testing.T) {
	dir := copyDemo(t)
	rt := startedWith(t, dir, "overview", hmi.Options{Watch: hmi.WatchOff})
	before := len(rt.Project().Alarms)
	reload := func(step string, files ...string) hmi.ReloadEvent {
		t.Helper()
		ev := rt.Reload(hmi.Batch{Files: files})
		if !slices.Equal(ev.Files, files) {
			t.Fatalf("%s: changed files %v, want %v", step, ev.Files, files)
		}
		return ev
	}

	editFile(t, dir, "alarms/tanks.yaml", "hihi: 95", "hihi: 96")
	if ev := reload("edit", "alarms/tanks.yaml"); !ev.Applied {
		t.Fatalf("edit refused: %v", ev.Errors)
	}
	i := slices.IndexFunc(rt.Project().Alarms, func(d alarms.Def) bool { return d.Name == "Tank1.Level.HiHi" })
	if i < 0 || rt.Project().Alarms[i].Limit.Value != 96 {
		t.Errorf("after the edit: Tank1.Level.HiHi is not at 96: %+v", rt.Project().Alarms)
	}

	if ev := rt.Reload(hmi.Batch{Files: []string{"alarms/tanks.yaml"}}); len(ev.Files) != 0 {
		t.Errorf("a file saved unchanged reloaded: %+v", ev)
	}

	writeFile(t, dir, "alarms/extra.json", `{"alarms": [{"name": "Extra", "when": "Settings.Maintenance"}]}`)
	if ev := reload("add", "alarms/extra.json"); !ev.Applied || len(rt.Project().Alarms) != before+1 {
		t.Fatalf("add: applied %v, %d alarms, want %d: %v", ev.Applied, len(rt.Project().Alarms), before+1, ev.Errors)
	}

	editFile(t, dir, "alarms/extra.json", "Settings.Maintenance", "Settings.Maintenanse")
	ev := reload("bad", "alarms/extra.json")
	want := filepath.Join(dir, "alarms/extra.json") + `:1:40: when: unknown tag "Settings.Maintenanse", did you mean "Settings.Maintenance"?`
	if ev.Applied || len(ev.Errors) != 1 || ev.Errors[0] != want {
		t.Fatalf("bad file: applied %v, errors %q, want %q", ev.Applied, ev.Errors, want)
	}
	if !strings.Contains(strings.Join(rt.BannerErrors(), "\n"), "Maintenanse") {
		t.Errorf("banner = %q", rt.BannerErrors())
	}
	if n := len(rt.Project().Alarms); n != before+1 {
		t.Errorf("a refused reload changed the alarms: %d, want %d", n, before+1)
	}

	must(t, os.Remove(filepath.Join(dir, "alarms/extra.json")))
	if ev := reload("delete", "alarms/extra.json"); !ev.Applied || len(rt.Project().Alarms) != before {
		t.Fatalf("delete: applied %v, %d alarms, want %d: %v", ev.Applied, len(rt.Project().Alarms), before, ev.Errors)
	}
}
