package symbol

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Valve is the ISA valve symbol: a bow-tie of two triangles meeting at the
// centre, with a stem and actuator, the label below. Open fills the body
// dark; closed leaves it hollow; a fault draws a heavy red outline. The body
// is centred in the widget so pipes can meet it at the widget's middle.
type Valve struct {
	widget.BaseWidget
	base

	open, fault, vertical bool
	r                     *valveRenderer
}

var _ fyne.Widget = (*Valve)(nil)

// NewValve returns a closed horizontal valve without fault.
func NewValve() *Valve {
	v := &Valve{}
	v.r = &valveRenderer{
		v:        v,
		a:        canvas.NewPolygon(3, nil),
		b:        canvas.NewPolygon(3, nil),
		stem:     canvas.NewLine(nil),
		actuator: canvas.NewLine(nil),
		label:    newText(fyne.TextAlignCenter, false),
		mark:     newText(fyne.TextAlignCenter, true),
	}
	r := v.r
	r.mark.Text = "?"
	r.objects = []fyne.CanvasObject{r.stem, r.actuator, r.a, r.b, r.label, r.mark}
	v.base = newBase(r)
	v.ExtendBaseWidget(v)
	r.applyAll()
	return v
}

// SetOpen shows the valve open (filled) or closed (hollow).
func (v *Valve) SetOpen(open bool) {
	if open == v.open {
		return
	}
	v.open = open
	v.r.applyState()
}

// SetFault shows or clears the fault outline.
func (v *Valve) SetFault(fault bool) {
	if fault == v.fault {
		return
	}
	v.fault = fault
	v.r.applyState()
}

// SetVertical turns the valve for a vertical pipe: the triangles point up
// and down and the actuator is on the right.
func (v *Valve) SetVertical(vertical bool) {
	if vertical == v.vertical {
		return
	}
	v.vertical = vertical
	if v.r.size != (fyne.Size{}) {
		v.r.Layout(v.r.size)
	}
	for _, o := range v.r.objects[:4] {
		v.refresh(o)
	}
}

// CreateRenderer returns the renderer built by NewValve.
func (v *Valve) CreateRenderer() fyne.WidgetRenderer { return v.r }

type valveRenderer struct {
	v              *Valve
	a, b           *canvas.Polygon // the two halves of the bow-tie
	stem, actuator *canvas.Line
	label          *canvas.Text
	mark           *canvas.Text // "?" at the top right when the quality is not Good
	objects        []fyne.CanvasObject
	size           fyne.Size
}

func (r *valveRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *valveRenderer) Destroy()                     {}
func (r *valveRenderer) Refresh()                     { r.applyAll() }

func (r *valveRenderer) MinSize() fyne.Size {
	ts := r.v.pal.textSize()
	return fyne.NewSize(max(r.v.pal.em(48), textWidth(r.label.Text, ts, false)), r.v.pal.em(48)+lineHeight(ts))
}

// Bow-tie proportions, in units of a triangle's circumradius r: a regular
// triangle reaches r towards its tip and r/2 behind its centre, and is
// √3·r across.
const (
	valveHalfWidth = 1.732 / 2 // half the body's thickness
	valveStem      = 1.4       // centre to actuator
)

func (r *valveRenderer) Layout(size fyne.Size) {
	r.size = size
	ts := r.v.pal.textSize()
	pos, s := symbolBox(size, lineHeight(ts))
	c := pos.AddXY(s/2, s/2)
	rad := min(s/3.2, s/2/(valveStem+0.2))
	side := fyne.NewSize(2*rad, 2*rad)
	if r.v.vertical {
		r.a.Angle, r.b.Angle = 180, 0 // top points down, bottom points up
		r.a.Move(c.AddXY(-rad, -2*rad))
		r.b.Move(c.AddXY(-rad, 0))
		r.stem.Position1, r.stem.Position2 = c, c.AddXY(valveStem*rad, 0)
		x := c.X + valveStem*rad
		r.actuator.Position1, r.actuator.Position2 = fyne.NewPos(x, c.Y-rad/2), fyne.NewPos(x, c.Y+rad/2)
	} else {
		r.a.Angle, r.b.Angle = 90, -90 // left points right, right points left
		r.a.Move(c.AddXY(-2*rad, -rad))
		r.b.Move(c.AddXY(0, -rad))
		r.stem.Position1, r.stem.Position2 = c, c.AddXY(0, -valveStem*rad)
		y := c.Y - valveStem*rad
		r.actuator.Position1, r.actuator.Position2 = fyne.NewPos(c.X-rad/2, y), fyne.NewPos(c.X+rad/2, y)
	}
	r.a.Resize(side)
	r.b.Resize(side)
	layoutMarkAndLabel(r.mark, r.label, pos, s, size, ts)
}

func (r *valveRenderer) applyState() {
	p, s := &r.v.pal, r.v.status
	fill := orTransparent(p.Stopped)
	switch {
	case s == Bad:
		fill = color.Transparent
	case r.v.open:
		fill = orTransparent(p.Running)
	}
	stroke := p.outline(s, r.v.fault, p.Stroke)
	width := outlineWidth(s, r.v.fault) - 0.5
	for _, t := range []*canvas.Polygon{r.a, r.b} {
		t.FillColor, t.StrokeColor, t.StrokeWidth = fill, stroke, width
		r.v.refresh(t)
	}
}

func (r *valveRenderer) applyStatus() {
	r.applyState()
	r.v.styleMark(r.mark)
}

func (r *valveRenderer) applyLabel() { r.v.setText(r.label, r.v.label) }

func (r *valveRenderer) applyAll() {
	p := &r.v.pal
	for _, l := range []*canvas.Line{r.stem, r.actuator} {
		l.StrokeColor = p.Stroke
		r.v.refresh(l)
	}
	r.stem.StrokeWidth, r.actuator.StrokeWidth = 1.5, 3
	r.v.styleText(r.label, p.Text, p.textSize())
	r.applyLabel()
	r.applyStatus()
	if r.size != (fyne.Size{}) {
		r.Layout(r.size)
	}
}
