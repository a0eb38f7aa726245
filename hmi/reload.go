package hmi

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/tags"
)

// ReloadEvent is one reload, as logged and as /status shows the last one.
type ReloadEvent struct {
	At         time.Time `json:"at"`
	Files      []string  `json:"files"`
	Changes    int       `json:"changes"` // widgets patched, built or removed; tags and connections changed
	DurationMS float64   `json:"duration_ms"`
	Errors     []string  `json:"errors,omitempty"`
	Applied    bool      `json:"applied"`
}

// Reload applies the files of a batch that really changed. It is a
// transaction: everything that changed is parsed and checked first; if
// anything is wrong nothing is applied, the last good version stays on
// screen and the banner shows every error; otherwise tags, connections and
// screens are patched in place. A batch whose files hold what was loaded
// already (an editor's extra events, a save without changes) does nothing.
func (r *Runtime) Reload(b Batch) ReloadEvent {
	r.reloadMu.Lock()
	defer r.reloadMu.Unlock()
	if b.First.IsZero() {
		b.First = r.now()
	}
	// Load first, then compare: what changed is judged from the very bytes
	// load read and hashed, so a saved file is read and hashed once.
	old := r.project()
	p, err := load(old.Dir, old.kinds, old)
	ev := ReloadEvent{At: b.First, Files: r.changedFiles(b.Files, p.fileSums())}
	if len(ev.Files) == 0 {
		return ev
	}
	if err != nil {
		ev.Errors = append(errorStrings(err), missingStart(p)...)
	} else {
		ev.Changes, err = r.apply(old, p)
		if err != nil {
			ev.Errors = []string{err.Error()}
		}
	}
	ev.Applied = len(ev.Errors) == 0
	r.reloadUsers(old, p, &ev) // users_runtime.go
	r.showBanner(ev.Errors)    // with the watcher's problems: watch_banner.go
	ev.DurationMS = float64(r.now().Sub(b.First).Microseconds()) / 1000
	r.mu.Lock()
	r.reloads++
	r.lastReload = &ev
	r.mu.Unlock()
	if ev.Applied {
		r.log.Info("reload", "files", ev.Files, "changes", ev.Changes, "duration_ms", ev.DurationMS)
	} else {
		r.log.Warn("reload refused", "files", ev.Files, "errors", ev.Errors, "duration_ms", ev.DurationMS)
	}
	if r.reloaded != nil {
		r.reloaded(ev)
	}
	return ev
}

// missingStart is the error of a project that lost every screen (its
// screens directory moved away or deleted), which the per-screen checks do
// not give: its start screen is missing.
func missingStart(p *Project) []string {
	if p == nil || p.Start == "" || len(p.Screens) > 0 {
		return nil
	}
	var errs gopage.ErrorList
	errs.Add(gopage.Pos{Filename: filepath.Join(p.Dir, ProjectFile), Line: 1, Col: 1},
		fmt.Sprintf("start screen %q is missing: no screens in %s/", p.Start, p.ScreensDir))
	return errorStrings(errs)
}

// changedFiles keeps the files whose content differs from what was last
// loaded (a deleted file counts), and remembers the new contents. loaded
// holds the hashes of the files a load just read ([Project.fileSums], by
// project-relative path): those are not read again. Only the others
// (fixtures) are read here.
func (r *Runtime) changedFiles(files []string, loaded map[string][32]byte) []string {
	var out []string
	dir := r.project().Dir
	for _, f := range files {
		sum, ok := loaded[f]
		if !ok {
			var err error
			sum, err = hashFile(filepath.Join(dir, f))
			ok = err == nil
		}
		before, had := r.hashes[f]
		switch {
		case !ok && had:
			delete(r.hashes, f)
			out = append(out, f)
		case ok && (!had || sum != before):
			r.hashes[f] = sum
			out = append(out, f)
		}
	}
	return out
}

// fileSums returns the hash of every file p was loaded from (hmi.yaml,
// screens, style sheets, alarm files), by project-relative path; nil for a
// nil p.
func (p *Project) fileSums() map[string][32]byte {
	if p == nil {
		return nil
	}
	m := map[string][32]byte{}
	add := func(file string, sum [32]byte) {
		if rel, err := filepath.Rel(p.Dir, file); err == nil && sum != ([32]byte{}) {
			m[filepath.ToSlash(rel)] = sum
		}
	}
	for _, s := range p.Screens {
		add(s.File, s.sum)
	}
	for _, sh := range p.allSheets() {
		add(sh.File, sh.sum)
	}
	p.addAlarmSums(add)
	add(filepath.Join(p.Dir, ProjectFile), p.sum)
	add(p.users.file, p.users.sum)
	return m
}

