package hmi

import "fyne.io/fyne/v2"

// frameHolder is a window whose frames wait for work in flight
// (render/raster's Window): the binder holds the frame from the moment it
// takes updates until their batch is applied, a write from its queueing
// until the binder has applied the value it published, so that a frame
// and the batches that damage it coalesce. A window without it (the GL
// window) paints as Fyne does.
type frameHolder interface {
	HoldFrame()
	ReleaseFrame()
}

// holdFramesOf returns win as a frameHolder, or nil.
func holdFramesOf(win fyne.Window) frameHolder {
	h, _ := win.(frameHolder)
	return h
}

// Settled returns a channel closed once every update published before
// the call has been taken by the binder and its batch applied (at once
// when none is pending). Benchmarks and tests wait on it instead of
// polling the counters.
func (b *Binder) Settled() <-chan struct{} {
	c := make(chan struct{})
	b.afterSettled(func() { close(c) })
	return c
}

// afterSettled runs f on the binder's goroutine once every update
// published before the call is applied; at once when Run has returned.
func (b *Binder) afterSettled(f func()) {
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		f()
		return
	}
	b.waiting = append(b.waiting, f)
	b.mu.Unlock()
	select {
	case b.postc <- struct{}{}:
	default:
	}
}

// takeWaiting hands the functions afterSettled queued to whenSettled.
// Run goroutine, after the ops posted with them.
func (b *Binder) takeWaiting() {
	b.mu.Lock()
	fs := b.waiting
	b.waiting = nil
	b.mu.Unlock()
	for _, f := range fs {
		b.whenSettled(f)
	}
}

// stop runs what waits for a batch that will not come: Run returns.
func (b *Binder) stop() {
	b.mu.Lock()
	b.stopped = true
	fs := b.waiting
	b.waiting = nil
	b.mu.Unlock()
	b.settled = append(b.settled, fs...)
	b.batchDone()
}

// holdWrite holds the window's frame for a write being queued: the frame
// of a tap's feedback waits for the value it wrote (see writeLoop). It
// returns the release, to call once.
func (r *Runtime) holdWrite() (release func()) {
	h := r.binder.hold
	if h == nil {
		return func() {}
	}
	h.HoldFrame()
	return h.ReleaseFrame
}

// releaseWrites ends the frame holds of the writes left in the queue
// when the writer stops.
func (r *Runtime) releaseWrites() {
	for {
		select {
		case w := <-r.writes:
			w.release()
		default:
			return
		}
	}
}

// whenSettled takes what the subscription holds and runs f once the
// batch of it is applied: now when nothing is dirty. Run goroutine.
func (b *Binder) whenSettled(f func()) {
	select {
	case <-b.sub.C():
		b.absorb()
	default:
	}
	if len(b.dirty) == 0 && !b.alarmDirty {
		f()
		return
	}
	b.settled = append(b.settled, f)
}

// holdFrame holds the window's frame while bindings are dirty: their
// batch is coming. Run goroutine.
func (b *Binder) holdFrame() {
	if b.hold != nil && !b.holding && (len(b.dirty) > 0 || b.alarmDirty) {
		b.holding = true
		b.hold.HoldFrame()
	}
}

// handOverHold returns the release of the frame's hold for the batch to
// call once applied, on the UI goroutine: the loop that runs the batch
// paints its frame in the same turn, not after the binder's goroutine
// has woken again to release it. Run goroutine.
func (b *Binder) handOverHold() (release func()) {
	if !b.holding {
		return func() {}
	}
	b.holding = false
	return b.hold.ReleaseFrame
}

// batchDone releases the frame and runs what waited for the batch. Run
// goroutine, after a flush (whether it sent a batch or found nothing
// changed) and when Run returns.
func (b *Binder) batchDone() {
	if b.holding {
		b.holding = false
		b.hold.ReleaseFrame()
	}
	fs := b.settled
	b.settled = nil
	for _, f := range fs {
		f()
	}
}
