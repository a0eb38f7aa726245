package paint

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Rectangles and circles are drawn as Fyne's GL painter draws them (the
// look of gohmi's GPU window): the stroke lies inside the outline, the
// fill inside the stroke, and nothing is painted outside the object's
// bounds. A circle is a rectangle whose corner radius is half its
// shorter side.

func (pt *Painter) drawRectangle(dst *image.RGBA, clip image.Rectangle, r *canvas.Rectangle, pos fyne.Position, scale float32) {
	size := r.Size()
	if r.Aspect > 0 && size.Height > 0 {
		if frame := size.Width / size.Height; frame > r.Aspect {
			w := size.Height * r.Aspect
			pos.X += (size.Width - w) / 2
			size.Width = w
		} else if frame < r.Aspect {
			h := size.Width / r.Aspect
			pos.Y += (size.Height - h) / 2
			size.Height = h
		}
	}
	tl := cornerRadius(r.TopLeftCornerRadius, r.CornerRadius)
	tr := cornerRadius(r.TopRightCornerRadius, r.CornerRadius)
	br := cornerRadius(r.BottomRightCornerRadius, r.CornerRadius)
	bl := cornerRadius(r.BottomLeftCornerRadius, r.CornerRadius)
	radii := [4]float32{ // clockwise from top left, as Fyne limits them
		maxCorner(tl, tr, bl, size), maxCorner(tr, tl, br, size),
		maxCorner(br, bl, tr, size), maxCorner(bl, br, tl, size),
	}
	for i := range radii {
		radii[i] = float32(math.Round(float64(radii[i] * scale)))
	}
	box := pxRect(pos.X, pos.Y, size.Width, size.Height, scale)
	pt.roundRect(dst, clip, box, radii, strokePx(r.StrokeColor, r.StrokeWidth, scale), r.FillColor, r.StrokeColor)
}

func (pt *Painter) drawCircle(dst *image.RGBA, clip image.Rectangle, c *canvas.Circle, pos fyne.Position, scale float32) {
	size := c.Size()
	box := pxRect(pos.X, pos.Y, size.Width, size.Height, scale)
	r := float32(min(box.Dx(), box.Dy())) / 2
	pt.roundRect(dst, clip, box, [4]float32{r, r, r, r}, strokePx(c.StrokeColor, c.StrokeWidth, scale), c.FillColor, c.StrokeColor)
}

// strokePx is the stroke width in whole pixels (0: no stroke), as GL
// rounds it.
func strokePx(c color.Color, w, scale float32) int {
	if !visible(c) || w <= 0 {
		return 0
	}
	return px(w, scale)
}

// cornerRadius is Fyne's GetCornerRadius: a corner's own radius, else the
// rectangle's.
func cornerRadius(corner, all float32) float32 {
	if corner == 0 {
		return all
	}
	return corner
}

// maxCorner is Fyne's GetMaximumCornerRadius: a corner may grow into the
// room its neighbours along each side leave.
func maxCorner(r, adjW, adjH float32, size fyne.Size) float32 {
	mw, mh := size.Width/2, size.Height/2
	if r <= min(mw, mh) {
		return max(r, 0)
	}
	ew := 2*mw - min(mw, adjW)
	eh := 2*mh - min(mh, adjH)
	return max(0, min(ew, eh, r))
}