// hashProject hashes every relevant file of a project directory.
func hashProject(dir string) map[string][32]byte {
	m := map[string][32]byte{}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if rel = filepath.ToSlash(rel); Relevant(rel) {
			if sum, err := hashFile(p); err == nil {
				m[rel] = sum
			}
		}
		return nil
	})
	return m
}

// apply moves the running system from old to p, both clean. Tags and
// connections are planned first (every new driver built, the new tag
// definitions checked against the database on a scratch one), so a
// reload refused there changes nothing. A failure applying them, or a
// panic while patching the live scenes, rolls everything back: tags and
// connections to old, scenes rebuilt from the last good project, which
// stays in force; the failure is the error.
func (r *Runtime) apply(old, p *Project) (changes int, err error) {
	pl, err := r.planConfig(old, p)
	if err != nil {
		return 0, err
	}
	env := r.currentEnv()
	conns, err := r.applyConfig(p, pl)
	if err != nil {
		r.rollbackConfig(p, old, env)
		return 0, fmt.Errorf("reload failed while changing tags and connections, rolled back: %w", err)
	}
	changes = pl.changes + conns
	envChanged := len(pl.added)+len(pl.redefined)+len(pl.removed) > 0
	if envChanged {
		r.mu.Lock()
		r.env = tags.NewEnv(p.exprDefs())
		r.mu.Unlock()
	}
	r.ui(func() {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("reload failed while patching the screen, rolled back: %v", v)
				r.mu.Lock()
				r.env = env
				r.mu.Unlock()
				r.rollback(old)
				if sc := r.Scene(r.Current()); sc != nil && envChanged {
					r.binder.SetEnv(env, sc)
				}
			}
		}()
		changes += r.applyScreens(old, p, envChanged)
	})
	if err != nil {
		r.rollbackConfig(p, old, env)
		return changes, err
	}
	r.configureAlarms(p)
	r.configureHistory(p)
	return changes, nil
}

// applyScreens patches every built scene to its new screen (UI goroutine).
func (r *Runtime) applyScreens(old, p *Project, envChanged bool) int {
	r.mu.Lock()
	r.proj = p
	current := r.current
	scenes := make(map[string]*render.Scene, len(r.scenes))
	for k, v := range r.scenes {
		scenes[k] = v
	}
	r.mu.Unlock()
	opts := r.renderOptions()
	changes := 0
	for name, scene := range scenes {
		ns := p.Screen(name)
		if ns == nil {
			r.mu.Lock()
			delete(r.scenes, name)
			r.mu.Unlock()
			changes++
			continue
		}
		if sheets, before := p.SheetsFor(ns), old.Screen(name); before == nil || !slices.Equal(sheets, old.SheetsFor(before)) {
			changes += scene.SetSheets(sheets)
		}
		d := gopage.Diff(scene.Screen, ns.Page)
		if d.Empty() {
			continue
		}
		res := scene.Apply(ns.Page, d, opts)
		changes += max(res.Changes(), 1)
		if name == current {
			r.setPermissions(scene) // login.go: added or changed controls the user may not use
			r.binder.Reconcile(res)
			if d.Title && ns.Page.Title != "" {
				r.win.SetTitle(ns.Page.Title)
			}
		}
	}
	r.followTrends(r.Scene(current))
	if p.Screen(current) == nil {
		if err := r.Navigate(p.Start); err != nil {
			r.log.Error("start screen", "err", err)
		}
	} else if envChanged {
		r.binder.SetEnv(r.currentEnv(), r.Scene(current))
	}
	return changes
}

// rollback rebuilds the screen on show from the last good project.
func (r *Runtime) rollback(old *Project) {
	r.mu.Lock()
	r.proj = old
	r.scenes = map[string]*render.Scene{}
	current := r.current
	r.mu.Unlock()
	if err := r.Navigate(current); err != nil {
		_ = r.Navigate(old.Start)
	}
}

// sameTag returns t with o's position, so that DeepEqual compares content.
func sameTag(t, o Tag) Tag {
	t.Pos = o.Pos
	return t
}

// sameForDriver reports whether a tag's edit leaves its driver's work
// unchanged: units, limits, writability and descriptions live in the tag
// database only, so editing them restarts no connection.
func sameForDriver(a, b Tag) bool {
	return a.Def.Conn == b.Def.Conn && a.Def.Address == b.Def.Address && a.Def.Type == b.Def.Type &&
		reflect.DeepEqual(a.Def.Scale, b.Def.Scale) && reflect.DeepEqual(a.Settings, b.Settings)
}

func sameConn(a, b Connection) bool {
	a.Pos = b.Pos
	return reflect.DeepEqual(a, b)
}

func errorStrings(err error) []string {
	var list gopage.ErrorList
	if errors.As(err, &list) {
		out := make([]string, len(list))
		for i, e := range list {
			out[i] = e.Error()
		}
		return out
	}
	return []string{err.Error()}
}
