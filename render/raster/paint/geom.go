package paint

import (
	"image"
	"image/color"
	"image/draw"
	"math"
)

// px converts a Fyne coordinate to a pixel edge: positions and the ends of
// extents are rounded separately (never sizes), so objects that touch in
// Fyne units touch in pixels, with no gap and no overlap.
func px(v, scale float32) int { return clampInt(math.Round(float64(v) * float64(scale))) }

// clampInt converts v to an int within ±2³⁰ (NaN is 0): geometry from
// any float stays in range of the pixel arithmetic.
func clampInt(v float64) int {
	switch {
	case v != v:
		return 0
	case v > 1<<30:
		return 1 << 30
	case v < -1<<30:
		return -1 << 30
	}
	return int(v)
}

// pxRect is the pixel rectangle of the area at pos of size s.
func pxRect(x, y, w, h, scale float32) image.Rectangle {
	return image.Rect(px(x, scale), px(y, scale), px(x+w, scale), px(y+h, scale))
}

// pt is a point in pixels.
type pt struct{ x, y float32 }

// path is a set of closed polygons in pixels (curves are flattened when
// they are added). Filling it uses the non-zero rule with coverage
// clamped to 1, so a subpath in the opposite direction cuts a hole.
type path struct {
	subs [][]pt
}

func (p *path) move(x, y float32) { p.subs = append(p.subs, []pt{{x, y}}) }

func (p *path) line(x, y float32) {
	i := len(p.subs) - 1
	p.subs[i] = append(p.subs[i], pt{x, y})
}

// arc adds points on the circle at (cx, cy) of radius r from angle a0 to
// a1 (radians, y down, so positive is clockwise on screen), the first
// point included, with a chord error under 0.05 px. With start, the arc
// begins a new subpath.
func (p *path) arc(cx, cy, r, a0, a1 float64, start bool) {
	n := arcSteps(r, a1-a0)
	for i := 0; i <= n; i++ {
		a := a0 + (a1-a0)*float64(i)/float64(n)
		x, y := float32(cx+r*math.Cos(a)), float32(cy+r*math.Sin(a))
		if i == 0 && start {
			p.move(x, y)
			continue
		}
		p.line(x, y)
	}
}

func arcSteps(r, sweep float64) int {
	if r < 0.5 {
		return 1
	}
	step := 2 * math.Acos(max(-1, 1-0.05/r))
	n := clampInt(math.Ceil(math.Abs(sweep) / step))
	return min(max(n, 1), 1024)
}

// reversed returns p with every subpath in the opposite direction.
func (p path) reversed() path {
	out := path{subs: make([][]pt, len(p.subs))}
	for i, s := range p.subs {
		r := make([]pt, len(s))
		for j, q := range s {
			r[len(s)-1-j] = q
		}
		out.subs[i] = r
	}
	return out
}

// add appends q's subpaths to p.
func (p *path) add(q path) { p.subs = append(p.subs, q.subs...) }

// bounds is the pixel rectangle that holds p's coverage.
func (p path) bounds() image.Rectangle {
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, s := range p.subs {
		for _, q := range s {
			minX, minY = min(minX, q.x), min(minY, q.y)
			maxX, maxY = max(maxX, q.x), max(maxY, q.y)
		}
	}
	if minX > maxX || minY > maxY {
		return image.Rectangle{}
	}
	return image.Rect(clampInt(math.Floor(float64(minX))), clampInt(math.Floor(float64(minY))),
		clampInt(math.Ceil(float64(maxX))), clampInt(math.Ceil(float64(maxY))))
}

// maxMask bounds a shape's coverage mask (pixels): a larger shape is
// rasterized in bands of at most this many pixels. Bands are a function of
// the shape alone, never of the clip, so a partial repaint computes the
// same coverage as a full one.
const maxMask = 1 << 18

// fillPath composites col over dst through p's anti-aliased coverage,
// inside clip. win is the area to rasterize: it must depend on the shape
// only (see maxMask).
//
// The window is cut to dst's bounds (the frame's, the same for a full and
// a partial repaint): coverage left of it accumulates into its first
// column, so what remains is exact, and a huge shape costs no more than
// the frame.
func (pt *Painter) fillPath(dst *image.RGBA, clip image.Rectangle, p path, win image.Rectangle, col color.Color) {
	win = win.Intersect(dst.Rect)
	if !visible(col) || win.Empty() || !win.Overlaps(clip) {
		return
	}
	band := max(1, maxMask/max(1, win.Dx()))
	first := win.Min.Y + max(0, (clip.Min.Y-win.Min.Y)/band)*band // bands are fixed by win; skip those above clip
	for y := first; y < win.Max.Y && y < clip.Max.Y; y += band {
		b := image.Rect(win.Min.X, y, win.Max.X, min(y+band, win.Max.Y))
		if b.Overlaps(clip) {
			pt.fillBand(dst, clip, p, b, col)
		}
	}
}