// roundRect paints the rectangle box (pixels) with corner radii (pixels,
// clockwise from top left), a stroke of sw pixels inside it, and fill
// inside the stroke. The corners are rasterized with anti-aliasing, each
// in its own square; the rest is made of whole pixels and filled
// directly.
func (pt *Painter) roundRect(dst *image.RGBA, clip, box image.Rectangle, radii [4]float32, sw int, fill, stroke color.Color) {
	if box.Empty() || !box.Overlaps(clip) || (!visible(fill) && sw == 0) {
		return
	}
	inner := box.Inset(sw)
	if sw*2 >= min(box.Dx(), box.Dy()) {
		inner = image.Rectangle{}
	}
	if radii == [4]float32{} {
		pt.fillRect(dst, clip, inner, fill)
		if sw > 0 {
			for _, b := range subtract(&pt.ring, box, inner) {
				pt.fillRect(dst, clip, b, stroke)
			}
		}
		return
	}
	var fillP, ringP path // made when a corner is rasterized in place
	paths := func() {
		if fillP.subs != nil || ringP.subs != nil {
			return
		}
		outerP := rrPath(box, radii, 0)
		fillP = outerP
		if sw > 0 {
			innerP := rrPath(box, radii, float32(sw))
			ringP.add(outerP)
			ringP.add(innerP.reversed())
			fillP = innerP
			if opaque(stroke) { // the fill reaches under the middle of the stroke: no seam
				fillP = rrPath(box, radii, float32(sw)/2)
			}
		}
	}
	corners, ok := cornerBoxes(box, radii)
	if !ok { // corners that meet: rasterize the whole shape
		paths()
		pt.fillPath(dst, clip, fillP, box, fill)
		pt.fillPath(dst, clip, ringP, box, stroke)
		return
	}
	fillKind := kindOuter
	if sw > 0 {
		fillKind = kindInner
		if opaque(stroke) {
			fillKind = kindMid
		}
	}
	for i, c := range corners {
		if c.Empty() || !c.Overlaps(clip) {
			continue
		}
		n := c.Dx()
		if n > maxCornerCached || box.Dx() < n+sw+1 || box.Dy() < n+sw+1 { // huge, or the inner edges reach into the corner
			paths()
			pt.fillPath(dst, clip, fillP, c, fill)
			if sw > 0 {
				pt.fillPath(dst, clip, ringP, c, stroke)
			}
			continue
		}
		pt.fillCorner(dst, clip, c, cornerKey{i, radii[i], sw, fillKind}, fill)
		if sw > 0 {
			pt.fillCorner(dst, clip, c, cornerKey{i, radii[i], sw, kindRing}, stroke)
		}
	}
	rest := subtract(&pt.rest, box, corners[:]...)
	for _, b := range rest {
		pt.fillRect(dst, clip, b.Intersect(inner), fill)
		if sw > 0 {
			for _, s := range subtract(&pt.ring, b, inner) {
				pt.fillRect(dst, clip, s, stroke)
			}
		}
	}
}

// cornerBoxes returns the whole-pixel squares that hold box's rounded
// corners (clockwise from top left), or false when two of them overlap.
func cornerBoxes(box image.Rectangle, radii [4]float32) ([4]image.Rectangle, bool) {
	var c [4]image.Rectangle
	n := func(i int) int { return clampInt(math.Ceil(float64(radii[i]))) }
	if r := n(0); r > 0 {
		c[0] = image.Rect(box.Min.X, box.Min.Y, box.Min.X+r, box.Min.Y+r)
	}
	if r := n(1); r > 0 {
		c[1] = image.Rect(box.Max.X-r, box.Min.Y, box.Max.X, box.Min.Y+r)
	}
	if r := n(2); r > 0 {
		c[2] = image.Rect(box.Max.X-r, box.Max.Y-r, box.Max.X, box.Max.Y)
	}
	if r := n(3); r > 0 {
		c[3] = image.Rect(box.Min.X, box.Max.Y-r, box.Min.X+r, box.Max.Y)
	}
	for i := range c {
		if !c[i].Empty() && !c[i].In(box) {
			return c, false
		}
		for j := i + 1; j < len(c); j++ {
			if c[i].Overlaps(c[j]) {
				return c, false
			}
		}
	}
	return c, true
}

// rrPath is the outline of box inset by d pixels, its corner radii reduced
// by d, clockwise.
func rrPath(box image.Rectangle, radii [4]float32, d float32) path {
	x0, y0 := float32(box.Min.X)+d, float32(box.Min.Y)+d
	x1, y1 := float32(box.Max.X)-d, float32(box.Max.Y)-d
	var p path
	if x1 <= x0 || y1 <= y0 {
		return p
	}
	r := [4]float64{}
	for i := range radii {
		r[i] = float64(max(radii[i]-d, 0))
	}
	X0, Y0, X1, Y1 := float64(x0), float64(y0), float64(x1), float64(y1)
	p.arc(X0+r[0], Y0+r[0], r[0], math.Pi, 1.5*math.Pi, true)
	p.arc(X1-r[1], Y0+r[1], r[1], 1.5*math.Pi, 2*math.Pi, false)
	p.arc(X1-r[2], Y1-r[2], r[2], 0, 0.5*math.Pi, false)
	p.arc(X0+r[3], Y1-r[3], r[3], 0.5*math.Pi, math.Pi, false)
	return p
}

