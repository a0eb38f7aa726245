package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/hmi/netsec"
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
		web:        fs.String("web", "", "raster: serve the panel to browsers on this address, e.g. 127.0.0.1:8081 (elsewhere: TLS and a login of users.yaml)"),
		webControl: fs.Bool("web-control", false, "raster: let browsers operate the panel (off loopback: users with web-control; default: view only)"),
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
	var view *web.Server
	if *f.web != "" {
		if err := netsec.CheckUsers("web view", *f.web, p.Users() != nil); err != nil {
			return errWebAddr(err) // before the runtime opens anything
		}
		view = newWebView(src.Wrap(&in, true), *f.webControl, log) // served once the runtime (its login) exists: netsec.go
		outputs = append(outputs, view)
	}
	defer tuneRasterMemory(ctx, log)()
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
	src.Attach(win) // each event's origin (panel, which web viewer) is taken as it is handled
	opts.Input = &src
	rt, err := hmi.NewRuntime(p, win, opts)
	if err != nil {
		return err
	}
	if view != nil {
		stop, err := serveWeb(*f.web, view, rt, *f.webControl, log)
		if err != nil {
			return errWebAddr(err)
		}
		closers = append(closers, stop)
	}
	var touches sync.WaitGroup
	defer func() { cancel(); touches.Wait() }() // before the outputs close
	if err := openTouches(ctx, *f.touch, f.touchOpts, win, src.Wrap(closeKey{win, win}, false), log, &touches); err != nil {
		return err
	}
	done := make(chan error, 1)
	go func() {
		err := rt.Run(ctx)
		a.Driver().Quit()
		done <- err
	}()
	win.SetOnClosed(cancel)
	defer kioskRaster(win, rt, opts, k, cancel)()
	win.ShowAndRun()
	cancel()
	return runFailed(<-done)
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
	if set := f.touchOpts.set(); set != "" && *f.touch == "" {
		return fmt.Errorf("%s needs --touch DEVICE", set)
	}
	return nil
}
