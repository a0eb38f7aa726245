package raster

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gohmi/gohmi/render/raster/internal/tree"
)

// The pointer's thresholds, in Fyne units and clock time.
const (
	dragThreshold  = 2 // a mouse moved this far with a button down drags (Fyne's glfw driver)
	touchThreshold = 6 // a finger moved this far drags, and is no long press
	longPress      = 500 * time.Millisecond
)

// pointer is a window's pointer state, as Fyne's drivers keep it: one
// pointer at a time (a second finger is ignored until the first lifts).
// Loop goroutine only.
type pointer struct {
	buf []event

	down    bool
	id      int
	origin  any // the Origin of the press: other origins' events wait for its release
	touch   bool
	button  desktop.MouseButton // held
	pos     fyne.Position       // the last position
	downPos fyne.Position
	pressed fyne.CanvasObject // what the press hit: taps fire if the release hits it too
	over    desktop.Hoverable // under the mouse

	cand        fyne.Draggable // what the press would drag
	candPos     fyne.Position  // its absolute position at the press
	dragged     fyne.Draggable
	dragStarted bool
	dragPos     fyne.Position // the position of the last Dragged
	dragOffset  fyne.Position
	dragObj     fyne.Position // the dragged object's Position() at the start

	longAt    time.Time // a touch held still until then is a secondary tap
	longFired bool

	tapAt      time.Time // a single tap on a DoubleTappable fires then
	tapObj     fyne.CanvasObject
	tapEv      *fyne.PointEvent
	tapPressed bool
	tapOrigin  any // the Origin of the pending single tap
}

// pointer handles one event at now.
func (w *Window) pointer(e PointerEvent, now time.Time) {
	s := &w.ptr
	p := fyne.NewPos(e.X/w.c.scale, e.Y/w.c.scale)
	if s.down && e.Kind == PointerDown && e.Origin != s.origin {
		s.supersede(w, now)
	}
	if s.down && (e.ID != s.id || e.Origin != s.origin) && e.Kind != PointerScroll {
		return
	}
	switch e.Kind {
	case PointerDown:
		if s.down {
			return
		}
		s.touch = e.Touch
		s.moveTo(w, p)
		s.press(w, p, e, now)
	case PointerMove:
		if e.Touch && !s.down {
			return
		}
		s.moveTo(w, p)
	case PointerUp, PointerCancel:
		if !s.down {
			return
		}
		s.moveTo(w, p)
		s.release(w, p, e, now)
	case PointerScroll:
		s.scroll(w, p, e)
	}
}

// hit returns the topmost object at p (in the top overlay if there is
// one, else the content) that match accepts, and p relative to it.
func (c *Canvas) hit(p fyne.Position, match func(fyne.CanvasObject) bool) (fyne.CanvasObject, fyne.Position) {
	root := c.overlays.Top()
	if root == nil {
		root = c.content
	}
	var found fyne.CanvasObject
	var rel fyne.Position
	tree.Walk(root, fyne.Position{}, everywhere(), func(o fyne.CanvasObject, pos fyne.Position, clip tree.Rect) bool {
		if !inside(p, clip.Min, clip.Max) {
			return false
		}
		if inside(p, pos, pos.Add(o.Size())) && match(o) {
			found, rel = o, p.Subtract(pos)
		}
		return true
	})
	return found, rel
}

func inside(p, min, max fyne.Position) bool {
	return p.X >= min.X && p.Y >= min.Y && p.X < max.X && p.Y < max.Y
}

func pressable(o fyne.CanvasObject) bool {
	switch o.(type) {
	case fyne.Tappable, fyne.SecondaryTappable, fyne.DoubleTappable, fyne.Focusable, desktop.Mouseable:
		return true
	}
	return false
}

func isDraggable(o fyne.CanvasObject) bool { _, ok := o.(fyne.Draggable); return ok }

func isHoverable(o fyne.CanvasObject) bool { _, ok := o.(desktop.Hoverable); return ok }

func isScrollable(o fyne.CanvasObject) bool { _, ok := o.(fyne.Scrollable); return ok }

func isSecondary(o fyne.CanvasObject) bool { _, ok := o.(fyne.SecondaryTappable); return ok }

