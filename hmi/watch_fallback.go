package hmi

import (
	"context"
	"errors"
	"fmt"
	"syscall"

	"github.com/fsnotify/fsnotify"
)

// NotifyFunc makes the inotify watcher of a [Watcher] in WatchNotify
// mode: fsnotify.NewWatcher unless Watcher.NewNotify says otherwise.
type NotifyFunc func() (*fsnotify.Watcher, error)

// errWatchLimit is why inotify cannot watch the project: the per-user
// limit of watches (fs.inotify.max_user_watches) is reached.
var errWatchLimit = errors.New("the inotify watch limit (fs.inotify.max_user_watches) is reached")

// newNotify makes the inotify watcher.
func (w *Watcher) newNotify() (*fsnotify.Watcher, error) {
	if w.NewNotify != nil {
		return w.NewNotify()
	}
	return fsnotify.NewWatcher()
}

// fallBack polls the project when inotify is unavailable (the per-user
// limit of inotify instances or watches is reached): hot reload goes on,
// a little later. It is logged once and told to Fallback.
func (w *Watcher) fallBack(ctx context.Context, fn func(Batch), why error) error {
	msg := fmt.Sprintf("file watcher: inotify unavailable (%v): polling the project every %v", why, w.Poll)
	w.Log.Warn("file watcher: inotify unavailable, polling the project instead", "err", why, "every", w.Poll)
	if w.Fallback != nil {
		w.Fallback(msg)
	}
	return w.poll(ctx, fn)
}

// watchLimit reports whether err from adding a watch is the watch limit.
func watchLimit(err error) bool { return errors.Is(err, syscall.ENOSPC) }

// setWatchNote is the file watcher's Watcher.Fallback: the banner and
// /status say that edited files are polled for.
func (r *Runtime) setWatchNote(msg string) {
	r.reloadMu.Lock() // the banner's reload half is Reload's
	defer r.reloadMu.Unlock()
	r.mu.Lock()
	r.watchNote = msg
	var errs []string
	if r.lastReload != nil {
		errs = r.lastReload.Errors
	}
	r.mu.Unlock()
	r.showBanner(errs)
}
