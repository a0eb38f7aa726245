package hmi

import (
	"context"
	"time"
)

// blinkLoop flashes the blinking widgets (style sheets' blink:) of the
// screen on show, ten times a second, and builds the screens again when
// the panel's size has settled far from what they were built for (a window
// resized or made full screen); it costs nothing while neither happens.
func (r *Runtime) blinkLoop(ctx context.Context) error {
	const period = 100 * time.Millisecond
	t := r.clk.NewTimer(period)
	defer t.Stop()
	off := 0 // ticks the zoom has been off
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-t.C():
			t.Reset(period)
			sc := r.Scene(r.Current())
			if sc == nil {
				continue
			}
			if sc.Blinks() {
				r.ui(func() { sc.Blink(now) })
			}
			if r.zoomOff(sc) {
				if off++; off >= 3 {
					r.ui(r.rezoom)
					off = 0
				}
			} else {
				off = 0
			}
		}
	}
}
