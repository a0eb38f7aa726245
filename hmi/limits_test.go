package hmi_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestFileLimits: each file of a project over its size limit is refused
// before it is read, with the limit and the size at file:1:1. The files
// are comments only: a 50 MB comment-only screen was accepted before.
func TestFileLimits(t *testing.T) {
	tests := []struct {
		file  string
		limit int
	}{
		{"hmi.yaml", 4 << 20},
		{"screens/1-overview.gopage", gopage.MaxFileSize},
		{"styles/isa101.css", 1 << 20},
		{"fixtures/default.yaml", 4 << 20},
	}
	for _, tt := range tests {
		for _, size := range []int{tt.limit, tt.limit + 1} {
			t.Run(fmt.Sprintf("%s/%d", tt.file, size), func(t *testing.T) {
				dir := copyDemo(t)
				path := filepath.Join(dir, tt.file)
				comment := "/* x */\n"
				if !strings.HasSuffix(tt.file, ".css") {
					comment = "# x\n"
				}
				// A valid file of exactly size bytes: the original, padded
				// with comments.
				src, err := os.ReadFile(path)
				must(t, err)
				pad := size - len(src)
				src = append(src, strings.Repeat(comment, pad/len(comment))...)
				src = append(src, strings.Repeat("\n", size-len(src))...)
				must(t, os.WriteFile(path, src, 0o644))

				p, err := hmi.Load(dir, drivers.Kinds())
				if strings.HasPrefix(tt.file, "fixtures/") && err == nil {
					_, err = p.LoadFixture(path)
				}
				var want []string
				if size > tt.limit {
					want = []string{fmt.Sprintf("%s:1:1: file too large: %d bytes (limit %d)", path, size, tt.limit)}
				}
				if got := errorLines(err); strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("got %.500q\nwant %q", got, want)
				}
			})
		}
	}
}

// TestProjectTextLimit: a string of hmi.yaml ends up in labels (a memory
// tag's initial text), so it has a screen text's limit.
func TestProjectTextLimit(t *testing.T) {
	long := strings.Repeat("x", gopage.MaxText+1)
	dir := editedDemo(t, map[string][2]string{"hmi.yaml": {`initial: "North Pump Station"`, `initial: "` + long + `"`}})
	_, loadErr := hmi.Load(dir, drivers.Kinds())
	src, err := os.ReadFile(filepath.Join(demo, "hmi.yaml"))
	must(t, err)
	line := 1 + strings.Count(string(src[:strings.Index(string(src), `initial: "North Pump Station"`)]), "\n")
	want := []string{fmt.Sprintf("%s:%d:74: initial: text too long: 1025 bytes (limit 1024)", filepath.Join(dir, "hmi.yaml"), line)}
	if got := errorLines(loadErr); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
