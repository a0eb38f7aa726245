package render

import (
	"image/color"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// takeKeys lets a keyboard, where there is one (a Windows HMI PC's, a
// panel's USB keyboard), type into the dialog as its on-screen keys do
// while it is open: characters (digits only into a numeric field),
// Backspace, Return (the next field, or OK on the last), Tab and
// Shift+Tab (the next and previous field, round) and Escape (Cancel).
// Hide gives the canvas its own handlers back.
//
// The keys come two ways: the dialog's [keySink] holds the keyboard focus
// (a driver moves the focus on Tab to the next focusable, the dialog's
// buttons, after which letters went to a button and not into a field);
// with nothing focused (a tap beside the fields takes the focus away),
// the canvas's handlers take them.
func (d *LoginDialog) takeKeys(c fyne.Canvas) {
	onRune, onKey := c.OnTypedRune(), c.OnTypedKey()
	c.SetOnTypedRune(d.typedRune)
	c.SetOnTypedKey(d.typedKey)
	d.restore = func() {
		c.SetOnTypedRune(onRune)
		c.SetOnTypedKey(onKey)
	}
}

func (d *LoginDialog) typedRune(r rune) {
	if !unicode.IsPrint(r) || d.fields[d.active].Numeric && (r < '0' || r > '9') {
		return
	}
	d.Press(string(r))
}

func (d *LoginDialog) typedKey(e *fyne.KeyEvent) {
	switch e.Name {
	case fyne.KeyTab:
		d.tab(1)
	case fyne.KeyBackspace:
		d.Press(KeyBackspace)
	case fyne.KeyReturn, fyne.KeyEnter:
		d.Press(KeyEnter)
	case fyne.KeyEscape:
		d.cancel()
	}
}

// tab makes the field step fields on (-1: back) the one typed into, round.
func (d *LoginDialog) tab(step int) {
	n := len(d.texts)
	d.Focus(((d.active+step)%n + n) % n)
}

// keySink is the login dialog's hold on a keyboard's focus: an invisible
// focusable widget that takes Tab itself (fyne.Tabbable), so that Tab
// moves between the fields. Typing always goes to a field.
type keySink struct {
	widget.BaseWidget
	d     *LoginDialog
	shift bool // a Shift key is down: Tab goes back
	tail  bool // the dialog's last focusable: see newTailSink
}

var (
	_ fyne.Tabbable   = (*keySink)(nil)
	_ desktop.Keyable = (*keySink)(nil)
)

func newKeySink(d *LoginDialog) *keySink {
	k := &keySink{d: d}
	k.ExtendBaseWidget(k)
	return k
}

// newTailSink is a keySink the dialog puts after its buttons: with
// nothing focused, Shift+Tab focuses the last focusable, which without
// it was the last key of the keypad (letters then went to a button).
// Gaining the focus, it makes the last field the one typed into, as
// Shift+Tab would from the first; it then acts as the first sink does.
func newTailSink(d *LoginDialog) *keySink {
	k := newKeySink(d)
	k.tail = true
	return k
}

// CreateRenderer draws nothing.
func (k *keySink) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// AcceptsTab keeps Tab from moving the focus: it moves between the fields.
func (k *keySink) AcceptsTab() bool { return true }

// FocusGained makes the last field active when k is the tail.
func (k *keySink) FocusGained() {
	if k.tail {
		k.d.Focus(len(k.d.texts) - 1)
	}
}

// FocusLost is part of fyne.Focusable.
func (k *keySink) FocusLost() { k.shift = false }

// TypedRune types r into the active field.
func (k *keySink) TypedRune(r rune) { k.d.typedRune(r) }

// TypedKey acts on Tab (Shift+Tab), Backspace, Return and Escape.
func (k *keySink) TypedKey(e *fyne.KeyEvent) {
	if e.Name == fyne.KeyTab && k.shift {
		k.d.tab(-1)
		return
	}
	k.d.typedKey(e)
}

// KeyDown follows the Shift keys, for Shift+Tab.
func (k *keySink) KeyDown(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		k.shift = true
	}
}

// KeyUp follows the Shift keys, for Shift+Tab.
func (k *keySink) KeyUp(e *fyne.KeyEvent) {
	if e.Name == desktop.KeyShiftLeft || e.Name == desktop.KeyShiftRight {
		k.shift = false
	}
}
