package paint

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"golang.org/x/image/vector"

	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/internal/tree"
)

var _ raster.CullPainter = (*Painter)(nil)

var _ raster.Painter = (*Painter)(nil)

var _ raster.FramePainter = (*Painter)(nil)

// Painter paints Fyne object trees into an *image.RGBA and measures text.
// It keeps caches (fonts, shaped strings, glyph masks, decoded and scaled
// images) and scratch buffers, so it is not safe for concurrent use: one
// goroutine (the driver's loop) owns it.
type Painter struct {
	z       *vector.Rasterizer
	maskBuf []uint8
	maskImg image.Alpha
	uni     image.Uniform
	gradBuf []uint8
	// frameFonts are the theme's fonts looked up during one frame
	// (BeginFrame to EndFrame) or, outside one, one Paint.
	frameFonts [32]themeFace
	text       *textCache
	images     *imageCache
	corners    *cache[cornerKey, *image.Alpha]
	rest, ring rectBuf // roundRect's pieces
}

// New returns a Painter with empty caches.
func New() *Painter {
	return &Painter{
		z:       vector.NewRasterizer(1, 1),
		text:    newTextCache(),
		images:  newImageCache(),
		corners: newCache[cornerKey](maxCornerBytes, func(m *image.Alpha) int { return len(m.Pix) + 64 }),
	}
}

// Paint repaints the pixels of dst inside clip (dst pixel coordinates):
// first bg, then the visible objects of roots in order, each clipped to
// clip and to its clipping ancestors. scale is pixels per Fyne unit.
// Pixels outside clip are not touched, and painting any part of dst gives
// the pixels a whole repaint gives there.
func (pt *Painter) Paint(dst *image.RGBA, clip image.Rectangle, scale float32, bg color.Color, roots []fyne.CanvasObject) {
	pt.PaintCulled(dst, clip, scale, bg, roots, nil)
}

// BeginFrame starts a frame: until EndFrame, the theme's fonts are
// looked up once each (the theme cannot change during a frame) by
// TextSize, Extent and the paints.
func (pt *Painter) BeginFrame() { pt.text.frame = &pt.frameFonts }

// EndFrame ends the frame BeginFrame began: the next one looks the
// theme's fonts up again.
func (pt *Painter) EndFrame() { pt.text.frame, pt.frameFonts = nil, [32]themeFace{} }

// PaintCulled is Paint, skipping the objects that cannot paint in clip:
// kids, when not nil, returns the pixels each child of a widget or
// container may paint, in the order of its children (from the driver's
// damage walk), or nil when it does not know them; a child whose
// rectangle misses clip is not visited, nor its tree. A small repaint of
// a big screen then looks at the trees around it only.
func (pt *Painter) PaintCulled(dst *image.RGBA, clip image.Rectangle, scale float32, bg color.Color, roots []fyne.CanvasObject, kids func(fyne.CanvasObject) []image.Rectangle) {
	clip = clip.Intersect(dst.Rect)
	if clip.Empty() || !(scale > 0) || math.IsInf(float64(scale), 0) {
		return
	}
	if bg != nil {
		draw.Draw(dst, clip, pt.uniform(bg), image.Point{}, draw.Src)
	}
	if pt.text.frame == nil { // a Paint outside BeginFrame: the fonts for this Paint
		pt.BeginFrame()
		defer pt.EndFrame()
	}
	all := tree.Rect{Min: fyne.NewPos(-1e9, -1e9), Max: fyne.NewPos(1e9, 1e9)}
	w := paintWalk{pt: pt, dst: dst, clip: clip, scale: scale, kids: kids, lastC: all, lastP: clip}
	for _, root := range roots {
		w.walk(root, fyne.Position{}, all)
	}
}

// paintWalk is one clip's walk of the trees (tree.Walk's order and clips,
// with the children kids rules out skipped).
type paintWalk struct {
	pt    *Painter
	dst   *image.RGBA
	clip  image.Rectangle
	scale float32
	kids  func(fyne.CanvasObject) []image.Rectangle
	lastC tree.Rect       // most objects share their clip with the one before:
	lastP image.Rectangle // lastC in pixels, within clip
}

