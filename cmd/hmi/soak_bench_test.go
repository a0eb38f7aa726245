package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
)

// BenchmarkSoakRSS runs the built binary on the demo as an operator uses
// it, and reports its resident memory after the first frame, after a
// minute of warm-up (Fyne keeps text textures for a minute) and at the
// end, and the growth after warm-up (budget: ≤ 80 MB, flat after
// warm-up). An iteration is one minute of real time: the simulator
// changes every live value at 10 Hz, and a finger goes to the next
// screen every 5 s (tapping the navbar) and switches the night display
// on or off on every visit of the settings screen; rss-<screen>-MB is
// the resident memory 5 s after the first visit of each screen, peak-MB
// the most the process ever held (VmHWM) and most-<screen>-MB the most
// sampled (every 100 ms) while each screen was shown. In the GL window the finger is
// XTEST under Xvfb; Mesa's llvmpipe is the GL driver there, and the
// gl-start figure is mostly it (about 100 MB). "headless" has no window
// to tap: values only. "raster" is a panel without a GPU: the binary
// built with CGO_ENABLED=0, as it is copied onto one, --backend raster
// painting to a file-backed framebuffer of the demo's 1280x800 (its 4 MB
// mapping counts in rss-file) and serving --web-control to one browser
// whose taps are the finger (budget: ≤ 60 MB, after every screen);
// rss-end-panel-MB leaves out the framebuffer file's pages (a panel's
// /dev/fb0 is device memory, outside the RSS). gc/min and gc-cpu-% (the
// share of the CPU spent collecting, gctrace's) show the price of the
// collector's pacing.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench SoakRSS -benchtime 5x -timeout 30m ./cmd/hmi/
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench SoakRSS/raster -benchtime 3x -timeout 30m ./cmd/hmi/
func BenchmarkSoakRSS(b *testing.B) {
	dir := b.TempDir()
	bins := map[string]string{}
	build := func(mode string, env ...string) string {
		if bins[mode] == "" {
			bins[mode] = filepath.Join(dir, "hmi-"+mode)
			// The tags of the Makefile: no_emoji drops Fyne's colour emoji font (see README, Memory).
			cmd := exec.Command("go", "build", "-tags", "migrated_fynedo,no_emoji", "-o", bins[mode], ".")
			cmd.Env = append(os.Environ(), env...)
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("build %s: %v\n%s", mode, err, out)
			}
		}
		return bins[mode]
	}
	for _, mode := range []string{"gl", "headless", "raster"} {
		b.Run(mode, func(b *testing.B) {
			display := ""
			if mode == "gl" {
				if _, err := exec.LookPath("Xvfb"); err != nil {
					b.Skip("Xvfb not installed (make deps)")
				}
				display = startXvfb(b)
			}
			var bin string
			if mode == "raster" {
				bin = build("raster", "CGO_ENABLED=0")
			} else {
				bin = build("cgo")
			}
			p := startSoakProcess(b, bin, display, soakArgs(b, mode)...)
			start, startHeap := rssMB(p.cmd.Process.Pid), p.heap.Load()
			finger := soakFinger(b, mode, display, p)
			p.use(b, finger, time.Minute)
			warm, warmHeap := rssMB(p.cmd.Process.Pid), p.heap.Load()
			warmGCs, warmAt := p.gcs.Load(), time.Now()
			for b.Loop() {
				p.use(b, finger, time.Minute)
			}
			b.ReportMetric(float64(p.gcs.Load()-warmGCs)/time.Since(warmAt).Minutes(), "gc/min")
			b.ReportMetric(float64(p.gcCPU.Load()), "gc-cpu-%")
			end, endHeap := rssMB(p.cmd.Process.Pid), p.heap.Load()
			b.ReportMetric(float64(startHeap), "heap-start-MB")
			b.ReportMetric(float64(warmHeap), "heap-warm-MB")
			b.ReportMetric(float64(endHeap), "heap-end-MB")
			b.ReportMetric(start, "rss-start-MB")
			b.ReportMetric(warm, "rss-warm-MB")
			b.ReportMetric(end, "rss-end-MB")
			b.ReportMetric(end-warm, "rss-growth-MB")
			b.ReportMetric(peakMB(p.cmd.Process.Pid), "peak-MB")
			// File-backed pages are the shared libraries (under Xvfb mostly
			// Mesa's llvmpipe and libLLVM) and, on the raster backend, the
			// binary and the framebuffer's mapping; the rest is the heap:
			// Go's and C's.
			anon, file := rssParts(p.cmd.Process.Pid)
			b.ReportMetric(anon, "rss-anon-end-MB")
			b.ReportMetric(file, "rss-file-end-MB")
			if mode == "raster" {
				// A panel's /dev/fb0 is device memory, outside the RSS;
				// the test's file-backed framebuffer is not.
				fb := mappedMB(p.cmd.Process.Pid, "/fb0")
				b.ReportMetric(fb, "rss-fb-file-MB")
				b.ReportMetric(end-fb, "rss-end-panel-MB")
			}
			if pss, ok := pssMB(p.cmd.Process.Pid); ok {
				b.ReportMetric(pss, "pss-end-MB")
			}
			if finger != nil {
				for _, name := range finger.screens {
					b.ReportMetric(finger.firstRSS[name], "rss-"+name+"-MB")
					b.ReportMetric(finger.mostRSS[name], "most-"+name+"-MB")
				}
				b.ReportMetric(float64(finger.navigations), "navigations")
				b.ReportMetric(float64(finger.navigations)/float64(len(finger.screens)), "rounds")
				b.ReportMetric(float64(p.themes.Load()), "theme-switches")
			}
		})
	}
}

