package render

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render/symbol"
)

// Keypad is the on-screen numeric keypad of a setpoint entry. Fyne has no
// on-screen keyboard on desktop Linux or Windows, and panel operators have
// only a touch screen: tapping the keypad button of an entry opens this as
// a modal pop-up, OK submits the value as Enter would.
type Keypad struct {
	popup   *widget.PopUp
	display *canvas.Text
	text    string
	submit  func(string)
}

// keypadKeys are the keys, row by row; "⌫" deletes, "C" clears, "±" negates.
var keypadKeys = [...]string{"7", "8", "9", "4", "5", "6", "1", "2", "3", "±", "0", ".", "C", "⌫"}

// ShowKeypad opens a keypad over c starting from text; submit gets the
// typed text when OK is pressed.
func ShowKeypad(c fyne.Canvas, title, text string, pal symbol.Palette, submit func(string)) *Keypad {
	k := &Keypad{text: text, submit: submit}
	k.display = canvas.NewText(text, pal.Text)
	k.display.TextSize = 26
	k.display.TextStyle.Bold = true
	k.display.Alignment = fyne.TextAlignTrailing
	screen := canvas.NewRectangle(pal.Surface)
	screen.StrokeColor, screen.StrokeWidth = pal.Stroke, 1
	keys := container.NewGridWithColumns(3)
	for _, key := range keypadKeys {
		btn := widget.NewButton(key, func() { k.Press(key) })
		keys.Add(container.New(minWidth(72), btn))
	}
	cancel := widget.NewButton("Cancel", func() { k.popup.Hide() })
	ok := widget.NewButton("OK", func() { k.Press("OK") })
	ok.Importance = widget.HighImportance
	head := canvas.NewText(title, pal.Muted)
	head.TextSize = 16
	body := container.NewVBox(head, container.NewStack(screen, container.NewPadded(k.display)), keys,
		container.NewGridWithColumns(2, cancel, ok))
	k.popup = widget.NewModalPopUp(container.NewPadded(body), c)
	k.popup.Show()
	return k
}

// Press acts as a tap on one key ("OK" included).
func (k *Keypad) Press(key string) {
	switch key {
	case "OK":
		k.popup.Hide()
		k.submit(k.text)
		return
	case "C":
		k.text = ""
	case "⌫":
		if r := []rune(k.text); len(r) > 0 {
			k.text = string(r[:len(r)-1])
		}
	case "±":
		if len(k.text) > 0 && k.text[0] == '-' {
			k.text = k.text[1:]
		} else {
			k.text = "-" + k.text
		}
	default:
		if len(k.text) < 16 {
			k.text += key
		}
	}
	k.display.Text = k.text
	k.display.Refresh()
}

// Text returns what has been typed.
func (k *Keypad) Text() string { return k.text }

// Visible reports whether the keypad is open.
func (k *Keypad) Visible() bool { return k.popup.Visible() }
