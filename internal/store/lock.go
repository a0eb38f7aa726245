package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrLocked is returned by [Lock] when another holder (another process, or
// another Lock in this one) holds the lock.
var ErrLocked = errors.New("in use")

// Lock takes the exclusive lock name in the data directory dir (the file
// DIR/name.lock, holding the owner's pid) and returns its release. A
// component that numbers rows itself (the alarm journal) takes one so
// that two runtimes pointed at the same data directory fail at start
// instead of colliding. The operating system drops the lock when the
// process dies, so a kill -9 leaves no stale lock. On systems without
// flock or LockFileEx it always succeeds.
func Lock(dir, name string) (release func() error, err error) {
	path := filepath.Join(dir, name+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("store: lock: %w", err)
	}
	if err := lockFile(f); err != nil {
		_ = f.Close()
		if errors.Is(err, ErrLocked) {
			owner := ""
			if b, rerr := os.ReadFile(path); rerr == nil && len(b) > 0 {
				owner = " (pid " + strings.TrimSpace(string(b)) + ")"
			}
			return nil, fmt.Errorf("store: %s is %w by another runtime%s", dir, ErrLocked, owner)
		}
		return nil, fmt.Errorf("store: lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return f.Close, nil // closing the file releases the lock
}
