package hmi

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/gohmi/gohmi/internal/clock"
)

// WatchMode is how a runtime notices edited files.
type WatchMode uint8

const (
	WatchNotify WatchMode = iota // inotify (fsnotify): the default
	WatchPoll                    // mtime, size and hash polling, for file systems without inotify
	WatchOff                     // production panels: files do not change
)

func (m WatchMode) String() string {
	switch m {
	case WatchNotify:
		return "notify"
	case WatchPoll:
		return "poll"
	case WatchOff:
		return "off"
	}
	return fmt.Sprintf("WatchMode(%d)", m)
}

// ParseWatchMode reads --watch's value.
func ParseWatchMode(s string) (WatchMode, error) {
	for _, m := range []WatchMode{WatchNotify, WatchPoll, WatchOff} {
		if s == m.String() {
			return m, nil
		}
	}
	return 0, fmt.Errorf("watch mode %q: want notify, poll or off", s)
}

// Batch is the set of project files that changed within one debounce window.
type Batch struct {
	Files []string  // paths relative to the project directory, sorted
	First time.Time // when the first event of the batch arrived
}

// Watcher reports edited project files in batches. However an editor saves
// (in place, truncate and write, write a temp file and rename it over,
// rename the old one away and write anew, sed -i, git checkout of many
// files), the events of one save fall in one debounce window and the file
// is reported once; editor temp and swap files are never reported.
type Watcher struct {
	Dir      string
	Mode     WatchMode
	Debounce time.Duration // quiet time that closes a batch; default 10ms
	MaxWait  time.Duration // a batch closes after this however busy; default 250ms
	Poll     time.Duration // WatchPoll period; default 250ms
	Retry    time.Duration // how often a directory that could not be watched is tried again; default 2s
	Log      *slog.Logger
	Clock    clock.Clock // stamps batches and times the debounce; default the wall clock
	// Problems, when set, is called from Run's goroutine with the
	// directories of the project that cannot be watched (or read, when
	// polling), one message each naming the directory and why, whenever
	// that set changes; with none when every one is watched again.
	Problems func([]string)
	// Ready, when set, is called once from Run's goroutine when the
	// project is watched (polling: scanned once): edits from then on are
	// reported.
	Ready func()
	// NewNotify, when set, makes the inotify watcher (tests inject a
	// failure); default fsnotify.NewWatcher.
	NewNotify NotifyFunc
	// Fallback, when set, is called once from Run's goroutine when inotify
	// is unavailable and the project is polled instead, with a message
	// saying so.
	Fallback func(msg string)
}

// Run reports batches to fn, from its own goroutine, until ctx is done.
func (w *Watcher) Run(ctx context.Context, fn func(Batch)) error {
	if w.Debounce == 0 {
		w.Debounce = 10 * time.Millisecond
	}
	if w.MaxWait == 0 {
		w.MaxWait = 250 * time.Millisecond
	}
	if w.Poll == 0 {
		w.Poll = 250 * time.Millisecond
	}
	if w.Retry == 0 {
		w.Retry = 2 * time.Second
	}
	if w.Log == nil {
		w.Log = slog.Default()
	}
	w.Clock = clock.Or(w.Clock)
	switch w.Mode {
	case WatchOff:
		<-ctx.Done()
		return nil
	case WatchPoll:
		return w.poll(ctx, fn)
	}
	return w.notify(ctx, fn)
}

