package render

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/trends"
)

// trend builds a trend: a toolbar (span presets, zoom − and +, Live while
// in history, Export), the plot and the legend, on a background box of
// its style and in a theme override that gives the buttons the sheet's
// palette. A reload patches it in place: pens, span presets and ranges
// change, the place in history and the cursor stay.
func (b *builder) trend(w *Widget) {
	v := &trendView{w: w, opts: b.opts.Trends}
	ui := &trendUI{v: v, z: w.scene.zoom, msg: newMessage()}
	v.ui = ui
	ui.look = w.trendLook(w.styleOrInitial(), b.opts.Palette)
	v.configure(w.Node, ui.look, true)
	w.trend = v
	ui.plot = newTrendPlot(v)
	ui.toolbar = container.NewHBox()
	ui.legend = container.New(&flowLayout{gap: 14 * ui.z})
	ui.build()
	bg := canvas.NewRectangle(color.Transparent)
	body := container.NewBorder(ui.toolbar, newStack(true, 2*ui.z, alignStretch, ui.legend, ui.msg.t), nil, nil, ui.plot)
	th := &alarmTheme{Theme{Zoom: w.scene.zoom}}
	so := newSteadyOverride(container.NewStack(bg, container.NewPadded(body)), th)
	w.Object = so
	var styled *style.Computed
	w.style = func(c *style.Computed) {
		if c == styled {
			return
		}
		styled = c
		ui.look = w.trendLook(c, b.opts.Palette)
		v.configure(w.Node, ui.look, false) // the pens' default colours
		th.Colors = ColorsFromVars(c.Vars)
		bg.FillColor = fade(colorOr(c.Background, ui.look.surface), c.Opacity)
		bg.StrokeColor = colorOr(c.BorderColor, color.Transparent)
		bg.StrokeWidth = c.BorderWidth.Value
		bg.CornerRadius = c.BorderRadius.Value
		ui.paint()
		so.ov.Refresh()
	}
	w.update = func(n *gopage.Node, what []string) bool {
		v.configure(n, ui.look, false)
		ui.build()
		v.request()
		return true
	}
}

// trendUI is the trend's Fyne objects.
type trendUI struct {
	v       *trendView
	z       float32
	look    trendLook
	plot    *trendPlot
	toolbar *fyne.Container
	legend  *fyne.Container
	msg     *message
	live    *widget.Button
	liveBox *fyne.Container // the Live button's box, hidden while live
	export  *widget.Button
	// items are the legend's texts and swatches, by pen (then the cursor's time).
	items  []*canvas.Text
	swatch []*canvas.Rectangle
	// Buttons are the toolbar's buttons by caption, for tests.
	buttons map[string]*widget.Button
}

// build makes the toolbar and the legend for the view's pens and presets.
func (u *trendUI) build() {
	v, z := u.v, u.z
	u.buttons = map[string]*widget.Button{}
	var objs []fyne.CanvasObject
	add := func(text string, minW float32, tapped func()) *widget.Button {
		btn := widget.NewButton(text, tapped)
		u.buttons[text] = btn
		box := container.New(atLeast{w: minW * z, h: 44 * z}, btn)
		objs = append(objs, box)
		if text == "Live" {
			u.liveBox = box
		}
		return btn
	}
	for i, d := range v.presets {
		add(v.labels[i], 52, func() { v.setSpan(d) })
	}
	add("−", 44, func() { v.zoom(2, 0.5) })
	add("+", 44, func() { v.zoom(0.5, 0.5) })
	u.live = add("Live", 64, v.goLive)
	u.export = add("Export", 72, u.exportCSV)
	if v.opts.ExportDir == "" {
		u.export.Disable()
	}
	u.toolbar.Objects = objs
	u.toolbar.Refresh()
	u.items, u.swatch = nil, nil
	var legend []fyne.CanvasObject
	for range len(v.pens) + 1 {
		t := canvas.NewText("", color.Black)
		sw := canvas.NewRectangle(color.Transparent)
		sw.SetMinSize(fyne.NewSize(14*z, 14*z))
		u.items, u.swatch = append(u.items, t), append(u.swatch, sw)
		legend = append(legend, container.NewHBox(container.NewCenter(sw), t))
	}
	u.legend.Objects = legend
	u.paint()
}

