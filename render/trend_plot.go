package render

import (
	"image"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/image/vector"
)

// trendPlot is the chart: a raster, the axis labels over it, and the
// gestures. A repaint places the labels and refreshes only these objects;
// the raster's pixels are drawn when the window paints it, into the
// image its scene's plots share (sharedPlot).
//
// Gestures: a drag pans (fyne.Draggable), the mouse wheel zooms around the
// pointer (fyne.Scrollable), a tap sets or clears the cursor
// (fyne.Tappable). Fyne 2.7 reports no pinch gesture on any driver (its
// mobile driver neither), so a two-finger zoom is the − and + buttons.
type trendPlot struct {
	widget.BaseWidget
	v      *trendView
	gen    uint64 // repaints: the shared image holds this plot's pixels of gen
	z      *vector.Rasterizer
	raster *canvas.Raster
	labels []*canvas.Text
	axes   trendAxes   // in device pixels
	laid   image.Point // the size in pixels axes were laid out for
	size   fyne.Size
	scale  float32 // device pixels per Fyne unit
	frames int     // repaints, for tests
	draws  int     // charts drawn into the shared image, for tests
	// scratch is the stroker's buffers, kept from frame to frame.
	scratch struct {
		segs [][4]float32
		bars [][3]float32
		mask *image.Alpha
	}
}

var (
	_ fyne.Draggable  = (*trendPlot)(nil)
	_ fyne.Scrollable = (*trendPlot)(nil)
	_ fyne.Tappable   = (*trendPlot)(nil)
)

func newTrendPlot(v *trendView) *trendPlot {
	p := &trendPlot{v: v, z: vector.NewRasterizer(1, 1), scale: 1}
	p.raster = canvas.NewRaster(func(w, h int) image.Image { return p.image() })
	p.raster.ScaleMode = canvas.ImageScalePixels
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *trendPlot) CreateRenderer() fyne.WidgetRenderer { return trendPlotRenderer{p} }

// MinSize implements fyne.CanvasObject: room for the axes and a chart.
func (p *trendPlot) MinSize() fyne.Size {
	z := p.v.w.scene.zoom
	return fyne.NewSize(200*z, 120*z)
}

// resized lays the plot out for a new size: a new width of pixel columns
// asks the Source again.
func (p *trendPlot) resized(size fyne.Size) {
	scale := p.canvasScale()
	if size == p.size && scale == p.scale {
		return
	}
	p.size, p.scale = size, scale
	w, h := p.pixels()
	c := p.v.chart()
	c.scale = scale
	if cols := c.axes(w, h).plot.Dx(); cols != p.v.width {
		p.v.width = cols
		p.v.request()
		return
	}
	p.repaint()
}

// canvasScale is the pixels per Fyne unit of the canvas showing the plot
// (1 until it is shown): the chart is drawn in device pixels, one column
// per pixel.
func (p *trendPlot) canvasScale() float32 {
	if app := fyne.CurrentApp(); app != nil {
		if c := app.Driver().CanvasForObject(p); c != nil && c.Scale() > 0 {
			return c.Scale()
		}
	}
	return 1
}

// pixels is the plot's size in device pixels.
func (p *trendPlot) pixels() (w, h int) {
	s := max(p.scale, 1e-3)
	return int(math.Ceil(float64(p.size.Width * s))), int(math.Ceil(float64(p.size.Height * s)))
}

// repaint lays the chart's axes out and places the labels; only the
// raster and the labels are refreshed, and the raster's pixels are drawn
// when the window paints it (image).
func (p *trendPlot) repaint() {
	w, h := p.pixels()
	if w <= 0 || h <= 0 || p.v.hidden {
		return // hidden: Scene.Shown paints it
	}
	c := p.v.chart()
	c.scale = p.scale
	p.axes, p.laid = c.axes(w, h), image.Pt(w, h)
	p.gen++
	p.frames++
	p.placeLabels(c)
	p.raster.Refresh()
}

// drawInto draws the chart of the latest repaint into img, the plot's
// size in pixels, laid out as that repaint laid it out: every change of
// what the chart shows repaints.
func (p *trendPlot) drawInto(img *image.RGBA) {
	c := p.v.chart()
	c.scale = p.scale
	c.segs, c.bars, c.mask = p.scratch.segs, p.scratch.bars, p.scratch.mask
	if size := img.Rect.Size(); size != p.laid { // resized, its query still out
		p.axes, p.laid = c.axes(size.X, size.Y), size
	}
	c.drawAxes(img, p.z, p.axes)
	p.scratch.segs, p.scratch.bars, p.scratch.mask = c.segs, c.bars, c.mask
	p.draws++
}

