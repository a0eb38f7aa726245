//go:build cgo

package main

import "fyne.io/fyne/v2"

// lifecycleQueue is the event queue of Fyne's app lifecycle
// (fyne.io/fyne/v2/internal/app.Lifecycle, the value App.Lifecycle returns).
type lifecycleQueue interface {
	RunEventQueue(run func(f func(), wait bool))
}

// runLifecycleEvents consumes Fyne's lifecycle event queue beside app.Run's
// own consumer, and runs each event with post, which never waits for the
// GL event loop. It returns the function that waits for it; it ends when
// ShowAndRun destroys the queue, so it must be started right before
// ShowAndRun and waited for after it.
//
// Why: Fyne's GLFW driver (v2.7.1) can otherwise hang for ever on its way
// out, and a panel then never exits on a stop signal. As its loop ends
// (internal/driver/glfw/loop.go, runGL), it queues the app's OnStopped
// event, drains its function queue (answering each waiter without running
// its function), sets `drained` and closes the queue. app.Run's consumer
// runs that event with DoFromGoroutine(f, wait=true). If it looks at
// `drained` before the loop sets it, and its function reaches the queue
// after the drain looked, nothing ever answers it: that consumer blocks for
// ever, and Driver.Run's last step, WaitForEvents, which queues a marker
// behind OnStopped and waits for it, never returns, nor does ShowAndRun.
// A loaded machine gives the few instructions in between time to happen
// (TestGLWindowUnderXvfb hung once so). A second consumer takes the marker
// instead and, the loop being drained by then, post runs it at once.
//
// With a Fyne whose lifecycle has no such queue it does nothing.
func runLifecycleEvents(lc fyne.Lifecycle, post func(func()) bool) (wait func()) {
	q, ok := lc.(lifecycleQueue)
	if !ok {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.RunEventQueue(func(f func(), _ bool) { post(f) })
	}()
	return func() { <-done }
}