// paint shows the view's state: the plot, the legend, the Live button.
func (u *trendUI) paint() {
	v := u.v
	if u.plot == nil || len(u.items) != len(v.pens)+1 {
		return // building
	}
	u.plot.repaint()
	if v.live && u.liveBox.Visible() {
		u.liveBox.Hide()
		u.toolbar.Refresh()
	} else if !v.live && !u.liveBox.Visible() {
		u.liveBox.Show()
		u.toolbar.Refresh()
	}
	vals, ok, unc := v.cursorValues()
	for i, p := range v.pens {
		val := "—"
		switch {
		case !v.cursor.IsZero():
			if ok[i] {
				val = formatTrend(vals[i]) + uncertainMark(unc[i])
			}
		case i < len(v.series) && v.lastOf(p.tag).Good:
			val = formatTrend(v.lastOf(p.tag).V) + uncertainMark(v.lastUncertain(p.tag))
		}
		text := p.label + " " + val
		if p.unit != "" && val != "—" {
			text += " " + p.unit
		}
		u.setItem(i, text, p.col, u.look.text)
	}
	cur := ""
	if !v.cursor.IsZero() {
		cur = "at " + v.cursor.Format("2006-01-02 15:04:05")
	}
	u.setItem(len(v.pens), cur, color.Transparent, u.look.muted)
	if v.legend {
		u.legend.Show()
	} else {
		u.legend.Hide()
	}
	switch {
	case v.opts.Source == nil:
		u.msg.set("history not available", false, alarmLook{text: u.look.muted, size: u.look.size})
	case v.err != nil:
		u.msg.set("History: "+oneLine(v.err.Error()), true, u.alarmLook())
	case strings.HasPrefix(u.msg.t.Text, "History: "): // the Source answers again
		u.msg.set("", false, u.alarmLook())
	default:
		u.msg.paint(u.alarmLook())
	}
	u.legend.Refresh()
}

func (u *trendUI) setItem(i int, text string, swatch, col color.Color) {
	t, sw := u.items[i], u.swatch[i]
	if t.Text != text || t.Color != col || t.TextSize != u.look.size {
		t.Text, t.Color, t.TextSize = text, col, u.look.size
		t.Refresh()
	}
	if sw.FillColor != swatch {
		sw.FillColor = swatch
		sw.Refresh()
	}
}

// alarmLook is the look the shared message line takes.
func (u *trendUI) alarmLook() alarmLook {
	l := alarmLook{text: u.look.text, size: u.look.size}
	l.prio[1] = rgb(0xd3, 0x2f, 0x2f)
	return l
}

// lastOf is the tag's latest sample of the last answer.
func (v *trendView) lastOf(tag string) trends.Sample {
	for _, sr := range v.series {
		if sr.tag == tag {
			return sr.last
		}
	}
	return trends.Sample{}
}

// lastUncertain reports whether the tag's latest sample of the last
// answer is of Uncertain quality.
func (v *trendView) lastUncertain(tag string) bool {
	for k, sr := range v.series {
		if sr.tag == tag {
			return k < len(v.unc) && v.unc[k].Last
		}
	}
	return false
}

// uncertainMark follows a value of Uncertain quality in the legend, as
// the value widgets mark one.
func uncertainMark(u bool) string {
	if u {
		return "?"
	}
	return ""
}

// formatTrend shows a value with four significant digits at most.
func formatTrend(f float64) string {
	a := math.Abs(f)
	dec := 0
	switch {
	case a == 0 || a >= 1000:
	case a >= 100:
		dec = 1
	case a >= 10:
		dec = 2
	default:
		dec = 3
	}
	return strconv.FormatFloat(f, 'f', dec, 64)
}

// flowLayout places objects left to right at their minimum sizes, wrapping
// to a new line where the width ends: the legend.
type flowLayout struct{ gap float32 }

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x, y, lineH := float32(0), float32(0), float32(0)
	for _, o := range visible(objs) {
		m := o.MinSize()
		if x > 0 && x+m.Width > size.Width {
			x, y, lineH = 0, y+lineH, 0
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(m)
		x += m.Width + l.gap
		lineH = max(lineH, m.Height)
	}
}

func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range visible(objs) {
		m := o.MinSize()
		w += m.Width + l.gap
		h = max(h, m.Height)
	}
	return fyne.NewSize(min(w, 200), h)
}
