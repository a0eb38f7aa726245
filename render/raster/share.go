package raster

import "sync"

// FrameSharer is an [Output] that keeps reading the frame it was last
// presented, on its own goroutines, instead of copying it in Present: the
// browser view (package web) reads the panel's frame itself and saves a
// copy of it (4 MB at 1280x800). The driver asks for PaintLock once, when
// it is made, and holds that lock while it paints any window's frame, so
// the output reads a frame only under the lock and never one half
// painted. The frame stays the output's to read until a Present hands it
// another (a resize makes a new one); it must not write it.
type FrameSharer interface {
	Output
	// PaintLock is the lock the driver holds while it paints.
	PaintLock() sync.Locker
}

// paintLocks are the locks of the outputs that share the frames.
func paintLocks(outs []Output) []sync.Locker {
	var ls []sync.Locker
	for _, o := range outs {
		if s, ok := o.(FrameSharer); ok {
			ls = append(ls, s.PaintLock())
		}
	}
	return ls
}

// lockPaint takes the sharing outputs' locks before a frame is painted;
// unlockPaint releases them.
func (d *Driver) lockPaint() {
	for _, l := range d.shared {
		l.Lock()
	}
}

func (d *Driver) unlockPaint() {
	for i := len(d.shared) - 1; i >= 0; i-- {
		d.shared[i].Unlock()
	}
}