func (w *Watcher) notify(ctx context.Context, fn func(Batch)) error {
	fw, err := w.newNotify()
	if err != nil {
		return w.fallBack(ctx, fn, err) // watch_fallback.go
	}
	defer fw.Close()
	known := map[string]bool{} // relevant files seen, for a directory moved away or deleted
	// Directories that could not be watched (a root-owned lost+found, a
	// backup the panel's user may not read) are skipped, shown through
	// Problems and tried again every Retry, and at once when inotify tells
	// of a change to them (a chmod): a panel never stops over one.
	locked := lockedDirs{}
	w.addTree(fw, w.Dir, known, locked)
	for _, err := range locked {
		if watchLimit(err) {
			fw.Close()
			return w.fallBack(ctx, fn, errWatchLimit)
		}
	}
	w.problems(locked, nil)
	w.ready()
	retry := w.Clock.NewTimer(w.Retry)
	retrying := len(locked) > 0
	if !retrying {
		retry.Stop()
	}
	defer retry.Stop()
	var b batcher
	b.debounce, b.maxWait = w.Debounce, w.MaxWait
	timer := w.Clock.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		before := locked.String()
		select {
		case <-ctx.Done():
			return nil
		case err := <-fw.Errors:
			w.Log.Warn("file watcher", "err", err)
		case ev := <-fw.Events:
			switch {
			case locked[ev.Name] != nil && !ev.Has(fsnotify.Remove) && !ev.Has(fsnotify.Rename):
				w.retry(fw, &b, known, locked, ev.Name)
			case ev.Has(fsnotify.Create) && isDir(ev.Name):
				// A directory created or moved in (mkdir, git checkout, mv
				// back): watch it and report what it already holds.
				w.addTree(fw, ev.Name, known, locked)
				w.addFiles(&b, ev.Name)
			case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
				// A file, or a whole directory, deleted or moved away:
				// every file known under it is gone.
				w.gone(fw, &b, known, ev.Name)
				locked.drop(ev.Name)
			default:
				w.add(&b, ev.Name)
				if rel, ok := w.rel(ev.Name); ok {
					known[rel] = true
				}
			}
		case <-retry.C():
			retrying = false
			w.retry(fw, &b, known, locked, slices.Sorted(maps.Keys(locked))...)
		case <-timer.C():
		}
		w.problems(locked, &before)
		if len(locked) > 0 && !retrying {
			retry.Reset(w.Retry)
			retrying = true
		}
		if batch, wait, ok := b.due(w.Clock.Now(), w.settled); ok {
			fn(batch)
		} else if wait > 0 {
			timer.Reset(wait)
		}
	}
}

func (w *Watcher) add(b *batcher, path string) {
	if rel, ok := w.rel(path); ok {
		b.add(rel, w.Clock.Now())
	}
}

// rel is a path's project-relative form, and whether it is a relevant file.
func (w *Watcher) rel(path string) (string, bool) {
	rel, err := filepath.Rel(w.Dir, path)
	if err != nil || !Relevant(rel) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// gone reports path, deleted or moved away, and every known file under it
// when it was a directory (inotify tells only of the directory itself), and
// stops watching the directories under it: a directory moved elsewhere
// must not report its new neighbours' edits as the project's. A directory
// moved back is a Create, which watches and reports it anew.
func (w *Watcher) gone(fw *fsnotify.Watcher, b *batcher, known map[string]bool, path string) {
	w.add(b, path)
	rel, err := filepath.Rel(w.Dir, path)
	if err != nil {
		return
	}
	rel = filepath.ToSlash(rel)
	delete(known, rel)
	for f := range known {
		if strings.HasPrefix(f, rel+"/") {
			b.add(f, w.Clock.Now())
			delete(known, f)
		}
	}
	for _, p := range fw.WatchList() {
		if p == path || strings.HasPrefix(p, path+string(filepath.Separator)) {
			_ = fw.Remove(p)
		}
	}
}

// addTree watches dir and every directory under it, except hidden ones and
// node_modules, and adds the relevant files it holds to known. A directory
// that cannot be watched (inotify wants read access) is logged, skipped
// with all under it, and put in locked.
func (w *Watcher) addTree(fw *fsnotify.Watcher, dir string, known map[string]bool, locked lockedDirs) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if !d.IsDir() {
			if rel, ok := w.rel(p); ok {
				known[rel] = true
			}
			return nil
		}
		if p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules" || d.Name() == "pki") {
			return filepath.SkipDir
		}
		if err := fw.Add(p); err != nil {
			locked[p] = err
			return filepath.SkipDir
		}
		return nil
	})
}

// retry tries to watch the locked directories dirs again. One that is
// watched now has its files reported, as a directory moved in has: they
// may differ from what was loaded (or be loaded at last).
func (w *Watcher) retry(fw *fsnotify.Watcher, b *batcher, known map[string]bool, locked lockedDirs, dirs ...string) {
	for _, dir := range dirs {
		delete(locked, dir)
		if !isDir(dir) {
			continue // gone: its Remove event said so, or will
		}
		w.addTree(fw, dir, known, locked)
		if locked[dir] == nil {
			w.Log.Info("file watcher: watching a directory it could not before", "dir", dir)
			w.addFiles(b, dir)
		}
	}
}

// addFiles adds the files under dir to the batch.
func (w *Watcher) addFiles(b *batcher, dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			w.add(b, p)
		}
		return nil
	})
}

