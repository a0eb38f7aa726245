package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestCheckWarnings: the demo's buttons name a role, and the demo has no
// users file: check prints a warning line for each and still succeeds.
func TestCheckWarnings(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"check", "../../screens/demo"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 warning lines, got:\n%s", errb.String())
	}
	for _, l := range lines {
		if !strings.Contains(l, "2-pump.gopage:") || !strings.Contains(l, `: warning: role "operator" is not enforced: the project has no users.yaml`) {
			t.Errorf("not a positioned role warning: %q", l)
		}
	}
}
