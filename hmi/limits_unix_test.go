//go:build unix

package hmi_test

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/tags/drivers"
)

// TestNamedPipeScreen: a named pipe among the screens is reported, not
// opened: opening it would block the load until something writes to it.
func TestNamedPipeScreen(t *testing.T) {
	dir := copyDemo(t)
	fifo := filepath.Join(dir, "screens", "4-pipe.gopage")
	must(t, syscall.Mkfifo(fifo, 0o644))
	_, err := hmi.Load(dir, drivers.Kinds())
	want := fifo + ": not a regular file"
	if got := errorLines(err); strings.Join(got, "\n") != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
