package symbol

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Tank is a vessel with a liquid level: a rounded outline, the level as a
// rectangle rising from the bottom, the label above and the value below.
type Tank struct {
	widget.BaseWidget
	base
	analog

	r *tankRenderer
}

var _ fyne.Widget = (*Tank)(nil)

// NewTank returns a tank over the range 0–100 with one decimal.
func NewTank() *Tank {
	t := &Tank{}
	t.r = &tankRenderer{
		t:       t,
		body:    canvas.NewRectangle(nil),
		level:   canvas.NewRectangle(nil),
		outline: canvas.NewRectangle(nil),
		label:   newText(fyne.TextAlignCenter, false),
		value:   newText(fyne.TextAlignCenter, true),
	}
	t.r.objects = []fyne.CanvasObject{t.r.body, t.r.level, t.r.outline, t.r.label, t.r.value}
	t.base = newBase(t.r)
	t.analog = newAnalog(t.r)
	t.ExtendBaseWidget(t)
	t.r.applyAll()
	return t
}

// CreateRenderer returns the renderer built by NewTank. The objects exist
// from construction so setters can update them before the tank is shown.
func (t *Tank) CreateRenderer() fyne.WidgetRenderer { return t.r }

type tankRenderer struct {
	t       *Tank
	body    *canvas.Rectangle // the empty vessel
	level   *canvas.Rectangle // the liquid, from the bottom up
	outline *canvas.Rectangle // drawn over the level so it covers its edges
	label   *canvas.Text
	value   *canvas.Text
	objects []fyne.CanvasObject

	size   fyne.Size
	vessel fyne.Position // top-left of the vessel
	vsize  fyne.Size
	radius float32
}

func (r *tankRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *tankRenderer) Destroy()                     {}
func (r *tankRenderer) Refresh()                     { r.applyAll() }

func (r *tankRenderer) MinSize() fyne.Size {
	ts := r.t.pal.textSize()
	w := max(r.t.pal.em(80), textWidth(r.label.Text, ts, false), textWidth(r.value.Text, ts, true)+8)
	return fyne.NewSize(w, max(r.t.pal.em(160), 4*lineHeight(ts)+40))
}

func (r *tankRenderer) Layout(size fyne.Size) {
	r.size = size
	lh := lineHeight(r.t.pal.textSize())
	const margin = 2 // room for the outline's stroke
	r.label.Move(fyne.NewPos(0, 0))
	r.label.Resize(fyne.NewSize(size.Width, lh))
	r.value.Move(fyne.NewPos(0, size.Height-lh))
	r.value.Resize(fyne.NewSize(size.Width, lh))

	r.vessel = fyne.NewPos(margin, lh+4)
	r.vsize = fyne.NewSize(max(size.Width-2*margin, 0), max(size.Height-2*lh-8, 0))
	r.radius = min(12, min(r.vsize.Width, r.vsize.Height)*0.15)
	for _, o := range []*canvas.Rectangle{r.body, r.outline} {
		o.Move(r.vessel)
		o.Resize(r.vsize)
		o.CornerRadius = r.radius
	}
	r.placeLevel()
}

// placeLevel sets the level rectangle from the value and reports whether
// anything about it changed.
func (r *tankRenderer) placeLevel() bool {
	h := r.vsize.Height * r.t.fraction()
	// A shallow level cannot round its bottom corners by the vessel's
	// radius; it rounds them by h/2 and moves in from the walls so those
	// corners stay inside the vessel's (tangent circles, same centre X).
	bottom := min(r.radius, h/2)
	inset := r.radius - bottom
	pos := fyne.NewPos(r.vessel.X+inset, r.vessel.Y+r.vsize.Height-h)
	changed := place(r.level, pos, fyne.NewSize(r.vsize.Width-2*inset, h))
	// Near the top, the level's top corners follow the vessel's rounding.
	top := min(max(r.radius-(r.vsize.Height-h), 0), r.radius)
	if r.level.TopLeftCornerRadius != top || r.level.BottomLeftCornerRadius != bottom {
		r.level.TopLeftCornerRadius, r.level.TopRightCornerRadius = top, top
		r.level.BottomLeftCornerRadius, r.level.BottomRightCornerRadius = bottom, bottom
		changed = true
	}
	show := r.t.status != Bad && h >= 0.5
	// A hidden object that moved needs no redraw.
	return setVisible(r.level, show) || (changed && show)
}

func (r *tankRenderer) applyValue() {
	if r.placeLevel() {
		r.t.refresh(r.level)
	}
	r.t.setTextBytes(r.value, r.t.valueText(r.t.status, "BAD"))
}

func (r *tankRenderer) applyScale() { r.applyValue() }

func (r *tankRenderer) applyStatus() {
	p, s := &r.t.pal, r.t.status
	r.outline.StrokeColor = p.outline(s, false, p.Stroke)
	r.outline.StrokeWidth = outlineWidth(s, false)
	r.t.refresh(r.outline)
	r.value.Color = p.Text
	if s == Bad {
		r.value.Color = p.Bad
	}
	r.t.refresh(r.value)
	r.applyValue()
}

func (r *tankRenderer) applyLabel() { r.t.setText(r.label, r.t.label) }

func (r *tankRenderer) applyAll() {
	p := &r.t.pal
	r.body.FillColor = orTransparent(p.Empty)
	r.level.FillColor = orTransparent(p.Fill)
	r.outline.FillColor = color0
	r.t.refresh(r.body)
	r.t.refresh(r.level)
	r.t.styleText(r.label, p.Text, p.textSize())
	r.value.TextSize = p.textSize()
	r.applyLabel()
	r.applyStatus()
	if r.size != (fyne.Size{}) {
		r.Layout(r.size)
	}
}
