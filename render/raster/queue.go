package raster

import (
	"sync"
	"sync/atomic"

	"github.com/petermattis/goid"
)

// maxQueued is how many functions fyne.Do may queue before senders wait
// for the loop: Fyne's contract is that no function is dropped, so memory
// is bounded by making the senders wait, never by dropping.
const maxQueued = 1024

// queue holds the functions of fyne.Do for the loop goroutine. Before Run
// (and after it returned) there is no loop: a function runs on its
// caller's goroutine, serialised with the others by direct.
type queue struct {
	mu      sync.Mutex // guards fns, running and loopID
	fns     []func()
	running bool   // a loop takes the functions
	loopID  uint64 // the loop's goroutine while running
	space   sync.Cond
	wake    chan struct{} // capacity 1: a function was queued

	direct      sync.Mutex    // serialises functions run without a loop
	directOwner atomic.Uint64 // the goroutine holding direct, or 0
}

func newQueue() *queue {
	q := &queue{wake: make(chan struct{}, 1)}
	q.space.L = &q.mu
	return q
}

// do runs fn on the loop goroutine, or on this one when there is no
// loop, and waits for it to have run when wait is set.
func (q *queue) do(fn func(), wait bool) {
	id := goroutineID()
	q.mu.Lock()
	if q.running && id == q.loopID {
		if wait {
			q.mu.Unlock()
			fn()
			return
		}
		q.fns = append(q.fns, fn) // the loop itself never waits
		q.mu.Unlock()
		q.signal()
		return
	}
	for q.running && len(q.fns) >= maxQueued {
		q.space.Wait()
	}
	if !q.running {
		q.mu.Unlock()
		q.serial(fn, id)
		return
	}
	if !wait {
		q.fns = append(q.fns, fn)
		q.mu.Unlock()
		q.signal()
		return
	}
	done := make(chan struct{})
	q.fns = append(q.fns, func() { defer close(done); fn() })
	q.mu.Unlock()
	q.signal()
	<-done
}

// serial runs fn on this goroutine (id) while no loop runs, one at a
// time; a function that fyne.Do's another runs it at once. When a loop
// started meanwhile, fn goes to it instead.
func (q *queue) serial(fn func(), id uint64) {
	if q.directOwner.Load() == id {
		fn()
		return
	}
	q.direct.Lock()
	q.mu.Lock()
	running := q.running
	q.mu.Unlock()
	if running {
		q.direct.Unlock()
		q.do(fn, true)
		return
	}
	q.directOwner.Store(id)
	defer func() {
		q.directOwner.Store(0)
		q.direct.Unlock()
	}()
	fn()
}

// onLoop reports whether the caller is the running loop's goroutine.
func (q *queue) onLoop() bool {
	id := goroutineID()
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.running && q.loopID == id
}

// start makes the calling goroutine the loop, once functions running
// without a loop have returned.
func (q *queue) start() {
	q.direct.Lock()
	q.mu.Lock()
	q.running, q.loopID = true, goroutineID()
	q.mu.Unlock()
	q.direct.Unlock()
}

// take returns the queued functions and empties the queue.
func (q *queue) take() []func() {
	q.mu.Lock()
	defer q.mu.Unlock()
	fns := q.fns
	if len(fns) > 0 {
		q.fns = nil
		q.space.Broadcast()
	}
	return fns
}

// stop runs what is still queued and ends the loop: later functions run
// on their callers' goroutines. Nothing queued is dropped, and no
// waiting sender is left waiting.
func (q *queue) stop() {
	for {
		q.mu.Lock()
		fns := q.fns
		if len(fns) == 0 {
			q.running, q.loopID = false, 0
			q.space.Broadcast()
			q.mu.Unlock()
			return
		}
		q.fns = nil
		q.space.Broadcast()
		q.mu.Unlock()
		for _, fn := range fns {
			fn()
		}
	}
}

func (q *queue) signal() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

// goroutineID returns the calling goroutine's id. Fyne's own drivers read it
// from the stack header (runtime.Stack: a traceback, tens of µs on a cold
// cache, paid by every Frame and fyne.Do); goid.Get reads it from the
// runtime's goroutine struct (TestGoid checks it against the header).
func goroutineID() uint64 { return uint64(goid.Get()) }