// soakFinger is the mode's operator, nil for none: XTEST clicks in the
// GL window, taps through the web view on the raster backend.
func soakFinger(b *testing.B, mode, display string, p *soakProcess) *operator {
	b.Helper()
	switch mode {
	case "gl":
		x, err := dialXTest(display)
		if err != nil {
			b.Fatalf("XTEST: %v", err)
		}
		b.Cleanup(func() { x.Close() })
		return newOperator(b, "../../screens/demo", x)
	case "raster":
		select {
		case page := <-p.web:
			return newOperator(b, "../../screens/demo", dialWebFinger(b, page))
		case <-time.After(30 * time.Second):
			b.Fatal("no web view")
		}
	}
	return nil
}

// mappedMB is the resident size (MB) of the process's mappings of files
// whose path ends in suffix.
func mappedMB(pid int, suffix string) float64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps")
	if err != nil {
		return 0
	}
	kb, in := 0, false
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 5 && strings.Contains(f[0], "-") && !strings.HasSuffix(f[0], ":"):
			in = len(f) >= 6 && strings.HasSuffix(f[len(f)-1], suffix)
		case in && len(f) == 3 && f[0] == "Rss:":
			n, _ := strconv.Atoi(f[1])
			kb += n
		}
	}
	return float64(kb) / 1024
}

// peakMB reads VmHWM (MB), the most the process ever held resident.
func peakMB(pid int) float64 {
	v, _ := procField("/proc/"+strconv.Itoa(pid)+"/status", "VmHWM:")
	return v
}

// pssMB reads the proportional set size (MB) from smaps_rollup: the
// resident pages, each shared one divided among its sharers.
func pssMB(pid int) (float64, bool) {
	return procField("/proc/"+strconv.Itoa(pid)+"/smaps_rollup", "Pss:")
}

// procField reads the field key ("VmHWM:") of a /proc file in kB, as MB.
func procField(path, key string) (float64, bool) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024, err == nil
		}
	}
	return 0, false
}

// rssParts reads RssAnon and RssFile (MB) from /proc.
func rssParts(pid int) (anon, file float64) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, 0
	}
	kb := func(line, key string) (float64, bool) {
		rest, ok := strings.CutPrefix(line, key)
		if !ok {
			return 0, false
		}
		n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
		return float64(n) / 1024, true
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := kb(line, "RssAnon:"); ok {
			anon = v
		}
		if v, ok := kb(line, "RssFile:"); ok {
			file = v
		}
	}
	return anon, file
}

// soakProcess is the binary running the demo, with its status server.
type soakProcess struct {
	cmd    *exec.Cmd
	addr   string
	web    chan string  // the web view's URL, once logged
	heap   atomic.Int64 // MB of live Go heap after the last GC
	gcs    atomic.Int64 // GC cycles so far
	gcCPU  atomic.Int64 // % of the CPU spent in GC since the start (gctrace's)
	themes atomic.Int64 // theme switches the runtime logged
}

// soakArgs are the run flags of a mode beyond the common ones.
func soakArgs(b *testing.B, mode string) []string {
	switch mode {
	case "headless":
		return []string{"--headless"}
	case "raster":
		fbFile := filepath.Join(b.TempDir(), "fb0")
		if err := os.WriteFile(fbFile, make([]byte, 1280*800*4), 0o644); err != nil {
			b.Fatal(err)
		}
		return []string{"--backend", "raster", "--fb", fbFile, "--fb-geometry", "1280x800:XRGB8888", "--web", "127.0.0.1:0", "--web-control"}
	}
	return nil
}

