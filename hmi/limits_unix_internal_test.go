//go:build unix

package hmi

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// TestHashFile: the watcher and the reloader hash files to see what
// changed. A named pipe is refused instead of opened (which blocked the
// watcher for good), and a file is hashed as it is read, never whole in
// memory.
func TestHashFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "p.gopage")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := hashFile(fifo); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("named pipe: err %v, want not a regular file", err)
	}
	file := filepath.Join(dir, "a.gopage")
	src := []byte("screen: a\n")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := hashFile(file); err != nil || got != sha256.Sum256(src) {
		t.Errorf("hashFile = %x, %v; want %x", got, err, sha256.Sum256(src))
	}
	big := filepath.Join(dir, "big.gopage")
	if err := os.WriteFile(big, make([]byte, 4*maxHashed), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, _ = hashFile(big)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("hashing a %d MB file allocated %d KB", 4*maxHashed>>20, n>>10)
	}
}
