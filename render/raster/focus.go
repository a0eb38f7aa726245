package raster

import (
	"reflect"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render/raster/internal/tree"
)

// focusManager keeps the focus of one tree (the content or an overlay),
// as Fyne's internal/app.FocusManager does.
type focusManager struct {
	root    fyne.CanvasObject
	focused fyne.Focusable
}

func newFocusManager(root fyne.CanvasObject) *focusManager { return &focusManager{root: root} }

// Focus focuses obj (nil: nothing) and reports whether obj is in the
// tree. A hidden or disabled object is in the tree but is not focused.
func (m *focusManager) Focus(obj fyne.Focusable) bool {
	if obj == nil {
		m.set(nil)
		return true
	}
	o, ok := obj.(fyne.CanvasObject)
	if !ok {
		return false
	}
	found, hidden := lookup(m.root, o)
	if !found {
		return false
	}
	if hidden {
		return true
	}
	if dis, ok := obj.(fyne.Disableable); ok && dis.Disabled() {
		if _, text := obj.(interface{ SelectedText() string }); !text {
			return true
		}
	}
	m.set(obj)
	return true
}

// Focused returns the focused object.
func (m *focusManager) Focused() fyne.Focusable { return m.focused }

// FocusNext focuses the focusable object after the focused one.
func (m *focusManager) FocusNext() { m.set(m.next(false)) }

// FocusPrevious focuses the one before.
func (m *focusManager) FocusPrevious() { m.set(m.next(true)) }

func (m *focusManager) set(obj fyne.Focusable) {
	if m.focused == obj {
		return
	}
	if m.focused != nil {
		m.focused.FocusLost()
	}
	m.focused = obj
	if obj != nil {
		obj.FocusGained()
	}
}

// next returns the visible, enabled focusable object after the focused
// one (before it when back), wrapping around; the first when none is.
func (m *focusManager) next(back bool) fyne.Focusable {
	var chain []fyne.Focusable
	visible(m.root, func(o fyne.CanvasObject) {
		if d, ok := o.(fyne.Disableable); ok && d.Disabled() {
			return
		}
		if f, ok := o.(fyne.Focusable); ok {
			chain = append(chain, f)
		}
	})
	if len(chain) == 0 {
		return nil
	}
	i := -1
	for j, f := range chain {
		if f == m.focused {
			i = j
		}
	}
	switch {
	case i < 0 && back:
		return chain[len(chain)-1]
	case i < 0:
		return chain[0]
	case back:
		return chain[(i+len(chain)-1)%len(chain)]
	}
	return chain[(i+1)%len(chain)]
}

// overlayStack is the canvas's fyne.OverlayStack: popups, dialogs, the
// keypad. Removing one removes the ones above it.
type overlayStack struct {
	c        *Canvas
	list     []fyne.CanvasObject
	managers []*focusManager
}

// Add puts o on top. An overlay container (a popup menu's) is sized to
// the canvas, as Fyne's own stack does.
func (s *overlayStack) Add(o fyne.CanvasObject) {
	if o == nil {
		return
	}
	s.list = append(s.list, o)
	s.managers = append(s.managers, newFocusManager(o))
	if t := reflect.TypeOf(o); t.Kind() == reflect.Pointer &&
		t.Elem().PkgPath() == "fyne.io/fyne/v2/internal/widget" && t.Elem().Name() == "OverlayContainer" {
		pos, size := s.c.InteractiveArea()
		o.Resize(size)
		o.Move(pos)
	}
	s.c.overlaysChanged()
}

// List returns the overlays, bottom first.
func (s *overlayStack) List() []fyne.CanvasObject { return s.list }

// Remove removes o and every overlay above it.
func (s *overlayStack) Remove(o fyne.CanvasObject) {
	for i, x := range s.list {
		if x != o {
			continue
		}
		clear(s.list[i:])
		clear(s.managers[i:])
		s.list, s.managers = s.list[:i], s.managers[:i]
		s.c.overlaysChanged()
		return
	}
}

// Top returns the topmost overlay, or nil.
func (s *overlayStack) Top() fyne.CanvasObject {
	if len(s.list) == 0 {
		return nil
	}
	return s.list[len(s.list)-1]
}

func (s *overlayStack) topManager() *focusManager {
	if len(s.managers) == 0 {
		return nil
	}
	return s.managers[len(s.managers)-1]
}

// overlaysChanged: the walk of the next frame finds what appeared and
// vanished; the pointer's hover and press belong to the old top.
func (c *Canvas) overlaysChanged() {
	c.dmg.dirty = true
	c.w.d.q.signal()
	c.w.ptr.reset(c)
}

// lookup reports whether o is in the tree below root (shown or not) and
// whether it is hidden (it or an ancestor).
func lookup(root, o fyne.CanvasObject) (found, hidden bool) {
	var walk func(x fyne.CanvasObject, hiddenAbove bool) bool
	walk = func(x fyne.CanvasObject, hiddenAbove bool) bool {
		if x == nil {
			return false
		}
		h := hiddenAbove || !x.Visible()
		if x == o {
			found, hidden = true, h
			return true
		}
		for _, c := range tree.Children(x) {
			if walk(c, h) {
				return true
			}
		}
		return false
	}
	walk(root, false)
	return found, hidden
}

// contains reports whether o is in the tree below root.
func contains(root, o fyne.CanvasObject) bool {
	found, _ := lookup(root, o)
	return found
}

// visible calls f for the visible objects below root, parents first.
func visible(root fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if root == nil || !root.Visible() {
		return
	}
	f(root)
	for _, c := range tree.Children(root) {
		visible(c, f)
	}
}

// findPosition returns o's absolute position if it is visible below root.
func findPosition(root, o fyne.CanvasObject) (fyne.Position, bool) {
	var pos fyne.Position
	found := false
	tree.Walk(root, fyne.Position{}, everywhere(), func(x fyne.CanvasObject, p fyne.Position, _ tree.Rect) bool {
		if found {
			return false
		}
		if x == o {
			pos, found = p, true
			return false
		}
		return true
	})
	return pos, found
}

// everywhere returns a clip that clips nothing.
func everywhere() tree.Rect {
	return tree.Rect{Min: fyne.NewPos(-1e9, -1e9), Max: fyne.NewPos(1e9, 1e9)}
}
