//go:build cgo

package main

import (
	"context"

	"fyne.io/fyne/v2/app"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
)

// haveGL says this build has Fyne's GL window (it needs cgo).
const haveGL = true

// runWindow opens the GL window. Fyne's event loop must own the main
// goroutine, so the runtime runs beside it and each stops the other: the
// window's close button cancels the runtime, the runtime's end quits the
// loop. A stop signal reaches both (Fyne catches SIGINT and SIGTERM too);
// glLoop makes the two stops safe in either order, and runLifecycleEvents
// keeps Fyne's own way out of ShowAndRun from hanging.
func runWindow(ctx context.Context, p *hmi.Project, opts hmi.Options, k kioskFlags) error {
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
	defer useActivity(&opts, logger(opts))() // any input on the display counts against the idle logout: activity.go
	rt, err := hmi.NewRuntime(p, win, opts)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	kioskDone, err := kioskWindow(a, win, rt, opts, k, cancel)
	if err != nil {
		return err
	}
	defer kioskDone()
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
	return runFailed(<-done)
}
