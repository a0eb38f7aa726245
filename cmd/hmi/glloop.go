//go:build cgo

package main

import (
	"bytes"
	"runtime"
	"strconv"

	"fyne.io/fyne/v2"
)

// glLoop runs the runtime's UI functions on Fyne's GL event loop, and never
// once that loop has begun to end.
//
// Why this is not fyne.DoAndWait: Fyne's GLFW driver (v2.7.1,
// internal/driver/glfw/loop.go, runGL) ends its loop whenever the driver is
// told to quit: by our own stop, by the window's close button, and by its own
// SIGINT/SIGTERM handler (driver_desktop.go, catchTerm), which receives the
// very signal that stops our runtime. The loop then calls glfw.Terminate,
// releases what is still queued without running it, and from then on
// fyne.Do and fyne.DoAndWait run their function at once on the caller's
// goroutine. Any GLFW call made there panics with "NotInitialized: The GLFW
// library is not initialized": App.Quit (Window.Close), Window.SetTitle on
// navigation, a reload's patch. That was the panic a stop signal caused
// about one time in three. And a function queued while the loop drains can
// be stranded in the queue forever, so DoAndWait may never return.
//
// Every function the loop runs runs on the loop's goroutine, before the loop
// terminates GLFW. So glLoop runs f only when it finds itself on that
// goroutine, and it stops waiting for f once ShowAndRun has returned.
type glLoop struct {
	id    uint64        // goroutine that runs the event loop (the main one)
	ended chan struct{} // closed once the event loop has returned
}

// newGLLoop must be called on the goroutine that will run the event loop.
func newGLLoop() *glLoop {
	return &glLoop{id: goroutineID(), ended: make(chan struct{})}
}

// Do runs f on the event loop and returns once it has run, or at once when
// the loop is ending or has ended (f is then dropped: there is no window to
// change any more). It is hmi.Options.UI for a GL window.
func (l *glLoop) Do(f func()) {
	if goroutineID() == l.id { // the loop's own callbacks, or before it runs
		if !l.hasEnded() {
			f()
		}
		return
	}
	if l.hasEnded() {
		return
	}
	ran := make(chan struct{})
	if !post(func() {
		defer close(ran)
		if goroutineID() == l.id {
			f()
		}
	}) {
		return
	}
	select {
	case <-ran:
	case <-l.ended:
	}
}

// End records that the event loop has returned (ShowAndRun came back).
func (l *glLoop) End() { close(l.ended) }

func (l *glLoop) hasEnded() bool {
	select {
	case <-l.ended:
		return true
	default:
		return false
	}
}

// post queues f with fyne.Do. It reports false if the loop closed its
// queue in the instant between Fyne's check that it is open and the send
// (the send then panics; nothing else in fyne.Do can).
func post(f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if e, isRuntime := r.(runtime.Error); isRuntime && e.Error() == "send on closed channel" {
				ok = false
				return
			}
			panic(r)
		}
	}()
	fyne.Do(f)
	return true
}

// goroutineID is the number of the calling goroutine, read from the first
// line of its stack ("goroutine 1 [running]:"), as Fyne itself tells its
// main goroutine (internal/async/goroutine.go). Go offers no other way.
func goroutineID() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return id
}
