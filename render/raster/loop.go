package raster

import (
	"fmt"
	"image"
	"time"
)

// Run is the driver's loop, on the calling goroutine, until Quit: it runs
// fyne.Do's functions, the windows' input and animations, and when
// something is damaged paints a frame and presents it to every output.
// Frames are paced to one every FrameInterval of the clock on average,
// with a burst of two: a frame that follows an idle interval may come
// right after the one before. A tap paints its own feedback at once and
// the value it writes comes back through the binder a millisecond later;
// strict pacing held that second frame for a whole interval (the tag's
// frame was painted 17 ms after its change, median, in cmd/hmi's
// BenchmarkRasterWebTagChange; 0.6 ms with the burst), while a steady
// stream of changes still gets one frame per interval.
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
	var tat time.Time // when the frames painted so far would have ended, paced strictly
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
			next := tat.Add(-d.interval)
			if !now.Before(next) {
				d.anims.tick(now)
				d.paintAll(ws)
				tat = later(tat, now).Add(d.interval)
				continue
			}
			due = earliest(due, next)
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

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
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
