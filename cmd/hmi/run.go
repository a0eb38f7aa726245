package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
)

func runCmd(args []string, stderr io.Writer) int {
	ctx, release := stopSignals(context.Background())
	defer release()
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	headless := fs.Bool("headless", false, "run without a window (servers, tests)")
	statusAddr := fs.String("status-addr", "", "serve /status and /snapshot.png on this address, e.g. 127.0.0.1:8080")
	dataDir := fs.String("data", "", "data directory: the alarm journal and other runtime state (default PROJECT/data)")
	watch := fs.String("watch", "notify", "reload edited files: notify (inotify), poll (network shares, some container volumes) or off (production panels)")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	mode, err := hmi.ParseWatchMode(*watch)
	if err != nil {
		fmt.Fprintf(stderr, "hmi run: --watch: %v\n", err)
		return 2
	}
	dir := "screens/demo"
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	log.Info("starting", "project", dir)
	p, err := hmi.Load(dir, kinds())
	if err != nil {
		// Run what can run: a partial project still shows its good screens.
		printErrors(stderr, err)
		if p.Screen(p.Start) == nil {
			return 1
		}
	}
	for _, w := range p.Warnings {
		log.Warn("check", "warning", w.Error())
	}
	if ctx.Err() != nil { // stopped while loading: nothing to open
		return 0
	}
	opts := hmi.Options{Logger: log, StatusAddr: *statusAddr, Watch: mode, DataDir: *dataDir}
	if *headless {
		err = runHeadless(ctx, p, opts)
	} else {
		err = runWindow(ctx, p, opts)
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi run: %v\n", err)
		return 1
	}
	return 0
}

func runHeadless(ctx context.Context, p *hmi.Project, opts hmi.Options) error {
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(designSize(p))
	rt, err := hmi.NewRuntime(p, win, opts)
	if err != nil {
		return err
	}
	return rt.Run(ctx)
}

// runWindow opens the GL window. Fyne's event loop must own the main
// goroutine, so the runtime runs beside it and each stops the other: the
// window's close button cancels the runtime, the runtime's end quits the
// loop. A stop signal reaches both (Fyne catches SIGINT and SIGTERM too);
// glLoop makes the two stops safe in either order, and runLifecycleEvents
// keeps Fyne's own way out of ShowAndRun from hanging.
func runWindow(ctx context.Context, p *hmi.Project, opts hmi.Options) error {
	// No app ID: Fyne then keeps its preferences in memory. gohmi stores
	// nothing there, and a shared preferences.json, rewritten by every
	// panel that exits and reread by every one that watches it, made Fyne
	// log "Preferences load error: EOF" when a reader met it truncated.
	a := app.NewWithID("")
	loop := newGLLoop()
	opts.UI = loop.Do
	a.Settings().SetTheme(render.Theme{})
	title := p.Name
	if title == "" {
		title = "gohmi"
	}
	win := a.NewWindow(title)
	win.SetPadded(false)
	win.Resize(designSize(p))
	rt, err := hmi.NewRuntime(p, win, opts)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		err := rt.Run(ctx)
		// The driver's Quit, as Fyne's own signal handler does: it ends the
		// loop, whose glfw.Terminate destroys the window. App.Quit would
		// close the window first, and a pointer event in the same frame
		// (the window just mapped under the pointer) then reaches a closing
		// window whose GLFW handle Fyne has dropped: a nil dereference.
		loop.Do(a.Driver().Quit) // unless the loop is ending already
		done <- err
	}()
	win.SetOnClosed(cancel)
	lifecycleDone := runLifecycleEvents(a.Lifecycle(), post)
	win.ShowAndRun()
	loop.End()
	cancel()
	lifecycleDone()
	err = <-done
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

func designSize(p *hmi.Project) fyne.Size {
	size := gopage.Size{W: 1280, H: 800}
	if s := p.Screen(p.Start); s != nil && s.Page.Size.W > 0 {
		size = s.Page.Size
	}
	return fyne.NewSize(float32(size.W), float32(size.H))
}
