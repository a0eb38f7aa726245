package hmi_test

// The raster backend's budgets (issue 12), on the demo's overview and on a
// generated 500-widget screen at 1280x800, in one run:
//
//	CGO_ENABLED=0 go test -tags migrated_fynedo,no_emoji -run '^$' -bench Raster -benchtime 100x ./hmi/
//
// CPU time (the process's, GC included) is the figure on a loaded
// machine; wall time is reported beside it.

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/software"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/cputime"
	"github.com/gohmi/gohmi/internal/gen"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/drivers"
)

// rasterProject is a project the raster benchmarks run: its directory,
// its screen and a tag that feeds one value widget on it.
type rasterProject struct {
	name, screen, tag string
	dir               func(b *testing.B) string
}

var rasterProjects = []rasterProject{
	// The demo with its simulator ticking once an hour: the values it
	// shows at start stay, so the benchmark's change is the only one. Tank
	// 2's level is held at 60 %: its sine, read at start, may be above the
	// high limit, and the tank would blink (a repaint every half second
	// beside the value's).
	{"demo", "overview", "Tank1.Temp", func(b *testing.B) string {
		dir := b.TempDir()
		if err := os.CopyFS(dir, os.DirFS(demo)); err != nil {
			b.Fatal(err)
		}
		quietSim(b, dir, "tick: 100ms", "tick: 1h")
		quietSim(b, dir, "signal: { kind: sine, period: 90s, min: 22, max: 94, phase: 0.3 }", "signal: { kind: memory, initial: 60 }")
		return dir
	}},
	// 500 widgets bound to 100 memory tags: Tag0.Value feeds w0, a value.
	// The simulator publishes its memory tags on every tick, which would
	// put back what the benchmark published: it ticks once an hour here.
	// The tags that start above 90 (a tank's alarm class, which blinks)
	// start at 90.
	{"500", "big", "Tag0.Value", func(b *testing.B) string {
		dir := b.TempDir()
		if err := gen.Project(dir, 500); err != nil {
			b.Fatal(err)
		}
		quietSim(b, dir, "{ name: sim, type: sim }", "{ name: sim, type: sim, sim: { tick: 1h } }")
		for v := 91; v < 100; v++ {
			quietSimAll(b, dir, fmt.Sprintf("initial: %d }", v), "initial: 90 }")
		}
		return dir
	}},
}

// quietSim replaces from by to in the project file of dir: the
// simulator's tick made an hour long.
func quietSim(b *testing.B, dir, from, to string) {
	b.Helper()
	quietSimN(b, dir, from, to, 1)
}

// quietSimAll is quietSim for every from.
func quietSimAll(b *testing.B, dir, from, to string) {
	b.Helper()
	quietSimN(b, dir, from, to, -1)
}

func quietSimN(b *testing.B, dir, from, to string, n int) {
	b.Helper()
	path := filepath.Join(dir, hmi.ProjectFile)
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	quiet := strings.Replace(string(src), from, to, n)
	if quiet == string(src) {
		b.Fatalf("%s has no %q: update rasterProjects", path, from)
	}
	if err := os.WriteFile(path, []byte(quiet), 0o644); err != nil {
		b.Fatal(err)
	}
}

// rasterRun is a project running in a raster window at 1280x800.
type rasterRun struct {
	rt  *hmi.Runtime
	app *raster.App
	win *raster.Window
}

// startRaster runs the project on the raster backend. With loop, the
// driver's loop runs (frames paced and presented to out, as on a panel);
// without, frames are painted only by Window.Frame.
func startRaster(b *testing.B, p rasterProject, loop bool, out raster.Output) *rasterRun {
	b.Helper()
	return startRasterWith(b, p, rasterSetup{loop: loop, out: out})
}

// rasterSetup is how startRasterWith runs a project; its zero value is
// startRaster's without a loop or an output.
type rasterSetup struct {
	loop     bool
	out      raster.Output
	interval time.Duration // the window's frame interval, which paces the binder too (0: 1/60 s)
	ui       func(func())  // the runtime's UI function (nil: its default)
}

