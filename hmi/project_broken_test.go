package hmi_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// editedDemo copies the demo project into a temporary directory and applies
// edits: file (relative) → old text → new text.
func editedDemo(t *testing.T, edits map[string][2]string) string {
	t.Helper()
	dir := copyDemo(t)
	for file, e := range edits {
		path := filepath.Join(dir, file)
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(src), e[0]) {
			t.Fatalf("%s does not contain %q", file, e[0])
		}
		if err := os.WriteFile(path, []byte(strings.Replace(string(src), e[0], e[1], 1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBrokenProjectFile: when hmi.yaml does not decode, the load reports
// its error and each screen's own errors, and no "unknown tag" for every
// tag the screens use (89 false errors before).
func TestBrokenProjectFile(t *testing.T) {
	dir := editedDemo(t, map[string][2]string{
		"hmi.yaml":              {"sim: { seed: 7, tick: 100ms }", "sim: { seed: 7, tick: 100ms"},
		"screens/2-pump.gopage": {"\n  children:\n", "\n\tchildren:\n"},
	})
	_, err := hmi.Load(dir, drivers.Kinds())
	want := []string{
		filepath.Join(dir, "hmi.yaml") + ":13:10: unclosed {: no matching } before the end of the file",
		filepath.Join(dir, "screens/2-pump.gopage") + ":10:1: tab character in indentation (YAML indents with spaces only)",
	}
	got := errorLines(err)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %d errors:\n%s\nwant:\n%s", len(got), strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBrokenProjectFileOtherScreensDir: a broken hmi.yaml that names
// another screens directory reports its own error, not a missing screens/.
func TestBrokenProjectFileOtherScreensDir(t *testing.T) {
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte("start: a\nscreens: pages\ntags: [\n"), 0o644))
	_, err := hmi.Load(dir, drivers.Kinds())
	want := filepath.Join(dir, "hmi.yaml") + ":3:7: unclosed [: no matching ] before the end of the file"
	if got := strings.Join(errorLines(err), "\n"); got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}
