package raster

import (
	"cmp"
	"image"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/render/raster/internal/tree"
)

// tracker finds what a frame must repaint. Every frame that something
// may have changed (a Refresh, a SetDirty, an overlay shown or hidden), it
// walks the visible trees and records each object's rectangle in frame
// pixels, clipped; an object whose rectangle changed, that appeared or
// vanished damages its old and new rectangle; a refreshed object damages
// the rectangle of the widget that owns it (a label's text: the label),
// so that a widget's pixels are repainted together.
type tracker struct {
	recs      map[fyne.CanvasObject]*record
	gen       uint32
	refreshed map[fyne.CanvasObject]struct{}
	moved     map[fyne.CanvasObject]struct{} // moved, resized, shown or hidden (SetDirty)
	relaid    map[fyne.CanvasObject]struct{} // laid out again this frame
	dirty     bool                           // something may have moved: walk
	full      bool                           // repaint everything
	rects     []image.Rectangle
	ext       extenter // the painter's extents of primitives, nil: bounds alone
	// dups: an object was found twice in the trees by the last whole
	// walk; a partial walk grows the covers of one place only, so none
	// is given to the painter until a whole walk finds no duplicate.
	dups bool
	// scratch of Canvas.relayoutParent
	geoms []geom
	objs  []fyne.CanvasObject
}

// geom is where an object was and its size.
type geom struct {
	pos  fyne.Position
	size fyne.Size
}

// extenter is a Painter that knows where a primitive may paint beyond its
// bounds (a text wider than its box): package paint's Painter.
type extenter interface {
	Extent(o fyne.CanvasObject, pos fyne.Position, scale float32) image.Rectangle
}

// record is what the last walk saw of one object.
type record struct {
	rect   image.Rectangle // its pixels: bounds (with its vector pad) ∩ clip ∩ frame
	paints bool            // a primitive, not a widget or container
	min    fyne.Size       // its MinSize at the last layout check
	gen    uint32          // the walk that saw it last
	placed bool            // rect and owner are set
	// where the walk found it, for a frame that only looks at it again
	parent fyne.CanvasObject // nil for a root
	origin fyne.Position     // the parent's absolute position
	clip   image.Rectangle   // the clip it was painted within
	owner  image.Rectangle   // its widget's rectangle (empty: none)
	root   bool              // a root of the trees
	index  int               // o's place among its parent's children
	// cover holds every pixel o's tree may paint (for a primitive, its
	// rect), and kids the cover of each child, in order: a frame's
	// painter skips a child whose cover misses its clip. A partial walk
	// only grows the covers of the ancestors of what it walked (see
	// grow); the next whole walk sets them exactly.
	cover image.Rectangle
	kids  []image.Rectangle
}

func (t *tracker) init() {
	t.recs = map[fyne.CanvasObject]*record{}
	t.refreshed = map[fyne.CanvasObject]struct{}{}
	t.moved = map[fyne.CanvasObject]struct{}{}
	t.relaid = map[fyne.CanvasObject]struct{}{}
	t.full = true
}

// has reports whether the last walk saw o.
func (t *tracker) has(o fyne.CanvasObject) bool {
	_, ok := t.recs[o]
	return ok
}

func (t *tracker) refresh(o fyne.CanvasObject) {
	if o != nil {
		t.refreshed[o] = struct{}{}
	}
}

// move notes that o moved, changed size or visibility; nil: something did.
func (t *tracker) move(o fyne.CanvasObject) {
	if o == nil {
		t.dirty = true
		return
	}
	t.moved[o] = struct{}{}
}

// pending reports whether a frame has anything to look at.
func (t *tracker) pending() bool {
	return t.dirty || t.full || len(t.refreshed) > 0 || len(t.moved) > 0
}

func (t *tracker) clearChanges() {
	t.refreshed = emptied(t.refreshed)
	t.moved = emptied(t.moved)
	t.relaid = emptied(t.relaid)
}

// emptied returns m empty: cleared, or a new map when m held many (a
// cleared map keeps its table, and ranging over it, as every frame
// does, visits all of it: the first frame refreshes every object).
func emptied(m map[fyne.CanvasObject]struct{}) map[fyne.CanvasObject]struct{} {
	if len(m) > 64 {
		return map[fyne.CanvasObject]struct{}{}
	}
	clear(m)
	return m
}