func (w *paintWalk) walk(o fyne.CanvasObject, origin fyne.Position, c tree.Rect) {
	if o == nil || !o.Visible() {
		return
	}
	pos := origin.Add(o.Position())
	children, clips := tree.Node(o)
	if clips {
		c = c.Intersect(tree.Rect{Min: pos, Max: pos.Add(o.Size())})
	}
	if c.Empty() {
		return
	}
	if c != w.lastC {
		w.lastC, w.lastP = c, w.clip.Intersect(pxClip(c, w.scale))
	}
	cp := w.lastP
	if cp.Empty() {
		return
	}
	if primitive(o) {
		if w.pt.Extent(o, pos, w.scale).Overlaps(cp) {
			w.pt.draw(w.dst, cp, o, pos, w.scale)
		}
		return
	}
	var rects []image.Rectangle
	if w.kids != nil {
		if rects = w.kids(o); len(rects) != len(children) {
			rects = nil
		}
	}
	for i, ch := range children {
		if rects == nil || rects[i].Overlaps(cp) {
			w.walk(ch, pos, c)
		}
	}
}

// pxClip converts a clip area in Fyne units to pixels.
func pxClip(c tree.Rect, scale float32) image.Rectangle {
	f := func(v float32) int {
		return clampInt(math.Round(float64(v) * float64(scale)))
	}
	return image.Rect(f(c.Min.X), f(c.Min.Y), f(c.Max.X), f(c.Max.Y))
}

// draw paints one primitive (widgets and containers paint nothing
// themselves).
func (pt *Painter) draw(dst *image.RGBA, clip image.Rectangle, o fyne.CanvasObject, pos fyne.Position, scale float32) {
	switch o := o.(type) {
	case *canvas.Rectangle:
		pt.drawRectangle(dst, clip, o, pos, scale)
	case *canvas.Text:
		pt.drawText(dst, clip, o, pos, scale)
	case *canvas.Line:
		pt.drawLine(dst, clip, o, pos, scale)
	case *canvas.Circle:
		pt.drawCircle(dst, clip, o, pos, scale)
	case *canvas.Image:
		pt.drawImage(dst, clip, o, pos, scale)
	case *canvas.Raster:
		pt.drawRaster(dst, clip, o, pos, scale)
	case *canvas.LinearGradient:
		pt.drawLinear(dst, clip, o, pos, scale)
	case *canvas.RadialGradient:
		pt.drawRadial(dst, clip, o, pos, scale)
	case *canvas.Polygon:
		pt.drawPolygon(dst, clip, o, pos, scale)
	case *canvas.Arc:
		pt.drawArc(dst, clip, o, pos, scale)
	}
}

// primitive reports whether o is one of the canvas objects draw paints
// (widgets and containers paint nothing themselves).
func primitive(o fyne.CanvasObject) bool {
	switch o.(type) {
	case *canvas.Rectangle, *canvas.Text, *canvas.Line, *canvas.Circle, *canvas.Image,
		*canvas.Raster, *canvas.LinearGradient, *canvas.RadialGradient, *canvas.Polygon, *canvas.Arc:
		return true
	}
	return false
}

// Extent is the pixel rectangle that o, at absolute position pos (Fyne
// units), may paint at scale: its bounds, except for a line (its width
// around its ends) and a text (its aligned text box, which is wider than
// its bounds when the text does not fit). A damage tracker marks it, not
// the bounds, when o changes.
func (pt *Painter) Extent(o fyne.CanvasObject, pos fyne.Position, scale float32) image.Rectangle {
	switch o := o.(type) {
	case *canvas.Line:
		return lineExtent(o, pos, scale)
	case *canvas.Text:
		return pt.textBox(o, pos, scale).box
	}
	s := o.Size()
	return pxRect(pos.X, pos.Y, s.Width, s.Height, scale)
}
