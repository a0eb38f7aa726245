package hmi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
	"github.com/gohmi/gohmi/tags/opcua"
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
	// Watch is how edited project files are noticed; default WatchNotify.
	Watch WatchMode
	// Theme, when set, overrides the project's theme (its expression too).
	Theme string
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
	watch   WatchMode
	frame   *fyne.Container // window content's first layer: holds the scene on show
	banner  *render.Banner  // reload errors, over the scene
	content fyne.CanvasObject

	runCtx context.Context // Run's: drivers started by a reload live in it
	connWG sync.WaitGroup  // driver goroutines
	conns  map[string]*connRun

	reloadMu sync.Mutex          // serialises reloads; guards hashes
	hashes   map[string][32]byte // content of each project file as last loaded

	mu         sync.Mutex               // guards proj, env, current, scenes, boundAddr, reloads and lastReload
	current    string                   // screen on show
	boundAddr  string                   // where the status server listens
	scenes     map[string]*render.Scene // built screens: navigation does not rebuild them
	reloads    int
	lastReload *ReloadEvent
	theme      string
	fixedTheme string // Options.Theme: no expression overrides it
}

// connRun is one running driver.
type connRun struct {
	cancel context.CancelFunc
	done   chan struct{}
}

type writeReq struct {
	tag  string
	v    any
	done func(error) // called on the UI goroutine
}

// NewRuntime prepares p to run in win (a real window or a headless test
// window). It defines the tags and creates the drivers; nothing runs until Run.
func NewRuntime(p *Project, win fyne.Window, opts Options) (*Runtime, error) {
	r := &Runtime{proj: p, win: win, log: opts.Logger, ui: opts.UI, now: opts.Now, addr: opts.StatusAddr, watch: opts.Watch,
		drivers: map[string]tags.Driver{}, scenes: map[string]*render.Scene{}, writes: make(chan writeReq, 64),
		conns: map[string]*connRun{}, hashes: hashProject(p.Dir)}
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
	r.theme = p.Theme.Default
	if opts.Theme != "" {
		r.theme, r.fixedTheme = opts.Theme, opts.Theme
	}
	r.db = tags.NewDB(tags.Options{Logger: r.log, Now: r.now})
	if err := r.db.Define(p.Defs()...); err != nil {
		return nil, err
	}
	r.env = tags.NewEnv(p.Defs())
	if err := r.makeDrivers(); err != nil {
		return nil, err
	}
	r.binder = newBinder(r.db, r.env, r.ui, r.log)
	r.frame = container.NewStack()
	r.banner = render.NewBanner()
	r.content = container.NewStack(r.frame, container.NewBorder(r.banner.Object, nil, nil, nil))
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
	for _, c := range r.proj.Connections {
		d, err := r.newDriver(r.proj, c)
		if err != nil {
			return err
		}
		if d != nil {
			r.drivers[c.Name] = d
			r.db.Attach(c.Name, d)
		}
	}
	return nil
}

// newDriver makes the driver of one connection, or nil when this build has
// none for its type: its tags are then published Bad with the reason.
func (r *Runtime) newDriver(p *Project, c Connection) (tags.Driver, error) {
	d, err := driverFor(p, c, r.log, r.now)
	if err != nil {
		return nil, err
	}
	if sd, ok := d.(*sim.Driver); ok {
		r.sims = append(r.sims, sd)
	}
	if d == nil {
		r.log.Warn("connection has no driver in this build", "connection", c.Name, "type", c.Type)
		r.db.Publish(noDriver(p, c, r.now())...)
	}
	return d, nil
}

