// Package tree walks Fyne's object trees the way Fyne's own drivers do:
// a widget's children are the objects of its cached renderer, the one its
// own Refresh updates. Fyne keeps that cache in an internal package; the
// two functions below are linked to it by name (the only place gohmi does
// so). A Fyne upgrade that renames them fails to link, not at run time.
package tree

import (
	_ "unsafe" // go:linkname

	"fyne.io/fyne/v2"
)

// Renderer returns the widget's renderer from Fyne's cache, creating and
// caching it the first time (fyne.io/fyne/v2/internal/cache.Renderer).
//
//go:linkname Renderer fyne.io/fyne/v2/internal/cache.Renderer
func Renderer(w fyne.Widget) fyne.WidgetRenderer

// CachedRenderer returns the widget's renderer if Fyne has made one
// (fyne.io/fyne/v2/internal/cache.CachedRenderer).
//
//go:linkname CachedRenderer fyne.io/fyne/v2/internal/cache.CachedRenderer
func CachedRenderer(w fyne.Widget) (fyne.WidgetRenderer, bool)

// Children returns the objects directly below o: a container's objects, a
// widget's renderer objects (the renderer is made if there is none yet,
// as Fyne's drivers do for visible widgets), nothing for a primitive.
func Children(o fyne.CanvasObject) []fyne.CanvasObject {
	switch c := o.(type) {
	case *fyne.Container:
		return c.Objects
	case fyne.Widget:
		if r := Renderer(c); r != nil {
			return r.Objects()
		}
	}
	return nil
}

// IsClip reports whether o clips its children to its own bounds, as
// Fyne's drivers decide it: scrollers, and widgets whose renderer says so.
func IsClip(o fyne.CanvasObject) bool {
	if _, ok := o.(fyne.Scrollable); ok {
		return true
	}
	w, ok := o.(fyne.Widget)
	if !ok {
		return false
	}
	r, ok := CachedRenderer(w)
	if !ok {
		return false
	}
	_, clip := r.(interface{ IsClip() })
	return clip
}

// Node returns what Children and IsClip return, with one look into
// Fyne's renderer cache instead of two (each look reads the clock to keep
// the renderer alive): walks call it for every object of every frame.
func Node(o fyne.CanvasObject) (children []fyne.CanvasObject, clip bool) {
	switch c := o.(type) {
	case *fyne.Container:
		return c.Objects, false
	case fyne.Widget:
		_, scroll := o.(fyne.Scrollable)
		r := Renderer(c)
		if r == nil {
			return nil, scroll
		}
		_, clips := r.(interface{ IsClip() })
		return r.Objects(), scroll || clips
	}
	_, scroll := o.(fyne.Scrollable)
	return nil, scroll
}

// Visit is called for each visible object of a walk, parents before
// children, in painting order. pos is the object's absolute position;
// clip is the area its pixels may cover (the intersection of the clipping
// ancestors' bounds), in the same units. Returning false skips the
// object's children.
type Visit func(o fyne.CanvasObject, pos fyne.Position, clip Rect) bool

// Rect is an area in Fyne units.
type Rect struct{ Min, Max fyne.Position }

// Intersect returns the area both r and s cover (empty when Min is not
// above-left of Max).
func (r Rect) Intersect(s Rect) Rect {
	if s.Min.X > r.Min.X {
		r.Min.X = s.Min.X
	}
	if s.Min.Y > r.Min.Y {
		r.Min.Y = s.Min.Y
	}
	if s.Max.X < r.Max.X {
		r.Max.X = s.Max.X
	}
	if s.Max.Y < r.Max.Y {
		r.Max.Y = s.Max.Y
	}
	return r
}

// Empty reports whether r covers no area.
func (r Rect) Empty() bool { return r.Min.X >= r.Max.X || r.Min.Y >= r.Max.Y }

// Walk visits the visible objects of the tree below root (root included),
// root placed at origin and clipped to clip.
func Walk(root fyne.CanvasObject, origin fyne.Position, clip Rect, visit Visit) {
	if root == nil || !root.Visible() {
		return
	}
	pos := origin.Add(root.Position())
	children, clips := Node(root)
	if clips {
		clip = clip.Intersect(Rect{pos, pos.Add(root.Size())})
	}
	if !visit(root, pos, clip) {
		return
	}
	for _, c := range children {
		Walk(c, pos, clip, visit)
	}
}

// ResetThemeCaches drops Fyne's caches that depend on the theme: rendered
// SVG icons and text sizes (fyne.io/fyne/v2/internal/cache.ResetThemeCaches).
// A driver calls it when the theme changes, as Fyne's own do.
//
//go:linkname ResetThemeCaches fyne.io/fyne/v2/internal/cache.ResetThemeCaches
func ResetThemeCaches()

// Clean lets Fyne destroy the renderers of widgets that have not been
// walked for a while (fyne.io/fyne/v2/internal/cache.Clean); a driver
// calls it after each frame, as Fyne's own do, so that the renderers of
// removed widgets do not pile up. It throttles itself.
//
//go:linkname Clean fyne.io/fyne/v2/internal/cache.Clean
func Clean(canvasRefreshed bool)