// changed calls f for each object refreshed or moved since the last frame.
func (t *tracker) changed(f func(fyne.CanvasObject)) {
	for o := range t.refreshed {
		f(o)
	}
	for o := range t.moved {
		if _, ok := t.refreshed[o]; !ok {
			f(o)
		}
	}
}

// collect walks the roots and returns the merged damage of this frame,
// at most MaxRects rectangles within bounds (bounds alone past that).
func (t *tracker) collect(roots []fyne.CanvasObject, scale float32, bounds image.Rectangle) []image.Rectangle {
	if !t.pending() {
		return nil
	}
	t.rects = t.rects[:0]
	w := walker{t: t, scale: scale, bounds: bounds}
	if t.quick() {
		w.again()
		t.clearChanges()
		return Merge(t.rects, bounds)
	}
	t.gen++
	t.dups, w.whole = false, true
	for i, r := range roots {
		w.walk(r, nil, fyne.Position{}, bounds, image.Rectangle{}, true, i)
	}
	for o, r := range t.recs {
		if r.gen != t.gen {
			if r.paints {
				t.add(r.rect)
			}
			delete(t.recs, o)
		}
	}
	t.clearChanges()
	t.dirty = false
	if t.full {
		t.full = false
		return []image.Rectangle{bounds}
	}
	return Merge(t.rects, bounds)
}

// forgetUnseen drops from the changes the objects that are hidden and
// that no walk placed: they paint nothing now and painted nothing before
// (an object hidden after it was painted keeps its record, and its old
// pixels are damaged). A widget's hidden parts refreshed with it (a bar's
// unused segments) then leave a value's frame quick.
func (t *tracker) forgetUnseen() {
	for _, m := range [2]map[fyne.CanvasObject]struct{}{t.refreshed, t.moved} {
		for o := range m {
			if r := t.recs[o]; (r == nil || !r.placed) && !o.Visible() {
				delete(m, o)
			}
		}
	}
}

// quick reports whether only primitives and (non-root) widgets seen by
// the last walk were refreshed, are still shown, and nothing moved:
// then the frame looks at them alone (the hot path: a value changed)
// instead of walking everything.
func (t *tracker) quick() bool {
	if t.full || t.dirty {
		return false
	}
	for o := range t.refreshed {
		r := t.recs[o]
		if r == nil || !r.placed || !o.Visible() {
			return false
		}
		if _, widget := o.(fyne.Widget); !r.paints && (!widget || r.root) {
			return false
		}
	}
	for o := range t.moved {
		if r := t.recs[o]; r == nil || !r.placed || r.root || !o.Visible() {
			return false
		}
	}
	for o := range t.relaid {
		if r := t.recs[o]; r == nil || !r.placed || !o.Visible() {
			return false
		}
	}
	return true
}

// again looks at the refreshed and moved objects where the last walk
// found them (quick holds): a moved object's tree is walked again (a
// widget or container damages its old bounds, so what vanished inside
// is repainted); so is a refreshed widget's (it damages its bounds); a
// refreshed primitive damages its widget's rectangle, and its own old
// and new one when it changed size.
func (w *walker) again() {
	t := w.t
	t.gen++ // a partial walk: records it misses are kept, not vanished
	for o := range t.moved {
		r := t.recs[o]
		// A layout moves every child to where it is, most of them to where
		// they were: a widget or container that kept its place damages
		// nothing by itself (its tree, walked again, damages what in it
		// changed); one that went elsewhere damages its old bounds.
		if !r.paints && w.pixels(r.origin.Add(o.Position()), o.Size(), 0).Intersect(r.clip) != r.rect {
			t.add(r.rect)
		}
		t.grow(o, w.walk(o, r.parent, r.origin, r.clip, r.owner, false, r.index))
	}
	// A layout moves and resizes children without telling (Fyne's
	// widgets and rectangles say nothing on Resize): the trees of what
	// was laid out again are walked again, their rectangles compared.
	for o := range t.relaid {
		if r := t.recs[o]; r.gen != t.gen {
			t.grow(o, w.walk(o, r.parent, r.origin, r.clip, r.owner, r.root, r.index))
		}
	}
	for o := range t.refreshed {
		if r := t.recs[o]; r.gen == t.gen {
			continue // walked as moved
		}
		r := t.recs[o]
		if !r.paints {
			t.grow(o, w.walk(o, r.parent, r.origin, r.clip, r.owner, r.root, r.index))
			continue
		}
		rect := w.primitive(o, r.origin.Add(o.Position())).Intersect(r.clip)
		if rect != r.rect {
			t.add(r.rect)
			t.add(rect)
			r.rect, r.cover = rect, rect
			t.grow(o, rect)
		}
		t.add(cmp.Or(r.owner, rect))
	}
}

