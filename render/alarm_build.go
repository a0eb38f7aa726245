package render

import (
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/style"
)

// alarmWidget builds alarm-banner, alarm-summary or alarm-history. Each
// sits on a background box of its style, in a theme override that gives
// its Fyne controls the sheet's palette, and is restyled as a whole. A
// change of any of its props builds it anew (its selection and page
// start over).
func (b *builder) alarmWidget(w *Widget) {
	var (
		content fyne.CanvasObject
		paint   func(l alarmLook) // repaints everything with a new look
	)
	l0 := w.alarmLook(w.styleOrInitial(), b.opts.Palette) // until styled
	switch w.Node.Type {
	case "alarm-banner":
		v := newAlarmBanner(w, b.opts, l0)
		content, paint, w.alarm = v.row, v.restyle, v
	case "alarm-summary":
		if b.opts.Alarms.Board == nil {
			content, paint = unavailable(w, "alarms not available")
			break
		}
		v := newAlarmSummary(w, b.opts.Alarms, l0)
		content, paint, w.alarm = v.object, v.restyle, v
	case "alarm-history":
		if b.opts.Alarms.History == nil {
			content, paint = unavailable(w, "alarm history not available")
			break
		}
		v := newAlarmHistory(w, b.opts.Alarms, l0)
		content, paint, w.alarm = v.object, v.restyle, v
	}
	bg := canvas.NewRectangle(color.Transparent)
	th := &alarmTheme{Theme{Zoom: w.scene.zoom}}
	so := newSteadyOverride(container.NewStack(bg, content), th)
	w.Object = so
	var styled *style.Computed
	w.style = func(c *style.Computed) {
		if c == styled {
			// A blink: property's tick restyles with the same style; the
			// rows flash by --alarm-blink, and a refresh of the override
			// would take a new font scope each time (see steadyOverride).
			return
		}
		styled = c
		l := w.alarmLook(c, b.opts.Palette)
		th.Colors = ColorsFromVars(c.Vars)
		bg.FillColor = fade(colorOr(c.Background, l.surface), c.Opacity)
		bg.StrokeColor = colorOr(c.BorderColor, color.Transparent)
		bg.StrokeWidth = c.BorderWidth.Value
		bg.CornerRadius = c.BorderRadius.Value
		paint(l)
		so.ov.Refresh()
	}
	paint(l0)
	w.update = func(n *gopage.Node, what []string) bool {
		return !slices.ContainsFunc(what, func(p string) bool { return slices.Contains(alarmProps, p) })
	}
	if w.alarm != nil {
		w.alarm.changed(true)
		if w.alarm.blink(time.Time{}) {
			w.scene.alarmBlinks.Add(1) // a hint for Blinks until Blink counts again
		}
	}
}

// alarmProps are the alarm widgets' own props: a change of one builds the
// widget anew; the common ones (place, visible, class, style) are patched.
var alarmProps = []string{"alarm", "area", "max_priority", "range", "row_height", "screen", "service", "sort"}

// alarmTheme is gohmi's Theme, changed in place by a restyle (a new theme
// value would be a new font scope: see steadyOverride).
type alarmTheme struct{ Theme }

// unavailable is an alarm widget without its board or journal: one muted line.
func unavailable(w *Widget, msg string) (fyne.CanvasObject, func(alarmLook)) {
	t := canvas.NewText(msg, color.Black)
	box := container.New(atLeast{h: 44 * w.scene.zoom}, container.NewCenter(t))
	return box, func(l alarmLook) {
		t.Color, t.TextSize = l.muted, l.size
		t.Refresh()
	}
}

// op is who acts now, with comment.
func opOf(o AlarmOptions, comment string) alarms.Op {
	return alarms.Op{User: o.user(), Comment: comment}
}

// touchButton is a button a finger can hit: at least 44 design pixels
// high and 64 wide.
func touchButton(z float32, text string, tapped func()) (*widget.Button, fyne.CanvasObject) {
	btn := widget.NewButton(text, tapped)
	return btn, container.New(atLeast{w: 64 * z, h: 44 * z}, btn)
}

// touchSelect is a drop-down a finger can hit.
func touchSelect(z float32, opts []string, changed func(string)) (*dropDown, fyne.CanvasObject) {
	sel := newDropDown(opts, changed)
	return sel, container.New(atLeast{w: 64 * z, h: 44 * z}, sel)
}

// pageButtons are the previous and next page buttons with the page's
// number between them.
type pageButtons struct {
	prev, next *widget.Button
	label      *canvas.Text
	object     fyne.CanvasObject
}

func newPageButtons(z float32, prev, next func()) *pageButtons {
	p := &pageButtons{label: canvas.NewText("", color.Black)}
	var po, no fyne.CanvasObject
	p.prev, po = touchButton(z, "◀ Prev", prev)
	p.next, no = touchButton(z, "Next ▶", next)
	p.object = newStack(false, 6*z, alignCenter, po, p.label, no)
	return p
}

// show gives the buttons the page's state.
func (p *pageButtons) show(text string, hasPrev, hasNext bool, l alarmLook) {
	if p.label.Text != text || p.label.Color != l.text || p.label.TextSize != l.size {
		p.label.Text, p.label.Color, p.label.TextSize = text, l.text, l.size
		p.label.Refresh()
	}
	enable(p.prev, hasPrev)
	enable(p.next, hasNext)
}

func enable(b *widget.Button, on bool) {
	if on && b.Disabled() {
		b.Enable()
	} else if !on && !b.Disabled() {
		b.Disable()
	}
}

// message is a line that says what an action did, or why it failed.
type message struct {
	t   *canvas.Text
	err bool
}

func newMessage() *message { return &message{t: canvas.NewText("", color.Black)} }

func (m *message) set(text string, err bool, l alarmLook) {
	m.err = err
	m.t.Text = text
	m.paint(l)
}

func (m *message) paint(l alarmLook) {
	m.t.TextSize = l.size * 0.9
	m.t.Color = l.text
	if m.err {
		m.t.Color = l.prio[alarms.Critical]
	}
	m.t.Refresh()
}
