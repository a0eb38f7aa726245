package hmi

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/tags"
)

// Options configure a Runtime. Zero values are sensible defaults.
type Options struct {
	Logger *slog.Logger
	// UI runs f on the UI goroutine and returns once it has run, or without
	// running it once the UI loop has ended (a GL window being stopped: see
	// cmd/hmi/glloop.go). The default serialises calls and uses
	// fyne.DoAndWait, which suits Fyne's headless test driver.
	UI func(f func())
	// DataDir is the runtime state's directory (alarm journal…); "" means the project's data/.
	DataDir string
	// NoData runs the alarms without a journal and touches no data
	// directory: snapshots, and tests that do not look at runtime state.
	NoData bool
	// StatusAddr, when set, serves /status and /snapshot.png there.
	StatusAddr string
	// TLSCert and TLSKey are the site's certificate of the status server
	// and the web view off loopback (default: pki/own/https.*): status_net.go.
	TLSCert, TLSKey string
	// Clock is the one clock of the runtime: the tag database, the binder,
	// reloads, the file watcher, blinking and the drivers read it and make
	// their timers with it; default the wall clock. Tests step one.
	Clock clock.Clock
	// Watch is how edited project files are noticed; default WatchNotify.
	Watch WatchMode
	// Theme, when set, overrides the project's theme (its expression too).
	Theme string
	// Reloaded, when set, is called after every reload that found changed
	// files, applied or refused, with its event: tests wait on it. It runs
	// on the reloading goroutine, before the next reload may start, so it
	// must be quick and must not call Reload.
	Reloaded func(ReloadEvent)
	// Input, when set, says whether the input being handled came through
	// the web view (users_input.go).
	Input *InputSource
	// Activity, when set, tells how long the window system has seen no
	// input: any key, pointer or touch counts as the panel user's
	// activity for the idle logout (users_activity.go).
	Activity ActivitySource
}

// Runtime runs one project in one window: it owns the tag database, the
// drivers, the binder, the write queue and the status server, and every
// goroutine they need. Run starts them and stops them all.
type Runtime struct {
	proj  *Project
	win   fyne.Window
	log   *slog.Logger
	ui    func(func())
	clk   clock.Clock
	now   func() time.Time // clk.Now
	start time.Time
	addr  string
	tls   [2]string // Options.TLSCert, TLSKey
	// netRemote treats a loopback status address as remote: tests.
	netRemote bool

	db       *tags.DB
	env      *tags.Env
	drivers  map[string]tags.Driver // the driver of each connection that has one; see connMu
	samples  []tags.Sampler         // the drivers that can sample, as started: for snapshots
	binder   *Binder
	writes   chan writeReq
	watch    WatchMode
	frame    *fyne.Container // window content's first layer: holds the scene on show
	banner   *render.Banner  // reload errors, in a strip above the scene
	content  fyne.CanvasObject
	alarm    *alarmRoom         // the alarm engine and journal
	users    usersRoom          // users, sessions and the audit trail: users_runtime.go
	history  historyRoom        // the historian
	trendsOn atomic.Bool        // the screen on show has trends: trendLoop ticks them
	jobs     chan func() func() // background work for the UI (journal queries): workLoop

	bannerUp atomic.Bool // the banner shows: the screen is shorter for a while, not rezoomed
	// watchProblems (guarded by mu) are the directories the watcher cannot
	// watch, as the banner shows them: watch_banner.go
	watchProblems []string
	watchNote     string        // (guarded by mu) why the watcher polls instead of inotify: watch_fallback.go
	watchReady    chan struct{} // closed when the watcher watches the project
	newNotify     NotifyFunc    // the watcher's Watcher.NewNotify: internal tests inject a failure

	connMu sync.Mutex      // guards drivers, runCtx and conns: Run and Reload both start and stop connections
	runCtx context.Context // Run's: drivers started by a reload live in it
	connWG sync.WaitGroup  // driver goroutines
	conns  map[string]*connRun

	reloadMu sync.Mutex          // serialises reloads; guards hashes
	hashes   map[string][32]byte // content of each project file as last loaded
	reloaded func(ReloadEvent)   // Options.Reloaded

	mu         sync.Mutex               // guards proj, env, current, scenes, boundAddr, reloads and lastReload
	current    string                   // screen on show
	boundAddr  string                   // where the status server listens
	scenes     map[string]*render.Scene // built screens: navigation does not rebuild them
	reloads    int
	lastReload *ReloadEvent
	theme      string
	fixedTheme string // Options.Theme: no expression overrides it
}

