package hmi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/sim"
)

// Options configure a Runtime. Zero values are sensible defaults.
type Options struct {
	Logger *slog.Logger
	// UI runs f on the UI goroutine and returns once it has run. The default
	// serialises calls and uses fyne.DoAndWait, which suits both a real window
	// and Fyne's headless test driver.
	UI func(f func())
	// StatusAddr, when set, serves /status and /snapshot.png there.
	StatusAddr string
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Runtime runs one project in one window: it owns the tag database, the
// drivers, the binder, the write queue and the status server, and every
// goroutine they need. Run starts them and stops them all.
type Runtime struct {
	proj  *Project
	win   fyne.Window
	log   *slog.Logger
	ui    func(func())
	now   func() time.Time
	start time.Time
	addr  string

	db      *tags.DB
	env     *tags.Env
	drivers map[string]tags.Driver
	sims    []*sim.Driver
	binder  *Binder
	writes  chan writeReq

	mu        sync.Mutex               // guards current, scenes and boundAddr, read by the status server
	current   string                   // screen on show
	boundAddr string                   // where the status server listens
	scenes    map[string]*render.Scene // built screens: navigation does not rebuild them
}

type writeReq struct {
	tag  string
	v    any
	done func(error) // called on the UI goroutine
}

// NewRuntime prepares p to run in win (a real window or a headless test
// window). It defines the tags and creates the drivers; nothing runs until Run.
func NewRuntime(p *Project, win fyne.Window, opts Options) (*Runtime, error) {
	r := &Runtime{proj: p, win: win, log: opts.Logger, ui: opts.UI, now: opts.Now, addr: opts.StatusAddr,
		drivers: map[string]tags.Driver{}, scenes: map[string]*render.Scene{}, writes: make(chan writeReq, 64)}
	if r.log == nil {
		r.log = slog.Default()
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.ui == nil {
		r.ui = serialUI()
	}
	r.start = r.now()
	r.db = tags.NewDB(tags.Options{Logger: r.log, Now: r.now})
	if err := r.db.Define(p.Defs()...); err != nil {
		return nil, err
	}
	r.env = tags.NewEnv(p.Defs())
	if err := r.makeDrivers(); err != nil {
		return nil, err
	}
	r.binder = newBinder(r.db, r.env, r.ui, r.log)
	return r, nil
}

// serialUI runs functions on Fyne's UI goroutine one at a time. With the
// test driver fyne.DoAndWait runs f on the caller's goroutine, so the mutex
// is what keeps the binder and the status server from painting at once.
func serialUI() func(func()) {
	var mu sync.Mutex
	return func(f func()) {
		mu.Lock()
		defer mu.Unlock()
		fyne.DoAndWait(f)
	}
}

func (r *Runtime) makeDrivers() error {
	byConn := map[string][]sim.Tag{}
	for _, t := range r.proj.Tags {
		byConn[t.Def.Conn] = append(byConn[t.Def.Conn], sim.Tag{Def: t.Def, Signal: t.Signal})
	}
	for _, c := range r.proj.Connections {
		switch c.Type {
		case "sim":
			d, err := sim.New(sim.Options{Seed: c.Sim.Seed, Tick: c.Sim.Tick, Now: r.now, Logger: r.log}, byConn[c.Name])
			if err != nil {
				return fmt.Errorf("connection %s: %w", c.Name, err)
			}
			r.drivers[c.Name] = d
			r.sims = append(r.sims, d)
			r.db.Attach(c.Name, d)
		default:
			// Parsed but not driven by this build: its tags stay Bad with a reason.
			r.log.Warn("connection has no driver in this build", "connection", c.Name, "type", c.Type)
			reason := c.Type + " driver not available in this build"
			var ups []tags.Update
			for _, t := range byConn[c.Name] {
				ups = append(ups, tags.Update{Name: t.Def.Name, Value: tags.Value{Quality: tags.Bad, Reason: reason, Time: r.now()}})
			}
			r.db.Publish(ups...)
		}
	}
	return nil
}

// DB returns the runtime's tag database.
func (r *Runtime) DB() *tags.DB { return r.db }

// Binder returns the runtime's binder.
func (r *Runtime) Binder() *Binder { return r.binder }

// Project returns the project being run.
func (r *Runtime) Project() *Project { return r.proj }

// Run shows the start screen and runs drivers, binder, writes and the status
// server until ctx is done; then it stops them all and waits for them.
func (r *Runtime) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, len(r.drivers)+3)
	goRun := func(name string, f func(context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(ctx); err != nil && !errors.Is(err, context.Canceled) {
				errc <- fmt.Errorf("%s: %w", name, err)
				cancel()
			}
		}()
	}
	for _, name := range sortedKeys(r.drivers) {
		d := r.drivers[name]
		goRun("connection "+name, func(ctx context.Context) error { return d.Run(ctx, r.db) })
	}
	goRun("binder", r.binder.Run)
	goRun("writer", r.writeLoop)
	if r.addr != "" {
		srv, err := r.listenStatus()
		if err != nil {
			cancel()
			wg.Wait()
			return err
		}
		goRun("status server", srv)
	}
	var navErr error
	r.ui(func() { navErr = r.Navigate(r.proj.Start) })
	if navErr != nil {
		r.log.Error("start screen", "err", navErr)
	}
	<-ctx.Done()
	wg.Wait()
	close(errc)
	return <-errc
}

