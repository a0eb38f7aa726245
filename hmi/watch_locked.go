package hmi

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"slices"
	"strings"
)

// lockedDirs are the directories of a project the [Watcher] could not
// watch (or read, when polling), with why: most often one its user may not
// read. The watcher skips them, says so through Watcher.Problems and tries
// them again.
type lockedDirs map[string]error

// drop forgets dir and every directory under it: deleted or moved away.
func (l lockedDirs) drop(dir string) {
	for p := range l {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			delete(l, p)
		}
	}
}

// String lists the directories and their errors, sorted: the set's
// identity, to tell whether it changed.
func (l lockedDirs) String() string {
	var sb strings.Builder
	for _, p := range slices.Sorted(maps.Keys(l)) {
		fmt.Fprintf(&sb, "%s\x00%v\x00", p, l[p])
	}
	return sb.String()
}

// messages are the banner's lines, one per directory: where, and why.
func (l lockedDirs) messages(retry string) []string {
	var out []string
	for _, p := range slices.Sorted(maps.Keys(l)) {
		out = append(out, fmt.Sprintf("%s: cannot watch this directory: %v; its files are not reloaded until it can be read (tried again every %s)",
			p, unwrapPathErr(l[p]), retry))
	}
	return out
}

// unwrapPathErr drops a path error's own copy of the path and operation:
// the message names the directory first already.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// problems logs the locked directories and hands them to w.Problems when
// they differ from before (nil: at the start, only when there are any).
func (w *Watcher) problems(locked lockedDirs, before *string) {
	if before == nil && len(locked) == 0 || before != nil && *before == locked.String() {
		return
	}
	msgs := locked.messages(w.Retry.String())
	if len(msgs) > 0 {
		w.Log.Warn("file watcher: directories not watched", "problems", msgs)
	} else {
		w.Log.Info("file watcher: every directory is watched again")
	}
	if w.Problems != nil {
		w.Problems(msgs)
	}
}
