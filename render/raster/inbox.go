package raster

import (
	"reflect"
	"sync"
	"time"
)

// maxInbox bounds a window's queue of input events. Past it, moves are
// dropped first (the latest position is what matters), then the newest
// event.
const maxInbox = 256

// event is a PointerEvent or a KeyEvent.
type event struct {
	key bool
	ptr PointerEvent
	kev KeyEvent
}

// inbox is a window's queue of input events, filled from any goroutine,
// emptied by the loop.
type inbox struct {
	mu      sync.Mutex // guards events and dropped
	events  []event
	dropped int
}

// Pointer queues a pointer event for the loop. It never blocks.
func (w *Window) Pointer(e PointerEvent) {
	e.Origin = originOf(e.Origin)
	w.in.put(event{ptr: e})
	w.d.q.signal()
}

// Key queues a key event for the loop. It never blocks.
func (w *Window) Key(e KeyEvent) {
	e.Origin = originOf(e.Origin)
	w.in.put(event{key: true, kev: e})
	w.d.q.signal()
}

// originOf returns o, or nil when o cannot be compared with == (the
// pointer compares origins; a slice would panic there).
func originOf(o any) any {
	if o == nil || !reflect.TypeOf(o).Comparable() {
		return nil
	}
	return o
}

func (b *inbox) put(e event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	move := !e.key && e.ptr.Kind == PointerMove
	if n := len(b.events); move && n > 0 {
		if last := &b.events[n-1]; !last.key && last.ptr.Kind == PointerMove && last.ptr.ID == e.ptr.ID {
			*last = e // a burst of moves is its last position
			return
		}
	}
	if len(b.events) < maxInbox {
		b.events = append(b.events, e)
		return
	}
	b.dropped++
	if move {
		return
	}
	for i, x := range b.events {
		if !x.key && x.ptr.Kind == PointerMove {
			b.events = append(b.events[:i], b.events[i+1:]...)
			b.events = append(b.events, e)
			return
		}
	}
}

// take returns the queued events and how many were dropped since.
func (b *inbox) take(buf []event) ([]event, int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	buf = append(buf[:0], b.events...)
	b.events = b.events[:0]
	d := b.dropped
	b.dropped = 0
	return buf, d
}

// pump hands the queued input to the widgets and fires the pointer's
// timers due by now; it returns when the next timer is due (zero: none).
// Loop goroutine.
func (w *Window) pump(now time.Time) time.Time {
	var dropped int
	w.ptr.buf, dropped = w.in.take(w.ptr.buf)
	if dropped > 0 {
		w.d.log.Warn("raster: input events dropped: the loop is behind", "window", w.title, "dropped", dropped)
	}
	for _, e := range w.ptr.buf {
		if e.key {
			w.from(e.kev.Origin)
			w.key(e.kev)
		} else {
			w.from(e.ptr.Origin)
			w.pointer(e.ptr, now)
		}
	}
	clear(w.ptr.buf)
	return w.ptr.timers(w, now)
}