// driverFor makes the driver of one connection of p; nil when this build
// has no driver for the connection's type.
func driverFor(p *Project, c Connection, log *slog.Logger, now func() time.Time) (tags.Driver, error) {
	var simTags []sim.Tag
	var mbTags []modbus.Tag
	var uaTags []opcua.Tag
	for _, t := range p.Tags {
		if t.Def.Conn == c.Name {
			simTags = append(simTags, sim.Tag{Def: t.Def, Signal: t.Signal})
			mbTags = append(mbTags, modbus.Tag{Def: t.Def, Scan: t.Scan})
			uaTags = append(uaTags, opcuaTag(t))
		}
	}
	switch c.Type {
	case "sim":
		d, err := sim.New(sim.Options{Seed: c.Sim.Seed, Tick: c.Sim.Tick, Now: now, Logger: log}, simTags)
		if err != nil {
			return nil, fmt.Errorf("connection %s: %w", c.Name, err)
		}
		return d, nil
	case "modbus":
		d, err := modbus.New(modbusConfig(c), mbTags, modbus.Options{Logger: log, Now: now})
		if err != nil {
			return nil, err
		}
		return d, nil
	case "opcua":
		d, err := opcua.New(opcuaConfig(p, c), uaTags, opcua.Options{Logger: log, Now: now})
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	return nil, nil
}

// opcuaConfig maps hmi.yaml's settings; a generated client certificate
// goes into the project's pki/ directory (or the one configured).
func opcuaConfig(p *Project, c Connection) opcua.Config {
	o := c.OPCUA
	pki := o.PKI
	if pki == "" {
		pki = "pki"
	}
	rel := func(f string) string {
		if f == "" || filepath.IsAbs(f) {
			return f
		}
		return filepath.Join(p.Dir, f)
	}
	return opcua.Config{
		Name: c.Name, Endpoint: o.Endpoint, Policy: o.Policy, Mode: o.Mode,
		Username: o.Username, Password: o.Password,
		CertFile: rel(o.Cert), KeyFile: rel(o.Key), PKIDir: rel(pki), Timeout: o.Timeout,
	}
}

func opcuaTag(t Tag) opcua.Tag {
	return opcua.Tag{Def: t.Def, Sampling: t.Sampling, QueueSize: uint32(max(t.QueueSize, 0)),
		Deadband: opcua.Deadband{Kind: t.Deadband.Kind, Value: t.Deadband.Value}}
}

// noDriver is the Bad value of every tag of a connection without a driver.
func noDriver(p *Project, c Connection, now time.Time) []tags.Update {
	var ups []tags.Update
	for _, t := range p.Tags {
		if t.Def.Conn == c.Name {
			ups = append(ups, tags.Update{Name: t.Def.Name, Value: tags.Value{Quality: tags.Bad, Reason: c.Type + " driver not available in this build", Time: now}})
		}
	}
	return ups
}

func modbusConfig(c Connection) modbus.Config {
	m := c.Modbus
	return modbus.Config{
		Name: c.Name, Address: m.Address, Device: m.Device, Baud: m.Baud, Parity: m.Parity,
		StopBits: m.StopBits, UnitID: byte(m.UnitID), Timeout: m.Timeout, Scan: m.Scan, MaxGap: m.MaxGap,
	}
}

// startConn runs a driver until its connection is stopped or Run ends.
func (r *Runtime) startConn(name string, d tags.Driver) {
	ctx, cancel := context.WithCancel(r.runCtx)
	cr := &connRun{cancel: cancel, done: make(chan struct{})}
	r.conns[name] = cr
	r.connWG.Add(1)
	go func() {
		defer r.connWG.Done()
		defer close(cr.done)
		if err := d.Run(ctx, r.db); err != nil && ctx.Err() == nil {
			r.log.Error("connection stopped", "connection", name, "err", err)
		}
	}()
}

// stopConn stops a connection's driver and waits for it.
func (r *Runtime) stopConn(name string) {
	if cr := r.conns[name]; cr != nil {
		cr.cancel()
		<-cr.done
		delete(r.conns, name)
	}
}

// DB returns the runtime's tag database.
func (r *Runtime) DB() *tags.DB { return r.db }

// Binder returns the runtime's binder.
func (r *Runtime) Binder() *Binder { return r.binder }

// Project returns the project being run, as last reloaded.
func (r *Runtime) Project() *Project { return r.project() }

// Run shows the start screen and runs drivers, binder, writes and the status
// server until ctx is done; then it stops them all and waits for them.
func (r *Runtime) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errc := make(chan error, 4)
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
	r.runCtx = ctx
	for _, name := range sortedKeys(r.drivers) {
		r.startConn(name, r.drivers[name])
	}
	goRun("binder", r.binder.Run)
	goRun("blink", r.blinkLoop)
	if r.project().Theme.Expr != "" && r.fixedTheme == "" {
		goRun("theme", r.themeLoop)
	}
	goRun("writer", r.writeLoop)
	if r.watch != WatchOff {
		w := &Watcher{Dir: r.proj.Dir, Mode: r.watch, Log: r.log}
		goRun("watcher", func(ctx context.Context) error {
			return w.Run(ctx, func(b Batch) { r.Reload(b) })
		})
	}
	if r.addr != "" {
		srv, err := r.listenStatus()
		if err != nil {
			cancel()
			wg.Wait()
			r.stopConns()
			return err
		}
		goRun("status server", srv)
	}
	var navErr error
	r.ui(func() {
		r.win.SetContent(r.content)
		navErr = r.Navigate(r.project().Start)
	})
	if navErr != nil {
		r.log.Error("start screen", "err", navErr)
	}
	<-ctx.Done()
	wg.Wait()
	r.stopConns()
	close(errc)
	return <-errc
}

func (r *Runtime) stopConns() {
	for _, name := range sortedKeys(r.conns) {
		r.stopConn(name)
	}
	r.connWG.Wait()
}