// moveTo moves the pointer: hover (mouse only), the start of a drag
// past the threshold, Dragged.
func (s *pointer) moveTo(w *Window, p fyne.Position) {
	s.pos = p
	if !s.touch {
		s.hover(w, p)
	}
	if s.down && s.button != desktop.MouseButtonSecondary && !s.dragStarted {
		th := float32(dragThreshold)
		if s.touch {
			th = touchThreshold
		}
		if d := p.Subtract(s.downPos); abs(d.X) >= th || abs(d.Y) >= th {
			s.longAt = time.Time{}
			if s.cand != nil {
				s.dragged, s.dragStarted = s.cand, true
				s.dragOffset = s.candPos
				s.dragObj = s.cand.(fyne.CanvasObject).Position()
			}
		}
	}
	if s.dragStarted && p != s.dragPos {
		moved := s.dragObj.Subtract(s.dragged.(fyne.CanvasObject).Position())
		ev := &fyne.DragEvent{Dragged: fyne.NewDelta(p.X-s.dragPos.X, p.Y-s.dragPos.Y)}
		ev.AbsolutePosition = p
		ev.Position = p.Subtract(s.dragOffset).Add(moved)
		s.dragPos = p
		s.dragged.Dragged(ev)
	}
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

// hover sends MouseIn, MouseMoved and MouseOut.
func (s *pointer) hover(w *Window, p fyne.Position) {
	o, rel := w.c.hit(p, isHoverable)
	if o == nil {
		if s.over != nil && !s.isDragged(s.over) {
			s.mouseOut()
		}
		return
	}
	if s.isDragged(o) {
		return
	}
	ev := &desktop.MouseEvent{Button: s.button}
	ev.Position, ev.AbsolutePosition = rel, p
	h := o.(desktop.Hoverable)
	if h == s.over {
		h.MouseMoved(ev)
		return
	}
	s.mouseOut()
	s.over = h
	h.MouseIn(ev)
}

func (s *pointer) mouseOut() {
	if s.over != nil {
		h := s.over
		s.over = nil
		h.MouseOut()
	}
}

func (s *pointer) isDragged(o any) bool {
	d, ok := o.(fyne.Draggable)
	return ok && s.dragged != nil && d == s.dragged
}

func button(e PointerEvent) desktop.MouseButton {
	if e.Button == 0 || e.Touch {
		return desktop.MouseButtonPrimary
	}
	return e.Button
}

// supersede cancels the press held by another origin when a new one
// comes: a browser that went away with its button down must not keep the
// panel's touches out. The held press ends as its own origin's, with no
// tap.
func (s *pointer) supersede(w *Window, now time.Time) {
	o := w.origin
	w.from(s.origin)
	s.release(w, s.pos, PointerEvent{Kind: PointerCancel, ID: s.id, Button: s.button, Touch: s.touch, Origin: s.origin}, now)
	w.from(o)
}

// press starts a press: MouseDown, the focus, what a tap and a drag
// would hit, the long-press timer of a touch.
func (s *pointer) press(w *Window, p fyne.Position, e PointerEvent, now time.Time) {
	b := button(e)
	s.down, s.id, s.origin = true, e.ID, e.Origin
	s.button |= b
	s.downPos, s.dragPos = p, p
	s.longFired = false
	if s.touch {
		s.longAt = now.Add(longPress)
	}
	co, rel := w.c.hit(p, pressable)
	if m, ok := co.(desktop.Mouseable); ok {
		ev := &desktop.MouseEvent{Button: b, Modifier: 0}
		ev.Position, ev.AbsolutePosition = rel, p
		m.MouseDown(ev)
	}
	w.focusOnPress(co, p)
	s.pressed = nil
	switch co.(type) {
	case fyne.Tappable, fyne.SecondaryTappable:
		s.pressed = co
	}
	s.cand = nil
	if d, drel := w.c.hit(p, isDraggable); d != nil {
		s.cand, s.candPos = d.(fyne.Draggable), p.Subtract(drel)
	}
}

// focusOnPress: as in Fyne's drivers, a press outside the focused object
// (and outside any focusable) takes the focus away; widgets take it
// themselves (an Entry on MouseDown). A focusable that has no way to ask
// (neither Tappable nor Mouseable) is given it.
func (w *Window) focusOnPress(co fyne.CanvasObject, p fyne.Position) {
	f, ok := co.(fyne.Focusable)
	if ok && f == w.c.Focused() {
		return
	}
	if ok && !isDisabled(co) {
		switch co.(type) {
		case fyne.Tappable, desktop.Mouseable:
		default:
			w.c.Focus(f)
			return
		}
	}
	if under, _ := w.c.hit(p, func(o fyne.CanvasObject) bool { _, ok := o.(fyne.Focusable); return ok }); under == nil {
		w.c.Unfocus()
	}
}

func isDisabled(o fyne.CanvasObject) bool {
	d, ok := o.(fyne.Disableable)
	return ok && d.Disabled()
}
