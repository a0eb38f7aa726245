package render

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// KeySize is the least width and height of an on-screen key, in Fyne
// units: a fingertip's target on a touch panel.
const KeySize = 48

// Special keys of the on-screen keyboard, as [Keyboard.Press] takes them.
const (
	KeyShift     = "⇧"
	KeyBackspace = "⌫"
	KeyEnter     = "⏎"
	KeySpace     = "space"
)

// keyboardRows are the keys, row by row (lower case; Shift types the
// upper case, or the symbol below a digit).
var keyboardRows = [...]string{
	"1234567890",
	"qwertyuiop",
	"asdfghjkl-",
	"zxcvbnm._@",
}

// shifted is what a key types with Shift held, for the keys that are no
// letters.
var shifted = map[string]string{"1": "!", "2": "\"", "3": "#", "4": "$", "5": "%", "6": "&", "7": "/", "8": "(",
	"9": ")", "0": "=", "-": "_", ".": ":", "_": "+", "@": "*"}

// Keyboard is the on-screen keyboard of the login dialog: Fyne has none on
// desktop Linux or Windows, and a panel's operator has only a touch
// screen. Keys are at least KeySize square; Shift types the next key in
// upper case (its symbol), Backspace deletes, Enter submits.
type Keyboard struct {
	fyne.CanvasObject
	shift bool
	keys  map[string]*widget.Button // the character keys, by their lower-case label
	press func(key string)          // a typed character, or KeyBackspace / KeyEnter
}

// NewKeyboard returns a keyboard that tells press of every character typed
// (after Shift) and of Backspace and Enter.
func NewKeyboard(press func(key string)) *Keyboard {
	k := &Keyboard{keys: map[string]*widget.Button{}, press: press}
	rows := container.NewVBox()
	for i, row := range keyboardRows {
		line := container.NewHBox()
		if i == len(keyboardRows)-1 {
			line.Add(k.key(KeyShift, 1.5))
		}
		for _, r := range row {
			line.Add(k.key(string(r), 1))
		}
		if i == len(keyboardRows)-1 {
			line.Add(k.key(KeyBackspace, 1.5))
		}
		rows.Add(container.NewCenter(line))
	}
	rows.Add(container.NewCenter(container.NewHBox(k.key(KeySpace, 6), k.key(KeyEnter, 2))))
	k.CanvasObject = rows
	return k
}

// key makes one key button, width times a key's width.
func (k *Keyboard) key(label string, width float32) fyne.CanvasObject {
	btn := widget.NewButton(label, func() { k.Press(label) })
	if len([]rune(label)) == 1 && label != KeyShift && label != KeyBackspace && label != KeyEnter {
		k.keys[label] = btn
	}
	if label == KeyEnter {
		btn.Importance = widget.HighImportance
	}
	return container.New(minSize{KeySize * width, KeySize}, btn)
}

// Press acts as a tap on a key: a character's lower-case label, or one of
// KeyShift, KeyBackspace, KeyEnter, KeySpace.
func (k *Keyboard) Press(key string) {
	switch key {
	case KeyShift:
		k.setShift(!k.shift)
		return
	case KeyBackspace, KeyEnter:
		k.press(key)
		return
	case KeySpace:
		key = " "
	}
	if k.shift {
		if s, ok := shifted[key]; ok {
			key = s
		} else {
			key = strings.ToUpper(key)
		}
		k.setShift(false)
	}
	k.press(key)
}

// Shifted reports whether the next key types upper case.
func (k *Keyboard) Shifted() bool { return k.shift }

// setShift shows the keys' labels for the shift state.
func (k *Keyboard) setShift(on bool) {
	k.shift = on
	for label, btn := range k.keys {
		text := label
		if on {
			if s, ok := shifted[label]; ok {
				text = s
			} else {
				text = strings.ToUpper(label)
			}
		}
		btn.SetText(text)
	}
}

// minSize is a layout that gives its objects at least a size.
type minSize fyne.Size

func (m minSize) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.Position{})
		o.Resize(size)
	}
}

func (m minSize) MinSize(objs []fyne.CanvasObject) fyne.Size {
	out := fyne.Size(m)
	for _, o := range objs {
		out = out.Max(o.MinSize())
	}
	return out
}
