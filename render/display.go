package render

import (
	"image/color"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	fynelayout "fyne.io/fyne/v2/layout"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/style"
)

func (b *builder) label(w *Widget) {
	n, pal := w.Node, b.opts.Palette
	t := canvas.NewText(str(n, "text", ""), pal.Text)
	if bound(n, "text") {
		t.Text = "" // until the binder has a value
	}
	w.Object = t
	look := func() {
		n, c := w.Node, w.styleOrInitial()
		z := w.scene.zoom
		t.TextSize = pal.TextSize // already zoomed
		if n.Props["size"] != nil {
			t.TextSize = float32(num(n, "size", 0)) * z
		}
		if c.FontSize.Set && c.FontSize.Unit == style.Px {
			t.TextSize = c.FontSize.Value * z
		}
		t.TextStyle.Bold = boolean(n, "bold") || c.FontWeight >= 600
		t.TextStyle.Monospace = c.FontFamily == "mono"
		t.Alignment = textAlign(str(n, "align", c.TextAlign))
		t.Color = w.textColor(c, statusColor(pal, w.st, pal.Text), pal.Background)
		if w.st != symbol.Good {
			t.Color = statusColor(pal, w.st, pal.Text) // quality shows through any style
		}
		t.Refresh()
	}
	look()
	w.update = func(n *gopage.Node, what []string) bool {
		if !bound(n, "text") {
			t.Text = str(n, "text", "")
		}
		look()
		return true
	}
	w.set = func(prop string, v any) {
		if s := toText(v); prop == "text" && s != t.Text {
			t.Text = s
			t.Refresh()
		}
	}
	w.status = func(symbol.Status, string) { look() }
	w.style = func(*style.Computed) { look() }
}

// value shows a bound number in a field, ISA-101 style: a muted label, the
// value in a light box, the unit after it.
func (b *builder) value(w *Widget) {
	n, pal := w.Node, b.opts.Palette
	decimals := int(num(n, "decimals", 1))
	z := w.scene.zoom
	size := pal.TextSize // already zoomed
	if n.Props["size"] != nil {
		size = float32(num(n, "size", 0)) * z
	}
	val := canvas.NewText("—", pal.Text)
	val.TextSize, val.TextStyle.Bold, val.Alignment = size, true, fyne.TextAlignTrailing
	box := canvas.NewRectangle(pal.Surface)
	box.StrokeColor, box.StrokeWidth = pal.Stroke, 1
	// A fixed field width, as on any panel: values that change every tick
	// must not make their neighbours move.
	digits := strings.Repeat("0", max(5, 4+decimals)) + ".0"
	width := fyne.MeasureText(digits, size, val.TextStyle).Width + 12*z
	field := container.New(minWidth(width), box, container.New(fynelayout.NewCustomPaddedLayout(2*z, 2*z, 6*z, 6*z), val))
	var objs []fyne.CanvasObject
	if l := str(n, "label", ""); l != "" {
		objs = append(objs, w.mutedPart(mutedText(l, size, pal)))
	}
	objs = append(objs, field)
	if u := str(n, "unit", ""); u != "" {
		objs = append(objs, w.mutedPart(mutedText(u, size, pal)))
	}
	w.Object = container.New(stackLayout{spacing: 6 * z, align: alignCenter}, objs...)
	var last any
	show := func() {
		txt := formatValue(last, str(w.Node, "format", ""), valueDecimals(w.Node, last))
		switch w.st {
		case symbol.Bad:
			txt = "BAD"
		case symbol.Uncertain:
			txt += "?"
		}
		if txt != val.Text {
			val.Text = txt
			val.Refresh()
		}
	}
	w.update = func(n *gopage.Node, what []string) bool {
		for _, p := range what {
			if p == "label" || p == "unit" || p == "size" || p == "align" || p == "decimals" {
				return false // built into the layout (decimals: the field's width): build anew
			}
		}
		show()
		return true
	}
	w.set = func(prop string, v any) {
		if prop == "value" {
			last = v
			show()
		}
	}
	look := func() {
		c, st := w.styleOrInitial(), w.st
		box.FillColor = colorOr(c.Background, pal.Surface)
		box.StrokeColor = colorOr(c.BorderColor, pal.Stroke)
		box.StrokeWidth = 1
		if c.BorderWidth.Set {
			box.StrokeWidth = c.BorderWidth.Value
		}
		box.CornerRadius = c.BorderRadius.Value
		val.Color = w.textColor(c, pal.Text, box.FillColor)
		w.styleMuted(c)
		if st != symbol.Good { // quality shows through any style
			box.StrokeColor, box.StrokeWidth = statusColor(pal, st, pal.Stroke), max(box.StrokeWidth, 2)
			val.Color = statusColor(pal, st, pal.Text)
		}
		box.Refresh()
		show()
	}
	w.status = func(symbol.Status, string) { look() }
	w.style = func(*style.Computed) { look() }
}