// poll compares the modification time and size of every relevant file
// each period and reports the files whose stamp changed. It reads no file:
// the reload hashes what it loads and drops a file saved unchanged.
func (w *Watcher) poll(ctx context.Context, fn func(Batch)) error {
	type stamp struct {
		mod  time.Time
		size int64
	}
	seen := map[string]stamp{}
	locked := lockedDirs{} // directories that could not be read: Problems
	scan := func(report bool) []string {
		var changed []string
		now := map[string]bool{}
		before := locked.String()
		clear(locked)
		defer w.problems(locked, &before)
		_ = filepath.WalkDir(w.Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if d != nil && d.IsDir() && p != w.Dir {
					locked[p] = err
				}
				return nil
			}
			rel, _ := filepath.Rel(w.Dir, p)
			rel = filepath.ToSlash(rel)
			if d.IsDir() {
				if p != w.Dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "node_modules") {
					return filepath.SkipDir
				}
				return nil
			}
			if !Relevant(rel) {
				return nil
			}
			now[rel] = true
			info, err := d.Info()
			if err != nil {
				return nil
			}
			old, ok := seen[rel]
			st := stamp{info.ModTime(), info.Size()}
			if ok && old.mod.Equal(st.mod) && old.size == st.size {
				return nil
			}
			seen[rel] = st
			changed = append(changed, rel)
			return nil
		})
		for rel := range seen {
			if !now[rel] {
				delete(seen, rel)
				changed = append(changed, rel)
			}
		}
		slices.Sort(changed)
		if !report {
			return nil
		}
		return changed
	}
	scan(false)
	w.ready()
	t := w.Clock.NewTimer(w.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case at := <-t.C():
			t.Reset(w.Poll)
			if files := scan(true); len(files) > 0 {
				fn(Batch{Files: files, First: at})
			}
		}
	}
}

func (w *Watcher) ready() {
	if w.Ready != nil {
		w.Ready()
	}
}

// settleTime is how much longer a batch waits, once, when one of its files
// is missing or empty: most often an editor is between truncating or
// renaming the file away and writing it anew. A file really deleted or
// emptied is reported that much later.
const settleTime = 40 * time.Millisecond

// settled reports whether every file of a batch exists and is not empty.
func (w *Watcher) settled(files map[string]bool) bool {
	for f := range files {
		if st, err := os.Stat(filepath.Join(w.Dir, f)); err != nil || st.Size() == 0 {
			return false
		}
	}
	return true
}

// batcher gathers file events into batches closed by a quiet period.
type batcher struct {
	debounce, maxWait time.Duration
	files             map[string]bool
	first, last       time.Time
	extended          bool // settleTime was added to this batch
}

func (b *batcher) add(file string, now time.Time) {
	if b.files == nil {
		b.files = map[string]bool{}
		b.first = now
	}
	b.files[file] = true
	b.last = now
}

// due returns the batch when it is closed, or how long to wait until it
// may be. settled (nil: always) says whether the batch's files look
// complete; if not, the batch waits settleTime more, once.
func (b *batcher) due(now time.Time, settled func(map[string]bool) bool) (Batch, time.Duration, bool) {
	if b.files == nil {
		return Batch{}, 0, false
	}
	quiet := b.last.Add(b.debounce).Sub(now)
	limit := b.first.Add(b.maxWait).Sub(now)
	if quiet > 0 && limit > 0 {
		return Batch{}, min(quiet, limit), false
	}
	if !b.extended && settled != nil && !settled(b.files) {
		b.extended = true
		b.last = now.Add(settleTime - b.debounce)
		return Batch{}, settleTime, false
	}
	files := make([]string, 0, len(b.files))
	for f := range b.files {
		files = append(files, f)
	}
	slices.Sort(files)
	batch := Batch{Files: files, First: b.first}
	b.files, b.extended = nil, false
	return batch, 0, true
}

// Relevant reports whether a project-relative path is a file the runtime
// loads: hmi.yaml, screens, style sheets and fixtures; editor temp, swap and
// backup files never are.
func Relevant(rel string) bool {
	base := filepath.Base(rel)
	switch {
	case strings.HasPrefix(base, "."), strings.HasPrefix(base, "#"), strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"), strings.HasSuffix(base, ".swo"),
		strings.HasSuffix(base, ".tmp"), strings.Contains(base, "___jb_"), base == "4913",
		strings.Contains(base, ".goutputstream"), strings.HasSuffix(base, ".orig"), strings.HasSuffix(base, ".bak"):
		return false
	}
	if rel == ProjectFile {
		return true
	}
	switch filepath.Ext(base) {
	case ".gopage", ".css", ".yaml", ".yml":
		return true
	case ".json":
		return isAlarmPath(rel)
	}
	return false
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
