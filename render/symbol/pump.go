package symbol

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Pump is the ISA pump symbol: a circle with a triangle pointing in the
// direction of flow (right), the label below. Running fills the circle
// dark with a light triangle; stopped leaves it hollow with an outlined
// triangle; a fault draws a heavy red outline.
type Pump struct {
	widget.BaseWidget
	base

	running, fault bool
	r              *pumpRenderer
}

var _ fyne.Widget = (*Pump)(nil)

// NewPump returns a stopped pump without fault.
func NewPump() *Pump {
	p := &Pump{}
	p.r = &pumpRenderer{
		p:        p,
		circle:   canvas.NewCircle(nil),
		triangle: canvas.NewPolygon(3, nil),
		label:    newText(fyne.TextAlignCenter, false),
		mark:     newText(fyne.TextAlignCenter, true),
	}
	r := p.r
	r.triangle.Angle = 90 // first vertex at 3 o'clock: pointing right
	r.mark.Text = "?"
	r.objects = []fyne.CanvasObject{r.circle, r.triangle, r.label, r.mark}
	p.base = newBase(r)
	p.ExtendBaseWidget(p)
	r.applyAll()
	return p
}

// SetRunning shows the pump running (filled) or stopped (hollow).
func (p *Pump) SetRunning(running bool) {
	if running == p.running {
		return
	}
	p.running = running
	p.r.applyState()
}

// SetFault shows or clears the fault outline.
func (p *Pump) SetFault(fault bool) {
	if fault == p.fault {
		return
	}
	p.fault = fault
	p.r.applyState()
}

// CreateRenderer returns the renderer built by NewPump.
func (p *Pump) CreateRenderer() fyne.WidgetRenderer { return p.r }

type pumpRenderer struct {
	p        *Pump
	circle   *canvas.Circle
	triangle *canvas.Polygon
	label    *canvas.Text
	mark     *canvas.Text // "?" at the symbol's top right when the quality is not Good
	objects  []fyne.CanvasObject
	size     fyne.Size
}

func (r *pumpRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *pumpRenderer) Destroy()                     {}
func (r *pumpRenderer) Refresh()                     { r.applyAll() }

func (r *pumpRenderer) MinSize() fyne.Size {
	ts := r.p.pal.textSize()
	return fyne.NewSize(max(r.p.pal.em(48), textWidth(r.label.Text, ts, false)), r.p.pal.em(48)+lineHeight(ts))
}

func (r *pumpRenderer) Layout(size fyne.Size) {
	r.size = size
	pos, s := symbolBox(size, lineHeight(r.p.pal.textSize()))
	r.circle.Move(pos)
	r.circle.Resize(fyne.NewSize(s, s))
	t := s * 0.62
	r.triangle.Move(pos.AddXY((s-t)/2, (s-t)/2))
	r.triangle.Resize(fyne.NewSize(t, t))
	layoutMarkAndLabel(r.mark, r.label, pos, s, size, r.p.pal.textSize())
}

func (r *pumpRenderer) applyState() {
	p, s := &r.p.pal, r.p.status
	r.circle.StrokeColor = p.outline(s, r.p.fault, p.Stroke)
	r.circle.StrokeWidth = outlineWidth(s, r.p.fault)
	switch {
	case s == Bad:
		r.circle.FillColor = color.Transparent
	case r.p.running:
		r.circle.FillColor = orTransparent(p.Running)
		r.triangle.FillColor = orTransparent(p.Surface)
		r.triangle.StrokeColor, r.triangle.StrokeWidth = nil, 0
	default:
		r.circle.FillColor = orTransparent(p.Stopped)
		r.triangle.FillColor = color.Transparent
		r.triangle.StrokeColor, r.triangle.StrokeWidth = p.Stroke, 1.5
	}
	r.triangle.Hidden = s == Bad
	r.p.refresh(r.circle)
	r.p.refresh(r.triangle)
}

func (r *pumpRenderer) applyStatus() {
	r.applyState()
	r.p.styleMark(r.mark)
}

func (r *pumpRenderer) applyLabel() { r.p.setText(r.label, r.p.label) }

func (r *pumpRenderer) applyAll() {
	r.p.styleText(r.label, r.p.pal.Text, r.p.pal.textSize())
	r.applyLabel()
	r.applyStatus()
	if r.size != (fyne.Size{}) {
		r.Layout(r.size)
	}
}