// placeLabels puts the axes' texts beside the plot.
func (p *trendPlot) placeLabels(c *trendChart) {
	a, l := p.axes, c.look
	th := l.size * 0.85
	lineH := th * 1.3
	n := 0
	put := func(text string, x, y, w float32, al fyne.TextAlign) {
		if n == len(p.labels) {
			p.labels = append(p.labels, canvas.NewText("", l.muted))
		}
		t := p.labels[n]
		n++
		t.Text, t.Color, t.TextSize, t.Alignment = text, l.muted, th, al
		t.Move(fyne.NewPos(x, y))
		t.Resize(fyne.NewSize(w, lineH))
		t.Show()
		t.Refresh()
	}
	s := max(p.scale, 1e-3) // the axes are in pixels, the labels in Fyne units
	minX, maxX, maxY := float32(a.plot.Min.X)/s, float32(a.plot.Max.X)/s, float32(a.plot.Max.Y)/s
	for _, t := range a.left {
		put(t.text, 0, t.at/s-lineH/2, minX-4, fyne.TextAlignTrailing)
	}
	for _, t := range a.right {
		put(t.text, maxX+4, t.at/s-lineH/2, p.size.Width-maxX-4, fyne.TextAlignLeading)
	}
	for _, t := range a.times {
		put(t.text, t.at/s-60, maxY+2, 120, fyne.TextAlignCenter)
	}
	for _, t := range p.labels[n:] {
		if t.Visible() {
			t.Hide()
		}
	}
}

// frac is where x lies across the plot, 0 at its left edge and 1 at its
// right.
func (p *trendPlot) frac(x float32) float64 {
	pl := p.axes.plot
	if pl.Dx() <= 0 {
		return 0.5
	}
	return math.Min(math.Max(float64(x*p.scale-float32(pl.Min.X))/float64(pl.Dx()), 0), 1)
}

// Dragged implements fyne.Draggable: the chart follows the finger, so a
// drag to the right shows earlier times.
func (p *trendPlot) Dragged(e *fyne.DragEvent) {
	if w := p.axes.plot.Dx(); w > 0 && e.Dragged.DX != 0 {
		p.v.pan(-time.Duration(float64(e.Dragged.DX*p.scale) / float64(w) * float64(p.v.span)))
	}
}

// DragEnd implements fyne.Draggable.
func (p *trendPlot) DragEnd() {}

// Scrolled implements fyne.Scrollable: each wheel notch (10 units up)
// zooms in by 1.25 around the pointer; down zooms out.
func (p *trendPlot) Scrolled(e *fyne.ScrollEvent) {
	if e.Scrolled.DY == 0 {
		return
	}
	p.v.zoom(math.Pow(1.25, -float64(e.Scrolled.DY)/10), p.frac(e.Position.X))
}

// Tapped implements fyne.Tappable: a tap sets the cursor there, a tap on
// the cursor clears it.
func (p *trendPlot) Tapped(e *fyne.PointEvent) {
	if w := p.axes.plot.Dx(); w > 0 {
		p.v.tap(p.frac(e.Position.X), 12*float64(p.scale)/float64(w))
	}
}

type trendPlotRenderer struct{ p *trendPlot }

func (r trendPlotRenderer) Layout(size fyne.Size) {
	r.p.raster.Resize(size)
	r.p.resized(size)
}

func (r trendPlotRenderer) MinSize() fyne.Size { return r.p.MinSize() }

func (r trendPlotRenderer) Objects() []fyne.CanvasObject {
	objs := make([]fyne.CanvasObject, 0, 1+len(r.p.labels))
	objs = append(objs, r.p.raster)
	for _, l := range r.p.labels {
		objs = append(objs, l)
	}
	return objs
}

// Refresh repaints; a new canvas scale (another monitor) lays out anew.
func (r trendPlotRenderer) Refresh() {
	if r.p.canvasScale() != r.p.scale {
		r.p.resized(r.p.size)
		return
	}
	r.p.repaint()
}
func (r trendPlotRenderer) Destroy() {}
