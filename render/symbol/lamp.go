package symbol

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Lamp is a status indicator: a circle, filled when on and hollow when
// off, with its label to the right. A "?" after the label marks data that
// is not Good; Bad also empties the circle and outlines it in magenta.
type Lamp struct {
	widget.BaseWidget
	base

	on      bool
	onColor color.Color // nil: the palette's Running
	offCol  color.Color // nil: the palette's Stopped
	r       *lampRenderer
}

var _ fyne.Widget = (*Lamp)(nil)

// NewLamp returns a lamp that is off.
func NewLamp() *Lamp {
	l := &Lamp{}
	l.r = &lampRenderer{
		l:      l,
		circle: canvas.NewCircle(nil),
		label:  newText(fyne.TextAlignLeading, false),
		mark:   newText(fyne.TextAlignLeading, true),
	}
	l.r.mark.Text = "?"
	l.r.objects = []fyne.CanvasObject{l.r.circle, l.r.label, l.r.mark}
	l.base = newBase(l.r)
	l.ExtendBaseWidget(l)
	l.r.applyAll()
	return l
}

// SetOn switches the lamp on or off.
func (l *Lamp) SetOn(on bool) {
	if on == l.on {
		return
	}
	l.on = on
	l.r.applyState()
}

// SetColors sets the fill for on and off; nil keeps the palette's Running
// and Stopped. ISA-101 reserves colour for abnormal states, so a coloured
// "on" should mean something the operator must act on.
func (l *Lamp) SetColors(on, off color.Color) {
	if colorEqual(on, l.onColor) && colorEqual(off, l.offCol) {
		return
	}
	l.onColor, l.offCol = on, off
	l.r.applyState()
}

// CreateRenderer returns the renderer built by NewLamp.
func (l *Lamp) CreateRenderer() fyne.WidgetRenderer { return l.r }

type lampRenderer struct {
	l       *Lamp
	circle  *canvas.Circle
	label   *canvas.Text
	mark    *canvas.Text // "?" after the label when the quality is not Good
	objects []fyne.CanvasObject
	size    fyne.Size
}

const lampGap = 6

func (r *lampRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *lampRenderer) Destroy()                     {}
func (r *lampRenderer) Refresh()                     { r.applyAll() }

func (r *lampRenderer) MinSize() fyne.Size {
	ts := r.l.pal.textSize()
	w := 2 + r.l.pal.em(16) + lampGap + textWidth(r.label.Text, ts, false) + 4 + textWidth("?", ts, true) + 2
	return fyne.NewSize(w, max(r.l.pal.em(20), lineHeight(ts)))
}

func (r *lampRenderer) Layout(size fyne.Size) {
	r.size = size
	ts := r.l.pal.textSize()
	lh := lineHeight(ts)
	d := min(max(size.Height-4, 10), 32)
	r.circle.Move(fyne.NewPos(2, (size.Height-d)/2))
	r.circle.Resize(fyne.NewSize(d, d))
	x := 2 + d + lampGap
	lw := textWidth(r.label.Text, ts, false)
	r.label.Move(fyne.NewPos(x, (size.Height-lh)/2))
	r.label.Resize(fyne.NewSize(lw, lh))
	r.mark.Move(fyne.NewPos(x+lw+4, (size.Height-lh)/2))
	r.mark.Resize(fyne.NewSize(textWidth("?", ts, true), lh))
}

// applyState sets the circle from on/off, the colours, the fault-free
// outline and the quality.
func (r *lampRenderer) applyState() {
	p, s := &r.l.pal, r.l.status
	fill := orDefault(r.l.offCol, p.Stopped)
	if r.l.on {
		fill = orDefault(r.l.onColor, p.Running)
	}
	if s == Bad {
		fill = color.Transparent
	}
	r.circle.FillColor = orTransparent(fill)
	r.circle.StrokeColor = p.outline(s, false, p.Stroke)
	r.circle.StrokeWidth = outlineWidth(s, false) - 0.5
	r.l.refresh(r.circle)
}

func (r *lampRenderer) applyStatus() {
	r.applyState()
	r.l.styleMark(r.mark)
}

func (r *lampRenderer) applyLabel() {
	r.l.setText(r.label, r.l.label)
	if r.size != (fyne.Size{}) {
		r.Layout(r.size) // the mark follows the label's end
	}
}

func (r *lampRenderer) applyAll() {
	p := &r.l.pal
	r.l.styleText(r.label, p.Text, p.textSize())
	r.applyLabel()
	r.applyStatus()
	if r.size != (fyne.Size{}) {
		r.Layout(r.size)
	}
}
