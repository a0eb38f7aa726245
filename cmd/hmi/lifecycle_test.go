//go:build cgo

package main

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestLifecycleEventStrandedAtLoopEnd replays, on Fyne's real lifecycle
// event queue, how a GL window's ShowAndRun hung for ever after a stop
// signal (see runLifecycleEvents): app.Run's consumer holds the OnStopped
// event that the ending loop stranded, and Driver.Run's WaitForEvents then
// waits behind it. With runLifecycleEvents beside it the wait ends; without
// it, it never does.
func TestLifecycleEventStrandedAtLoopEnd(t *testing.T) {
	lc := eventQueue(t)
	stranded := make(chan struct{}) // never answered until the test ends
	held := make(chan struct{})
	fyneDone := make(chan struct{})
	go func() { // app.Run's consumer: DoFromGoroutine(f, wait=true)
		defer close(fyneDone)
		n := 0
		lc.RunEventQueue(func(f func(), _ bool) {
			if n++; n == 1 { // posted in the instant before `drained`: lost
				close(held)
				<-stranded
				return
			}
			f() // after `drained`, DoFromGoroutine runs f at once
		})
	}()
	defer func() { close(stranded); <-fyneDone }()

	lc.QueueEvent(func() {}) // runGL, as it ends: the app's OnStopped
	<-held
	// After the drain, fyne.Do runs f on the caller's goroutine.
	wait := runLifecycleEvents(lc, func(f func()) bool { f(); return true })

	returned := make(chan struct{})
	go func() { // Driver.Run, once runGL has returned
		lc.WaitForEvents()
		lc.DestroyEventQueue()
		close(returned)
	}()
	select {
	case <-returned:
	case <-time.After(10 * time.Second):
		// The deferred release lets the goroutines end.
		t.Fatal("WaitForEvents did not return: ShowAndRun would never return and the panel never exit")
	}
	wait()
}

// fyneEventQueue is the part of Fyne's app lifecycle the test drives.
type fyneEventQueue interface {
	fyne.Lifecycle
	lifecycleQueue
	InitEventQueue()
	QueueEvent(func())
	WaitForEvents()
	DestroyEventQueue()
}

// eventQueue returns a real Fyne lifecycle with its event queue, as
// app.New makes it, from a test app (which does not use the queue).
func eventQueue(t *testing.T) fyneEventQueue {
	l := test.NewTempApp(t).Lifecycle()
	lc, ok := l.(fyneEventQueue)
	if !ok {
		t.Fatalf("Fyne's lifecycle %T has no event queue: see whether runLifecycleEvents is still needed", l)
	}
	lc.InitEventQueue()
	return lc
}
