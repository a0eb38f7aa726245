package raster

import (
	"image"
	"image/draw"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/gohmi/gohmi/render/raster/internal/tree"
)

// Frame paints what is pending now (input queued, layout, damage) and
// returns the window's frame and the rectangles painted (none when
// nothing changed). It runs on the loop goroutine, or on the caller's
// before Run (tests, snapshots), serialised with fyne.Do. frame is the
// window's own buffer: read it before the next frame, copy what you keep.
func (w *Window) Frame() (frame *image.RGBA, damage []image.Rectangle) {
	fc, _ := w.frameCalls.Get().(*frameCall)
	if fc == nil {
		fc = &frameCall{w: w}
		fc.run = fc.paint
	}
	w.d.q.do(fc.run, true)
	frame, damage = fc.frame, slices.Clone(fc.rects)
	fc.frame, fc.rects = nil, fc.rects[:0]
	w.frameCalls.Put(fc)
	return frame, damage
}

// frameCall is one Frame's work on the loop goroutine and its results,
// made once and reused (a closure made per call, with the results it
// captured, was three allocations of a value change's frame). Calls in
// flight at once, or one from a function the loop runs, each have their
// own.
type frameCall struct {
	w     *Window
	run   func() // paint, made once
	frame *image.RGBA
	rects []image.Rectangle
}

func (fc *frameCall) paint() {
	fc.w.pump(fc.w.d.clk.Now())
	frame, rects := fc.w.paint()
	fc.frame, fc.rects = frame, append(fc.rects[:0], rects...)
}

// Repaint damages the whole window: the next frame repaints everything.
func (w *Window) Repaint() { w.c.Repaint() }

// needsFrame reports whether the window has damage to paint.
func (w *Window) needsFrame() bool { return w.shown && w.c.dmg.pending() }

// paint lays out what changed size, collects the damage and repaints it.
// Loop goroutine.
func (w *Window) paint() (*image.RGBA, []image.Rectangle) {
	w.d.lockPaint()
	defer w.d.unlockPaint()
	w.d.painting.Store(goroutineID())
	defer w.d.painting.Store(0)
	c := w.c
	size := c.pixelSize()
	if c.frame == nil || c.frame.Rect.Size() != size {
		c.frame = image.NewRGBA(image.Rectangle{Max: size})
		c.dmg.full = true
	}
	c.dmg.forgetUnseen()
	if !c.dmg.pending() {
		return c.frame, nil
	}
	if fp, ok := w.d.painter.(FramePainter); ok {
		fp.BeginFrame()
		defer fp.EndFrame()
	}
	roots := c.paintRoots()
	if c.dmg.quick() {
		c.relayoutRefreshed()
	} else {
		for _, r := range roots {
			c.layout(r, nil)
		}
	}
	c.dmg.ext, _ = w.d.painter.(extenter)
	rects := c.dmg.collect(roots, c.scale, c.frame.Rect) // the tracker's: valid until the next frame
	bg := w.d.app.settings.Theme().Color(theme.ColorNameBackground, w.d.app.settings.ThemeVariant())
	cp, culls := w.d.painter.(CullPainter)
	for _, r := range rects {
		if culls {
			cp.PaintCulled(c.frame, r, c.scale, bg, roots, c.kids)
		} else {
			w.d.painter.Paint(c.frame, r, c.scale, bg, roots)
		}
	}
	c.unpresented = append(c.unpresented, rects...)
	if len(c.unpresented) > MaxRects { // frames painted with no Run presenting them
		c.unpresented = Merge(c.unpresented, c.frame.Rect)
	}
	tree.Clean(len(rects) > 0)
	return c.frame, rects
}

// takeUnpresented returns the damage painted since the last Present,
// merged, and forgets it.
func (w *Window) takeUnpresented() []image.Rectangle {
	c := w.c
	d := Merge(c.unpresented, c.frame.Rect)
	c.unpresented = c.unpresented[:0]
	return d
}