// NewRuntime prepares p to run in win (a real window or a headless test
// window). It defines the tags and creates the drivers; nothing runs until Run.
func NewRuntime(p *Project, win fyne.Window, opts Options) (*Runtime, error) {
	r := &Runtime{proj: p, win: win, log: opts.Logger, ui: opts.UI, clk: clock.Or(opts.Clock), addr: opts.StatusAddr, watch: opts.Watch,
		drivers: map[string]tags.Driver{}, scenes: map[string]*render.Scene{}, writes: make(chan writeReq, 64),
		conns: map[string]*connRun{}, hashes: hashProject(p.Dir), reloaded: opts.Reloaded}
	if r.log == nil {
		r.log = slog.Default()
	}
	r.now = r.clk.Now
	r.watchReady = make(chan struct{})
	r.tls = [2]string{opts.TLSCert, opts.TLSKey}
	r.users.activity = opts.Activity
	if r.ui == nil {
		r.ui = serialUI()
	}
	r.start = r.now()
	r.theme = p.Theme.Default
	if opts.Theme != "" {
		r.theme, r.fixedTheme = opts.Theme, opts.Theme
	}
	r.db = tags.NewDB(tags.Options{Logger: r.log, Now: r.now})
	if err := r.db.Define(p.exprDefs()...); err != nil { // the project's tags and User.Name, User.Role
		return nil, err
	}
	r.env = tags.NewEnv(p.exprDefs())
	if err := r.makeDrivers(); err != nil {
		return nil, err
	}
	r.binder = newBinder(r.db, r.env, r.ui, r.log, r.clk)
	r.binder.paceWith(win)
	r.binder.hold = holdFramesOf(win) // binder_hold.go
	r.jobs = make(chan func() func(), 64)
	r.newAlarmRoom(p, opts.DataDir, opts.NoData)
	if err := r.openUsers(p, opts.NoData, opts.Input); err != nil {
		return nil, err
	}
	r.history.reconf = make(chan struct{}, 1)
	r.configureHistory(p)
	r.frame = container.NewStack()
	r.banner = render.NewBanner()
	r.content = r.banner.Above(r.frame)
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

// DB returns the runtime's tag database.
func (r *Runtime) DB() *tags.DB { return r.db }

// Binder returns the runtime's binder.
func (r *Runtime) Binder() *Binder { return r.binder }

// Project returns the project being run, as last reloaded.
func (r *Runtime) Project() *Project { return r.project() }

// Run shows the start screen and runs drivers, binder, writes and the status
// server until ctx is done; then it stops them all and waits for them.
func (r *Runtime) Run(ctx context.Context) error {
	r.auditStart() // users_runtime.go: the trail's first row
	g := newRunGroup(ctx)
	defer g.cancel()
	ctx = g.ctx
	r.startConns(ctx)
	g.Go("binder", r.binder.Run)
	g.Go("blink", r.blinkLoop)
	if r.project().Theme.Expr != "" && r.fixedTheme == "" {
		g.Go("theme", r.themeLoop)
	}
	g.Go("writer", r.writeLoop)
	g.Go("alarms", func(ctx context.Context) error { return r.alarm.eng.Run(ctx, r.db) })
	g.Go("alarm view", r.alarmViewLoop)
	g.Go("worker", r.workLoop)
	g.Go("users", r.runUsers)
	g.Go("recorder", r.recordLoop)
	g.Go("trends", r.trendLoop)
	g.Go("data directory", r.dataGuard) // dataguard.go
	if r.watch != WatchOff {
		w := &Watcher{Dir: r.proj.Dir, Mode: r.watch, Log: r.log, Clock: r.clk, Problems: r.setWatchProblems, Fallback: r.setWatchNote,
			NewNotify: r.newNotify, Ready: func() { close(r.watchReady) }}
		g.Go("watcher", func(ctx context.Context) error {
			return w.Run(ctx, func(b Batch) { r.Reload(b) })
		})
	}
	if r.addr != "" {
		srv, err := r.listenStatus()
		if err != nil {
			g.cancel()
			_ = g.Wait()
			r.stopConns()
			r.closeJournal()
			r.closeHistory()
			r.closeAudit()
			return err
		}
		g.Go("status server", srv)
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
	err := g.Wait()
	r.stopConns()
	r.closeJournal()
	r.closeHistory()
	r.closeAudit()
	return err
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

// UI runs f on the UI goroutine, serialised with the binder's batches.
func (r *Runtime) UI(f func()) { r.ui(f) }

// Window returns the window the runtime shows its screens in.
func (r *Runtime) Window() fyne.Window { return r.win }
