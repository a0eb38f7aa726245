package render

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render/symbol"
)

func (b *builder) button(w *Widget) {
	n := w.Node
	btn := widget.NewButton(str(n, "text", ""), func() {
		// The node of the moment: a reload may have changed the action.
		if p := w.Node.Props["on_press"]; p != nil && p.Action != nil && b.opts.OnAction != nil {
			b.opts.OnAction(w.Node, p.Action)
		}
	})
	if bound(n, "text") {
		btn.SetText("")
	}
	styleControl(w, btn)
	w.update = func(n *gopage.Node, what []string) bool {
		if slices.Contains(what, "text") && !bound(n, "text") {
			btn.SetText(str(n, "text", ""))
		}
		return true
	}
	w.set = func(prop string, v any) {
		if s := toText(v); prop == "text" && s != btn.Text {
			btn.SetText(s)
		}
	}
}

// toggle writes its tag on every change by the operator; a failed or
// cancelled write puts the box back to the tag's value. A toggle that asks
// for confirmation keeps showing the tag's value while the question is
// open: it shows the new state only once the write was accepted.
func (b *builder) toggle(w *Widget) {
	var fromTag, updating bool
	var chk *widget.Check
	show := func(on bool) {
		updating = true
		chk.SetChecked(on)
		updating = false
	}
	chk = widget.NewCheck(str(w.Node, "text", ""), func(on bool) {
		if updating || b.opts.OnWrite == nil {
			return
		}
		n := w.Node
		confirm := str(n, "confirm", "")
		if confirm != "" {
			show(fromTag) // not yet: the operator has not said yes
		}
		b.opts.OnWrite(n, str(n, "tag", ""), on, confirm, func(err error) {
			if err != nil {
				show(fromTag)
			} else if confirm != "" {
				show(on)
			}
		})
	})
	styleControl(w, chk)
	w.update = func(n *gopage.Node, what []string) bool {
		if slices.Contains(what, "text") {
			chk.SetText(str(n, "text", ""))
		}
		return true
	}
	w.set = func(prop string, v any) {
		if prop != "value" {
			return
		}
		fromTag = truthy(v)
		if chk.Checked != fromTag {
			show(fromTag)
		}
	}
}

// entry is a numeric setpoint: the operator types a value and presses Set
// (or Enter); it is checked against min and max here, then by the tag
// database, and any refusal is shown under the field in words.
func (b *builder) entry(w *Widget) {
	n, pal := w.Node, b.opts.Palette
	e := widget.NewEntry()
	e.SetPlaceHolder("—")
	msg := canvas.NewText("", pal.Alarm)
	msg.TextSize = pal.TextSize * 0.85
	var editing, updating bool
	e.OnChanged = func(string) {
		if !updating {
			editing = true
		}
	}
	fail := func(err error) {
		msg.Text = err.Error()
		msg.Refresh()
	}
	submit := func() {
		n := w.Node // the node of the moment: a reload may have changed the limits
		v, err := parseSetpoint(e.Text, n)
		if err != nil {
			fail(err)
			return
		}
		if b.opts.OnWrite == nil {
			return
		}
		b.opts.OnWrite(n, str(n, "tag", ""), v, "", func(err error) {
			if err != nil {
				fail(err)
				return
			}
			editing = false
			msg.Text = ""
			msg.Refresh()
		})
	}
	e.OnSubmitted = func(string) { submit() }
	set := widget.NewButton("Set", submit)
	pad := widget.NewButtonWithIcon("", theme.GridIcon(), func() {
		c := fyne.CurrentApp().Driver().CanvasForObject(e)
		if c == nil {
			return
		}
		w.keypad = ShowKeypad(c, str(w.Node, "label", str(w.Node, "tag", "")), e.Text, pal, func(text string) {
			editing = true
			e.SetText(text)
			submit()
		})
	})
	field := []fyne.CanvasObject{}
	if l := str(n, "label", ""); l != "" {
		field = append(field, alignedLabel(w, mutedText(l, pal.TextSize, pal)))
	}
	z := w.scene.zoom
	field = append(field, container.New(minWidth(110*z), e))
	if u := str(n, "unit", ""); u != "" {
		field = append(field, w.mutedPart(mutedText(u, pal.TextSize, pal)))
	}
	field = append(field, pad, set)
	row := newStack(false, 6*z, alignCenter, field...)
	styleControl(w, newStack(true, 2*z, alignStart, row, msg))
	// Limits, tag and decimals are read from w.Node when used; the label
	// and unit are built in, so changing them builds the entry anew.
	w.update = func(n *gopage.Node, what []string) bool {
		return !slices.Contains(what, "label") && !slices.Contains(what, "unit")
	}
	w.set = func(prop string, v any) {
		if prop != "value" || editing {
			return
		}
		if s := formatValue(v, "", int(num(w.Node, "decimals", 1))); s != e.Text {
			updating = true
			e.SetText(s)
			updating = false
		}
	}
	w.status = func(s symbol.Status, why string) {
		if s == symbol.Bad {
			e.SetPlaceHolder("BAD")
		}
	}
}

// navbar has one button per screen; the current screen's is highlighted.
func (b *builder) navbar(w *Widget) {
	n, here := w.Node, b.scene.Screen.Name
	targets := b.opts.Screens
	if p := n.Props["items"]; p != nil && len(p.Items) > 0 {
		targets = targets[:0:0]
		for _, it := range p.Items {
			targets = append(targets, NavTarget{Screen: it.Screen, Title: it.Text})
		}
	}
	objs := make([]fyne.CanvasObject, 0, len(targets))
	w.nav = w.nav[:0]
	for _, t := range targets {
		act := &gopage.Action{Navigate: t.Screen}
		title := t.Title
		if title == "" {
			title = t.Screen
		}
		btn := widget.NewButton(title, func() {
			if b.opts.OnAction != nil {
				b.opts.OnAction(w.Node, act)
			}
		})
		if t.Screen == here {
			btn.Importance = widget.HighImportance
		}
		w.nav = append(w.nav, navButton{screen: t.Screen, btn: btn})
		objs = append(objs, btn)
	}
	styleControl(w, newStack(false, 6*w.scene.zoom, alignStretch, objs...))
}

// minWidth is a layout that gives its objects at least a width (an entry's
// own minimum is too narrow for a setpoint).
type minWidth float32

func (m minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (m minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(max(s.Width, float32(m)), s.Height)
}
