package hmi

import (
	"sync/atomic"

	"github.com/gohmi/gohmi/render/raster"
)

// InputSource tells the runtime where the input it handles comes from, so
// that a write is audited as the panel's or the web view's, and a write
// through the web view needs the web-control permission. The raster
// backend wraps each Input with it: the touch screen's with Wrap(in,
// false), the web view's with Wrap(in, true). Every press, key and scroll
// also counts as the panel user's activity (the idle logout starts again).
//
// The input of both goes through one queue to the widgets, so the source
// is that of the last press queued: a press in a browser and one on the
// panel within the same tap could be attributed to the other.
type InputSource struct {
	web   atomic.Bool
	touch atomic.Pointer[func()] // the runtime's Touch, once it runs
}

// Wrap returns in, marking its presses as coming from the web view (web)
// or the panel.
func (s *InputSource) Wrap(in raster.Input, web bool) raster.Input {
	return sourceInput{in: in, s: s, web: web}
}

// Web reports whether the last press came through the web view.
func (s *InputSource) Web() bool { return s != nil && s.web.Load() }

func (s *InputSource) mark(web bool) {
	s.web.Store(web)
	if f := s.touch.Load(); f != nil {
		(*f)()
	}
}

type sourceInput struct {
	in  raster.Input
	s   *InputSource
	web bool
}

func (i sourceInput) Pointer(e raster.PointerEvent) {
	if e.Kind == raster.PointerDown || e.Kind == raster.PointerScroll {
		i.s.mark(i.web)
	}
	i.in.Pointer(e)
}

func (i sourceInput) Key(e raster.KeyEvent) {
	if !e.Up {
		i.s.mark(i.web)
	}
	i.in.Key(e)
}

// useInput makes the runtime read where its input comes from in src.
func (r *Runtime) useInput(src *InputSource) {
	if src == nil {
		return
	}
	r.users.src = src
	touch := r.Touch
	src.touch.Store(&touch)
}
