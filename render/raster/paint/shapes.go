package paint

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// Lines, polygons and arcs, as Fyne's GL painter draws them: the stroke of
// a polygon or an arc lies inside its outline; a line has butt ends and is
// at least one pixel wide, and a line of odd pixel width along an axis
// covers whole pixel rows (or columns) above (left of) its coordinate, as
// both of Fyne's painters place a one-pixel line.

func (pt *Painter) drawLine(dst *image.RGBA, clip image.Rectangle, l *canvas.Line, pos fyne.Position, scale float32) {
	if !visible(l.StrokeColor) || l.StrokeWidth <= 0 {
		return
	}
	x1, y1, x2, y2, w := lineGeom(l, pos, scale)
	if x1 == x2 || y1 == y2 { // along an axis: whole pixels
		pt.fillRect(dst, clip, axisLine(x1, y1, x2, y2, w), l.StrokeColor)
		return
	}
	dx, dy := x2-x1, y2-y1
	n := float32(math.Hypot(float64(dx), float64(dy)))
	nx, ny := -dy/n*w/2, dx/n*w/2
	var p path
	p.move(x1+nx, y1+ny)
	p.line(x2+nx, y2+ny)
	p.line(x2-nx, y2-ny)
	p.line(x1-nx, y1-ny)
	pt.fillPath(dst, clip, p, p.bounds(), l.StrokeColor)
}

// lineGeom returns a line's ends in pixels (rounded to whole pixels) and
// its width in pixels.
func lineGeom(l *canvas.Line, pos fyne.Position, scale float32) (x1, y1, x2, y2, w float32) {
	o := l.Position()
	a, b := pos.Add(l.Position1.Subtract(o)), pos.Add(l.Position2.Subtract(o))
	x1, y1 = float32(px(a.X, scale)), float32(px(a.Y, scale))
	x2, y2 = float32(px(b.X, scale)), float32(px(b.Y, scale))
	return x1, y1, x2, y2, max(1, l.StrokeWidth*scale)
}

// axisLine is the pixel rectangle of a horizontal or vertical line.
func axisLine(x1, y1, x2, y2, w float32) image.Rectangle {
	wi := max(1, clampInt(math.Round(float64(w))))
	lo := -(wi + 1) / 2 // odd widths sit above/left of the coordinate
	if wi%2 == 0 {
		lo = -wi / 2
	}
	if y1 == y2 {
		y := int(y1)
		return image.Rect(int(min(x1, x2)), y+lo, int(max(x1, x2)), y+lo+wi)
	}
	x := int(x1)
	return image.Rect(x+lo, int(min(y1, y2)), x+lo+wi, int(max(y1, y2)))
}

func lineExtent(l *canvas.Line, pos fyne.Position, scale float32) image.Rectangle {
	x1, y1, x2, y2, w := lineGeom(l, pos, scale)
	if x1 == x2 || y1 == y2 {
		return axisLine(x1, y1, x2, y2, w)
	}
	m := clampInt(math.Ceil(float64(w)/2)) + 1
	return image.Rect(int(min(x1, x2)), int(min(y1, y2)), int(max(x1, x2)), int(max(y1, y2))).Inset(-m)
}

func (pt *Painter) drawPolygon(dst *image.RGBA, clip image.Rectangle, pg *canvas.Polygon, pos fyne.Position, scale float32) {
	sw := strokePx(pg.StrokeColor, pg.StrokeWidth, scale)
	if pg.Sides < 3 || (!visible(pg.FillColor) && sw == 0) {
		return
	}
	size := pg.Size()
	box := pxRect(pos.X, pos.Y, size.Width, size.Height, scale)
	cx, cy := float64(box.Min.X+box.Max.X)/2, float64(box.Min.Y+box.Max.Y)/2
	r := float64(min(box.Dx(), box.Dy())) / 2
	cr := math.Min(r, float64(min(min(size.Width, size.Height)/2, max(pg.CornerRadius, 0))*scale))
	n := int(min(pg.Sides, 1024))
	rot := float64(pg.Angle)*math.Pi/180 - math.Pi/2
	shape := func(d float64) path { return polyPath(cx, cy, r-cr, cr-d, n, rot) }
	pt.fillStroked(dst, clip, box, shape, float64(sw), pg.FillColor, pg.StrokeColor)
}

// fillStroked paints a shape given as a function of its inset d (pixels):
// its fill inside a stroke of sw pixels that lies inside the outline.
func (pt *Painter) fillStroked(dst *image.RGBA, clip, box image.Rectangle, shape func(d float64) path, sw float64, fill, stroke color.Color) {
	outer := shape(0)
	if sw == 0 {
		pt.fillPath(dst, clip, outer, box, fill)
		return
	}
	fillP := shape(sw)
	if opaque(stroke) { // the fill reaches under the middle of the stroke: no seam
		fillP = shape(sw / 2)
	}
	pt.fillPath(dst, clip, fillP, box, fill)
	ring := outer
	ring.add(shape(sw).reversed())
	pt.fillPath(dst, clip, ring, box, stroke)
}

// polyPath is the regular n-gon of circumradius r0 around (cx, cy), first
// vertex at angle rot, grown by t pixels (rounded corners of radius t)
// or, for a negative t, shrunk by -t.
func polyPath(cx, cy, r0, t float64, n int, rot float64) path {
	var p path
	half := math.Pi / float64(n)
	if t < 0 {
		r0 += t / math.Cos(half)
		t = 0
	}
	if r0 < 0 {
		return p
	}
	for i := range n {
		a := rot + 2*half*float64(i)
		vx, vy := cx+r0*math.Cos(a), cy+r0*math.Sin(a)
		p.arc(vx, vy, t, a-half, a+half, i == 0)
	}
	return p
}

