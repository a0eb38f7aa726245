package hmi

import (
	"fmt"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
)

// Navigate shows the named screen, building its scene the first time only.
// It runs on the UI goroutine.
func (r *Runtime) Navigate(name string) error {
	s := r.project().Screen(name)
	if s == nil {
		return fmt.Errorf("no screen %q", name)
	}
	r.mu.Lock()
	scene, prev := r.scenes[name], r.scenes[r.current]
	r.mu.Unlock()
	if scene == nil {
		opts := r.renderOptions()
		opts.Sheets = r.project().SheetsFor(s)
		opts.Zoom = r.zoomFor(s.Page.Size)
		scene = render.Build(s.Page, opts)
		r.mu.Lock()
		r.scenes[name] = scene
		r.mu.Unlock()
	}
	scene.Shown() // trends freed while hidden paint before the frame (render/trend_hide.go)
	r.frame.Objects = []fyne.CanvasObject{scene.Root}
	r.frame.Refresh()
	if s.Page.Title != "" {
		r.win.SetTitle(s.Page.Title)
	}
	r.mu.Lock()
	r.current = name
	r.mu.Unlock()
	r.setPermissions(scene) // login.go: controls the user may not use are disabled
	r.binder.Show(scene)
	scene.AlarmsChanged() // a screen shown again catches up with the alarms
	r.followTrends(scene)
	if prev != nil && prev != scene {
		prev.Hidden()
	}
	r.followWindowTheme(scene)
	r.log.Info("screen shown", "screen", name)
	return nil
}

// Current returns the name of the screen on show.
func (r *Runtime) Current() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.current
}

// Scene returns the built scene of a screen, or nil if it was never shown.
func (r *Runtime) Scene(name string) *render.Scene {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.scenes[name]
}

func (r *Runtime) renderOptions() render.Options {
	p := r.project()
	targets := make([]render.NavTarget, 0, len(p.Screens))
	for _, s := range p.Screens {
		targets = append(targets, render.NavTarget{Screen: s.Page.Name, Title: s.Page.Title})
	}
	return render.Options{Dir: p.Dir, Screens: targets, OnAction: r.onAction, OnWrite: r.onWrite, Env: r.styleEnv(), Alarms: r.alarmOptions(), Trends: r.trendOptions()}
}

// zoomFor is how much a screen of the given design size is scaled in the
// window as it is now: 1 until the window has a size.
func (r *Runtime) zoomFor(design gopage.Size) float32 {
	size := r.win.Canvas().Size()
	if size.Width <= 0 || size.Height <= 0 || design.W <= 0 || design.H <= 0 {
		return 1
	}
	return min(size.Width/float32(design.W), size.Height/float32(design.H))
}

// rezoom builds the screens again for the window's size: text, spacing and
// controls follow the design canvas' scale. UI goroutine.
func (r *Runtime) rezoom() {
	r.mu.Lock()
	r.scenes = map[string]*render.Scene{}
	current := r.current
	r.mu.Unlock()
	if err := r.Navigate(current); err != nil {
		r.log.Error("rezoom", "err", err)
	}
	r.log.Info("screens rebuilt for the panel size", "size", r.win.Canvas().Size())
}