// startRasterWith is startRaster as set up.
func startRasterWith(b *testing.B, p rasterProject, set rasterSetup) *rasterRun {
	b.Helper()
	loop, out := set.loop, set.out
	proj, err := hmi.Load(p.dir(b), drivers.Kinds())
	if err != nil {
		b.Fatal(err)
	}
	opts := raster.Options{Size: fyne.NewSize(1280, 800), Painter: paint.New(), Theme: render.Theme{}, Logger: slog.New(slog.DiscardHandler), FrameInterval: set.interval}
	if out != nil {
		opts.Outputs = []raster.Output{out}
	}
	a := raster.NewApp(opts)
	win := a.NewWindow("bench").(*raster.Window)
	win.SetPadded(false)
	win.Resize(fyne.NewSize(1280, 800))
	rt, err := hmi.NewRuntime(proj, win, hmi.Options{Logger: slog.New(slog.DiscardHandler), Watch: hmi.WatchOff, NoData: true, UI: set.ui})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	if loop {
		wg.Go(func() { win.ShowAndRun() })
	}
	wg.Go(func() {
		_ = rt.Run(ctx)
		if loop {
			a.Quit()
		}
	})
	b.Cleanup(func() { cancel(); wg.Wait() })
	eventually(b, p.name+": screen "+p.screen+" shown and bound", func() bool {
		return rt.Current() == p.screen && rt.Binder().Stats().Batches > 0
	})
	settled(b, rt) // the start's values applied
	return &rasterRun{rt: rt, app: a, win: win}
}

// uiThread is the runtime's UI goroutine played by a goroutine of the
// benchmark: the one that calls serve runs the functions the runtime
// hands its UI (the binder's batches), as the raster loop runs fyne.Do's
// functions and then paints, on one goroutine.
type uiThread struct{ fns chan func() }

func newUIThread() *uiThread { return &uiThread{fns: make(chan func())} }

// do is the runtime's Options.UI: f runs on the serving goroutine.
func (u *uiThread) do(f func()) {
	done := make(chan struct{})
	u.fns <- func() { defer close(done); f() }
	<-done
}

// serve runs the functions handed to do until stop is closed.
func (u *uiThread) serve(stop <-chan struct{}) { u.serveUntil(stop, nil, false) }

// serveUntil runs the functions handed to do until stop is closed (true)
// or limit comes (false). With spin, it never blocks: its thread stays
// busy (its core never idles) between the functions.
func (u *uiThread) serveUntil(stop <-chan struct{}, limit <-chan time.Time, spin bool) bool {
	var busy chan struct{} // nil: the select blocks
	if spin {
		busy = make(chan struct{})
		close(busy) // always ready: the select never blocks
	}
	for {
		select {
		case f := <-u.fns:
			f()
		case <-stop:
			return true
		case <-limit:
			return false
		case <-busy:
		}
	}
}

// settled waits until the binder has applied every update published so
// far.
func settled(b *testing.B, rt *hmi.Runtime) {
	b.Helper()
	select {
	case <-rt.Binder().Settled():
	case <-time.After(10 * time.Second):
		b.Fatalf("the binder did not settle: %+v", rt.Binder().Stats())
	}
}

// fullRepaint paints n whole frames and returns the CPU time of one (the
// Window.Frame alone, not the Repaint before it), of
// the calling thread (locked to it) and of the process.
func (r *rasterRun) fullRepaint(n int) cpuTime {
	var d cpuTime
	for range n {
		r.rt.UI(r.win.Repaint)
		cpu := cpuNow()
		r.win.Frame()
		d = d.add(cpuNow().sub(cpu))
	}
	return cpuTime{d.thread / time.Duration(n), d.proc / time.Duration(n)}
}

// BenchmarkRasterFullRepaint paints the whole window, through the driver
// (Window.Repaint, then Window.Frame: layout checks, the damage walk and
// the painter), and Fyne's software painter the same content (budget:
// ≤ 20 ms; Fyne's: ~70 ms).
func BenchmarkRasterFullRepaint(b *testing.B) {
	for _, p := range rasterProjects {
		b.Run(p.name+"/raster", func(b *testing.B) {
			r := startRaster(b, p, false, nil)
			r.win.Frame()
			b.ReportAllocs()
			wall, cpu := time.Now(), cputime.Process()
			for b.Loop() {
				r.rt.UI(r.win.Repaint)
				r.win.Frame()
			}
			reportFrame(b, wall, cpu)
		})
		b.Run(p.name+"/fyne-software", func(b *testing.B) {
			r := startRaster(b, p, false, nil)
			var c interface{ Capture() image.Image }
			r.rt.UI(func() {
				sc := software.NewCanvas()
				sc.SetPadded(false)
				sc.SetContent(r.win.Content())
				sc.Resize(fyne.NewSize(1280, 800))
				c = sc
			})
			wall, cpu := time.Now(), cputime.Process()
			for b.Loop() {
				r.rt.UI(func() { c.Capture() })
			}
			reportFrame(b, wall, cpu)
		})
	}
}

