package render

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"strconv"
	"time"

	"golang.org/x/image/vector"

	"github.com/gohmi/gohmi/trends"
)

// The trend's chart is drawn with plain Go into an image.RGBA it owns: the
// grid, the lines and the cursor. Thousands of Fyne line objects would
// cost more than the whole 5 ms budget of a frame to lay out alone
// (BenchmarkTrendDraw measures the drawing). Only the axis labels are
// Fyne texts, placed by the same [trendAxes].

// The pens' axes.
const (
	axisLeft = iota
	axisRight
	axisOwn
)

// trendPen is a pen as the chart draws it.
type trendPen struct {
	tag, label, unit string
	col              color.NRGBA
	width            float32 // in pixels, zoom included
	axis             int
}

// trendChart is everything one frame of the chart shows.
type trendChart struct {
	from, to time.Time
	pens     []trendPen
	series   []trendSeries // by pen; shorter (or nil) while nothing came back yet
	// unc is by pen too: which columns hold an Uncertain sample (drawn
	// faded); shorter or nil when the source does not tell.
	unc []trends.Uncertainty
	// lo and hi fix the left axis' range where set (NaN: from the data).
	lo, hi float64
	cursor time.Time // zero: no cursor
	look   trendLook
	scale  float32      // pixels per Fyne unit (the labels' margins)
	segs   [][4]float32 // the joins of one pen, reused between pens
	bars   [][3]float32 // the columns' bars of one pen: x, top, bottom
	// segU and barU say which of segs and bars belong to an Uncertain
	// column; useg and ubar hold those while the others are stroked.
	segU, barU []bool
	useg       [][4]float32
	ubar       [][3]float32
	mask       *image.Alpha // one strip's coverage, reused
}

// trendTick is one labelled grid line: its place in pixels of the image
// and its text.
type trendTick struct {
	at   float32
	text string
}

// trendAxes is where the chart draws: the plot rectangle inside the image,
// each pen's value range, and the ticks of the axes.
type trendAxes struct {
	plot        image.Rectangle
	ranges      [][2]float64 // by pen: the values at the bottom and top of the plot
	left, right []trendTick  // y ticks of the shared axes
	times       []trendTick  // x ticks
	hasLeft     bool
	hasRight    bool
}

// Margins of the plot in Fyne units: room for the labels.
const (
	trendMarginAxis   = 52 // beside a y axis with labels
	trendMarginSide   = 6  // beside none
	trendMarginTop    = 8
	trendMarginBottom = 20 // the time labels
)

// axes lays the chart out in an image of w x h pixels.
func (c *trendChart) axes(w, h int) trendAxes {
	s := c.scale
	if s <= 0 {
		s = 1
	}
	var a trendAxes
	for _, p := range c.pens {
		a.hasLeft = a.hasLeft || p.axis == axisLeft
		a.hasRight = a.hasRight || p.axis == axisRight
	}
	ml, mr := float32(trendMarginSide), float32(trendMarginSide)
	if a.hasLeft {
		ml = trendMarginAxis
	}
	if a.hasRight {
		mr = trendMarginAxis
	}
	a.plot = image.Rect(int(ml*s), int(trendMarginTop*s), w-int(mr*s), h-int(trendMarginBottom*s))
	if a.plot.Dx() < 4 || a.plot.Dy() < 4 {
		a.plot = image.Rect(0, 0, max(w, 0), max(h, 0))
	}
	ph := a.plot.Dy()
	nTicks := max(ph/int(40*s), 2)
	var left, right [2]float64
	a.ranges = make([][2]float64, len(c.pens))
	left = c.groupRange(axisLeft, -1)
	right = c.groupRange(axisRight, -1)
	// An axis no pen uses has no labels: there is no margin for them.
	var leftTicks, rightTicks []trendTick
	left, leftTicks = niceAxis(left, nTicks, a.plot, !math.IsNaN(c.lo), !math.IsNaN(c.hi))
	right, rightTicks = niceAxis(right, nTicks, a.plot, false, false)
	if a.hasLeft {
		a.left = leftTicks
	}
	if a.hasRight {
		a.right = rightTicks
	}
	for i, p := range c.pens {
		switch p.axis {
		case axisLeft:
			a.ranges[i] = left
		case axisRight:
			a.ranges[i] = right
		default:
			a.ranges[i], _ = niceAxis(c.groupRange(axisOwn, i), nTicks, a.plot, false, false)
		}
	}
	a.times = timeTicks(c.from, c.to, a.plot, int(110*s))
	return a
}