// grow adds rect, painted by o's tree, to the covers of o's ancestors
// (and to their records of their children's covers), up to the first
// that holds it already.
func (t *tracker) grow(o fyne.CanvasObject, rect image.Rectangle) {
	if rect.Empty() {
		return
	}
	for o != nil {
		r := t.recs[o]
		if r == nil || r.parent == nil {
			return
		}
		p := t.recs[r.parent]
		if p == nil {
			return
		}
		if r.index < len(p.kids) {
			p.kids[r.index] = p.kids[r.index].Union(rect)
		}
		if rect.In(p.cover) {
			return
		}
		p.cover = p.cover.Union(rect)
		o = r.parent
	}
}

// kids returns the pixels each child of o may paint, in order, as the
// last walks saw them; nil when they did not see o whole, or saw an
// object twice. Only valid between a collect and the next change.
func (t *tracker) kids(o fyne.CanvasObject) []image.Rectangle {
	r := t.recs[o]
	if t.dups || r == nil || !r.placed {
		return nil
	}
	return r.kids
}

func (t *tracker) add(r image.Rectangle) {
	if !r.Empty() {
		t.rects = append(t.rects, r)
	}
}

// walker walks one frame's trees.
type walker struct {
	whole  bool // a walk of the whole trees, not again's
	t      *tracker
	scale  float32
	bounds image.Rectangle
}

// walk records o at pos (its parent's absolute position) within clip;
// owner is the rectangle of the widget o belongs to (empty: none). A
// root widget (a PopUp covers the whole canvas) owns nothing: its
// background refreshed damages the background only. walk returns the
// area the primitives of o's tree cover.
func (w *walker) walk(o, parentObj fyne.CanvasObject, parent fyne.Position, clip, owner image.Rectangle, root bool, index int) image.Rectangle {
	if o == nil || !o.Visible() {
		return image.Rectangle{}
	}
	pos := parent.Add(o.Position())
	size := o.Size()
	paints := primitive(o)
	var own image.Rectangle
	if paints {
		own = w.primitive(o, pos).Intersect(clip)
	} else {
		own = w.pixels(pos, size, 0).Intersect(clip)
	}
	switch o.(type) {
	case fyne.Widget:
		if !root {
			owner = own
		}
	}
	children, clips := tree.Node(o)
	refreshed := w.record(o, own, paints)
	if r := w.t.recs[o]; r.gen == w.t.gen {
		r.parent, r.origin, r.clip, r.owner, r.root, r.index = parentObj, parent, clip, owner, root, index
	}

	r := w.t.recs[o]
	first := r.gen == w.t.gen // else o was unseen (not walked) or walked twice (t.dups)
	if paints {
		if refreshed {
			w.t.add(cmp.Or(owner, own))
		}
		if first {
			r.cover = own
		}
		return own
	}
	covered := image.Rectangle{}
	if clips {
		clip = clip.Intersect(w.pixels(pos, size, 0))
	}
	var kids []image.Rectangle // empty rectangles: nothing below can show
	if first && cap(r.kids) >= len(children) {
		kids = r.kids[:len(children)]
		clear(kids)
	} else {
		kids = make([]image.Rectangle, len(children))
	}
	if !clip.Empty() { // else nothing below can show: their records vanish
		for i, c := range children {
			kids[i] = w.walk(c, o, pos, clip, owner, false, i)
			covered = covered.Union(kids[i])
		}
	}
	if first {
		r.kids = kids
	}
	if refreshed {
		w.t.add(covered)
		if _, widget := o.(fyne.Widget); widget && !root {
			w.t.add(own)
		}
	}
	if first {
		r.cover = covered
	}
	return covered
}

// primitive returns the pixels primitive o at pos may paint: its bounds
// with its vector pad, and its extent where the painter knows one (a text
// wider or taller than its box).
func (w *walker) primitive(o fyne.CanvasObject, pos fyne.Position) image.Rectangle {
	rect := w.pixels(pos, o.Size(), vectorPad(o))
	if _, text := o.(*canvas.Text); text && w.t.ext != nil {
		rect = rect.Union(w.t.ext.Extent(o, pos, w.scale).Intersect(w.bounds))
	}
	return rect
}