func (pt *Painter) fillBand(dst *image.RGBA, clip image.Rectangle, p path, win image.Rectangle, col color.Color) {
	m := pt.coverage(p, win)
	r := win.Intersect(clip)
	draw.DrawMask(dst, r, pt.uniform(col), image.Point{}, m, r.Min.Sub(win.Min), draw.Over)
}

// mask returns the painter's scratch coverage buffer sized w×h.
func (pt *Painter) mask(w, h int) *image.Alpha {
	n := w * h
	if cap(pt.maskBuf) < n {
		pt.maskBuf = make([]uint8, n)
	}
	pt.maskImg.Pix, pt.maskImg.Stride, pt.maskImg.Rect = pt.maskBuf[:n], w, image.Rect(0, 0, w, h)
	return &pt.maskImg
}

// uniform returns the painter's scratch uniform image of colour c.
func (pt *Painter) uniform(c color.Color) *image.Uniform {
	pt.uni.C = c
	return &pt.uni
}

// fillRect composites col over dst in r ∩ clip, with no anti-aliasing.
func (pt *Painter) fillRect(dst *image.RGBA, clip, r image.Rectangle, col color.Color) {
	r = r.Intersect(clip)
	if col == nil || r.Empty() {
		return
	}
	_, _, _, a := col.RGBA()
	switch a {
	case 0:
	case 0xffff:
		draw.Draw(dst, r, pt.uniform(col), image.Point{}, draw.Src)
	default:
		draw.Draw(dst, r, pt.uniform(col), image.Point{}, draw.Over)
	}
}

// opaque reports whether c covers what is below it.
func opaque(c color.Color) bool {
	if c == nil {
		return false
	}
	_, _, _, a := c.RGBA()
	return a == 0xffff
}

// visible reports whether painting c changes anything.
func visible(c color.Color) bool {
	if c == nil {
		return false
	}
	_, _, _, a := c.RGBA()
	return a != 0
}

// coverage rasterizes p over win into the scratch mask (origin at win.Min).
func (pt *Painter) coverage(p path, win image.Rectangle) *image.Alpha {
	z := pt.z
	w, h := win.Dx(), win.Dy()
	z.Reset(w, h)
	ox, oy := float64(win.Min.X), float64(win.Min.Y)
	W, H := float64(w), float64(h)
	for _, s := range p.subs {
		if len(s) < 2 {
			continue
		}
		for i := range s {
			a, b := s[i], s[(i+1)%len(s)]
			edge(z, float64(a.x)-ox, float64(a.y)-oy, float64(b.x)-ox, float64(b.y)-oy, W, H)
		}
	}
	m := pt.mask(w, h)
	z.DrawOp = draw.Src
	z.Draw(m, m.Rect, image.Opaque, image.Point{})
	return m
}

// edge adds the segment a→b to z, clipped to the rasterizer's area
// [0,W]×[0,H] without changing the coverage inside it: the parts above
// and below are dropped (vector ignores them), the parts left and right
// become vertical segments on the border (vector accumulates them into
// the border's column anyway). The rasterizer so never walks the rows of a
// huge shape outside the area, nor meets coordinates its fixed-point
// arithmetic cannot hold.
func edge(z rasterizer, ax, ay, bx, by, W, H float64) {
	if ay == by || (ay <= 0 && by <= 0) || (ay >= H && by >= H) || ay != ay || by != by || ax != ax || bx != bx {
		return
	}
	at := func(y float64) float64 { return ax + (bx-ax)*(y-ay)/(by-ay) }
	if ay < 0 {
		ax, ay = at(0), 0
	} else if ay > H {
		ax, ay = at(H), H
	}
	if by < 0 {
		bx, by = at(0), 0
	} else if by > H {
		bx, by = at(H), H
	}
	// split where the segment crosses x=0 and x=W
	ys := [4]float64{ay, 0, 0, by}
	xs := [4]float64{ax, 0, 0, bx}
	n := 1
	for _, x := range [2]float64{0, W} {
		if (ax < x) != (bx < x) && ax != bx {
			t := (x - ax) / (bx - ax)
			xs[n], ys[n] = x, ay+(by-ay)*t
			n++
		}
	}
	if n == 3 && (xs[1]-ax)*(xs[1]-ax) > (xs[2]-ax)*(xs[2]-ax) { // in order from a
		xs[1], xs[2], ys[1], ys[2] = xs[2], xs[1], ys[2], ys[1]
	}
	xs[n], ys[n] = bx, by
	for i := 0; i < n; i++ {
		x0, x1 := math.Min(math.Max(xs[i], 0), W), math.Min(math.Max(xs[i+1], 0), W)
		z.MoveTo(float32(x0), float32(ys[i]))
		z.LineTo(float32(x1), float32(ys[i+1]))
	}
}

// rasterizer is what edge needs of a *vector.Rasterizer.
type rasterizer interface {
	MoveTo(x, y float32)
	LineTo(x, y float32)
}
