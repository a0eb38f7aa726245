package render

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render/symbol"
)

// maxField is the most characters a login dialog's field takes.
const maxField = 128

// LoginField is one field of a [LoginDialog]: a user name, a password, a
// PIN, a reason.
type LoginField struct {
	Label   string
	Text    string // what it starts with
	Masked  bool   // shown as dots: a password or PIN
	Numeric bool   // typed on the numeric keypad (a PIN), else on the keyboard
	// Alt, when set, is the other kind of secret this field may hold (a
	// PIN instead of a password): a button beside the field, labelled
	// with the other kind's Label, switches between the two; a switch
	// empties the field. [LoginDialog.Switched] says which is shown.
	Alt *LoginField
}

// LoginOptions configure a [LoginDialog].
type LoginOptions struct {
	Title  string
	Fields []LoginField
	// Submit gets the fields' texts when OK (or Enter on the last field)
	// is pressed; the dialog stays open until Hide, so that the caller can
	// show an error (SetMessage) and let the person try again.
	Submit func(texts []string)
	// Cancel, when set, is called when Cancel is pressed (the dialog hides).
	Cancel func()
}

// LoginDialog is the panel's login (and reauthentication) dialog, usable
// with a finger: the fields are tapped to choose which one is typed into,
// on the on-screen [Keyboard], or on a numeric keypad for a PIN; a
// message line says why a login failed or how long a lockout lasts.
type LoginDialog struct {
	popup   *widget.PopUp
	o       LoginOptions
	texts   []string
	shown   []*widget.Button // the fields, as buttons: a tap focuses one
	fields  []LoginField     // the kind each field shows: o.Fields[i], or its Alt once switched
	alt     []bool           // field i shows its Alt
	labels  []*canvas.Text
	flips   []*widget.Button // the switch to a field's Alt, nil for a field without one
	active  int
	message *canvas.Text
	board   *Keyboard
	pad     fyne.CanvasObject
	keys    *fyne.Container // holds board or pad, by the active field
	restore func()          // gives the canvas its key handlers back (Hide)
}

// ShowLogin opens a login dialog over c.
func ShowLogin(c fyne.Canvas, pal symbol.Palette, o LoginOptions) *LoginDialog {
	d := &LoginDialog{o: o}
	head := canvas.NewText(o.Title, pal.Text)
	head.TextSize = 20
	head.TextStyle.Bold = true
	cancel := widget.NewButton("Cancel", d.cancel)
	ok := widget.NewButton("OK", d.submit)
	ok.Importance = widget.HighImportance
	// Compact enough for an 800x480 panel: the title shares its row with
	// Cancel and OK, each field's label its row with the field.
	top := container.NewBorder(nil, nil, head, container.NewHBox(
		container.New(minSize{110, KeySize}, cancel), container.New(minSize{110, KeySize}, ok)))
	form := container.NewVBox(top)
	for i, f := range o.Fields {
		d.texts = append(d.texts, f.Text)
		d.fields = append(d.fields, f)
		d.alt = append(d.alt, false)
		btn := widget.NewButton("", func() { d.Focus(i) })
		btn.Alignment = widget.ButtonAlignLeading
		d.shown = append(d.shown, btn)
		label := canvas.NewText(f.Label, pal.Muted)
		label.TextSize = 15
		d.labels = append(d.labels, label)
		var flip fyne.CanvasObject
		d.flips = append(d.flips, nil)
		if f.Alt != nil {
			d.flips[i] = widget.NewButton(f.Alt.Label, func() { d.Switch(i) })
			flip = container.New(minSize{KeySize * 2, KeySize}, d.flips[i])
		}
		form.Add(container.NewBorder(nil, nil, container.New(minSize{100, KeySize}, container.NewCenter(label)),
			flip, container.New(minSize{320, KeySize}, btn)))
	}
	d.message = canvas.NewText("", pal.Alarm)
	d.message.TextSize = 15
	form.Add(d.message)
	d.board = NewKeyboard(d.Press)
	d.pad = d.numericPad()
	d.keys = container.NewStack()
	body := container.NewVBox(form, d.keys)
	// login_keys.go: the keyboard's focus, Tab between the fields; first,
	// so that Tab with nothing focused focuses it rather than a button,
	// and a second last, for Shift+Tab (it makes the last field active).
	sink := newKeySink(d)
	d.popup = widget.NewModalPopUp(container.NewStack(container.NewWithoutLayout(sink), container.NewPadded(body),
		container.NewWithoutLayout(newTailSink(d))), c)
	d.Focus(0)
	d.takeKeys(c)
	d.popup.Show()
	c.Focus(sink)
	return d
}

// numericPad is the keypad of a PIN field.
func (d *LoginDialog) numericPad() fyne.CanvasObject {
	grid := container.NewGridWithColumns(3)
	for _, key := range [...]string{"7", "8", "9", "4", "5", "6", "1", "2", "3", KeyBackspace, "0", KeyEnter} {
		btn := widget.NewButton(key, func() { d.Press(key) })
		if key == KeyEnter {
			btn.Importance = widget.HighImportance
		}
		grid.Add(container.New(minSize{72, KeySize}, btn))
	}
	return container.NewCenter(grid)
}

// Focus makes field i the one typed into.
func (d *LoginDialog) Focus(i int) {
	if i < 0 || i >= len(d.texts) {
		return
	}
	d.active = i
	keys := d.board.CanvasObject
	if d.fields[i].Numeric {
		keys = d.pad
	}
	d.keys.Objects = []fyne.CanvasObject{keys}
	d.keys.Refresh()
	d.show()
}

