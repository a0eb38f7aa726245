package symbol

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// view is what the shared setters need from a symbol's renderer. Each apply
// method sets the fields of the canvas objects the change affects and
// refreshes only those.
type view interface {
	applyStatus() // outline colour and width, value graphics, value text
	applyLabel()  // label text
	applyAll()    // every object, every field: palette change, widget Refresh
}

// base is the state every symbol shares: palette, quality and label. Its
// exported methods are promoted to each symbol.
type base struct {
	pal    Palette
	status Status
	reason string
	label  string
	view   view

	// refresh redraws one canvas object: canvas.Refresh outside tests.
	// Internal tests replace it to see exactly which objects a setter touched.
	refresh func(fyne.CanvasObject)
}

func newBase(v view) base {
	return base{pal: DefaultPalette(), view: v, refresh: canvas.Refresh}
}

// SetStatus sets the quality of the data behind the symbol. Bad hides the
// value graphics, replaces the value text by "BAD" (or "?") and turns the
// outline magenta; Uncertain keeps the value, suffixes its text with " ?"
// and turns the outline amber. reason is kept for Status (a tooltip
// or a details popup); it changes nothing on screen.
func (b *base) SetStatus(s Status, reason string) {
	b.reason = reason
	if s == b.status {
		return
	}
	b.status = s
	b.view.applyStatus()
}

// Status returns the quality set by SetStatus and its reason.
func (b *base) Status() (Status, string) { return b.status, b.reason }

// SetLabel sets the tag or equipment name drawn with the symbol.
func (b *base) SetLabel(label string) {
	if label == b.label {
		return
	}
	b.label = label
	b.view.applyLabel()
}

// SetPalette sets every colour and the text size. It redraws the whole
// symbol, so it is meant for theme changes, not for every tick.
func (b *base) SetPalette(p Palette) {
	if paletteEqual(p, b.pal) {
		return
	}
	b.pal = p
	b.view.applyAll()
}

// setText replaces t's text and refreshes t if the text changed.
func (b *base) setText(t *canvas.Text, s string) {
	if t.Text == s {
		return
	}
	t.Text = s
	b.refresh(t)
}

// setTextBytes is setText for a scratch buffer: the comparison does not
// allocate, so an unchanged formatted value costs no garbage.
func (b *base) setTextBytes(t *canvas.Text, s []byte) {
	if t.Text == string(s) {
		return
	}
	t.Text = string(s)
	b.refresh(t)
}

// styleText sets t's colour and size from the palette.
func (b *base) styleText(t *canvas.Text, c color.Color, size float32) {
	t.Color = c
	t.TextSize = size
	b.refresh(t)
}

// setVisible shows or hides o. It reports whether o changed, so the caller
// refreshes o once for all its changes.
func setVisible(o fyne.CanvasObject, show bool) bool {
	if o.Visible() == show {
		return false
	}
	if show {
		o.Show()
	} else {
		o.Hide()
	}
	return true
}

// place moves and resizes o and reports whether either changed.
func place(o fyne.CanvasObject, pos fyne.Position, size fyne.Size) bool {
	if o.Position() == pos && o.Size() == size {
		return false
	}
	o.Move(pos)
	o.Resize(size)
	return true
}

// lineHeight is the height of a row of text of the given size.
func lineHeight(size float32) float32 { return size * 1.35 }

// textWidth measures s at the given size in the regular style.
func textWidth(s string, size float32, bold bool) float32 {
	if s == "" {
		return 0
	}
	return fyne.MeasureText(s, size, fyne.TextStyle{Bold: bold}).Width
}

func newText(align fyne.TextAlign, bold bool) *canvas.Text {
	t := canvas.NewText("", color.Black)
	t.Alignment = align
	t.TextStyle.Bold = bold
	return t
}

// markText is the "?" shown next to discrete symbols when their quality
// is not Good: magenta for Bad, amber for Uncertain.
func (b *base) styleMark(t *canvas.Text) {
	switch b.status {
	case Bad:
		t.Color = b.pal.Bad
	default:
		t.Color = b.pal.Warning
	}
	t.TextSize = b.pal.textSize()
	t.Hidden = b.status == Good
	b.refresh(t)
}

func paletteEqual(a, b Palette) bool {
	return a.TextSize == b.TextSize &&
		colorEqual(a.Background, b.Background) && colorEqual(a.Surface, b.Surface) &&
		colorEqual(a.Fill, b.Fill) && colorEqual(a.Empty, b.Empty) &&
		colorEqual(a.Stroke, b.Stroke) && colorEqual(a.Text, b.Text) &&
		colorEqual(a.Muted, b.Muted) && colorEqual(a.Running, b.Running) &&
		colorEqual(a.Stopped, b.Stopped) && colorEqual(a.Alarm, b.Alarm) &&
		colorEqual(a.Warning, b.Warning) && colorEqual(a.Bad, b.Bad)
}

// colorEqual compares colours by value; == on color.Color could panic on
// a non-comparable implementation.
func colorEqual(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// orTransparent keeps nil colours out of canvas objects: Fyne's software
// painter fills a plain rectangle with image.NewUniform(FillColor), which
// panics on nil.
func orTransparent(c color.Color) color.Color {
	if c == nil {
		return color.Transparent
	}
	return c
}

// color0 is a transparent fill for outline-only shapes.
var color0 color.Color = color.Transparent

// orDefault returns c, or def when c is nil.
func orDefault(c, def color.Color) color.Color {
	if c == nil {
		return def
	}
	return c
}

// symbolBox is the square a discrete symbol (pump, valve) is drawn in: as
// large as fits above a label row of height lh, centred, with a margin for
// heavy outlines.
func symbolBox(size fyne.Size, lh float32) (fyne.Position, float32) {
	const margin = 4
	s := max(min(size.Width, size.Height-lh)-2*margin, 0)
	return fyne.NewPos((size.Width-s)/2, margin), s
}

// layoutMarkAndLabel puts the quality mark at the top right of the symbol
// box at pos (side s) and the label across the widget's width below it.
func layoutMarkAndLabel(mark, label *canvas.Text, pos fyne.Position, s float32, size fyne.Size, ts float32) {
	lh := lineHeight(ts)
	mw := textWidth("?", ts, true) + 4
	mark.Move(fyne.NewPos(min(pos.X+s, size.Width-mw), pos.Y-4))
	mark.Resize(fyne.NewSize(mw, lh))
	label.Move(fyne.NewPos(0, pos.Y+s+2))
	label.Resize(fyne.NewSize(size.Width, lh))
}

func abs(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}

func hypot(x, y float32) float32 { return float32(math.Hypot(float64(x), float64(y))) }