// rectBuf holds the rectangles of one subtract and its scratch, kept
// between calls: a frame paints rectangles without garbage.
type rectBuf struct{ out, tmp []image.Rectangle }

// subtract returns the parts of r outside every one of cut, as
// non-overlapping rectangles, in buf: valid until buf's next subtract.
func subtract(buf *rectBuf, r image.Rectangle, cut ...image.Rectangle) []image.Rectangle {
	rs, out := append(buf.out[:0], r), buf.tmp[:0]
	for _, c := range cut {
		if c.Empty() {
			continue
		}
		out = out[:0]
		for _, r := range rs {
			if !r.Overlaps(c) {
				out = append(out, r)
				continue
			}
			i := r.Intersect(c)
			parts := [4]image.Rectangle{
				{r.Min, image.Pt(r.Max.X, i.Min.Y)},                      // above
				{image.Pt(r.Min.X, i.Max.Y), r.Max},                      // below
				{image.Pt(r.Min.X, i.Min.Y), image.Pt(i.Min.X, i.Max.Y)}, // left
				{image.Pt(i.Max.X, i.Min.Y), image.Pt(r.Max.X, i.Max.Y)}, // right
			}
			for _, q := range parts {
				if !q.Empty() {
					out = append(out, q)
				}
			}
		}
		rs, out = out, rs
	}
	buf.out, buf.tmp = rs, out
	return rs
}

// A corner's coverage depends only on its radius, the stroke width and
// which corner it is (the rectangle is in whole pixels and no other
// corner reaches into its square), so the masks are cached: an HMI's
// many buttons and cards share a few.
const (
	maxCornerBytes  = 1 << 20
	maxCornerCached = 128 // larger corners are rasterized in place
)

type cornerKind uint8

const (
	kindOuter cornerKind = iota // the fill of a shape with no stroke
	kindInner                   // the fill inside a stroke
	kindMid                     // the fill under an opaque stroke, to its middle
	kindRing                    // the stroke
)

type cornerKey struct {
	corner int
	radius float32
	sw     int
	kind   cornerKind
}

// fillCorner composites col through the cached mask of corner k over the
// square c.
func (pt *Painter) fillCorner(dst *image.RGBA, clip, c image.Rectangle, k cornerKey, col color.Color) {
	if !visible(col) {
		return
	}
	m, ok := pt.corners.get(k)
	if !ok {
		m = pt.cornerMask(k, c.Dx())
		pt.corners.put(k, m)
	}
	r := c.Intersect(clip)
	draw.DrawMask(dst, r, pt.uniform(col), image.Point{}, m, r.Min.Sub(c.Min), draw.Over)
}

// cornerMask rasterizes corner k of a square just large enough for its
// four corners and stroke not to meet.
func (pt *Painter) cornerMask(k cornerKey, n int) *image.Alpha {
	size := 2*n + 2*k.sw + 2
	box := image.Rect(0, 0, size, size)
	radii := [4]float32{k.radius, k.radius, k.radius, k.radius}
	var p path
	switch k.kind {
	case kindOuter:
		p = rrPath(box, radii, 0)
	case kindInner:
		p = rrPath(box, radii, float32(k.sw))
	case kindMid:
		p = rrPath(box, radii, float32(k.sw)/2)
	case kindRing:
		p = rrPath(box, radii, 0)
		p.add(rrPath(box, radii, float32(k.sw)).reversed())
	}
	win := [4]image.Rectangle{
		image.Rect(0, 0, n, n), image.Rect(size-n, 0, size, n),
		image.Rect(size-n, size-n, size, size), image.Rect(0, size-n, n, size),
	}[k.corner]
	m := pt.coverage(p, win)
	out := image.NewAlpha(image.Rect(0, 0, n, n))
	copy(out.Pix, m.Pix)
	return out
}
