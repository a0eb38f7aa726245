package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckAlarms: hmi check counts the demo's alarms, and prints an alarm
// file's mistakes at their positions with exit status 1.
func TestCheckAlarms(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "../../screens/demo"}, &out, &errb); code != 0 || !strings.Contains(out.String(), " 21 alarms)") {
		t.Fatalf("exit %d, output %q: %s", code, out.String(), errb.String())
	}

	dir := t.TempDir()
	files := map[string]string{
		"hmi.yaml": "start: main\nconnections: [{name: sim, type: sim}]\ntags:\n  - { name: Tank1.Level, signal: { kind: memory, initial: 1 } }\n" +
			"alarms:\n  - { tag: Tank1.Level, hi: 90 }\n",
		"screens/main.gopage": "root: { type: label, text: hi }\n",
		"alarms/a.yaml":       "alarms:\n  - tag: Tank1.Level\n    hi: { limit: 95 }\n    lo: Tank1.LoSP\n",
	}
	for name, body := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"check", dir}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, out.String())
	}
	a := filepath.Join(dir, "alarms/a.yaml")
	want := a + `:3:5: alarm "Tank1.Level.Hi" is defined twice (first at ` + filepath.Join(dir, "hmi.yaml") + ":6:25)\n" +
		a + `:4:9: limit: unknown tag "Tank1.LoSP"` + "\n"
	if errb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errb.String(), want)
	}
}