func startSoakProcess(b *testing.B, bin, display string, extra ...string) *soakProcess {
	b.Helper()
	args := []string{"run", "../../screens/demo", "--status-addr", "127.0.0.1:0", "--watch", "off", "--data", b.TempDir()}
	args = append(args, extra...)
	cmd := exec.Command(bin, args...)
	// gctrace prints the live Go heap after each GC: the rest of the
	// resident memory is C (Mesa, fontconfig) and the Go runtime's slack.
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "LANG=en_US.UTF-8", "FYNE_SCALE=1", "GODEBUG=gctrace=1")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addrc := make(chan string, 1)
	p := &soakProcess{cmd: cmd, web: make(chan string, 1)}
	go func() {
		re := regexp.MustCompile(`status server"? addr=(\S+)`)
		gc := regexp.MustCompile(`->(\d+) MB,`)
		cycle := regexp.MustCompile(`^gc (\d+) @[0-9.]+s (\d+)%`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrc <- m[1]
			}
			if m := webURLRe.FindStringSubmatch(sc.Text()); m != nil {
				p.web <- m[1]
			}
			if strings.Contains(sc.Text(), "msg=theme theme=") {
				p.themes.Add(1)
			}
			if m := gc.FindStringSubmatch(sc.Text()); m != nil {
				mb, _ := strconv.Atoi(m[1])
				p.heap.Store(int64(mb))
			}
			if m := cycle.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[1])
				pct, _ := strconv.Atoi(m[2])
				p.gcs.Store(int64(n))
				p.gcCPU.Store(int64(pct))
			}
		}
	}()
	select {
	case p.addr = <-addrc:
	case <-time.After(30 * time.Second):
		b.Fatal("no status server")
	}
	deadline := time.Now().Add(30 * time.Second)
	for p.status(b).UIBatches == 0 {
		if time.Now().After(deadline) {
			b.Fatal("no first frame")
		}
		time.Sleep(10 * time.Millisecond)
	}
	return p
}

func (p *soakProcess) status(b *testing.B) status {
	var st status
	resp, err := http.Get("http://" + p.addr + "/status")
	if err != nil {
		return st
	}
	defer resp.Body.Close()
	_ = json.NewDecoder(resp.Body).Decode(&st)
	return st
}

// use runs the panel for d: with a finger, a screen change every 5 s, and
// its RSS sampled every 100 ms of them (the process under test runs on
// the wall clock: so does its use).
func (p *soakProcess) use(b *testing.B, finger *operator, d time.Duration) {
	b.Helper()
	sample := time.NewTicker(100 * time.Millisecond)
	defer sample.Stop()
	for end := time.Now().Add(d); time.Now().Before(end); {
		for range 50 { // 5 s
			<-sample.C
			if finger != nil {
				here, rss := finger.screens[finger.at], rssMB(p.cmd.Process.Pid)
				finger.mostRSS[here] = max(finger.mostRSS[here], rss)
			}
		}
		if finger != nil {
			if here := finger.screens[finger.at]; finger.firstRSS[here] == 0 {
				finger.firstRSS[here] = rssMB(p.cmd.Process.Pid)
			}
			finger.next(b, p)
		}
	}
}

// clicker clicks at a position of the panel, in pixels.
type clicker interface {
	click(x, y int) error
}

// operator knows where the navbar buttons and the night display toggle
// are on each demo screen (from the same layout built headless) and
// clicks them in the real window, or taps them through the web view.
type operator struct {
	x           clicker
	nav         map[string]map[string][]fyne.Position // screen → target → where its button may be
	night       fyne.Position                         // the night display toggle on the settings screen
	screens     []string
	at          int
	navigations int
	firstRSS    map[string]float64 // screen → RSS (MB) 5 s after its first visit
	// mostRSS is, by screen, the most RSS (MB) sampled every 100 ms while
	// it was shown (from the tap that led to it to the tap that left it):
	// where the peak comes from.
	mostRSS map[string]float64
}

func newOperator(b *testing.B, dir string, x clicker) *operator {
	b.Helper()
	o := &operator{x: x, nav: map[string]map[string][]fyne.Position{}, firstRSS: map[string]float64{}, mostRSS: map[string]float64{}}
	layoutHeadless(b, dir, o)
	return o
}

