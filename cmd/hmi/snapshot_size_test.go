package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSnapshotSizeLimit: a picture is 4 bytes a pixel, so --size is
// bounded like a screen's design size (100000x100000 asked for 40 GB).
func TestSnapshotSizeLimit(t *testing.T) {
	for size, want := range map[string]string{
		"100000x100000": `hmi snapshot: --size: bad size "100000x100000" (want WIDTHxHEIGHT, each 1..8192)`,
		"8192x8192":     `hmi snapshot: --size: size 8192x8192 too large: 67108864 pixels (limit 35389440, e.g. 8192x4320)`,
	} {
		out := filepath.Join(t.TempDir(), "s.png")
		var stdout, stderr bytes.Buffer
		if code := run([]string{"snapshot", "../../screens/demo", "--out", out, "--size", size}, &stdout, &stderr); code != 2 {
			t.Errorf("--size %s: exit %d, want 2", size, code)
		}
		if got := strings.TrimSpace(stderr.String()); got != want {
			t.Errorf("--size %s:\n got %s\nwant %s", size, got, want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("--size %s: a picture was written", size)
		}
	}
}