func mutedText(s string, size float32, pal symbol.Palette) *canvas.Text {
	t := canvas.NewText(s, pal.Muted)
	t.TextSize = size
	return t
}

func (b *builder) lamp(w *Widget) {
	n, pal := w.Node, b.opts.Palette
	l := symbol.NewLamp()
	l.SetPalette(pal)
	l.SetLabel(str(n, "label", ""))
	l.SetColors(colorOf(n, "on_color", nil), colorOf(n, "off_color", nil))
	w.Object = l
	w.style = func(c *style.Computed) { l.SetPalette(w.palette(pal, c)) }
	w.update = func(n *gopage.Node, what []string) bool {
		l.SetLabel(str(n, "label", ""))
		l.SetColors(colorOf(n, "on_color", nil), colorOf(n, "off_color", nil))
		return true
	}
	w.set = func(prop string, v any) {
		if prop == "value" {
			l.SetOn(truthy(v))
		}
	}
	w.status = l.SetStatus
}

// analogSymbol is what tank, bar and gauge have in common.
type analogSymbol interface {
	fyne.CanvasObject
	SetRange(min, max float64)
	SetValue(v float64)
	SetLabel(string)
	SetUnit(string)
	SetDecimals(int)
	SetStatus(symbol.Status, string)
	SetPalette(symbol.Palette)
}

func (b *builder) analog(w *Widget) {
	n := w.Node
	var a analogSymbol
	switch n.Type {
	case "tank":
		a = symbol.NewTank()
	case "gauge":
		a = symbol.NewGauge()
	default:
		bar := symbol.NewBar()
		bar.SetHorizontal(str(n, "orientation", "vertical") == "horizontal")
		a = bar
	}
	a.SetPalette(b.opts.Palette)
	w.update = func(n *gopage.Node, what []string) bool {
		if slices.Contains(what, "orientation") {
			return false
		}
		a.SetRange(num(n, "min", 0), num(n, "max", 100))
		a.SetLabel(str(n, "label", ""))
		a.SetUnit(str(n, "unit", ""))
		a.SetDecimals(int(num(n, "decimals", 1)))
		return true
	}
	w.update(n, nil)
	w.Object = a
	w.style = func(c *style.Computed) { a.SetPalette(w.palette(b.opts.Palette, c)) }
	w.set = func(prop string, v any) {
		if prop != "value" {
			return
		}
		if f, ok := toFloat(v); ok {
			a.SetValue(f)
		} else if v == nil {
			a.SetValue(math.NaN()) // no value (a stopped pump's speed): empty, "---"
		}
	}
	w.status = a.SetStatus
}

func (b *builder) pump(w *Widget) {
	p := symbol.NewPump()
	p.SetPalette(b.opts.Palette)
	p.SetLabel(str(w.Node, "label", ""))
	w.Object = p
	w.update = func(n *gopage.Node, what []string) bool {
		p.SetLabel(str(n, "label", ""))
		return true
	}
	w.style = func(c *style.Computed) { p.SetPalette(w.palette(b.opts.Palette, c)) }
	w.set = func(prop string, v any) {
		switch prop {
		case "running":
			p.SetRunning(truthy(v))
		case "fault":
			p.SetFault(truthy(v))
		}
	}
	w.status = p.SetStatus
}

func (b *builder) valve(w *Widget) {
	v := symbol.NewValve()
	v.SetPalette(b.opts.Palette)
	v.SetLabel(str(w.Node, "label", ""))
	v.SetVertical(str(w.Node, "orientation", "horizontal") == "vertical")
	w.Object = v
	w.style = func(c *style.Computed) { v.SetPalette(w.palette(b.opts.Palette, c)) }
	w.update = func(n *gopage.Node, what []string) bool {
		v.SetLabel(str(n, "label", ""))
		v.SetVertical(str(n, "orientation", "horizontal") == "vertical")
		return true
	}
	w.set = func(prop string, x any) {
		switch prop {
		case "open":
			v.SetOpen(truthy(x))
		case "fault":
			v.SetFault(truthy(x))
		}
	}
	w.status = v.SetStatus
}

// pipe draws a process line whose colour says whether it carries flow.
func (b *builder) pipe(w *Widget) {
	n := w.Node
	pts := n.Props["points"]
	var rel []fyne.Position
	if pts != nil {
		l := newPointsLayout(pts.Points)
		for _, p := range pts.Points {
			rel = append(rel, fyne.NewPos(float32(p[0])-l.minX, float32(p[1])-l.minY))
		}
	}
	p := symbol.NewPipe(rel)
	p.SetPalette(b.opts.Palette)
	p.SetWidth(float32(num(n, "width", 6)))
	p.SetFlowing(!bound(n, "flow"))
	w.Object = p
	w.style = func(c *style.Computed) {
		pal := w.palette(b.opts.Palette, c)
		pal.Empty = colorOr(c.Stroke, pal.Empty) // stroke: the pipe with nothing flowing
		p.SetPalette(pal)
	}
	w.set = func(prop string, v any) {
		if prop == "flow" {
			p.SetFlowing(truthy(v))
		}
	}
	w.status = p.SetStatus
}

