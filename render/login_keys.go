package render

import (
	"unicode"

	"fyne.io/fyne/v2"
)

// takeKeys lets a keyboard, where there is one (a Windows HMI PC's, a
// panel's USB keyboard), type into the dialog as its on-screen keys do
// while it is open: characters (digits only into a numeric field),
// Backspace, Return (the next field, or OK on the last) and Escape
// (Cancel). Hide gives the canvas its own handlers back.
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
	case fyne.KeyBackspace:
		d.Press(KeyBackspace)
	case fyne.KeyReturn, fyne.KeyEnter:
		d.Press(KeyEnter)
	case fyne.KeyEscape:
		d.cancel()
	}
}