// layoutHeadless builds every screen of the demo headless at the window's
// size and notes where the controls the operator presses are.
func layoutHeadless(b *testing.B, dir string, o *operator) {
	p, err := hmi.Load(dir, kinds())
	if err != nil {
		b.Fatal(err)
	}
	a := hmi.NewHeadlessApp()
	defer a.Quit()
	win := hmi.NewHeadlessWindow(designSize(p))
	defer win.Close()
	rt, err := hmi.NewRuntime(p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff, NoData: true})
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { _ = rt.Run(ctx) })
	defer func() { cancel(); wg.Wait() }()
	for rt.Current() == "" {
		time.Sleep(time.Millisecond)
	}
	drv := fyne.CurrentApp().Driver()
	centre := func(obj fyne.CanvasObject) fyne.Position {
		return drv.AbsolutePositionForObject(obj).Add(fyne.NewPos(obj.Size().Width/2, obj.Size().Height/2))
	}
	o.screens = p.ScreenNames()
	// measure notes where the navbar buttons of a screen are now.
	measure := func(name string) {
		render.Relayout(win.Content())
		scene := rt.Scene(name)
		nav := scene.Widget("nav")
		if nav == nil {
			b.Fatalf("screen %s has no #nav", name)
		}
		var btns []*widget.Button
		walk(nav.Object, func(obj fyne.CanvasObject) {
			if btn, ok := obj.(*widget.Button); ok {
				btns = append(btns, btn)
			}
		})
		if len(btns) != len(o.screens) {
			b.Fatalf("screen %s: %d navbar buttons for %d screens", name, len(btns), len(o.screens))
		}
		for i, target := range o.screens { // the demo's navbars list the screens in order
			if pos := centre(btns[i]); !slices.Contains(o.nav[name][target], pos) {
				o.nav[name][target] = append(o.nav[name][target], pos)
			}
		}
		if w := scene.Widget("night"); w != nil {
			// A check stretched across its panel takes taps on its box
			// and label only: the middle of its minimum size.
			ctl := w.Control()
			o.night = drv.AbsolutePositionForObject(ctl).Add(fyne.NewPos(ctl.MinSize().Width/2, ctl.Size().Height/2))
		}
	}
	for _, name := range o.screens {
		o.nav[name] = map[string][]fyne.Position{}
		// Where a navbar is depends on the texts beside it, which the
		// window may not have laid out again yet: measure before and
		// after the values arrive, and try both.
		rt.UI(func() {
			if err := rt.Navigate(name); err != nil {
				b.Fatal(err)
			}
			measure(name)
		})
		// A screen whose values do not change (alarms: only the alarm
		// widgets) has no batches: wait for two at most a second.
		deadline := time.Now().Add(time.Second)
		for n := rt.Binder().Stats().Batches + 2; rt.Binder().Stats().Batches < n && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		rt.UI(func() { measure(name) })
	}
	if o.night == (fyne.Position{}) {
		b.Fatal("no #night toggle on any screen")
	}
}

// walk calls f on obj and everything inside it.
func walk(obj fyne.CanvasObject, f func(fyne.CanvasObject)) {
	f(obj)
	switch o := obj.(type) {
	case *fyne.Container:
		for _, c := range o.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(o).Objects() {
			walk(c, f)
		}
	}
}

// next goes to the next screen, toggling the night display on the way
// when leaving the settings screen, and checks that the panel followed.
func (o *operator) next(b *testing.B, p *soakProcess) {
	b.Helper()
	here := o.screens[o.at]
	if here == "settings" {
		themes := p.themes.Load()
		o.click(b, o.night)
		deadline := time.Now().Add(3 * time.Second)
		for p.themes.Load() == themes {
			if time.Now().After(deadline) {
				b.Fatalf("clicked the night display toggle at %v: no theme switch", o.night)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	o.at = (o.at + 1) % len(o.screens)
	want := o.screens[o.at]
	for _, pos := range o.nav[here][want] {
		o.click(b, pos)
		deadline := time.Now().Add(3 * time.Second)
		for p.status(b).Screen != want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if p.status(b).Screen == want {
			o.navigations++
			return
		}
	}
	b.Fatalf("clicked %s's navbar for %s at %v, the panel shows %s", here, want, o.nav[here][want], p.status(b).Screen)
}

func (o *operator) click(b *testing.B, pos fyne.Position) {
	b.Helper()
	if err := o.x.click(int(pos.X), int(pos.Y)); err != nil {
		b.Fatalf("click at %v: %v", pos, err)
	}
}
