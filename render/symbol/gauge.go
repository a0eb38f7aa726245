package symbol

import (
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Gauge is a 270° arc gauge: a light track open at the bottom, the value
// as a dark arc from the minimum end (lower left, clockwise), the value in
// the centre, the range ends at the arc's ends and the label below.
type Gauge struct {
	widget.BaseWidget
	base
	analog

	r *gaugeRenderer
}

var _ fyne.Widget = (*Gauge)(nil)

// Angles of the arc in canvas.Arc's convention: degrees clockwise from 12 o'clock.
const (
	gaugeStart = -135
	gaugeSweep = 270
	gaugeRing  = 0.72 // CutoutRatio: the track is the outer 28 % of the radius
)

// NewGauge returns a gauge over the range 0–100 with one decimal.
func NewGauge() *Gauge {
	g := &Gauge{}
	g.r = &gaugeRenderer{
		g:     g,
		track: canvas.NewArc(gaugeStart, gaugeStart+gaugeSweep, gaugeRing, nil),
		arc:   canvas.NewArc(gaugeStart, gaugeStart, gaugeRing, nil),
		edge:  canvas.NewArc(gaugeStart, gaugeStart+gaugeSweep, gaugeRing, nil),
		scaled: scaled{
			min:   newText(fyne.TextAlignCenter, false),
			max:   newText(fyne.TextAlignCenter, false),
			label: newText(fyne.TextAlignCenter, false),
			value: newText(fyne.TextAlignCenter, true),
		},
	}
	r := g.r
	r.objects = []fyne.CanvasObject{r.track, r.arc, r.edge, r.min, r.max, r.label, r.value}
	g.base = newBase(r)
	g.analog = newAnalog(r)
	g.ExtendBaseWidget(g)
	r.applyAll()
	return g
}

// CreateRenderer returns the renderer built by NewGauge.
func (g *Gauge) CreateRenderer() fyne.WidgetRenderer { return g.r }

type gaugeRenderer struct {
	g          *Gauge
	track, arc *canvas.Arc // the empty track and the value
	edge       *canvas.Arc // the track's outline, drawn over the value
	scaled
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *gaugeRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *gaugeRenderer) Destroy()                     {}
func (r *gaugeRenderer) Refresh()                     { r.applyAll() }

func (r *gaugeRenderer) MinSize() fyne.Size {
	ts := r.g.pal.textSize()
	w := max(r.g.pal.em(120), textWidth(r.label.Text, ts, false), textWidth(r.value.Text, ts, true)*1.6)
	return fyne.NewSize(w, w+lineHeight(ts))
}

func (r *gaugeRenderer) Layout(size fyne.Size) {
	r.size = size
	ts := r.g.pal.textSize()
	lh, sh := lineHeight(ts), lineHeight(r.g.pal.scaleSize())
	d := max(min(size.Width, size.Height-lh)-8, 0) // room for the outline's stroke
	box := fyne.NewPos((size.Width-d)/2, 4)
	for _, a := range []*canvas.Arc{r.track, r.arc, r.edge} {
		a.Move(box)
		a.Resize(fyne.NewSize(d, d))
	}
	c := fyne.NewPos(size.Width/2, box.Y+d/2)
	rad := d / 2
	r.value.Move(fyne.NewPos(c.X-rad, c.Y-lh/2))
	r.value.Resize(fyne.NewSize(d, lh))

	// Range ends sit just below the arc's ends, centred on the track.
	mid := rad * (1 + gaugeRing) / 2
	dx := mid * float32(math.Sin(math.Pi/4))
	ew := rad * (1 - gaugeRing) * 3
	y := c.Y + dx + 2
	r.min.Move(fyne.NewPos(c.X-dx-ew/2, y))
	r.min.Resize(fyne.NewSize(ew, sh))
	r.max.Move(fyne.NewPos(c.X+dx-ew/2, y))
	r.max.Resize(fyne.NewSize(ew, sh))

	r.label.Move(fyne.NewPos(0, max(box.Y+d-lh/2, y+sh)))
	r.label.Resize(fyne.NewSize(size.Width, lh))
}

func (r *gaugeRenderer) applyValue() {
	end := gaugeStart + gaugeSweep*r.g.fraction()
	show := r.g.status != Bad && end > gaugeStart
	changed := setVisible(r.arc, show)
	if r.arc.EndAngle != end {
		r.arc.EndAngle = end
		changed = changed || show // a hidden arc that moved needs no redraw
	}
	if changed {
		r.g.refresh(r.arc)
	}
	r.g.setTextBytes(r.value, r.g.valueText(r.g.status, "BAD"))
}

func (r *gaugeRenderer) applyScale() {
	r.applyRange(&r.g.base, &r.g.analog)
	r.applyValue()
}

func (r *gaugeRenderer) applyStatus() {
	p, s := &r.g.pal, r.g.status
	r.edge.StrokeColor = p.outline(s, false, p.Stroke)
	r.edge.StrokeWidth = outlineWidth(s, false) - 0.5
	r.g.refresh(r.edge)
	r.applyValueColor(&r.g.base)
	r.applyValue()
}

func (r *gaugeRenderer) applyLabel() { r.g.setText(r.label, r.g.label) }

func (r *gaugeRenderer) applyAll() {
	p := &r.g.pal
	r.track.FillColor = orTransparent(p.Empty)
	r.arc.FillColor = orTransparent(p.Fill)
	r.edge.FillColor = color0
	r.g.refresh(r.track)
	r.g.refresh(r.arc)
	r.styleTexts(&r.g.base)
	r.applyLabel()
	r.applyScale()
	r.applyStatus()
	if r.size != (fyne.Size{}) {
		r.Layout(r.size)
	}
}
