package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunUsersFlag: `hmi run --users FILE` takes the users from FILE; one
// that does not exist (a typo) must not open every door: the panel does
// not start, and says which file.
func TestRunUsersFlag(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "users.yaml")
	var stderr bytes.Buffer
	code := runCmd([]string{"--headless", "--watch", "off", "--data", t.TempDir(), "--users", missing, "../../screens/demo"}, &stderr)
	if code != 1 || !strings.Contains(stderr.String(), missing) || !strings.Contains(stderr.String(), "not running without its users") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
	}
}
