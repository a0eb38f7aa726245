package hmi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/store"
)

// dataGuardEvery is how often the runtime checks that its database is
// still the file it opened.
const dataGuardEvery = 2 * time.Second

// errDataGone is what ends the run when the data directory's database was
// removed or replaced under the runtime.
var errDataGone = errors.New("removed or replaced while the runtime ran: what the alarm journal, the audit trail and the history wrote since would be lost; stopping so that a restart opens the data directory anew")

// dataGuard ends the run when the data directory's database (alarm
// journal, audit trail, history) is no longer the file the runtime opened:
// the directory or the file was deleted, moved away or replaced. SQLite
// would go on committing into a file that nothing can find again, and
// every event reported durable from then on would be gone at the next
// start: durable state must not be lost silently, so the runtime stops
// (`hmi run` exits 3) and the supervisor's restart opens (or makes) the
// data directory again. A database it cannot stat for another reason (a
// directory made unreadable: the open file still works) is logged, not
// fatal. It runs in the run group on the runtime's clock; it checks only
// once one of the stores is open.
func (r *Runtime) dataGuard(ctx context.Context) error {
	g := dataCheck{path: store.Path(r.alarm.dataDir)}
	var t clock.Timer
	for {
		if g.opened != nil || r.dataOpen() {
			if err := g.check(r); err != nil {
				return err
			}
		}
		// Armed after the check: a test that sees it armed knows the
		// check is done.
		if t == nil {
			t = r.clk.NewTimer(dataGuardEvery)
			defer t.Stop()
		} else {
			t.Reset(dataGuardEvery)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C():
		}
	}
}

// dataCheck is dataGuard's state: the database file as first seen.
type dataCheck struct {
	path   string
	opened fs.FileInfo
	warned bool // a stat error other than a missing file was logged
}

func (g *dataCheck) check(r *Runtime) error {
	st, err := os.Stat(g.path)
	switch {
	case errors.Is(err, fs.ErrNotExist) || err == nil && g.opened != nil && !os.SameFile(st, g.opened):
		return fmt.Errorf("%s: %w", g.path, errDataGone)
	case err != nil && !g.warned:
		g.warned = true
		r.log.Warn("data directory: cannot check the database", "file", g.path, "err", err)
	case err == nil && g.opened == nil:
		g.opened = st
	}
	return nil
}

// dataOpen reports whether any store of the data directory is open.
func (r *Runtime) dataOpen() bool {
	if r.users.trail != nil || r.Historian() != nil {
		return true
	}
	r.alarm.mu.Lock()
	defer r.alarm.mu.Unlock()
	return r.alarm.jr != nil
}
