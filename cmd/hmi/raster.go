package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/fb"
	"github.com/gohmi/gohmi/render/raster/paint"
	"github.com/gohmi/gohmi/render/raster/web"
)

// rasterFlags are `hmi run`'s settings of the raster backend and its
// outputs.
type rasterFlags struct {
	backend    *string
	fb         *string
	fbGeometry *string
	touch      *string
	touchOpts  touchFlags
	web        *string
	webControl *bool
}

func addRasterFlags(fs *flag.FlagSet) *rasterFlags {
	def := "gl"
	if !haveGL {
		def = "raster"
	}
	f := &rasterFlags{
		backend:    fs.String("backend", def, "gl (a window, needs a GPU or Mesa) or raster (pure Go: repaints only what changed; --fb, --touch, --web)"),
		fb:         fs.String("fb", "", "raster: show the panel on this Linux framebuffer, e.g. /dev/fb0"),
		fbGeometry: fs.String("fb-geometry", "", "raster: --fb is a regular file of this geometry, e.g. 800x480:RGB565 (tests, debugging)"),
		touch:      fs.String("touch", "", "raster: read touches (and keys) from these evdev devices, comma-separated, e.g. /dev/input/event0"),
		web:        fs.String("web", "", "raster: serve the panel to browsers on this address, e.g. 127.0.0.1:8081 (loopback only until TLS and login exist)"),
		webControl: fs.Bool("web-control", false, "raster: let browsers operate the panel (default: view only)"),
	}
	f.touchOpts = addTouchFlags(fs)
	return f
}

// lateInput forwards events to a window made after the outputs that send
// them (the web view exists before the window it controls).
type lateInput struct{ w atomic.Pointer[raster.Window] }

func (l *lateInput) Pointer(e raster.PointerEvent) {
	if w := l.w.Load(); w != nil {
		w.Pointer(e)
	}
}

func (l *lateInput) Key(e raster.KeyEvent) {
	if w := l.w.Load(); w != nil {
		w.Key(e)
	}
}

// runRaster runs p on the raster backend: gohmi's own driver paints the
// damaged rectangles of each frame and hands them to the framebuffer and
// the browser view; touches come from evdev and from browsers. The
// driver's loop owns this goroutine, as Fyne's GL loop would; the runtime
// runs beside it and quits the loop when it ends.
func runRaster(ctx context.Context, p *hmi.Project, opts hmi.Options, f *rasterFlags, k kioskFlags) error {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		outputs []raster.Output
		closers []func()
		in      lateInput
		src     hmi.InputSource // which input a write came through: panel or web view
		wg      sync.WaitGroup
	)
	defer func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}()
	var panel fyne.Size // the framebuffer's size: the window fills it
	if *f.fb != "" {
		var o fb.Options
		if *f.fbGeometry != "" {
			var err error
			if o, err = parseFBGeometry(*f.fbGeometry); err != nil {
				return fmt.Errorf("--fb-geometry: %w", err)
			}
		}
		dev, err := fb.Open(*f.fb, o)
		if err != nil {
			return err
		}
		closers = append(closers, func() { dev.Close() })
		outputs = append(outputs, dev)
		panel = fyne.NewSize(float32(dev.Bounds().Dx()), float32(dev.Bounds().Dy()))
		log.Info("framebuffer", "device", dev.String())
	}
	if *f.web != "" {
		ln, err := listenLoopback(*f.web)
		if err != nil {
			return fmt.Errorf("--web: %w", err)
		}
		srv := web.New(web.Options{Input: src.Wrap(&in, true), Control: *f.webControl, Logger: log})
		hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := hs.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("web view", "err", err)
			}
		}()
		closers = append(closers, func() {
			srv.Close() // ends the viewers' WebSockets, which Shutdown does not wait for
			sctx, stop := context.WithTimeout(context.Background(), 2*time.Second)
			defer stop()
			hs.Shutdown(sctx)
			wg.Wait()
		})
		outputs = append(outputs, srv)
		mode := "view only"
		if *f.webControl {
			mode = "control"
		}
		log.Info("web view", "url", "http://"+ln.Addr().String()+"/", "mode", mode)
	}
	tuneRasterMemory(log)
	size := designSize(p)
	if !panel.IsZero() {
		size = panel // the screens zoom to the panel, as to a full-screen window
	}
	a := raster.NewApp(raster.Options{Size: size, Painter: paint.New(), Outputs: outputs, Theme: render.Theme{}, Logger: log})
	title := p.Name
	if title == "" {
		title = "gohmi"
	}
	win := a.NewWindow(title).(*raster.Window)
	win.SetPadded(false)
	win.Resize(size)
	in.w.Store(win)
	opts.Input = &src
	rt, err := hmi.NewRuntime(p, win, opts)
	if err != nil {
		return err
	}
	var touches sync.WaitGroup
	defer func() { cancel(); touches.Wait() }() // before the outputs close
	if err := openTouches(ctx, *f.touch, f.touchOpts, win, log, &touches); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		err := rt.Run(ctx)
		a.Driver().Quit()
		done <- err
	}()
	win.SetOnClosed(cancel)
	defer kioskRaster(win, p, opts, k, cancel)()
	win.ShowAndRun()
	cancel()
	return runFailed(<-done)
}

// listenLoopback listens on addr, which must name a loopback host: the
// web view has no TLS and no login yet, so it does not leave the machine
// (an SSH tunnel reaches it from elsewhere).
func listenLoopback(addr string) (net.Listener, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("%s is not a loopback address: the web view has no TLS and no login yet, so it binds 127.0.0.1 or ::1 only (reach it through an SSH tunnel)", addr)
	}
	return net.Listen("tcp", net.JoinHostPort(host, portOf(addr)))
}

func portOf(addr string) string {
	_, port, _ := net.SplitHostPort(addr)
	return port
}

// parseFBGeometry reads WxH:FORMAT, e.g. 800x480:RGB565.
func parseFBGeometry(s string) (fb.Options, error) {
	dims, format, ok := strings.Cut(s, ":")
	if !ok {
		return fb.Options{}, fmt.Errorf("%q: want WxH:FORMAT, e.g. 800x480:RGB565", s)
	}
	var o fb.Options
	if _, err := fmt.Sscanf(dims, "%dx%d", &o.Width, &o.Height); err != nil || o.Width <= 0 || o.Height <= 0 {
		return fb.Options{}, fmt.Errorf("%q: want WxH:FORMAT, e.g. 800x480:RGB565", s)
	}
	var err error
	o.Format, err = fb.ParseFormat(format)
	return o, err
}

// check refuses settings that contradict each other before anything
// opens.
func (f *rasterFlags) check(headless bool) error {
	switch *f.backend {
	case "gl":
		if !haveGL {
			return fmt.Errorf("--backend gl: this hmi was built without cgo and has no GL window; use --backend raster")
		}
		if *f.fb != "" || *f.touch != "" || *f.web != "" {
			return fmt.Errorf("--fb, --touch and --web need --backend raster")
		}
	case "raster":
	default:
		return fmt.Errorf("--backend %q: want gl or raster", *f.backend)
	}
	if headless && (*f.fb != "" || *f.touch != "" || *f.web != "") {
		return fmt.Errorf("--headless shows nothing: leave out --fb, --touch and --web (or --headless)")
	}
	if *f.fbGeometry != "" && *f.fb == "" {
		return fmt.Errorf("--fb-geometry needs --fb FILE")
	}
	if *f.webControl && *f.web == "" {
		return fmt.Errorf("--web-control needs --web ADDR")
	}
	return nil
}