// Navigate shows the named screen, building its scene the first time only.
// It runs on the UI goroutine.
func (r *Runtime) Navigate(name string) error {
	s := r.proj.Screen(name)
	if s == nil {
		return fmt.Errorf("no screen %q", name)
	}
	r.mu.Lock()
	scene := r.scenes[name]
	r.mu.Unlock()
	if scene == nil {
		scene = render.Build(s.Page, r.renderOptions())
		r.mu.Lock()
		r.scenes[name] = scene
		r.mu.Unlock()
	}
	r.win.SetContent(scene.Root)
	if s.Page.Title != "" {
		r.win.SetTitle(s.Page.Title)
	}
	r.mu.Lock()
	r.current = name
	r.mu.Unlock()
	r.binder.Show(scene)
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

// UI runs f on the UI goroutine, serialised with the binder's batches.
func (r *Runtime) UI(f func()) { r.ui(f) }

func (r *Runtime) renderOptions() render.Options {
	targets := make([]render.NavTarget, 0, len(r.proj.Screens))
	for _, s := range r.proj.Screens {
		targets = append(targets, render.NavTarget{Screen: s.Page.Name, Title: s.Page.Title})
	}
	return render.Options{Dir: r.proj.Dir, Screens: targets, OnAction: r.onAction, OnWrite: r.onWrite}
}

// onAction runs a button's action, after confirmation when it asks for one.
func (r *Runtime) onAction(n *gopage.Node, a *gopage.Action) {
	do := func() {
		if a.Write != nil {
			r.writeExpr(a.Write)
		}
		if a.Navigate != "" {
			if err := r.Navigate(a.Navigate); err != nil {
				r.log.Error("navigate", "err", err)
			}
		}
	}
	r.confirm(a.Confirm, do, nil)
}

// writeExpr evaluates an action's value expression and queues the write.
func (r *Runtime) writeExpr(w *gopage.WriteAction) {
	x, err := r.env.Compile(w.Value)
	if err != nil {
		r.showError(fmt.Errorf("write %s: %v", w.Tag, err))
		return
	}
	v, q, why, err := x.Eval(r.db.Get)
	if err == nil && q == tags.Bad {
		err = fmt.Errorf("value unknown: %s", why)
	}
	if err != nil {
		r.showError(fmt.Errorf("write %s: %v", w.Tag, err))
		return
	}
	r.queueWrite(w.Tag, v, func(err error) {
		if err != nil {
			r.showError(err)
		}
	})
}

// onWrite is a control's write: confirm if asked, then queue it.
func (r *Runtime) onWrite(n *gopage.Node, tag string, v any, confirm string, done func(error)) {
	r.confirm(confirm, func() { r.queueWrite(tag, v, done) }, func() { done(errors.New("cancelled")) })
}

func (r *Runtime) confirm(question string, yes, no func()) {
	if question == "" {
		yes()
		return
	}
	dialog.ShowConfirm("Confirm", question, func(ok bool) {
		if ok {
			yes()
		} else if no != nil {
			no()
		}
	}, r.win)
}

// queueWrite hands a write to the writer goroutine, so that a slow device
// never blocks the UI. It runs on the UI goroutine.
func (r *Runtime) queueWrite(tag string, v any, done func(error)) {
	select {
	case r.writes <- writeReq{tag: tag, v: v, done: done}:
	default:
		done(fmt.Errorf("write %s: too many writes pending", tag))
	}
}

func (r *Runtime) writeLoop(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case w := <-r.writes:
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := r.db.Write(wctx, w.tag, w.v)
			cancel()
			if err != nil {
				r.log.Warn("write refused", "tag", w.tag, "value", w.v, "err", err)
			} else {
				r.log.Info("write", "tag", w.tag, "value", w.v)
			}
			r.ui(func() { w.done(err) })
		}
	}
}

func (r *Runtime) showError(err error) {
	r.log.Warn("action failed", "err", err)
	dialog.ShowError(err, r.win)
}
