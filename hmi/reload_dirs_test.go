package hmi_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi"
)

// reloads runs the demo with the real file watcher and hands out each
// reload's event as it completes.
func reloads(t *testing.T, dir string, mode hmi.WatchMode) (*hmi.Runtime, func(what string) hmi.ReloadEvent) {
	t.Helper()
	evs := make(chan hmi.ReloadEvent, 16)
	rt := startedWith(t, dir, "overview", hmi.Options{Watch: mode, Reloaded: func(ev hmi.ReloadEvent) { evs <- ev }})
	next := func(what string) hmi.ReloadEvent {
		t.Helper()
		select {
		case ev := <-evs:
			return ev
		case <-time.After(10 * time.Second): // a generous limit on an awaited event, not a timing assertion
			t.Fatalf("no reload after %s", what)
			return hmi.ReloadEvent{}
		}
	}
	return rt, next
}

func banner(rt *hmi.Runtime) []string {
	var errs []string
	rt.UI(func() { errs = rt.BannerErrors() })
	return errs
}

// TestScreensDirectoryMovedAwayAndBack: `mv screens elsewhere` is noticed
// (inotify tells of the directory only): the reload is refused with the
// start screen missing and the last good screens stay; moving it back
// reloads and clears the banner. Polling sees the same.
func TestScreensDirectoryMovedAwayAndBack(t *testing.T) {
	for _, mode := range []hmi.WatchMode{hmi.WatchNotify, hmi.WatchPoll} {
		t.Run(mode.String(), func(t *testing.T) { testScreensDirectoryMovedAwayAndBack(t, mode) })
	}
}

func testScreensDirectoryMovedAwayAndBack(t *testing.T, mode hmi.WatchMode) {
	dir := copyDemo(t)
	rt, next := reloads(t, dir, mode)
	tank := rt.Scene("overview").Widget("tk101")
	away := filepath.Join(t.TempDir(), "screens")
	must(t, os.Rename(filepath.Join(dir, "screens"), away))
	ev := next("moving screens/ away")
	if ev.Applied || !strings.Contains(strings.Join(ev.Errors, "\n"), `hmi.yaml:1:1: start screen "overview" is missing`) {
		t.Errorf("screens/ moved away: %+v", ev)
	}
	if !slices.Contains(ev.Files, overviewFile) {
		t.Errorf("the reload does not name the screens that went: %v", ev.Files)
	}
	if len(banner(rt)) == 0 {
		t.Error("no banner with every screen gone")
	}
	if rt.Scene("overview").Widget("tk101") != tank || rt.Project().Screen("pump") == nil {
		t.Error("the last good screens were dropped")
	}

	// Edits in the directory where it now lies are none of the project's.
	src, _ := os.ReadFile(filepath.Join(away, "1-overview.gopage"))
	must(t, os.WriteFile(filepath.Join(away, "1-overview.gopage"), append(src, "\n# elsewhere\n"...), 0o644))

	must(t, os.Rename(away, filepath.Join(dir, "screens")))
	ev = next("moving screens/ back")
	if !ev.Applied || len(banner(rt)) != 0 {
		t.Errorf("screens/ moved back: %+v, banner %q", ev, banner(rt))
	}
	if rt.Scene("overview").Widget("tk101") != tank {
		t.Errorf("the tank was rebuilt although its screen is back as it was: %+v", ev)
	}

	// And the watch on it works again.
	editFile(t, dir, overviewFile, `text: "{Station.Name}"`, `text: "{Station.Name} back"`)
	ev = next("an edit after moving back")
	if !ev.Applied || !slices.Equal(ev.Files, []string{overviewFile}) {
		t.Errorf("edit after moving back: %+v", ev)
	}
}

// TestRemovingBadFilesClearsTheBanner: the error of a bad file goes with
// the file, however it goes: deleted, moved away, or its directory moved
// away; the project is validated again, and the banner clears.
func TestRemovingBadFilesClearsTheBanner(t *testing.T) {
	for _, tt := range []struct {
		name   string
		file   string // the bad file, created in the project
		bad    string
		remove func(t *testing.T, dir string)
	}{
		{"rm a screen", "screens/4-bad.gopage", "screen: bad\nroot: { type: gaguge }\n",
			func(t *testing.T, dir string) { must(t, os.Remove(filepath.Join(dir, "screens/4-bad.gopage"))) }},
		{"mv a screen away", "screens/4-bad.gopage", "screen: bad\nroot: { type: gaguge }\n",
			func(t *testing.T, dir string) {
				must(t, os.Rename(filepath.Join(dir, "screens/4-bad.gopage"), filepath.Join(t.TempDir(), "4-bad.gopage")))
			}},
		{"mv the styles directory away", "styles/zz-bad.css", "label { color: ; \n",
			func(t *testing.T, dir string) {
				must(t, os.Rename(filepath.Join(dir, "styles"), filepath.Join(t.TempDir(), "styles")))
			}},
		{"rm -r the styles directory", "styles/zz-bad.css", "label { color: ; \n",
			func(t *testing.T, dir string) { must(t, os.RemoveAll(filepath.Join(dir, "styles"))) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyDemo(t)
			rt, next := reloads(t, dir, hmi.WatchNotify)
			// Written aside and renamed in: one event, one reload.
			must(t, os.WriteFile(filepath.Join(dir, tt.file+".tmp"), []byte(tt.bad), 0o644))
			must(t, os.Rename(filepath.Join(dir, tt.file+".tmp"), filepath.Join(dir, tt.file)))
			if ev := next("a bad file"); ev.Applied || len(banner(rt)) == 0 {
				t.Fatalf("bad file: %+v", ev)
			}
			tt.remove(t, dir)
			ev := next("removing the bad file")
			if !ev.Applied || len(banner(rt)) != 0 {
				t.Errorf("after removing the bad file: %+v, banner %q", ev, banner(rt))
			}
		})
	}
}