// primitive reports whether o paints pixels itself: neither a widget nor
// a container.
func primitive(o fyne.CanvasObject) bool {
	switch o.(type) {
	case fyne.Widget, *fyne.Container:
		return false
	}
	return true
}

// record notes o's rectangle and reports whether o was refreshed. Only
// primitives paint pixels: one that appeared, moved or vanished damages
// its old and new rectangle; a widget or a container damages nothing by
// itself. What a refresh damages is the caller's: for a refreshed
// primitive, its widget's rectangle (a label's text: the label); for a
// refreshed widget or container, the area of its primitives.
func (w *walker) record(o fyne.CanvasObject, rect image.Rectangle, paints bool) bool {
	t := w.t
	r := t.recs[o]
	if r == nil {
		r = &record{}
		t.recs[o] = r
	}
	if r.gen == t.gen {
		// A partial walk meets again what it walked already (a tree laid
		// out again inside another): not a duplicate.
		t.dups = t.dups || w.whole
		return false // the same object twice in the trees: the first one counts
	}
	r.gen = t.gen
	switch {
	case !paints:
	case !r.placed:
		t.add(rect)
	case r.rect != rect:
		t.add(r.rect)
		t.add(rect)
	}
	r.rect, r.paints, r.placed = rect, paints, true
	_, refreshed := t.refreshed[o]
	return refreshed
}

// pixels returns the frame pixels covered by the area at pos of size,
// grown by pad units on every side, rounded outward.
func (w *walker) pixels(pos fyne.Position, size fyne.Size, pad float32) image.Rectangle {
	s := w.scale
	x0 := math.Floor(float64((pos.X - pad) * s))
	y0 := math.Floor(float64((pos.Y - pad) * s))
	x1 := math.Ceil(float64((pos.X + size.Width + pad) * s))
	y1 := math.Ceil(float64((pos.Y + size.Height + pad) * s))
	return image.Rect(clampInt(x0), clampInt(y0), clampInt(x1), clampInt(y1)).Intersect(w.bounds)
}

func clampInt(f float64) int {
	return int(max(min(f, 1<<30), -(1 << 30)))
}

// vectorPad is how far outside its bounds a primitive paints, in Fyne
// units: strokes and anti-aliasing (Fyne's internal/painter.VectorPad).
func vectorPad(o fyne.CanvasObject) float32 {
	switch c := o.(type) {
	case *canvas.Circle:
		if c.StrokeWidth > 0 && c.StrokeColor != nil {
			return c.StrokeWidth + 2
		}
		return 1
	case *canvas.Line:
		if c.StrokeWidth > 0 {
			return c.StrokeWidth + 2
		}
	case *canvas.Polygon:
		if c.StrokeWidth > 0 && c.StrokeColor != nil {
			return c.StrokeWidth + 2
		}
	case *canvas.Rectangle:
		if c.StrokeWidth > 0 && c.StrokeColor != nil {
			return c.StrokeWidth + 2
		}
	case *canvas.Arc:
		if c.StrokeWidth > 0 && c.StrokeColor != nil {
			return c.StrokeWidth + 2
		}
	case *canvas.Text:
		if c.TextStyle.Italic {
			return c.TextSize / 5
		}
	}
	return 0
}

// Merge joins damaged rectangles as LVGL does: two that overlap, or
// whose union is no larger than the sum of their areas, become their
// union, until no two do. More than MaxRects left repaint bounds whole.
// Rectangles are clipped to bounds; empty ones are dropped. rects is
// reused.
func Merge(rects []image.Rectangle, bounds image.Rectangle) []image.Rectangle {
	out := rects[:0]
	for _, r := range rects {
		if r = r.Intersect(bounds); !r.Empty() {
			out = append(out, r)
		}
	}
	if len(out) > 16*MaxRects {
		return []image.Rectangle{bounds} // not worth the quadratic merge
	}
	for merged := true; merged; {
		merged = false
		for i := 0; i < len(out); i++ {
			for j := i + 1; j < len(out); j++ {
				a, b := out[i], out[j]
				u := a.Union(b)
				if !a.Overlaps(b) && area(u) > area(a)+area(b) {
					continue
				}
				out[i] = u
				out[j] = out[len(out)-1]
				out = out[:len(out)-1]
				j = i // rescan: out[i] grew
				merged = true
			}
		}
	}
	if len(out) > MaxRects {
		return []image.Rectangle{bounds}
	}
	return out
}

func area(r image.Rectangle) int { return r.Dx() * r.Dy() }