// groupRange is the range of the data of the pens on one axis (only pen
// i for axisOwn), with the left axis' fixed ends.
func (c *trendChart) groupRange(axis, only int) [2]float64 {
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range c.pens {
		if p.axis != axis || only >= 0 && i != only || i >= len(c.series) {
			continue
		}
		for j := range c.series[i].cols {
			if col := &c.series[i].cols[j]; col.has {
				lo, hi = math.Min(lo, col.min), math.Max(hi, col.max)
			}
		}
	}
	if axis == axisLeft {
		if !math.IsNaN(c.lo) {
			lo = c.lo
		}
		if !math.IsNaN(c.hi) {
			hi = c.hi
		}
	}
	switch {
	case math.IsInf(lo, 0) && math.IsInf(hi, 0):
		lo, hi = 0, 100
	case math.IsInf(lo, 0):
		lo = hi - 1
	case math.IsInf(hi, 0):
		hi = lo + 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi-lo < 1e-9*math.Max(1, math.Abs(hi)) {
		lo, hi = lo-1, hi+1
	}
	return [2]float64{lo, hi}
}

// niceAxis widens r to nice numbers (ends that are set stay) and returns
// about n ticks placed in the plot.
func niceAxis(r [2]float64, n int, plot image.Rectangle, fixLo, fixHi bool) ([2]float64, []trendTick) {
	step := niceStep((r[1] - r[0]) / float64(n))
	if !fixLo {
		r[0] = math.Floor(r[0]/step) * step
	}
	if !fixHi {
		r[1] = math.Ceil(r[1]/step) * step
	}
	if r[1] <= r[0] {
		r[1] = r[0] + step
	}
	var ticks []trendTick
	dec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	for v := math.Ceil(r[0]/step-1e-9) * step; v <= r[1]+step*1e-9 && len(ticks) < 50; v += step {
		y := float32(plot.Max.Y) - float32((v-r[0])/(r[1]-r[0]))*float32(plot.Dy())
		ticks = append(ticks, trendTick{at: y, text: strconv.FormatFloat(v+0, 'f', dec, 64)})
	}
	return r, ticks
}

// niceStep is the 1, 2, 2.5 or 5 times a power of ten nearest above raw.
func niceStep(raw float64) float64 {
	if !(raw > 0) || math.IsInf(raw, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range [...]float64{1, 2, 2.5, 5, 10} {
		if raw <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// timeSteps are the time axis' steps, finest first.
var timeSteps = [...]time.Duration{time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second,
	30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 2 * 24 * time.Hour,
	7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour, 91 * 24 * time.Hour, 182 * 24 * time.Hour, 364 * 24 * time.Hour}

// timeTicks are the time labels at least minGap pixels apart, on whole
// steps of the zone of from (as clocks show them).
func timeTicks(from, to time.Time, plot image.Rectangle, minGap int) []trendTick {
	span := to.Sub(from)
	if span <= 0 || plot.Dx() <= 0 {
		return nil
	}
	step := timeSteps[len(timeSteps)-1]
	for _, s := range timeSteps {
		if float64(s)/float64(span)*float64(plot.Dx()) >= float64(minGap) {
			step = s
			break
		}
	}
	layout := "15:04"
	switch {
	case step < time.Minute:
		layout = "15:04:05"
	case step >= 24*time.Hour:
		layout = "01-02"
	case span > 24*time.Hour:
		layout = "01-02 15:04"
	}
	_, off := from.Zone()
	zone := time.Duration(off) * time.Second
	t := from.Add(zone).Truncate(step).Add(-zone)
	var ticks []trendTick
	for ; !t.After(to) && len(ticks) < 100; t = t.Add(step) {
		if t.Before(from) {
			continue
		}
		x := float32(plot.Min.X) + float32(float64(t.Sub(from))/float64(span))*float32(plot.Dx())
		ticks = append(ticks, trendTick{at: x, text: t.Format(layout)})
	}
	return ticks
}

// draw paints the chart into img (its bounds are the widget's pixels) and
// returns the axes it used. strokes is reused between frames.
func (c *trendChart) draw(img *image.RGBA, z *vector.Rasterizer) trendAxes {
	b := img.Bounds()
	a := c.axes(b.Dx(), b.Dy())
	c.drawAxes(img, z, a)
	return a
}

// drawAxes draws the chart into img laid out as a, which c.axes gave
// for img's size.
func (c *trendChart) drawAxes(img *image.RGBA, z *vector.Rasterizer, a trendAxes) {
	b := img.Bounds()
	draw.Draw(img, b, image.NewUniform(c.look.plotBg), image.Point{}, draw.Src)
	p := a.plot
	grid := image.NewUniform(c.look.grid)
	for _, t := range a.left {
		hline(img, p.Min.X, p.Max.X, int(t.at), grid)
	}
	if !a.hasLeft {
		for _, t := range a.right {
			hline(img, p.Min.X, p.Max.X, int(t.at), grid)
		}
	}
	for _, t := range a.times {
		vline(img, int(t.at), p.Min.Y, p.Max.Y, grid)
	}
	frame := image.NewUniform(c.look.axis)
	hline(img, p.Min.X, p.Max.X, p.Max.Y-1, frame)
	hline(img, p.Min.X, p.Max.X, p.Min.Y, frame)
	vline(img, p.Min.X, p.Min.Y, p.Max.Y, frame)
	vline(img, p.Max.X-1, p.Min.Y, p.Max.Y, frame)
	for i := range c.pens {
		if i < len(c.series) {
			c.drawPen(img, z, p, a.ranges[i], i)
		}
	}
	if x, ok := c.timeX(c.cursor, p); ok {
		vline(img, int(x), p.Min.Y, p.Max.Y, image.NewUniform(c.look.cursor))
		vline(img, int(x)+1, p.Min.Y, p.Max.Y, image.NewUniform(c.look.cursor))
	}
}

// timeX is the x of t in the plot, and whether it lies inside.
func (c *trendChart) timeX(t time.Time, p image.Rectangle) (float32, bool) {
	span := c.to.Sub(c.from)
	if t.IsZero() || span <= 0 || t.Before(c.from) || !t.Before(c.to) {
		return 0, false
	}
	return float32(p.Min.X) + float32(float64(t.Sub(c.from))/float64(span))*float32(p.Dx()), true
}

// drawPen strokes pen i: per column a vertical bar from its lowest to its
// highest value, and a join from the last value of the previous column
// with data to the first value of this one, unless a gap lies between
// them (M4: the same pixels as every sample drawn).
func (c *trendChart) drawPen(img *image.RGBA, z *vector.Rasterizer, p image.Rectangle, r [2]float64, i int) {
	cols := c.series[i].cols
	if len(cols) == 0 || p.Dx() <= 0 || p.Dy() <= 0 {
		return
	}
	hw := max(c.pens[i].width*max(c.scale, 1e-3)/2, 0.5)
	ky := float64(p.Dy()) / (r[1] - r[0])
	// Centres are snapped so that a horizontal or vertical stroke's edges
	// fall on pixel boundaries: flat signals and the columns' bars are
	// crisp, and strokes overlapping at their joins add no darker spots.
	snap := func(f float32) float32 { return float32(math.Round(float64(f-hw))) + hw }
	y := func(v float64) float32 {
		f := float64(p.Dy()) - (v-r[0])*ky
		return snap(float32(math.Max(-1e4, math.Min(1e4, f)))) // far outside: clipped by the rasterizer
	}
	colW := float32(p.Dx()) / float32(len(cols))
	segs, bars := c.segs[:0], c.bars[:0]
	var unc []bool
	if i < len(c.unc) && len(c.unc[i].Columns) == len(cols) {
		unc = c.unc[i].Columns
	}
	segU, barU := c.segU[:0], c.barU[:0]
	prevX, prevY, has := float32(0), float32(0), false
	for j := range cols {
		col := &cols[j]
		u := unc != nil && unc[j]
		if !col.has {
			if col.gap {
				has = false
			}
			continue
		}
		x := snap((float32(j) + 0.5) * colW)
		yf := y(col.first)
		bar := [3]float32{x, y(col.max), y(col.min)}
		if has && !col.gap {
			if dy := yf - prevY; dy*dy >= 9*(x-prevX)*(x-prevX) {
				// Steep (the usual join of neighbouring columns): two
				// half bars, as the rasterizer would draw it within a
				// pixel, each merged into its column's bar: one
				// rectangle per column is filled, not three.
				mid := snap((prevY + yf) / 2)
				last := &bars[len(bars)-1] // the previous column's
				last[1], last[2] = min(last[1], mid), max(last[2], mid)
				bar[1], bar[2] = min(bar[1], mid), max(bar[2], mid)
			} else {
				segs, segU = append(segs, [4]float32{prevX, prevY, x, yf}), append(segU, u)
			}
		}
		bars, barU = append(bars, bar), append(barU, u)
		prevX, prevY, has = x, y(col.last), true
	}
	c.segs, c.bars, c.segU, c.barU = segs, bars, segU, barU
	if unc == nil {
		c.strokeStrips(img, z, p, segs, bars, hw, c.pens[i].col)
		return
	}
	// The columns holding an Uncertain sample (a stale or substituted
	// value) are drawn faded (two fifths of the pen's colour over the
	// plot's), in the same line: the value is shown, not vouched for.
	col, bg := c.pens[i].col, c.look.plotBg
	mix := func(a, b uint8) uint8 { return uint8((2*uint16(a) + 3*uint16(b) + 2) / 5) }
	faded := color.NRGBA{mix(col.R, bg.R), mix(col.G, bg.G), mix(col.B, bg.B), 0xff}
	sure, ss, sb := [2]int{}, c.useg[:0], c.ubar[:0]
	for k, s := range segs {
		if segU[k] {
			ss = append(ss, s)
		} else {
			segs[sure[0]] = s
			sure[0]++
		}
	}
	for k, b := range bars {
		if barU[k] {
			sb = append(sb, b)
		} else {
			bars[sure[1]] = b
			sure[1]++
		}
	}
	c.useg, c.ubar = ss, sb
	c.strokeStrips(img, z, p, segs[:sure[0]], bars[:sure[1]], hw, col)
	c.strokeStrips(img, z, p, ss, sb, hw, faded)
}

// trendStrip is the width of the strips a pen is rasterized in. The
// rasterizer composites every pixel of its bounds: one bound the height
// of the plot cost 14 ms a frame for 4 pens (BenchmarkTrendDraw), strips
// bounded by the pen's own heights in them a fraction of that (16, 32 and
// 64 measured alike within the noise of a shared machine); and strips
// under 512 pixels take the rasterizer's faster fixed-point path.
const trendStrip = 32

// strokeStrips strokes segs and bars (both in x order, in the plot's
// coordinates) one vertical strip of the plot at a time, each bounded by
// the heights its strokes reach. The bars, upright rectangles, are filled
// into the mask directly: through the rasterizer they took half the time
// of a frame.
func (c *trendChart) strokeStrips(img *image.RGBA, z *vector.Rasterizer, p image.Rectangle, segs [][4]float32, bars [][3]float32, hw float32, col color.NRGBA) {
	fs, fb := 0, 0
	for x0 := 0; x0 < p.Dx() && (fs < len(segs) || fb < len(bars)); x0 += trendStrip {
		x1 := min(x0+trendStrip, p.Dx())
		fx0, fx1 := float32(x0)-hw-1, float32(x1)+hw+1
		for fs < len(segs) && max(segs[fs][0], segs[fs][2]) < fx0 {
			fs++
		}
		for fb < len(bars) && bars[fb][0] < fx0 {
			fb++
		}
		y0, y1 := float32(math.Inf(1)), float32(math.Inf(-1))
		ls, lb := fs, fb
		for ; ls < len(segs) && min(segs[ls][0], segs[ls][2]) <= fx1; ls++ {
			y0, y1 = min(y0, segs[ls][1], segs[ls][3]), max(y1, segs[ls][1], segs[ls][3])
		}
		for ; lb < len(bars) && bars[lb][0] <= fx1; lb++ {
			y0, y1 = min(y0, bars[lb][1]), max(y1, bars[lb][2])
		}
		if ls == fs && lb == fb {
			continue
		}
		top := max(int(math.Floor(float64(y0-hw-1))), 0)
		bottom := min(int(math.Ceil(float64(y1+hw+1))), p.Dy())
		if bottom <= top {
			continue
		}
		mask := c.stripMask(x1-x0, bottom-top)
		ox, oy := float32(x0), float32(top)
		if ls > fs {
			z.Reset(x1-x0, bottom-top)
			for _, s := range segs[fs:ls] {
				segment(z, s[0]-ox, s[1]-oy, s[2]-ox, s[3]-oy, hw)
			}
			z.DrawOp = draw.Src
			z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
		} else {
			clear(mask.Pix)
		}
		for _, b := range bars[fb:lb] {
			fillRect(mask, b[0]-hw-ox, b[1]-hw-oy, b[0]+hw-ox, b[2]+hw-oy)
		}
		over(img, image.Pt(p.Min.X+x0, p.Min.Y+top), mask, col)
	}
}

// fillRect covers [x0, x1) x [y0, y1) of mask, antialiased at fractional
// edges, keeping what is covered more already.
func fillRect(mask *image.Alpha, x0, y0, x1, y1 float32) {
	b := mask.Rect
	ix0, ix1 := max(int(math.Floor(float64(x0))), b.Min.X), min(int(math.Ceil(float64(x1))), b.Max.X)
	iy0, iy1 := max(int(math.Floor(float64(y0))), b.Min.Y), min(int(math.Ceil(float64(y1))), b.Max.Y)
	if ix1 <= ix0 || iy1 <= iy0 {
		return
	}
	cover := func(i int, lo, hi float32) float32 {
		return max(0, min(float32(i+1), hi)-max(float32(i), lo))
	}
	var xc [24]float32 // a pen is at most 20 design px wide (gopage); wider (zoomed) is clipped
	ix1 = min(ix1, ix0+len(xc))
	for x := ix0; x < ix1; x++ {
		xc[x-ix0] = cover(x, x0, x1)
	}
	var full [len(xc)]uint8 // a row's coverage away from the ends
	for i := range ix1 - ix0 {
		full[i] = uint8(xc[i]*255 + 0.5)
	}
	for y := iy0; y < iy1; y++ {
		row := mask.Pix[y*mask.Stride+ix0 : y*mask.Stride+ix1]
		if y == iy0 || y == iy1-1 {
			cy := cover(y, y0, y1)
			for i := range row {
				row[i] = max(row[i], uint8(cy*xc[i]*255+0.5))
			}
			continue
		}
		for i := range row {
			row[i] = max(row[i], full[i])
		}
	}
}

// stripMask is the coverage mask of one strip, w x h, reused.
func (c *trendChart) stripMask(w, h int) *image.Alpha {
	if c.mask == nil || cap(c.mask.Pix) < w*h {
		c.mask = image.NewAlpha(image.Rect(0, 0, trendStrip, max(h, 512)))
	}
	c.mask.Pix, c.mask.Stride, c.mask.Rect = c.mask.Pix[:w*h], w, image.Rect(0, 0, w, h)
	return c.mask
}

// over paints the opaque colour col through mask onto img at at. The
// rasterizer's own RGBA compositing visits every pixel of its bounds,
// covered or not; most of a strip is not (BenchmarkTrendDraw: 14 ms a
// frame that way, against the budget's 5).
func over(img *image.RGBA, at image.Point, mask *image.Alpha, col color.NRGBA) {
	r := mask.Rect.Add(at).Intersect(img.Rect)
	cr, cg, cb := uint32(col.R), uint32(col.G), uint32(col.B)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		m := mask.Pix[(y-at.Y)*mask.Stride+(r.Min.X-at.X):][:r.Dx()]
		d := img.Pix[img.PixOffset(r.Min.X, y):][:4*r.Dx()]
		for x, a := range m {
			switch a {
			case 0:
			case 0xff:
				d[4*x], d[4*x+1], d[4*x+2], d[4*x+3] = col.R, col.G, col.B, 0xff
			default:
				a, na := uint32(a), 255-uint32(a)
				d[4*x] = uint8((cr*a + uint32(d[4*x])*na + 127) / 255)
				d[4*x+1] = uint8((cg*a + uint32(d[4*x+1])*na + 127) / 255)
				d[4*x+2] = uint8((cb*a + uint32(d[4*x+2])*na + 127) / 255)
				d[4*x+3] = uint8((0xff*a + uint32(d[4*x+3])*na + 127) / 255)
			}
		}
	}
}

// segment adds a stroke of half width hw from (ax, ay) to (bx, by) with
// square caps, as a quadrilateral always wound the same way: overlapping
// strokes add up (to full coverage) instead of cancelling.
func segment(z *vector.Rasterizer, ax, ay, bx, by, hw float32) {
	dx, dy := bx-ax, by-ay
	l := float32(math.Sqrt(float64(dx*dx + dy*dy)))
	if l < 1e-3 {
		dx, dy, l = 0, 1, 1 // a dot: a square
	}
	ux, uy := dx/l*hw, dy/l*hw // along, half width long
	nx, ny := -uy, ux          // across
	ax, ay, bx, by = ax-ux, ay-uy, bx+ux, by+uy
	z.MoveTo(ax+nx, ay+ny)
	z.LineTo(bx+nx, by+ny)
	z.LineTo(bx-nx, by-ny)
	z.LineTo(ax-nx, ay-ny)
	z.ClosePath()
}

func hline(img *image.RGBA, x0, x1, y int, c *image.Uniform) {
	draw.Draw(img, image.Rect(x0, y, x1, y+1), c, image.Point{}, draw.Over)
}

func vline(img *image.RGBA, x, y0, y1 int, c *image.Uniform) {
	draw.Draw(img, image.Rect(x, y0, x+1, y1), c, image.Point{}, draw.Over)
}

// columnAt is the index of the column under x (pixels of the image) of a
// series with n columns in the plot p, or -1.
func columnAt(x float32, p image.Rectangle, n int) int {
	if n <= 0 || x < float32(p.Min.X) || x >= float32(p.Max.X) {
		return -1
	}
	return min(int((x-float32(p.Min.X))/float32(p.Dx())*float32(n)), n-1)
}
