package symbol

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// Bar is a thin bar graph, the ISA-101 way to show a value against its
// range: a narrow track, the value as a bar from the minimum end, the range
// ends in small text beside it, the label and the value. It is vertical
// unless SetHorizontal(true).
type Bar struct {
	widget.BaseWidget
	base
	analog

	horizontal bool
	r          *barRenderer
}

var _ fyne.Widget = (*Bar)(nil)

// NewBar returns a vertical bar over the range 0–100 with one decimal.
func NewBar() *Bar {
	b := &Bar{}
	b.r = &barRenderer{
		b:       b,
		track:   canvas.NewRectangle(nil),
		bar:     canvas.NewRectangle(nil),
		outline: canvas.NewRectangle(nil),
		scaled: scaled{
			min:   newText(fyne.TextAlignLeading, false),
			max:   newText(fyne.TextAlignLeading, false),
			label: newText(fyne.TextAlignCenter, false),
			value: newText(fyne.TextAlignCenter, true),
		},
	}
	r := b.r
	r.objects = []fyne.CanvasObject{r.track, r.bar, r.outline, r.min, r.max, r.label, r.value}
	b.base = newBase(r)
	b.analog = newAnalog(r)
	b.ExtendBaseWidget(b)
	r.applyAll()
	return b
}

// SetHorizontal lays the bar out left to right instead of bottom to top.
func (b *Bar) SetHorizontal(horizontal bool) {
	if horizontal == b.horizontal {
		return
	}
	b.horizontal = horizontal
	b.r.applyAll()
}

// CreateRenderer returns the renderer built by NewBar.
func (b *Bar) CreateRenderer() fyne.WidgetRenderer { return b.r }

type barRenderer struct {
	b                   *Bar
	track, bar, outline *canvas.Rectangle
	scaled
	objects []fyne.CanvasObject

	size  fyne.Size
	tpos  fyne.Position // track
	tsize fyne.Size
}

const barThickness = 16

func (r *barRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *barRenderer) Destroy()                     {}
func (r *barRenderer) Refresh()                     { r.applyAll() }

func (r *barRenderer) MinSize() fyne.Size {
	p := &r.b.pal
	ts, lh := p.textSize(), lineHeight(p.textSize())
	label, value := textWidth(r.label.Text, ts, false), textWidth(r.value.Text, ts, true)
	if r.b.horizontal {
		return fyne.NewSize(max(p.em(160), label+value+16), 2*lh+barThickness+8)
	}
	w := max(barThickness+6+r.scaleWidth(), label, value)
	return fyne.NewSize(max(p.em(60), w), max(p.em(160), 2*lh+p.em(80)))
}

func (r *barRenderer) scaleWidth() float32 {
	ss := r.b.pal.scaleSize()
	return max(textWidth(r.min.Text, ss, false), textWidth(r.max.Text, ss, false))
}

func (r *barRenderer) Layout(size fyne.Size) {
	r.size = size
	if r.b.horizontal {
		r.layoutHorizontal(size)
	} else {
		r.layoutVertical(size)
	}
	r.outline.Move(r.tpos)
	r.outline.Resize(r.tsize)
	r.track.Move(r.tpos)
	r.track.Resize(r.tsize)
	r.placeBar()
}

// layoutVertical: label on top, value at the bottom, the track between
// them with the range ends to its right.
func (r *barRenderer) layoutVertical(size fyne.Size) {
	lh, sh := lineHeight(r.b.pal.textSize()), lineHeight(r.b.pal.scaleSize())
	r.label.Alignment, r.value.Alignment = fyne.TextAlignCenter, fyne.TextAlignCenter
	r.label.Move(fyne.NewPos(0, 0))
	r.label.Resize(fyne.NewSize(size.Width, lh))
	r.value.Move(fyne.NewPos(0, size.Height-lh))
	r.value.Resize(fyne.NewSize(size.Width, lh))

	sw := r.scaleWidth()
	x := max((size.Width-(barThickness+6+sw))/2, 2)
	r.tpos = fyne.NewPos(x, lh+4)
	r.tsize = fyne.NewSize(barThickness, max(size.Height-2*lh-8, 0))
	r.min.Alignment, r.max.Alignment = fyne.TextAlignLeading, fyne.TextAlignLeading
	r.max.Move(fyne.NewPos(x+barThickness+6, r.tpos.Y-sh/2+1))
	r.max.Resize(fyne.NewSize(sw, sh))
	r.min.Move(fyne.NewPos(x+barThickness+6, r.tpos.Y+r.tsize.Height-sh/2-1))
	r.min.Resize(fyne.NewSize(sw, sh))
}