func (pt *Painter) drawArc(dst *image.RGBA, clip image.Rectangle, a *canvas.Arc, pos fyne.Position, scale float32) {
	sw := strokePx(a.StrokeColor, a.StrokeWidth, scale)
	if a.StartAngle == a.EndAngle || (!visible(a.FillColor) && sw == 0) {
		return
	}
	size := a.Size()
	box := pxRect(pos.X, pos.Y, size.Width, size.Height, scale)
	g := arcGeom{
		cx: float64(box.Min.X+box.Max.X) / 2, cy: float64(box.Min.Y+box.Max.Y) / 2,
		ro: float64(min(box.Dx(), box.Dy())) / 2,
	}
	g.ri = g.ro * math.Min(1, math.Max(0, float64(a.CutoutRatio)))
	s, e := float64(a.StartAngle), float64(a.EndAngle)
	if e < s {
		s, e = e, s
	}
	g.sweep = math.Min(e-s, 360) * math.Pi / 180
	g.a0 = (s - 90) * math.Pi / 180
	units := min(size.Width, size.Height) / 2
	maxCR := maxArcCorner(units, units*float32(g.ri/math.Max(g.ro, 1e-9)), float32(e-s))
	g.cr = float64(min(maxCR, max(a.CornerRadius, 0)) * scale)
	pt.fillStroked(dst, clip, box, g.path, float64(sw), a.FillColor, a.StrokeColor)
}

// maxArcCorner is Fyne's GetMaximumRadiusArc.
func maxArcCorner(outer, inner, sweepDeg float32) float32 {
	thickness := outer - inner
	span := math.Sin(0.5 * math.Min(math.Abs(float64(sweepDeg))*math.Pi/180, math.Pi))
	length := 1.5 * float64(outer) * span / (1 + span)
	return min(thickness, float32(length)) / 2
}

// arcGeom is an annular sector (a pie slice when ri is 0) in pixels: from
// angle a0 (radians, clockwise from the x axis) through sweep, between
// radii ri and ro, corners rounded by cr.
type arcGeom struct {
	cx, cy, ro, ri, a0, sweep, cr float64
}

// path is the sector inset by d: radii moved in by d, the sides moved
// inwards parallel to themselves, corners rounded by cr-d.
func (g arcGeom) path(d float64) path {
	var p path
	ro, ri := g.ro-d, g.ri
	if ri > 0.5 {
		ri += d
	} else {
		ri = 0
	}
	if ro <= ri {
		return p
	}
	if g.sweep >= 2*math.Pi-1e-6 { // a ring: no sides
		p.arc(g.cx, g.cy, ro, 0, 2*math.Pi, true)
		if ri > 0 {
			p.arc(g.cx, g.cy, ri, 2*math.Pi, 0, true)
		}
		return p
	}
	c := math.Max(g.cr-d, 0)
	co := math.Min(c, (ro-ri)/2)
	ci := math.Min(c, 0.5*math.Min(ro-ri, g.sweep*ri))
	a0, a1 := g.a0, g.a0+g.sweep
	// outer corners: fillets of radius co inside the outer circle
	os, oe := fillet(ro-co, d+co, a0, 1), fillet(ro-co, d+co, a1, -1)
	if os.ang > oe.ang { // the corners meet: no outer arc between them
		os.ang, oe.ang = (os.ang+oe.ang)/2, (os.ang+oe.ang)/2
	}
	p.arc(g.cx, g.cy, ro, os.ang, oe.ang, true)
	g.corner(&p, oe, co, oe.ang, a1+math.Pi/2)
	if ri > 0 {
		is, ie := fillet(ri+ci, d+ci, a0, 1), fillet(ri+ci, d+ci, a1, -1)
		if is.ang > ie.ang {
			is.ang, ie.ang = (is.ang+ie.ang)/2, (is.ang+ie.ang)/2
		}
		g.corner(&p, ie, ci, a1+math.Pi/2, ie.ang+math.Pi)
		p.arc(g.cx, g.cy, ri, ie.ang, is.ang, false)
		g.corner(&p, is, ci, is.ang+math.Pi, a0+1.5*math.Pi)
	} else {
		apex := d / math.Max(math.Sin(g.sweep/2), 1e-6)
		if g.sweep > math.Pi {
			apex = 0 // the sides' offsets meet behind the centre: keep it
		}
		mid := a0 + g.sweep/2
		p.line(float32(g.cx+apex*math.Cos(mid)), float32(g.cy+apex*math.Sin(mid)))
	}
	g.corner(&p, os, co, a0-math.Pi/2, os.ang)
	return p
}

// filletAt is the centre of a corner's fillet in polar coordinates.
type filletAt struct{ rho, ang float64 }

// fillet places the centre of a fillet at distance rho from the centre and
// off from the side at angle a by off, towards the inside (dir +1 for the
// start side, -1 for the end side).
func fillet(rho, off, a, dir float64) filletAt {
	if rho <= 0 {
		return filletAt{0, a}
	}
	return filletAt{rho, a + dir*math.Asin(math.Min(1, off/rho))}
}

// corner adds the fillet of radius c centred at f from angle from to to.
func (g arcGeom) corner(p *path, f filletAt, c, from, to float64) {
	x, y := g.cx+f.rho*math.Cos(f.ang), g.cy+f.rho*math.Sin(f.ang)
	p.arc(x, y, c, from, to, false)
}
