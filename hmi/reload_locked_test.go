package hmi_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi"
)

// TestUnreadableDirectoryOnBanner: a project directory the panel's user
// may not read (a root-owned backup, lost+found) does not stop the
// runtime: the banner names it and why, beside a bad save's errors and
// after a good save; the screen and reloads go on; once it may be read
// the banner clears.
func TestUnreadableDirectoryOnBanner(t *testing.T) {
	if hmi.AsPanelUser(t) {
		return
	}
	dir := copyDemo(t)
	locked := filepath.Join(dir, "archive")
	must(t, os.Mkdir(locked, 0))
	t.Cleanup(func() { _ = os.Chmod(locked, 0o755) })
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("this user reads a directory of mode 000")
	}
	rt, next := reloads(t, dir, hmi.WatchNotify)
	problem := locked + ": cannot watch this directory: permission denied"
	shows := func(want ...string) func() bool {
		return func() bool {
			got := banner(rt)
			return len(got) == len(want) && !slices.ContainsFunc(want, func(w string) bool {
				return !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, w) })
			})
		}
	}
	eventually(t, "the directory named on the banner", shows(problem))

	// A bad save: its error and the directory.
	ov := filepath.Join(dir, overviewFile)
	good, err := os.ReadFile(ov)
	must(t, err)
	must(t, os.WriteFile(ov, append(good, "\n  bogus: [\n"...), 0o644))
	if ev := next("a bad save"); ev.Applied {
		t.Fatalf("a bad save applied: %+v", ev)
	}
	if got := banner(rt); len(got) < 2 || !strings.HasPrefix(got[len(got)-1], problem) {
		t.Errorf("banner after a bad save: %q", got)
	}
	// A good save clears its error, not the directory's.
	must(t, os.WriteFile(ov, append(good, "\n# edited\n"...), 0o644))
	if ev := next("a good save"); !ev.Applied {
		t.Fatalf("a good save refused: %+v", ev)
	}
	if !shows(problem)() {
		t.Errorf("banner after a good save: %q", banner(rt))
	}
	if rt.Current() != "overview" {
		t.Errorf("screen %q", rt.Current())
	}

	must(t, os.Chmod(locked, 0o755))
	eventually(t, "the banner cleared", shows())
}
