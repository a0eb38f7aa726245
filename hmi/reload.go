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
		b.First = time.Now()
	}
	ev := ReloadEvent{At: b.First, Files: r.changedFiles(b.Files)}
	if len(ev.Files) == 0 {
		return ev
	}
	old := r.project()
	p, err := load(old.Dir, old)
	if err != nil {
		ev.Errors = errorStrings(err)
	} else {
		ev.Changes, err = r.apply(old, p)
		if err != nil {
			ev.Errors = []string{err.Error()}
		}
	}
	ev.Applied = len(ev.Errors) == 0
	r.ui(func() { r.banner.SetErrors(ev.Errors) })
	ev.DurationMS = float64(time.Since(b.First).Microseconds()) / 1000
	r.mu.Lock()
	r.reloads++
	r.lastReload = &ev
	r.mu.Unlock()
	if ev.Applied {
		r.log.Info("reload", "files", ev.Files, "changes", ev.Changes, "duration_ms", ev.DurationMS)
	} else {
		r.log.Warn("reload refused", "files", ev.Files, "errors", ev.Errors, "duration_ms", ev.DurationMS)
	}
	return ev
}

// changedFiles keeps the files whose content differs from what was last
// loaded (a deleted file counts), and remembers the new contents.
func (r *Runtime) changedFiles(files []string) []string {
	var out []string
	dir := r.project().Dir
	for _, f := range files {
		now, err := hashFile(filepath.Join(dir, f))
		sum, had := r.hashes[f]
		switch {
		case err != nil && had:
			delete(r.hashes, f)
			out = append(out, f)
		case err == nil && (!had || now != sum):
			r.hashes[f] = now
			out = append(out, f)
		}
	}
	return out
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

// apply moves the running system from old to p, both clean. A panic while
// patching the live scenes is recovered: the scenes are rebuilt from the
// last good project, which stays in force, and the panic is the error.
func (r *Runtime) apply(old, p *Project) (changes int, err error) {
	changes, envChanged, err := r.applyConfig(old, p)
	if err != nil {
		return changes, err
	}
	r.ui(func() {
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("reload failed while patching the screen, rolled back: %v", v)
				r.rollback(old)
			}
		}()
		changes += r.applyScreens(old, p, envChanged)
	})
	return changes, err
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
			r.binder.Reconcile(res)
			if d.Title && ns.Page.Title != "" {
				r.win.SetTitle(ns.Page.Title)
			}
		}
	}
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

// applyConfig brings tags and connections to p: tags added, removed or
// redefined in the database; connections whose settings or tags changed
// restarted; the others keep running untouched.
func (r *Runtime) applyConfig(old, p *Project) (changes int, envChanged bool, err error) {
	before := map[string]Tag{}
	for _, t := range old.Tags {
		before[t.Def.Name] = t
	}
	after := map[string]Tag{}
	var added []tags.Def
	restart := map[string]bool{}
	for _, t := range p.Tags {
		after[t.Def.Name] = t
		o, ok := before[t.Def.Name]
		switch {
		case !ok:
			added = append(added, t.Def)
			restart[t.Def.Conn] = true
		case !reflect.DeepEqual(o, sameTag(t, o)):
			if err := r.db.Redefine(t.Def); err != nil {
				return changes, true, err
			}
			if !sameForDriver(o, t) {
				restart[t.Def.Conn], restart[o.Def.Conn] = true, true
			}
		default:
			continue
		}
		changes++
	}
	var removed []string
	for name, t := range before {
		if _, ok := after[name]; !ok {
			removed = append(removed, name)
			restart[t.Def.Conn] = true
		}
	}
	r.db.Undefine(removed...)
	if err := r.db.Define(added...); err != nil {
		return changes, true, err
	}
	changes += len(removed)
	oldConns := map[string]Connection{}
	for _, c := range old.Connections {
		oldConns[c.Name] = c
	}
	newConns := map[string]bool{}
	for _, c := range p.Connections {
		newConns[c.Name] = true
		if o, ok := oldConns[c.Name]; !ok || !sameConn(o, c) || restart[c.Name] {
			if err := r.restartConn(p, c); err != nil {
				return changes, true, err
			}
			changes++
		}
	}
	for name := range oldConns {
		if !newConns[name] {
			r.stopConn(name)
			r.db.Attach(name, nil)
			changes++
		}
	}
	envChanged = changes > 0
	if envChanged {
		r.mu.Lock()
		r.env = tags.NewEnv(p.Defs())
		r.mu.Unlock()
	}
	return changes, envChanged, nil
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
		reflect.DeepEqual(a.Def.Scale, b.Def.Scale) && reflect.DeepEqual(a.Signal, b.Signal) &&
		a.Scan == b.Scan && a.Sampling == b.Sampling && a.QueueSize == b.QueueSize && a.Deadband == b.Deadband
}

func sameConn(a, b Connection) bool {
	a.Pos = b.Pos
	return reflect.DeepEqual(a, b)
}

func (r *Runtime) restartConn(p *Project, c Connection) error {
	d, err := r.newDriver(p, c)
	if err != nil {
		return err
	}
	r.stopConn(c.Name)
	r.db.Attach(c.Name, d)
	if d != nil && r.runCtx != nil {
		r.startConn(c.Name, d)
	}
	r.log.Info("connection restarted", "connection", c.Name)
	return nil
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
