package raster

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// release ends a press (Up, or Cancel when the device lost the finger):
// MouseUp, DragEnd, then the tap it makes, if any.
func (s *pointer) release(w *Window, p fyne.Position, e PointerEvent, now time.Time) {
	b := button(e)
	cancel := e.Kind == PointerCancel
	co, rel := w.c.hit(p, func(o fyne.CanvasObject) bool {
		return pressable(o) || (s.dragStarted && isDraggable(o))
	})
	ev := &fyne.PointEvent{Position: rel, AbsolutePosition: p}
	if !cancel {
		s.mouseUp(co, ev, b)
	}
	s.button &^= b
	dragged := s.dragStarted
	if s.dragged != nil {
		if s.dragStarted {
			s.dragged.DragEnd()
		}
		if s.isDragged(s.over) && !s.isDragged(co) {
			s.mouseOut()
		}
	}
	s.down, s.dragged, s.dragStarted, s.cand = false, nil, false, nil
	s.longAt = time.Time{}
	pressed := s.pressed
	s.pressed = nil
	if cancel || s.longFired || dragged || co == nil {
		return
	}
	switch b {
	case desktop.MouseButtonSecondary:
		if st, ok := co.(fyne.SecondaryTappable); ok && co == pressed {
			st.TappedSecondary(ev)
		}
	case desktop.MouseButtonPrimary:
		s.tap(w, co, ev, co == pressed, now, w.d.DoubleTapDelay())
	}
}

func (s *pointer) mouseUp(co fyne.CanvasObject, ev *fyne.PointEvent, b desktop.MouseButton) {
	mev := &desktop.MouseEvent{PointEvent: *ev, Button: b}
	if d, ok := s.dragged.(desktop.Mouseable); ok {
		mev.Position = ev.AbsolutePosition.Subtract(s.dragOffset)
		d.MouseUp(mev)
		return
	}
	if m, ok := co.(desktop.Mouseable); ok {
		m.MouseUp(mev)
	}
}

// tap fires Tapped, or for a DoubleTappable waits for a second tap:
// DoubleTapped if it comes within delay from the same origin, else
// Tapped when delay is over.
func (s *pointer) tap(w *Window, co fyne.CanvasObject, ev *fyne.PointEvent, pressed bool, now time.Time, delay time.Duration) {
	if !s.tapAt.IsZero() {
		if s.tapObj == co && s.tapOrigin == w.origin {
			s.clearTap()
			co.(fyne.DoubleTappable).DoubleTapped(ev)
			return
		}
		// another object, or somebody else: the first tap was a single one
		o := w.origin
		s.fireTap(w)
		w.from(o)
	}
	if _, ok := co.(fyne.DoubleTappable); ok {
		s.tapAt, s.tapObj, s.tapEv, s.tapPressed, s.tapOrigin = now.Add(delay), co, ev, pressed, w.origin
		return
	}
	if t, ok := co.(fyne.Tappable); ok && pressed {
		t.Tapped(ev)
	}
}

// fireTap fires the pending single tap, as input from its origin.
func (s *pointer) fireTap(w *Window) {
	o, ev, pressed := s.tapObj, s.tapEv, s.tapPressed
	w.from(s.tapOrigin)
	s.clearTap()
	if t, ok := o.(fyne.Tappable); ok && pressed {
		t.Tapped(ev)
	}
}

func (s *pointer) clearTap() {
	s.tapAt, s.tapObj, s.tapEv, s.tapPressed, s.tapOrigin = time.Time{}, nil, nil, false, nil
}

// timers fires the single tap and the long press that are due by now
// and returns when the next one is (zero: none).
func (s *pointer) timers(w *Window, now time.Time) time.Time {
	if !s.tapAt.IsZero() && !now.Before(s.tapAt) {
		s.fireTap(w)
	}
	if !s.longAt.IsZero() && !now.Before(s.longAt) {
		s.longAt = time.Time{}
		w.from(s.origin)
		if co, rel := w.c.hit(s.downPos, isSecondary); co != nil {
			s.longFired = true
			co.(fyne.SecondaryTappable).TappedSecondary(&fyne.PointEvent{Position: rel, AbsolutePosition: s.downPos})
		}
	}
	return earliest(s.tapAt, s.longAt)
}

// scroll sends Scrolled to the scrollable object under the pointer.
func (s *pointer) scroll(w *Window, p fyne.Position, e PointerEvent) {
	co, rel := w.c.hit(p, isScrollable)
	if co == nil {
		return
	}
	ev := &fyne.ScrollEvent{Scrolled: fyne.NewDelta(e.DX/w.c.scale, e.DY/w.c.scale)}
	ev.Position, ev.AbsolutePosition = rel, p
	co.(fyne.Scrollable).Scrolled(ev)
}

// reset forgets the hover, the press and a pending tap: the overlay that
// had them changed.
func (s *pointer) reset(*Canvas) {
	s.mouseOut()
	s.pressed = nil
	s.clearTap()
	s.longAt = time.Time{}
}
