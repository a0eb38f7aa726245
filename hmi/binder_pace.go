package hmi

import (
	"time"

	"fyne.io/fyne/v2"
)

// framePacer is a window that paints at most one frame per interval (the
// raster backend's Window: its Options.FrameInterval).
type framePacer interface {
	FrameInterval() time.Duration
}

// paceWith makes the binder apply at most one batch per frame of win,
// when win says how often it paints (else one per 1/60 s, a GL window's
// vsync): a panel painting 30 frames a second gets 30 batches, not 60
// with every other one waiting for the next frame.
func (b *Binder) paceWith(win fyne.Window) {
	if p, ok := win.(framePacer); ok && p.FrameInterval() > 0 {
		b.frame = p.FrameInterval()
	}
}