// currentEnv returns the expression environment of the tags as last loaded.
func (r *Runtime) currentEnv() *tags.Env {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.env
}

// project returns the project as last loaded.
func (r *Runtime) project() *Project {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.proj
}

// Navigate shows the named screen, building its scene the first time only.
// It runs on the UI goroutine.
func (r *Runtime) Navigate(name string) error {
	s := r.project().Screen(name)
	if s == nil {
		return fmt.Errorf("no screen %q", name)
	}
	r.mu.Lock()
	scene := r.scenes[name]
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
	r.frame.Objects = []fyne.CanvasObject{scene.Root}
	r.frame.Refresh()
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
	p := r.project()
	targets := make([]render.NavTarget, 0, len(p.Screens))
	for _, s := range p.Screens {
		targets = append(targets, render.NavTarget{Screen: s.Page.Name, Title: s.Page.Title})
	}
	return render.Options{Dir: p.Dir, Screens: targets, OnAction: r.onAction, OnWrite: r.onWrite, Env: r.styleEnv()}
}

// styleEnv is the theme and panel size style sheets see.
func (r *Runtime) styleEnv() style.Env {
	r.mu.Lock()
	theme := r.theme
	r.mu.Unlock()
	size := r.win.Canvas().Size()
	return style.Env{Theme: theme, Width: float64(size.Width), Height: float64(size.Height)}
}

// SetTheme switches the style sheets' @theme on every built screen. UI goroutine.
func (r *Runtime) SetTheme(name string) {
	r.mu.Lock()
	changed := r.theme != name
	r.theme = name
	scenes := make([]*render.Scene, 0, len(r.scenes))
	for _, sc := range r.scenes {
		scenes = append(scenes, sc)
	}
	r.mu.Unlock()
	if !changed {
		return
	}
	env := r.styleEnv()
	for _, sc := range scenes {
		sc.SetEnv(env)
	}
	r.log.Info("theme", "theme", name)
}

// Theme returns the theme in force.
func (r *Runtime) Theme() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.theme
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
	x, err := r.currentEnv().Compile(w.Value)
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

// BannerErrors returns the errors the banner shows (UI goroutine).
func (r *Runtime) BannerErrors() []string { return r.banner.Errors() }

// themeLoop follows the project's theme expression: whenever a tag it reads
// changes, it is evaluated again and a new result switches the theme. It
// subscribes to those tags only, so other updates never wake it.
func (r *Runtime) themeLoop(ctx context.Context) error {
	var sub *tags.Subscription
	defer func() {
		if sub != nil {
			sub.Close()
		}
	}()
	var buf []tags.Update
	var x *tags.Expr
	src := "\x00" // no expression compiled yet
	for {
		if p := r.project(); p.Theme.Expr != src {
			src = p.Theme.Expr
			if sub != nil {
				sub.Close()
			}
			var err error
			if x, err = r.currentEnv().Compile(src); err != nil {
				x = nil // reported by Load; keep the theme in force
			}
			var deps []string
			if x != nil {
				deps = x.Deps
			}
			sub = r.db.Subscribe(append([]string{}, deps...))
		}
		if x != nil {
			if v, q, _, err := x.Eval(r.db.Get); err == nil && q != tags.Bad {
				if name, ok := v.(string); ok && name != r.Theme() {
					r.ui(func() { r.SetTheme(name) })
				} else if !ok {
					r.log.Warn("theme expression gives no name", "expr", src, "value", v)
				}
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-sub.C():
			buf = sub.Take(buf[:0])
		}
	}
}

// evalTheme sets the theme its expression gives now (snapshots).
func (r *Runtime) evalTheme() {
	x, err := r.currentEnv().Compile(r.project().Theme.Expr)
	if err != nil {
		return
	}
	if v, q, _, err := x.Eval(r.db.Get); err == nil && q != tags.Bad {
		if name, ok := v.(string); ok {
			r.SetTheme(name)
		}
	}
}

// blinkLoop flashes the blinking widgets (style sheets' blink:) of the
// screen on show, ten times a second, and builds the screens again when
// the panel's size has settled far from what they were built for (a window
// resized or made full screen); it costs nothing while neither happens.
func (r *Runtime) blinkLoop(ctx context.Context) error {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	off := 0 // ticks the zoom has been off
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-t.C:
			sc := r.Scene(r.Current())
			if sc == nil {
				continue
			}
			if sc.Blinks() {
				r.ui(func() { sc.Blink(now) })
			}
			if want := sc.WantZoom(); want > 0 && math.Abs(float64(want/sc.Zoom())-1) > 0.05 {
				if off++; off >= 3 {
					r.ui(r.rezoom)
					off = 0
				}
			} else {
				off = 0
			}
		}
	}
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

// Window returns the window the runtime shows its screens in.
func (r *Runtime) Window() fyne.Window { return r.win }
