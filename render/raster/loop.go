package raster

import (
	"fmt"
	"image"
	"time"
)

// Run is the driver's loop, on the calling goroutine, until Quit: it runs
// fyne.Do's functions, the windows' input and animations, and when
// something is damaged paints a frame and presents it to every output.
//
// Frames are paced: at most one every FrameInterval of the clock (a
// display refresh). They are coalesced with the work that will damage
// the window soon: while a hold is in flight (Window.HoldFrame: the
// binder's batch of values being made, a written value coming back), a
// frame that is due waits for its release, at most one interval. A tap
// then shows its feedback and the value it wrote in one frame a
// millisecond later, instead of the feedback at once and the value an
// interval after it (what strict pacing alone did), and a burst of
// values is one frame, not two (what a burst of two frames allowed).
func (d *Driver) Run() {
	d.q.start()
	lc := d.app.lifecycle
	lc.call(&lc.started)
	lc.call(&lc.entered) // a panel's one app is always in front
	t := d.clk.NewTimer(time.Hour)
	t.Stop()
	defer func() {
		t.Stop()
		lc.call(&lc.exited)
		d.q.stop()
		lc.call(&lc.stopped)
	}()
	var p pacer
	for {
		for _, fn := range d.q.take() {
			fn()
		}
		select {
		case <-d.quit:
			return
		default:
		}
		now := d.clk.Now()
		ws := d.windowList()
		due := time.Time{}
		for _, w := range ws {
			due = earliest(due, w.pump(now))
		}
		if d.anims.active() || anyNeedsFrame(ws) {
			wait := p.wait(now, d.interval, d.holds.Load() > 0)
			if wait.IsZero() {
				d.anims.tick(now)
				d.paintAll(ws)
				p.painted(now)
				continue
			}
			due = earliest(due, wait)
		}
		if due.IsZero() {
			t.Stop()
		} else {
			t.Reset(due.Sub(now))
		}
		select {
		case <-d.q.wake:
		case <-t.C():
		case <-d.quit:
			return
		}
	}
}

// pacer decides when a damaged window is painted: at most one frame per
// interval, and a frame due while a hold is in flight waits for its
// release, at most one interval.
type pacer struct {
	last time.Time // when the last frame was painted; zero: none yet
	held time.Time // when the frame due began to wait for a hold; zero: it does not
}

// wait returns when the frame may be painted, or zero for now. held
// reports whether a hold is in flight.
func (p *pacer) wait(now time.Time, interval time.Duration, held bool) time.Time {
	if !p.last.IsZero() {
		if next := p.last.Add(interval); now.Before(next) {
			return next
		}
	}
	if !held {
		return time.Time{}
	}
	if p.held.IsZero() {
		p.held = now
	}
	if end := p.held.Add(interval); now.Before(end) {
		return end
	}
	return time.Time{}
}

// painted notes a frame painted at now.
func (p *pacer) painted(now time.Time) { p.last, p.held = now, time.Time{} }

// HoldFrame tells the loop that work which will damage the window soon
// is in flight (the binder's batch of values being made, a written value
// coming back): a frame that is due waits for ReleaseFrame, at most one
// FrameInterval, so that the work and the frame coalesce. Holds nest;
// each HoldFrame needs one ReleaseFrame. Safe from any goroutine.
func (w *Window) HoldFrame() { w.d.holds.Add(1) }

// ReleaseFrame ends a HoldFrame; the last one wakes the loop.
func (w *Window) ReleaseFrame() {
	if w.d.holds.Add(-1) <= 0 {
		w.d.q.signal()
	}
}

// earliest returns the earlier of two times, the zero time meaning none.
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func anyNeedsFrame(ws []*Window) bool {
	for _, w := range ws {
		if w.needsFrame() {
			return true
		}
	}
	return false
}

// paintAll paints the windows' damage and presents the first window (the
// panel) to the outputs.
func (d *Driver) paintAll(ws []*Window) {
	for i, w := range ws {
		if !w.shown {
			continue
		}
		frame, _ := w.paint()
		if i == 0 && frame != nil {
			d.present(frame, w.takeUnpresented())
		}
	}
}

// present hands frame and its damage to every output; an output that has
// not seen frames of this size gets the whole frame.
func (d *Driver) present(frame *image.RGBA, damage []image.Rectangle) {
	if len(damage) == 0 {
		return
	}
	whole := []image.Rectangle{frame.Rect}
	for i, o := range d.outputs {
		dmg := damage
		if d.presented[i] != frame.Rect {
			dmg = whole
			d.presented[i] = frame.Rect
		}
		if err := o.Present(frame, dmg); err != nil {
			key := fmt.Sprintf("%d %T", i, err)
			if !d.errLogged[key] {
				d.errLogged[key] = true
				d.log.Error("raster: output failed (logged once for this kind of error)", "output", i, "err", err)
			}
		}
	}
}