// layout does what Fyne's drivers do before a frame (EnsureMinSize):
// where an object's MinSize changed, its parent is laid out again, after
// its children (so a grown label pushes its neighbours). A root whose
// MinSize changed lays out its own children. It reports whether o's
// MinSize changed.
func (c *Canvas) layout(o fyne.CanvasObject, parent fyne.CanvasObject) bool {
	if o == nil || !o.Visible() {
		return false
	}
	relayout := false
	for _, ch := range tree.Children(o) {
		if c.layout(ch, o) {
			relayout = true
		}
	}
	if relayout {
		relayoutObject(o)
	}
	r := c.dmg.recs[o]
	if r == nil {
		r = &record{}
		c.dmg.recs[o] = r
	}
	m := o.MinSize()
	if r.min == m {
		return false
	}
	r.min = m
	if parent == nil {
		relayoutObject(o)
	}
	return true
}

// relayoutRefreshed is layout for a frame where only some objects were
// refreshed or moved (dmg.quick): up from each, while MinSize changed,
// the parent is laid out again, and its tree is walked again.
func (c *Canvas) relayoutRefreshed() {
	c.dmg.changed(func(o fyne.CanvasObject) {
		for o != nil {
			r := c.dmg.recs[o]
			if r == nil {
				break
			}
			m := o.MinSize()
			if m == r.min {
				break
			}
			r.min = m
			if r.parent == nil {
				relayoutObject(o)
				c.dmg.relaid[o] = struct{}{}
				break
			}
			c.relayoutParent(r.parent)
			o = r.parent
		}
	})
}

// relayoutParent lays out p again because a child's MinSize changed.
// For a container, only the children the layout moved or resized are
// walked again (as moved: their old and new pixels damaged), not its
// whole tree: in a grid, a label that grew moves nothing, and the walk
// of its hundreds of siblings was most of a value change's frame. A
// widget's renderer may change more than geometry in Layout: its whole
// tree is walked again.
func (c *Canvas) relayoutParent(p fyne.CanvasObject) {
	ct, ok := p.(*fyne.Container)
	if !ok || ct.Layout == nil {
		relayoutObject(p)
		c.dmg.relaid[p] = struct{}{}
		return
	}
	t := &c.dmg
	before, objs := t.geoms[:0], append(t.objs[:0], ct.Objects...)
	for _, o := range ct.Objects {
		before = append(before, geom{o.Position(), o.Size()})
	}
	t.geoms, t.objs = before, objs // kept for the next frame: no garbage
	defer clear(t.objs)            // nor references to removed objects
	relayoutObject(p)
	if !slices.Equal(objs, ct.Objects) { // a layout that adds or removes: walk it all
		c.dmg.relaid[p] = struct{}{}
		return
	}
	var moved []fyne.CanvasObject
	for i, o := range ct.Objects {
		if (geom{o.Position(), o.Size()}) == before[i] {
			continue
		}
		if r := c.dmg.recs[o]; r == nil || !r.placed || r.root || !o.Visible() {
			c.dmg.relaid[p] = struct{}{}
			return
		}
		moved = append(moved, o)
	}
	for _, o := range moved {
		c.dmg.moved[o] = struct{}{}
	}
}

// relayoutObject lays out o's children at o's size.
func relayoutObject(o fyne.CanvasObject) {
	switch x := o.(type) {
	case *fyne.Container:
		if x.Layout != nil {
			x.Layout.Layout(x.Objects, x.Size())
		}
	case fyne.Widget:
		tree.Renderer(x).Layout(x.Size())
	}
}

// copyFrame returns a copy of img.
func copyFrame(img *image.RGBA) *image.RGBA {
	out := image.NewRGBA(img.Rect)
	draw.Draw(out, out.Rect, img, img.Rect.Min, draw.Src)
	return out
}