// Switch shows field i's other kind (its LoginField.Alt, or back), empty,
// and makes it the field typed into. A field without Alt stays as it is.
func (d *LoginDialog) Switch(i int) {
	if i < 0 || i >= len(d.texts) || d.o.Fields[i].Alt == nil {
		return
	}
	d.alt[i] = !d.alt[i]
	shown, other := d.o.Fields[i], *d.o.Fields[i].Alt
	if d.alt[i] {
		shown, other = other, shown
	}
	d.fields[i] = shown
	d.labels[i].Text = d.fields[i].Label
	d.labels[i].Refresh()
	d.flips[i].SetText(other.Label)
	d.texts[i] = ""
	d.Focus(i)
}

// Switched reports whether field i shows its LoginField.Alt.
func (d *LoginDialog) Switched(i int) bool { return i >= 0 && i < len(d.alt) && d.alt[i] }

// Active returns the index of the field typed into.
func (d *LoginDialog) Active() int { return d.active }

// Press acts as a tap on a key of the keyboard or keypad: a character,
// KeyBackspace, or KeyEnter (the next field, or OK on the last).
func (d *LoginDialog) Press(key string) {
	t := &d.texts[d.active]
	switch key {
	case KeyBackspace:
		if r := []rune(*t); len(r) > 0 {
			*t = string(r[:len(r)-1])
		}
	case KeyEnter:
		if d.active < len(d.texts)-1 {
			d.Focus(d.active + 1)
			return
		}
		d.submit()
		return
	default:
		if len([]rune(*t)) < maxField {
			*t += key
		}
	}
	d.show()
}

// Keyboard returns the dialog's on-screen keyboard.
func (d *LoginDialog) Keyboard() *Keyboard { return d.board }

// Text returns what field i holds.
func (d *LoginDialog) Text(i int) string { return d.texts[i] }

// SetText sets what field i holds.
func (d *LoginDialog) SetText(i int, s string) {
	d.texts[i] = s
	d.show()
}

// SetMessage shows msg (why the login failed, a lockout's wait) under the
// fields.
func (d *LoginDialog) SetMessage(msg string) {
	d.message.Text = msg
	d.message.Refresh()
}

// Message returns the message shown.
func (d *LoginDialog) Message() string { return d.message.Text }

// Hide closes the dialog, and gives the keys typed on a keyboard back to
// the canvas.
func (d *LoginDialog) Hide() {
	if !d.popup.Visible() {
		return
	}
	d.popup.Hide()
	if d.restore != nil {
		d.restore()
		d.restore = nil
	}
}

// Visible reports whether the dialog is open.
func (d *LoginDialog) Visible() bool { return d.popup.Visible() }

// cancel is a tap on Cancel: the dialog hides and tells o.Cancel.
func (d *LoginDialog) cancel() {
	d.Hide()
	if d.o.Cancel != nil {
		d.o.Cancel()
	}
}

// Submit acts as a tap on OK.
func (d *LoginDialog) Submit() { d.submit() }

func (d *LoginDialog) submit() {
	if d.o.Submit != nil {
		d.o.Submit(append([]string(nil), d.texts...))
	}
}

// show puts the fields' texts (masked ones as dots) on their buttons, the
// active one with a caret.
func (d *LoginDialog) show() {
	for i, btn := range d.shown {
		s := d.texts[i]
		if d.fields[i].Masked {
			s = strings.Repeat("•", len([]rune(s)))
		}
		if i == d.active {
			s += "│"
			btn.Importance = widget.MediumImportance
		} else {
			btn.Importance = widget.LowImportance
		}
		btn.SetText(s)
	}
}

// Permission is whether the panel's user may use a control; the runtime
// decides it (package hmi) after each login, logout and reload, and
// refuses the action at the runtime as well.
type Permission int

// The permissions of a control.
const (
	Permitted Permission = iota // usable
	Denied                      // the user logged in may not: disabled, :disabled
	Locked                      // nobody is logged in: disabled, :disabled and :locked
)

// SetPermission disables (or enables again) the widget's control for the
// panel's user, and restyles it for :disabled and :locked.
func (w *Widget) SetPermission(p Permission) {
	if w.perm == p {
		return
	}
	w.perm = p
	w.applyEnabled()
	if w.scene != nil {
		w.scene.Restyle(w)
	}
}

// navButton is one button of a navbar and the screen it goes to.
type navButton struct {
	screen string
	btn    *widget.Button
}

// SetNavPermission disables the buttons of a navbar (the widget must be
// one; others ignore it) that go to a screen may refuses: the panel's user
// may not see it. The runtime refuses such a navigation anyway; this says
// so before the tap.
func (w *Widget) SetNavPermission(may func(screen string) bool) {
	for _, nb := range w.nav {
		if may(nb.screen) {
			nb.btn.Enable()
		} else {
			nb.btn.Disable()
		}
	}
}

// Permission returns what SetPermission set.
func (w *Widget) Permission() Permission { return w.perm }

// applyEnabled enables the control unless its bound enabled is false or
// the user may not use it.
func (w *Widget) applyEnabled() {
	d, ok := w.Control().(fyne.Disableable)
	if !ok {
		return
	}
	if w.off || w.perm != Permitted {
		d.Disable()
	} else {
		d.Enable()
	}
}
