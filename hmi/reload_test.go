package hmi_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags"
)

// copyDemo copies the demo project into a temp dir, for tests that edit it.
func copyDemo(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(demo, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(demo, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), src, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

const overviewFile = "screens/1-overview.gopage"

// saves are the ways editors and tools write a file, each a real sequence
// of file system calls.
var saves = map[string]func(t *testing.T, path string, src []byte){
	"in place": func(t *testing.T, path string, src []byte) {
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		must(t, err)
		_, err = f.WriteAt(src, 0)
		must(t, err)
		must(t, f.Truncate(int64(len(src))))
		must(t, f.Close())
	},
	"truncate then write": func(t *testing.T, path string, src []byte) {
		must(t, os.Truncate(path, 0))
		time.Sleep(2 * time.Millisecond) // the editor's gap between its two calls, part of the save under test
		must(t, os.WriteFile(path, src, 0o644))
	},
	"temp and rename (VS Code)": func(t *testing.T, path string, src []byte) {
		tmp := path + ".tmp1234"
		must(t, os.WriteFile(tmp, src, 0o644))
		must(t, os.Rename(tmp, path))
	},
	"backup rename then write (vim)": func(t *testing.T, path string, src []byte) {
		must(t, os.WriteFile(filepath.Join(filepath.Dir(path), "4913"), nil, 0o644))
		must(t, os.Remove(filepath.Join(filepath.Dir(path), "4913")))
		must(t, os.Rename(path, path+"~"))
		must(t, os.WriteFile(path, src, 0o644))
		must(t, os.Remove(path+"~"))
	},
	"safe write (JetBrains)": func(t *testing.T, path string, src []byte) {
		tmp, old := path+"___jb_tmp___", path+"___jb_old___"
		must(t, os.WriteFile(tmp, src, 0o644))
		must(t, os.Rename(path, old))
		must(t, os.Rename(tmp, path))
		must(t, os.Remove(old))
	},
	"cp over": func(t *testing.T, path string, src []byte) {
		other := filepath.Join(t.TempDir(), "x.gopage")
		must(t, os.WriteFile(other, src, 0o644))
		run(t, filepath.Dir(path), "cp", other, path)
	},
	"delete and re-create": func(t *testing.T, path string, src []byte) {
		must(t, os.Remove(path))
		must(t, os.WriteFile(path, src, 0o644))
	},
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

// reloadsAfter waits for the runtime to have done n more reloads than
// before (reloads of the test's own saves) and checks that no extra one
// follows, without waiting for a quiet time: it then saves a sentinel file
// and waits for its reload. inotify reports events in order, so any stray
// event of the test's saves comes before the sentinel's and shows as a
// reload of its own, or in the sentinel's. The sentinel, a root .yaml the
// project does not load, holds how many sentinels came before, so that
// before keeps counting the test's reloads only.
func reloadsAfter(t *testing.T, rt *hmi.Runtime, before, n int) *hmi.ReloadEvent {
	t.Helper()
	path := filepath.Join(rt.Project().Dir, sentinelFile)
	k := 0
	if src, err := os.ReadFile(path); err == nil {
		k, _ = strconv.Atoi(strings.TrimPrefix(strings.TrimSpace(string(src)), "# "))
	}
	want := before + n + k
	eventually(t, fmt.Sprintf("%d reload(s)", n), func() bool { return rt.Status().Reloads >= want })
	st := rt.Status()
	ev := st.LastReload
	must(t, os.WriteFile(path, []byte(fmt.Sprintf("# %d\n", k+1)), 0o644))
	eventually(t, "the sentinel's reload", func() bool {
		last := rt.Status().LastReload
		return slices.Contains(last.Files, sentinelFile)
	})
	st = rt.Status()
	if st.Reloads != want+1 {
		t.Errorf("%d reloads, want exactly %d", st.Reloads-k-1-before, n)
	}
	if files := st.LastReload.Files; len(files) != 1 {
		t.Errorf("a save reloaded again with the sentinel: %v", files)
	}
	return ev
}

// ticked waits until the tag has had n values newer than its value now.
func ticked(t *testing.T, rt *hmi.Runtime, tag string, n int) {
	t.Helper()
	v, _ := rt.DB().Get(tag)
	last := v.Time
	for i := 0; i < n; i++ {
		eventually(t, tag+" ticks", func() bool {
			v, _ := rt.DB().Get(tag)
			if v.Time.After(last) {
				last = v.Time
				return true
			}
			return false
		})
	}
}

// sentinelFile is reloadsAfter's sentinel.
const sentinelFile = "zz-sentinel.yaml"

func TestReloadEverySaveStyle(t *testing.T) {
	for name, save := range saves {
		t.Run(name, func(t *testing.T) {
			dir := copyDemo(t)
			rt := started(t, dir, "overview")
			eventually(t, "values", func() bool { return rt.Binder().Stats().Batches > 0 })
			tank := rt.Scene("overview").Widget("tk101")
			tankObj := tank.Object
			path := filepath.Join(dir, overviewFile)
			src, _ := os.ReadFile(path)
			edited := strings.Replace(string(src), `text: "{Station.Name}"`, `text: "{Station.Name} (edited)"`, 1)
			save(t, path, []byte(edited))
			ev := reloadsAfter(t, rt, 0, 1)
			if !ev.Applied || len(ev.Files) != 1 || ev.Files[0] != overviewFile {
				t.Errorf("reload = %+v", ev)
			}
			eventually(t, "edited title", func() bool { return strings.Contains(shown(rt, "overview", "title"), "(edited)") })
			// Nothing else was touched: same tank object, values still flowing.
			if rt.Scene("overview").Widget("tk101") != tank || tank.Object != tankObj {
				t.Error("the tank was rebuilt by a label edit")
			}
			hb := shown(rt, "overview", "heartbeat")
			eventually(t, "heartbeat still live", func() bool { return shown(rt, "overview", "heartbeat") != hb })
		})
	}
}

func TestReloadGitCheckoutOfManyFiles(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	dir := copyDemo(t)
	git := func(args ...string) {
		run(t, dir, "git", append([]string{"-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"}, args...)...)
	}
	git("init", "-q")
	git("add", ".")
	git("commit", "-qm", "base")
	for _, f := range []string{overviewFile, "screens/3-settings.gopage"} {
		p := filepath.Join(dir, f)
		src, _ := os.ReadFile(p)
		must(t, os.WriteFile(p, []byte(strings.Replace(string(src), "{Station.Name}", "{Station.Name} v2", 1)), 0o644))
	}
	git("commit", "-qam", "v2")
	var (
		mu     sync.Mutex // guards events
		events []hmi.ReloadEvent
	)
	rt := startedWith(t, dir, "overview", hmi.Options{Reloaded: func(ev hmi.ReloadEvent) {
		mu.Lock()
		defer mu.Unlock()
		events = append(events, ev)
	}})
	git("checkout", "-q", "HEAD~1")
	// Whether git's two writes fall in one debounce window is for the
	// kernel's scheduler to say (on a loaded machine they may not; the
	// batcher's grouping is tested on a stepped clock in
	// watch_internal_test.go). What must hold whatever the timing: each
	// file is reloaded once, every reload is applied, and the screen
	// ends on the checked-out version.
	eventually(t, "both files reloaded", func() bool {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, ev := range events {
			n += len(ev.Files)
		}
		return n >= 2
	})
	mu.Lock()
	seen := map[string]int{}
	for _, ev := range events {
		if !ev.Applied {
			t.Errorf("checkout reload refused: %+v", ev)
		}
		for _, f := range ev.Files {
			seen[f]++
		}
	}
	mu.Unlock()
	for _, f := range []string{overviewFile, "screens/3-settings.gopage"} {
		if seen[f] != 1 {
			t.Errorf("%s reloaded %d times, want once (%v)", f, seen[f], seen)
		}
	}
	if strings.Contains(shown(rt, "overview", "title"), "v2") {
		t.Error("checkout not applied")
	}
}

// errAt splits "path:line:col: message" into path, line and column.
var errAt = regexp.MustCompile(`^(.+?):([0-9]+):([0-9]+): `)

func TestBadSaveKeepsLastGood(t *testing.T) {
	for _, tt := range []struct {
		name, from, to, file, want string
	}{
		{"syntax error", `title: North Pump Station — Overview`, "title: [unclosed", overviewFile, "1-overview.gopage:4:8: unclosed [: no matching ]"},
		{"unknown tag", "value: Tank1.Level, max: 100", "value: Tank1.Lvel, max: 100", overviewFile, `unknown tag "Tank1.Lvel", did you mean "Tank1.Level"?`},
		{"unknown property", "type: tank, id: tk101, value", "type: tank, id: tk101, colour: red, value", overviewFile, `unknown property "colour"`},
		{"tag removed from hmi.yaml", "  - { name: Tank1.Temp,", "  - { name: Tank1.Temperature,", "hmi.yaml", `unknown tag "Tank1.Temp"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDemo(t)
			rt := started(t, dir, "overview")
			path := filepath.Join(dir, tt.file)
			good, _ := os.ReadFile(path)
			if !strings.Contains(string(good), tt.from) {
				t.Fatalf("%s has no %q", tt.file, tt.from)
			}
			tank := rt.Scene("overview").Widget("tk101")
			must(t, os.WriteFile(path, []byte(strings.Replace(string(good), tt.from, tt.to, 1)), 0o644))
			ev := reloadsAfter(t, rt, 0, 1)
			if ev.Applied || !strings.Contains(strings.Join(ev.Errors, "\n"), tt.want) {
				t.Errorf("errors %q, want one containing %q", ev.Errors, tt.want)
			}
			for _, e := range ev.Errors {
				m := errAt.FindStringSubmatch(e)
				if m == nil || m[2] == "0" || m[3] == "0" {
					t.Errorf("error not at path:line:col: %q", e)
				} else if _, err := os.Stat(m[1]); err != nil || !strings.HasPrefix(m[1], dir+string(filepath.Separator)) {
					t.Errorf("error names no file of the project: %q", e)
				}
			}
			if rt.Scene("overview").Widget("tk101") != tank {
				t.Error("the last good screen was replaced")
			}
			var banner []string
			rt.UI(func() { banner = rt.BannerErrors() })
			if len(banner) != len(ev.Errors) {
				t.Errorf("banner shows %d errors, want %d", len(banner), len(ev.Errors))
			}
			// The next good save clears it.
			must(t, os.WriteFile(path, good, 0o644))
			ev = reloadsAfter(t, rt, 1, 1)
			rt.UI(func() { banner = rt.BannerErrors() })
			if !ev.Applied || len(banner) != 0 {
				t.Errorf("good save: %+v, banner %q", ev, banner)
			}
		})
	}
}

func TestDeletedScreenKeepsLastGood(t *testing.T) {
	dir := copyDemo(t)
	rt := started(t, dir, "overview")
	must(t, os.Remove(filepath.Join(dir, "screens/2-pump.gopage")))
	ev := reloadsAfter(t, rt, 0, 1)
	if ev.Applied || !strings.Contains(strings.Join(ev.Errors, "\n"), `unknown screen "pump"`) {
		t.Errorf("deleting a screen others navigate to: %+v", ev)
	}
	if rt.Project().Screen("pump") == nil {
		t.Error("the last good project lost the pump screen")
	}
}

func TestReloadKeepsWidgetState(t *testing.T) {
	dir := copyDemo(t)
	rt := started(t, dir, "overview")
	rt.UI(func() { _ = rt.Navigate("settings") })
	var entry *widget.Entry
	rt.UI(func() {
		for _, o := range test.LaidOutObjects(rt.Scene("settings").Widget("high").Object) {
			if e, ok := o.(*widget.Entry); ok {
				entry = e
			}
		}
	})
	rt.UI(func() { test.Type(entry, "7") })
	var typed string
	rt.UI(func() { typed = entry.Text })
	path := filepath.Join(dir, "screens/3-settings.gopage")
	src, _ := os.ReadFile(path)
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), "title: Modes", "title: Operating modes", 1)), 0o644))
	reloadsAfter(t, rt, 0, 1)
	if rt.Current() != "settings" {
		t.Errorf("current screen %q after reload", rt.Current())
	}
	rt.UI(func() {
		if entry.Text != typed {
			t.Errorf("entry text %q after reload, want %q", entry.Text, typed)
		}
	})
	if s := shown(rt, "settings", "modes"); !strings.Contains(s, "Operating modes") {
		t.Errorf("panel title %q", s)
	}
}

func TestReloadOfTagsKeepsOtherConnections(t *testing.T) {
	dir := copyDemo(t)
	rt := started(t, dir, "overview")
	// A value written to a memory tag is state the simulator holds: editing
	// a unit in hmi.yaml must not restart the connection and lose it.
	must(t, rt.DB().Write(context.Background(), "Settings.HighLimit", 77.0))
	path := filepath.Join(dir, "hmi.yaml")
	src, _ := os.ReadFile(path)
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), `unit: "m³/h", signal: { kind: random`, `unit: "l/s", signal: { kind: random`, 1)), 0o644))
	ev := reloadsAfter(t, rt, 0, 1)
	if !ev.Applied || ev.Changes < 1 {
		t.Errorf("reload = %+v", ev)
	}
	if d, _ := rt.DB().Def("Flow.Outlet"); d.Unit != "l/s" {
		t.Errorf("unit = %q after reload", d.Unit)
	}
	ticked(t, rt, "Tank1.Level", 2) // the simulator goes on: a restart would have lost 77
	if v, _ := rt.DB().Get("Settings.HighLimit"); v.V != 77.0 {
		t.Errorf("Settings.HighLimit = %v after the reload: the simulator was restarted", v.V)
	}

	// Adding a tag is taken in place by the simulator, and the new tag gets values.
	src, _ = os.ReadFile(path)
	must(t, os.WriteFile(path, append(src, []byte("  - { name: Extra.Value, type: float, signal: { kind: sine, period: 10s } }\n")...), 0o644))
	ev = reloadsAfter(t, rt, 1, 1)
	if !ev.Applied {
		t.Fatalf("adding a tag: %+v", ev)
	}
	eventually(t, "new tag live", func() bool { v, _ := rt.DB().Get("Extra.Value"); return v.Quality == tags.Good })
}

// TestThousandReloads edits a screen on disk a thousand times, reloading
// each; goleak (TestMain) checks no goroutine is left, and the heap must not
// grow with the count.
func TestThousandReloads(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	dir := copyDemo(t)
	rt := startedWith(t, dir, "overview", hmi.Options{Watch: hmi.WatchOff})
	path := filepath.Join(dir, overviewFile)
	src, _ := os.ReadFile(path)
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var at100 uint64
	for i := range 1000 {
		edited := strings.Replace(string(src), `text: "{Station.Name}"`, fmt.Sprintf(`text: "{Station.Name} #%d"`, i), 1)
		must(t, os.WriteFile(path, []byte(edited), 0o644))
		if ev := rt.Reload(hmi.Batch{Files: []string{overviewFile}}); !ev.Applied || ev.Changes != 1 {
			t.Fatalf("reload %d: %+v", i, ev)
		}
		if i == 99 {
			at100 = heap()
		}
	}
	eventually(t, "last edit shown", func() bool { return strings.Contains(shown(rt, "overview", "title"), "#999") })
	if grown := int64(heap()) - int64(at100); grown > 8<<20 {
		t.Errorf("heap grew %d KB from reload 100 to 1000", grown>>10)
	}
	if n := rt.Status().Reloads; n != 1000 {
		t.Errorf("%d reloads counted", n)
	}
}

// TestReloadByPolling is --watch=poll, for file systems without inotify.
func TestReloadByPolling(t *testing.T) {
	dir := copyDemo(t)
	rt := startedWith(t, dir, "overview", hmi.Options{Watch: hmi.WatchPoll})
	path := filepath.Join(dir, overviewFile)
	src, _ := os.ReadFile(path)
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), `text: "{Station.Name}"`, `text: "{Station.Name} polled"`, 1)), 0o644))
	eventually(t, "polled reload", func() bool { return rt.Status().Reloads == 1 })
	eventually(t, "edited title", func() bool { return strings.Contains(shown(rt, "overview", "title"), "polled") })
}

func TestWatchModes(t *testing.T) {
	for _, s := range []string{"notify", "poll", "off"} {
		m, err := hmi.ParseWatchMode(s)
		if err != nil || m.String() != s {
			t.Errorf("ParseWatchMode(%q) = %v, %v", s, m, err)
		}
	}
	if _, err := hmi.ParseWatchMode("inotify"); err == nil {
		t.Error("bad mode accepted")
	}
}

func TestRelevantFiles(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"hmi.yaml", true}, {"screens/a.gopage", true}, {"styles/site.css", true}, {"fixtures/x.yaml", true},
		{"screens/.a.gopage.swp", false}, {"screens/a.gopage~", false}, {"screens/4913", false},
		{"screens/a.gopage___jb_tmp___", false}, {"screens/a.gopage___jb_old___", false}, {"screens/.#a.gopage", false},
		{"screens/#a.gopage#", false}, {"screens/a.gopage.tmp", false}, {"images/logo.svg", false}, {"README.md", false},
	} {
		if got := hmi.Relevant(tt.path); got != tt.want {
			t.Errorf("Relevant(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

// TestReloadRebindsChangedExpressions: logic is data, reloaded with its
// screen. The tank's binding changes; the widget is patched, not rebuilt.
func TestReloadRebindsChangedExpressions(t *testing.T) {
	dir := copyDemo(t)
	rt := started(t, dir, "overview")
	tank := rt.Scene("overview").Widget("tk101")
	path := filepath.Join(dir, overviewFile)
	src, _ := os.ReadFile(path)
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), "value: Tank1.Level, max: 100", `value: "Tank1.Setpoint / 2", max: 100`, 1)), 0o644))
	reloadsAfter(t, rt, 0, 1)
	eventually(t, "rebound tank", func() bool { return strings.Contains(shown(rt, "overview", "tk101"), "35.0 %") })
	if rt.Scene("overview").Widget("tk101") != tank {
		t.Error("the tank was rebuilt for a binding change")
	}
}

// TestReloadKeepsOpenConfirmDialog: a confirm dialog open when its screen
// is edited stays open, and its answer still acts.
func TestReloadKeepsOpenConfirmDialog(t *testing.T) {
	dir := copyDemo(t)
	rt := started(t, dir, "overview")
	rt.UI(func() { _ = rt.Navigate("settings") })
	rt.UI(func() { test.Tap(rt.Scene("settings").Widget("faults").Control().(*widget.Button)) })
	yes := func() *widget.Button {
		var b *widget.Button
		rt.UI(func() {
			for _, o := range overlayObjects(rt) {
				if x, ok := o.(*widget.Button); ok && x.Text == "Yes" {
					b = x
				}
			}
		})
		return b
	}
	if yes() == nil {
		t.Fatal("no confirm dialog")
	}
	path := filepath.Join(dir, "screens/3-settings.gopage")
	src, _ := os.ReadFile(path)
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), "title: About", "title: About this panel", 1)), 0o644))
	reloadsAfter(t, rt, 0, 1)
	b := yes()
	if b == nil {
		t.Fatal("the reload closed the confirm dialog")
	}
	rt.UI(func() { test.Tap(b) })
	eventually(t, "fault written", func() bool { v, _ := rt.DB().Get("Pump1.Fault"); return v.V == true })
}

// TestWatchesDirectoriesCreatedLater: files in a directory made after the
// runtime started are seen.
func TestWatchesDirectoriesCreatedLater(t *testing.T) {
	dir := copyDemo(t)
	rt := started(t, dir, "overview")
	sub := filepath.Join(dir, "styles", "screens")
	must(t, os.Mkdir(sub, 0o755)) // the file may land before or after the watcher adds the directory: both are seen
	must(t, os.WriteFile(filepath.Join(sub, "pump.css"), []byte("label { color: #123456; }\n"), 0o644))
	eventually(t, "reload of the new file", func() bool {
		ev := rt.Status().LastReload
		return ev != nil && slices.Contains(ev.Files, "styles/screens/pump.css")
	})
	// The pump screen takes it as its own sheet: the next reload applies it.
	p := filepath.Join(dir, "screens/2-pump.gopage")
	src, _ := os.ReadFile(p)
	must(t, os.WriteFile(p, []byte(strings.Replace(string(src), "size: 1280x800", "size: 1280x800\nstyles: [styles/screens/pump.css]", 1)), 0o644))
	eventually(t, "pump screen styled", func() bool {
		ev := rt.Status().LastReload
		return ev != nil && ev.Applied && slices.Contains(ev.Files, "screens/2-pump.gopage")
	})
	rt.UI(func() { _ = rt.Navigate("pump") })
	var got string
	rt.UI(func() { got = rt.Scene("pump").Widget("hint").Computed().Get("color") })
	if got != "#123456" {
		t.Errorf("label colour %q, want the new sheet's #123456", got)
	}
}

// TestStyleReloadTouchesOnlyMatchedWidgets: editing the pipe rule restyles
// the overview's pipes and nothing else.
func TestStyleReloadTouchesOnlyMatchedWidgets(t *testing.T) {
	dir := copyDemo(t)
	rt := started(t, dir, "overview")
	scene := rt.Scene("overview")
	// Live data restyles widgets too (TK-102's alarm class follows a sine
	// wave), so the count is the reload's own, and an unrelated widget's
	// computed style must be the very same object afterwards.
	var tank any
	rt.UI(func() { tank = scene.Widget("tk101").Computed() })
	path := filepath.Join(dir, "styles/isa101.css")
	src, _ := os.ReadFile(path)
	must(t, os.WriteFile(path, []byte(strings.Replace(string(src), "pipe { fill: var(--process); }", "pipe { fill: #0070c0; }", 1)), 0o644))
	ev := reloadsAfter(t, rt, 0, 1)
	if ev.Changes != 6 {
		t.Errorf("the style reload restyled %d widgets, want the 6 pipes", ev.Changes)
	}
	rt.UI(func() {
		for _, id := range []string{"inlet_pipe", "suction1", "suction2", "discharge1", "discharge2", "outlet_pipe"} {
			if fill := scene.Widget(id).Computed().Get("fill"); fill != "#0070c0" {
				t.Errorf("%s fill %s, want #0070c0", id, fill)
			}
		}
		if any(scene.Widget("tk101").Computed()) != tank {
			t.Error("TK-101 was restyled by an edit of the pipe rule")
		}
	})
}