func (b *builder) line(w *Widget) {
	n, pal := w.Node, b.opts.Palette
	var pts [][2]float64
	if p := n.Props["points"]; p != nil {
		pts = p.Points
	}
	objs := make([]fyne.CanvasObject, 0, len(pts))
	for i := 1; i < len(pts); i++ {
		ln := canvas.NewLine(colorOf(n, "stroke", pal.Stroke))
		ln.StrokeWidth = float32(num(n, "width", 2))
		objs = append(objs, ln)
	}
	w.Object = container.New(newPointsLayout(pts), objs...)
}

func (b *builder) rect(w *Widget) {
	r := canvas.NewRectangle(color.Transparent)
	// Properties set in the screen are the defaults; a style overrides them.
	w.update = func(n *gopage.Node, what []string) bool {
		c := w.styleOrInitial()
		r.FillColor = colorOr(c.Fill, colorOr(c.Background, colorOf(n, "fill", color.Transparent)))
		r.StrokeColor = colorOr(c.Stroke, colorOr(c.BorderColor, colorOf(n, "stroke", color.Transparent)))
		r.StrokeWidth = float32(num(n, "stroke_width", 0))
		if r.StrokeWidth == 0 && (n.Props["stroke"] != nil || c.Stroke.Set || c.BorderColor.Set) {
			r.StrokeWidth = 1
		}
		if c.BorderWidth.Set {
			r.StrokeWidth = c.BorderWidth.Value
		}
		r.CornerRadius = float32(num(n, "radius", 0))
		if c.BorderRadius.Set {
			r.CornerRadius = c.BorderRadius.Value
		}
		if c.Opacity < 1 {
			r.FillColor, r.StrokeColor = fade(r.FillColor, c.Opacity), fade(r.StrokeColor, c.Opacity)
		}
		r.Refresh()
		return true
	}
	w.update(w.Node, nil)
	w.style = func(*style.Computed) { w.update(w.Node, nil) }
	w.Object = r
}

func (b *builder) image(w *Widget) {
	img := canvas.NewImageFromFile("")
	w.update = func(n *gopage.Node, what []string) bool {
		img.File = filepath.Join(b.opts.Dir, str(n, "src", ""))
		switch str(n, "fill", "contain") {
		case "stretch":
			img.FillMode = canvas.ImageFillStretch
		case "original":
			img.FillMode = canvas.ImageFillOriginal
		default:
			img.FillMode = canvas.ImageFillContain
		}
		img.Refresh()
		return true
	}
	w.update(w.Node, nil)
	w.Object = img
}

// panel is a titled group: ISA-101 groups related values in quiet boxes.
// Its children sit in w.box, under the title.
func (b *builder) panel(w *Widget) {
	n, pal := w.Node, b.opts.Palette
	bg := canvas.NewRectangle(pal.Surface)
	bg.StrokeColor, bg.StrokeWidth, bg.CornerRadius = pal.Stroke, 1, 3
	title := canvas.NewText(str(n, "title", ""), pal.Text)
	title.TextStyle.Bold = true
	title.TextSize = pal.TextSize
	if bound(n, "title") {
		title.Text = ""
	}
	w.panelTitle = title
	head := container.New(stackLayout{padding: 6 * w.scene.zoom}, title)
	w.Object = container.NewStack(bg, container.NewBorder(head, nil, nil, nil, w.box))
	w.style = func(c *style.Computed) {
		bg.FillColor = colorOr(c.Background, pal.Surface)
		bg.StrokeColor = colorOr(c.BorderColor, pal.Stroke)
		bg.StrokeWidth = 1
		if c.BorderWidth.Set {
			bg.StrokeWidth = c.BorderWidth.Value
		}
		bg.CornerRadius = 3
		if c.BorderRadius.Set {
			bg.CornerRadius = c.BorderRadius.Value
		}
		title.Color = w.textColor(c, pal.Text, bg.FillColor)
		bg.Refresh()
		title.Refresh()
		relayoutPadding(w)
	}
	w.set = func(prop string, v any) {
		if prop == "title" {
			title.Text = toText(v)
			title.Refresh()
		}
	}
}

func textAlign(s string) fyne.TextAlign {
	switch s {
	case "center":
		return fyne.TextAlignCenter
	case "right":
		return fyne.TextAlignTrailing
	}
	return fyne.TextAlignLeading
}

// statusColor is the colour of text or outline for a quality.
func statusColor(pal symbol.Palette, s symbol.Status, normal color.Color) color.Color {
	switch s {
	case symbol.Bad:
		return pal.Bad
	case symbol.Uncertain:
		return pal.Warning
	}
	return normal
}
