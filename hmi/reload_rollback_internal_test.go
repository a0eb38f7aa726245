package hmi

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/drivers"
)

// runDemo runs a copy of the demo project headless, without a watcher.
func runDemo(t *testing.T) (*Runtime, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../screens/demo")); err != nil {
		t.Fatal(err)
	}
	// Every tag names its connection, so that a second one can be added.
	src, err := os.ReadFile(filepath.Join(dir, ProjectFile))
	must(t, err)
	at := strings.Index(string(src), "\ntags:")
	head, src := string(src[:at]), src[at:]
	src = regexp.MustCompile(`(?m)^  - \{ name: ([^,]+),`).ReplaceAll(src, []byte("  - { name: $1, connection: sim,"))
	src = regexp.MustCompile(`(?m)^  - name: (\S+)$`).ReplaceAll(src, []byte("  - name: $1\n    connection: sim"))
	must(t, os.WriteFile(filepath.Join(dir, ProjectFile), append([]byte(head), src...), 0o644))
	p, err := Load(dir, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	NewHeadlessApp()
	win := NewHeadlessWindow(fyne.NewSize(1280, 800))
	r, err := NewRuntime(p, win, Options{Watch: WatchOff, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), NoData: true})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := r.Run(ctx); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait(); r.ui(win.Close) })
	for deadline := time.Now().Add(10 * time.Second); r.Current() != p.Start; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("start screen never shown")
		}
	}
	return r, dir
}

// edit replaces from by to in a project file.
func edit(t *testing.T, dir, file, from, to string) {
	t.Helper()
	path := filepath.Join(dir, file)
	src, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(src), from) {
		t.Fatalf("%s has no %q (%v)", file, from, err)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(src), from, to, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The edit both rollback tests make: a unit changed, a tag added to the
// simulator, and a second connection with a tag of its own.
const (
	rollbackFrom = `  # --- settings ---`
	rollbackTo   = `  - { name: Extra.Value, connection: sim, type: float, signal: { kind: sine } }
  - { name: Other.Value, connection: sim2, type: float, signal: { kind: memory, initial: 1 } }
  # --- settings ---`
)

func editForRollback(t *testing.T, dir string) {
	t.Helper()
	edit(t, dir, ProjectFile, `unit: "m³/h", signal: { kind: random`, `unit: "l/s", signal: { kind: random`) // Flow.Outlet
	edit(t, dir, ProjectFile, "    sim: { seed: 7, tick: 100ms }", "    sim: { seed: 7, tick: 100ms }\n  - { name: sim2, type: sim }")
	edit(t, dir, ProjectFile, rollbackFrom, rollbackTo)
}

// assertRolledBack checks that the tag database and the connections are
// those of the last good project, and that the operator's value survived.
func assertRolledBack(t *testing.T, r *Runtime, ev ReloadEvent, want string) {
	t.Helper()
	if ev.Applied || len(ev.Errors) != 1 || !strings.Contains(ev.Errors[0], want) {
		t.Errorf("reload = %+v, want refused with %q", ev, want)
	}
	if d, _ := r.db.Def("Flow.Outlet"); d.Unit != "m³/h" {
		t.Errorf("Flow.Outlet unit %q, want the last good m³/h", d.Unit)
	}
	for _, name := range []string{"Extra.Value", "Other.Value"} {
		if _, ok := r.db.Def(name); ok {
			t.Errorf("%s still defined", name)
		}
	}
	r.connMu.Lock()
	_, running := r.conns["sim2"]
	_, driver := r.drivers["sim2"]
	sd := r.drivers["sim"]
	r.connMu.Unlock()
	if running || driver {
		t.Errorf("connection sim2 still there: running %v, driver %v", running, driver)
	}
	if _, err := sd.(tags.Reader).Read(context.Background(), []string{"Extra.Value"}); err == nil {
		t.Error("the simulator still serves Extra.Value")
	}
	if v, _ := r.db.Get("Pump1.SpeedSP"); v.V != 33.0 {
		t.Errorf("Pump1.SpeedSP = %v, want the operator's 33", v.V)
	}
	if r.project().Connections[len(r.project().Connections)-1].Name != "sim" {
		t.Error("the project in force is not the last good one")
	}
	if _, err := r.currentEnv().Compile("Extra.Value"); err == nil {
		t.Error("expressions still know Extra.Value")
	}
}

// TestReloadRefusedWhenTheDatabaseWould: the tag database would refuse a
// tag (here a name taken behind the project's back): everything is checked
// before anything is applied, so nothing changes.
func TestReloadRefusedWhenTheDatabaseWould(t *testing.T) {
	r, dir := runDemo(t)
	must(t, r.db.Write(context.Background(), "Pump1.SpeedSP", 33.0))
	must(t, r.db.Define(tags.Def{Name: "Extra", Type: tags.Float})) // "Extra.Value" cannot be defined now
	editForRollback(t, dir)
	ev := r.Reload(Batch{Files: []string{ProjectFile}})
	assertRolledBack(t, r, ev, "tag Extra.Value: conflicts with tag Extra")
	if strings.Contains(strings.Join(ev.Errors, ""), "rolled back") {
		t.Errorf("the reload was applied part-way before it was refused: %q", ev.Errors)
	}
}

// TestReloadRollsBackWhenTheDatabaseRefuses: should the database refuse
// part-way all the same, tags and connections already changed go back.
func TestReloadRollsBackWhenTheDatabaseRefuses(t *testing.T) {
	r, _ := runDemo(t)
	must(t, r.db.Write(context.Background(), "Pump1.SpeedSP", 33.0))
	old := r.project()
	dir := t.TempDir()
	must(t, os.CopyFS(dir, os.DirFS(old.Dir)))
	editForRollback(t, dir)
	p, err := Load(dir, drivers.Kinds())
	must(t, err)
	p.Dir = old.Dir
	pl, err := r.planConfig(old, p)
	must(t, err)
	must(t, r.db.Define(tags.Def{Name: "Extra", Type: tags.Float})) // taken after the plan was checked
	_, err = r.applyConfig(p, pl)
	if err == nil {
		t.Fatal("the database took a conflicting tag")
	}
	r.rollbackConfig(p, old, r.currentEnv())
	assertRolledBack(t, r, ReloadEvent{Errors: []string{"rolled back: " + err.Error()}}, "rolled back")
}

// TestReloadRollsBackWhenTheScreenPatchFails: patching the scenes fails
// after tags and connections were applied: they go back too.
func TestReloadRollsBackWhenTheScreenPatchFails(t *testing.T) {
	r, dir := runDemo(t)
	must(t, r.db.Write(context.Background(), "Pump1.SpeedSP", 33.0))
	r.mu.Lock()
	r.scenes["pump"] = (*render.Scene)(nil) // a scene that panics when patched
	r.mu.Unlock()
	editForRollback(t, dir)
	ev := r.Reload(Batch{Files: []string{ProjectFile}})
	if !strings.Contains(strings.Join(ev.Errors, ""), "patching the screen") {
		t.Fatalf("reload = %+v, want a failed screen patch", ev)
	}
	assertRolledBack(t, r, ev, "rolled back")
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