func reportFrame(b *testing.B, wall time.Time, cpu time.Duration) {
	b.ReportMetric(float64(time.Since(wall).Microseconds())/1000/float64(b.N), "ms/frame")
	b.ReportMetric(float64((cputime.Process()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/frame")
}

// BenchmarkRasterValueChange changes one value through the real path: a
// tag published to the database, the binder's batch patching its widget
// on the UI goroutine, then Window.Frame on the same goroutine (the
// benchmark's, locked to its thread, plays the raster loop: it runs the
// UI's functions, then paints). It reports the share of the pixels
// repainted (budget ≤ 2 %) and the frame's CPU time on that thread
// against a full repaint's measured in the same run (budget ≤ 5 %):
// pct-of-full against full repaints painted back to back, pct-of-cold-full
// against full repaints painted as the value change is, after the same
// wait for the binder. Three ways:
//
//   - back-to-back: the window (and so the binder) paces frames 1 µs
//     apart: each value is applied and painted at once, the next right
//     after, as the full repaints it is compared with.
//   - paced: frames 1/60 s apart, as on a panel: the binder holds a value
//     until its next frame, and the UI goroutine blocks meanwhile, as the
//     loop does when it has nothing to do. Here every frame comes after
//     the thread slept, its core's caches and TLB cold (on this machine,
//     a virtual one, that alone costs a frame 60–80 µs, whatever it
//     paints): pct-of-cold-full is the like-for-like figure.
//   - paced-busy: paced, but the UI goroutine spins between the batches
//     instead of blocking (a core kept busy): the frame's own work,
//     paced.
//
// path-pct-of-full is the whole path (publish, binder, frame) in the
// process's CPU time, which also counts the goroutines and the scheduler
// running beside the frame.
func BenchmarkRasterValueChange(b *testing.B) {
	for _, p := range rasterProjects {
		for _, pace := range []struct {
			name     string
			interval time.Duration
			spin     bool
		}{{"back-to-back", time.Microsecond, false}, {"paced", 0, false}, {"paced-busy", 0, true}} {
			b.Run(p.name+"/"+pace.name, func(b *testing.B) { valueChange(b, p, pace.interval, pace.spin) })
		}
	}
}

func valueChange(b *testing.B, p rasterProject, interval time.Duration, spin bool) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	// The benchmark's goroutine is the UI goroutine while it measures:
	// it runs the binder's batch, then paints the frame, as the loop does
	// on a panel. Until then, and from the end of the run, a goroutine of
	// its own serves the UI.
	ui := newUIThread()
	done := make(chan struct{})
	b.Cleanup(func() { close(done) }) // after the runtime stopped (cleanups run last first)
	served := make(chan struct{})
	servant := make(chan struct{})
	go func() { defer close(servant); ui.serve(served) }()
	r := startRasterWith(b, p, rasterSetup{interval: interval, ui: ui.do})
	b.Cleanup(func() { go ui.serve(done) }) // the runtime's stop may need its UI
	r.win.Frame()
	full := r.fullRepaint(100) // enough frames for a steady figure on a loaded machine
	close(served)
	<-servant
	db := r.rt.DB()
	var frameCPU, pathCPU cpuTime
	pixels, v := 0, 0.0
	// change publishes a new value and runs the UI until the binder has
	// patched its widget.
	change := func() {
		v += 1.25
		applied := r.rt.Binder().Stats().Applied
		db.Publish(tags.Update{Name: p.tag, Value: tags.Value{V: 20 + float64(int(v)%50) + v/1000, Quality: tags.Good, Time: time.Now()}})
		limit := time.NewTimer(10 * time.Second)
		ok := ui.serveUntil(r.rt.Binder().Settled(), limit.C, spin)
		limit.Stop()
		if !ok || r.rt.Binder().Stats().Applied == applied {
			b.Fatalf("%s = %v never reached its widget: binder %+v", p.tag, v, r.rt.Binder().Stats())
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		cpu := cpuNow()
		change()
		fcpu := cpuNow()
		_, damage := r.win.Frame()
		end := cpuNow()
		frameCPU = frameCPU.add(end.sub(fcpu))
		pathCPU = pathCPU.add(end.sub(cpu))
		for _, d := range damage {
			pixels += d.Dx() * d.Dy()
		}
	}
	// A full repaint in the value change's conditions: after the same
	// wait for the binder, on the UI goroutine that ran its batch.
	const colds = 30
	var coldFull cpuTime
	for range colds {
		change()
		r.win.Repaint()
		fcpu := cpuNow()
		r.win.Frame()
		coldFull = coldFull.add(cpuNow().sub(fcpu))
	}
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	pct := func(part time.Duration, parts float64, whole time.Duration) float64 {
		return 100 * float64(part) / parts / float64(whole)
	}
	b.ReportMetric(100*float64(pixels)/n/(1280*800), "%pixels")
	b.ReportMetric(ms(frameCPU.thread)/n, "cpu-ms/frame")
	b.ReportMetric(ms(full.thread), "full-cpu-ms")
	b.ReportMetric(pct(frameCPU.thread, n, full.thread), "pct-of-full")
	b.ReportMetric(pct(pathCPU.proc, n, full.proc), "path-pct-of-full")
	b.ReportMetric(ms(coldFull.thread)/colds, "cold-full-cpu-ms")
	b.ReportMetric(pct(frameCPU.thread, n, coldFull.thread/colds), "pct-of-cold-full")
}

// cpuTime is CPU time of the calling thread and of the process.
type cpuTime struct{ thread, proc time.Duration }

// cpuNow reads both; the caller is locked to its thread.
func cpuNow() cpuTime { return cpuTime{cputime.Thread(), cputime.Process()} }

func (a cpuTime) sub(b cpuTime) cpuTime { return cpuTime{a.thread - b.thread, a.proc - b.proc} }
func (a cpuTime) add(b cpuTime) cpuTime { return cpuTime{a.thread + b.thread, a.proc + b.proc} }

// presentClock is an output that notes when each frame was presented.
type presentClock struct {
	frames atomic.Int64
	last   atomic.Int64 // unix ns of the last Present
}

func (p *presentClock) Present(*image.RGBA, []image.Rectangle) error {
	p.frames.Add(1)
	p.last.Store(time.Now().UnixNano())
	return nil
}

// BenchmarkRaster10Hz changes every tag of the 500-widget screen (all 500
// widgets) ten times a second, with the driver's loop running as on a
// panel, after a second of warm-up; an iteration is one second. It reports the CPU used in percent of
// one core (budget ≤ 50 %), the frames presented per second, "behind":
// changes with no frame presented before the next change was published
// (budget: 0), and worst-ms: the longest from a change's publish to the
// last frame presented for it (its last binder batch painted). The 500
// values of a change are published at once, as a driver publishes a
// scan (published one by one, the binder may take the first few alone:
// two batches, two frames, the second an interval later).
func BenchmarkRaster10Hz(b *testing.B) {
	out := &presentClock{}
	r := startRaster(b, rasterProjects[1], true, out)
	db := r.rt.DB()
	n := gen.Tags(500)
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("Tag%d.Value", i)
	}
	ups := make([]tags.Update, n)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	behind, changes, v := 0, 0, 0.0
	var worst time.Duration
	var published int64 // unix ns of the last change
	// settle judges the last change when the next one is due: the
	// simulator is quiet and no value reaches a tank's alarm class (90,
	// which blinks), so every frame presented since was painted for the
	// change (its binder batches); none means it is still queued.
	settle := func() {
		if published == 0 {
			return
		}
		if last := out.last.Load(); last < published {
			behind++
		} else {
			worst = max(worst, time.Duration(last-published))
		}
	}
	change := func() {
		<-tick.C
		settle()
		v++
		now := time.Now()
		published = now.UnixNano()
		for i, name := range names {
			ups[i] = tags.Update{Name: name, Value: tags.Value{V: float64((i*7+int(v))%90) + v/1000, Quality: tags.Good, Time: now}}
		}
		db.Publish(ups...)
		changes++
	}
	// A second of warm-up: the first values shape their texts.
	for range 10 {
		change()
	}
	behind, changes, worst = 0, 0, 0
	frames := out.frames.Load()
	wall, cpu := time.Now(), cputime.Process()
	for b.Loop() {
		for range 10 {
			change()
		}
	}
	<-tick.C
	settle()
	secs := time.Since(wall).Seconds()
	b.ReportMetric(100*(cputime.Process()-cpu).Seconds()/secs, "cpu-%core")
	b.ReportMetric(float64(out.frames.Load()-frames)/secs, "frames/s")
	b.ReportMetric(float64(behind), "behind")
	b.ReportMetric(float64(changes), "changes")
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}