// layoutHorizontal: label left and value right on the top row, the track
// across the middle, the range ends under its ends.
func (r *barRenderer) layoutHorizontal(size fyne.Size) {
	lh, sh := lineHeight(r.b.pal.textSize()), lineHeight(r.b.pal.scaleSize())
	half := size.Width / 2
	r.label.Alignment, r.value.Alignment = fyne.TextAlignLeading, fyne.TextAlignTrailing
	r.label.Move(fyne.NewPos(2, 0))
	r.label.Resize(fyne.NewSize(half-2, lh))
	r.value.Move(fyne.NewPos(half, 0))
	r.value.Resize(fyne.NewSize(half-2, lh))

	thick := min(float32(barThickness), max(size.Height-lh-sh-4, 4))
	r.tpos = fyne.NewPos(2, lh+2)
	r.tsize = fyne.NewSize(max(size.Width-4, 0), thick)
	r.min.Alignment, r.max.Alignment = fyne.TextAlignLeading, fyne.TextAlignTrailing
	y := r.tpos.Y + thick + 1
	r.min.Move(fyne.NewPos(2, y))
	r.min.Resize(fyne.NewSize(half-2, sh))
	r.max.Move(fyne.NewPos(half, y))
	r.max.Resize(fyne.NewSize(half-2, sh))
}

// placeBar sets the bar rectangle from the value and reports whether
// anything about it changed.
func (r *barRenderer) placeBar() bool {
	f := r.b.fraction()
	var pos fyne.Position
	var size fyne.Size
	if r.b.horizontal {
		size = fyne.NewSize(r.tsize.Width*f, r.tsize.Height)
		pos = r.tpos
	} else {
		size = fyne.NewSize(r.tsize.Width, r.tsize.Height*f)
		pos = fyne.NewPos(r.tpos.X, r.tpos.Y+r.tsize.Height-size.Height)
	}
	changed := place(r.bar, pos, size)
	show := r.b.status != Bad && f*max(r.tsize.Width, r.tsize.Height) >= 0.5
	// A hidden object that moved needs no redraw.
	return setVisible(r.bar, show) || (changed && show)
}

func (r *barRenderer) applyValue() {
	if r.placeBar() {
		r.b.refresh(r.bar)
	}
	r.b.setTextBytes(r.value, r.b.valueText(r.b.status, "BAD"))
}

func (r *barRenderer) applyScale() {
	r.applyRange(&r.b.base, &r.b.analog)
	if !r.b.horizontal && r.size != (fyne.Size{}) {
		r.Layout(r.size) // the scale column's width follows its text
	}
	r.applyValue()
}

func (r *barRenderer) applyStatus() {
	p, s := &r.b.pal, r.b.status
	r.outline.StrokeColor = p.outline(s, false, p.Stroke)
	r.outline.StrokeWidth = outlineWidth(s, false) - 0.5
	r.b.refresh(r.outline)
	r.applyValueColor(&r.b.base)
	r.applyValue()
}

func (r *barRenderer) applyLabel() { r.b.setText(r.label, r.b.label) }

func (r *barRenderer) applyAll() {
	p := &r.b.pal
	r.track.FillColor = orTransparent(p.Empty)
	r.bar.FillColor = orTransparent(p.Fill)
	r.outline.FillColor = color0
	r.b.refresh(r.track)
	r.b.refresh(r.bar)
	r.styleTexts(&r.b.base)
	r.applyLabel()
	r.applyScale()
	r.applyStatus()
	if r.size != (fyne.Size{}) {
		r.Layout(r.size)
	}
}
