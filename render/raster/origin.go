package raster

// SetOnInput makes the window call f on its loop goroutine before it
// hands an input event to the widgets, with the event's Origin, and
// before a timer fires what a press started (a delayed single tap, a
// long press), with the Origin of that press. Whatever a widget does in
// response (an action, a write) is then known to come from that origin,
// whichever goroutines queued events in between: a runtime attributes
// each write to the web viewer or the panel that sent it. f must not
// block. Safe from any goroutine; nil removes it.
func (w *Window) SetOnInput(f func(origin any)) {
	if f == nil {
		w.onInput.Store(nil)
		return
	}
	w.onInput.Store(&f)
}

// from records that the input handled next comes from origin and tells
// SetOnInput's function. Loop goroutine.
func (w *Window) from(origin any) {
	w.origin = origin
	if f := w.onInput.Load(); f != nil {
		(*f)(origin)
	}
}
