package evdev

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gohmi/gohmi/render/raster"
)

// keyDef is one key of a US keyboard.
type keyDef struct {
	name  fyne.KeyName
	r, sr rune // the rune typed, without and with shift
	kind  keyKind
	nav   fyne.KeyName // a keypad key with num lock off
	held  uint8        // a modifier key: its index in keyboard.held
}

type keyKind uint8

const (
	keyPlain    keyKind = iota
	keyLetter           // caps lock inverts shift
	keyPad              // num lock: r and name, else nav
	keyModifier         // holds modBits
	keyCapsLock
	keyNumLock
)

// keyboard is the state of the modifiers and locks.
type keyboard struct {
	held      [8]bool // left and right shift, control, alt, super
	caps, num bool
}

func (k *keyboard) modifiers() fyne.KeyModifier {
	var m fyne.KeyModifier
	bits := [...]fyne.KeyModifier{fyne.KeyModifierShift, fyne.KeyModifierControl, fyne.KeyModifierAlt, fyne.KeyModifierSuper}
	for i, h := range k.held {
		if h {
			m |= bits[i/2]
		}
	}
	return m
}

// key handles one EV_KEY event of a keyboard (code < keyMax): value 0
// releases, 1 presses, 2 repeats.
func (k *keyboard) key(code uint16, value int32, in raster.Input) {
	def := &usKeys[code]
	if def.name == "" || value < 0 || value > 2 {
		return
	}
	up := value == 0
	switch def.kind {
	case keyModifier:
		if value == 2 {
			return
		}
		k.held[def.held] = !up
	case keyCapsLock:
		if value == 1 {
			k.caps = !k.caps
		}
	case keyNumLock:
		if value == 1 {
			k.num = !k.num
		}
	}
	mods := k.modifiers()
	ev := raster.KeyEvent{Name: def.name, Up: up, Modifier: mods}
	if def.kind == keyPad && !k.num {
		ev.Name = def.nav
		if ev.Name == "" {
			return
		}
	} else if !up && mods&^fyne.KeyModifierShift == 0 {
		shift := mods&fyne.KeyModifierShift != 0
		if def.kind == keyLetter && k.caps {
			shift = !shift
		}
		ev.Rune = def.r
		if shift && def.sr != 0 {
			ev.Rune = def.sr
		}
	}
	in.Key(ev)
}

// reset forgets held modifiers (after dropped events).
func (k *keyboard) reset() { k.held = [8]bool{} }

// usKeys maps Linux key codes to keys of a US layout; built once, never
// written after.
var usKeys = func() (t [keyMax]keyDef) {
	plain := func(code uint16, name fyne.KeyName, r, sr rune) { t[code] = keyDef{name: name, r: r, sr: sr} }
	letters := "qwertyuiop" + "asdfghjkl" + "zxcvbnm"
	codes := []uint16{16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 30, 31, 32, 33, 34, 35, 36, 37, 38, 44, 45, 46, 47, 48, 49, 50}
	for i, c := range letters {
		t[codes[i]] = keyDef{name: fyne.KeyName(string(c - 'a' + 'A')), r: c, sr: c - 'a' + 'A', kind: keyLetter}
	}
	for i, sr := range ")!@#$%^&*(" {
		code := uint16(i + 1) // KEY_1 is 2 … KEY_9 is 10, KEY_0 is 11
		if i == 0 {
			code = 11
		}
		plain(code, fyne.KeyName(rune('0'+i)), rune('0'+i), sr)
	}
	plain(1, fyne.KeyEscape, 0, 0)
	plain(12, fyne.KeyMinus, '-', '_')
	plain(13, fyne.KeyEqual, '=', '+')
	plain(14, fyne.KeyBackspace, 0, 0)
	plain(15, fyne.KeyTab, 0, 0)
	plain(26, fyne.KeyLeftBracket, '[', '{')
	plain(27, fyne.KeyRightBracket, ']', '}')
	plain(28, fyne.KeyReturn, 0, 0)
	plain(39, fyne.KeySemicolon, ';', ':')
	plain(40, fyne.KeyApostrophe, '\'', '"')
	plain(41, fyne.KeyBackTick, '`', '~')
	plain(43, fyne.KeyBackslash, '\\', '|')
	plain(86, fyne.KeyBackslash, '\\', '|') // KEY_102ND
	plain(51, fyne.KeyComma, ',', '<')
	plain(52, fyne.KeyPeriod, '.', '>')
	plain(53, fyne.KeySlash, '/', '?')
	plain(57, fyne.KeySpace, ' ', ' ')
	for i, name := range []fyne.KeyName{fyne.KeyF1, fyne.KeyF2, fyne.KeyF3, fyne.KeyF4, fyne.KeyF5, fyne.KeyF6, fyne.KeyF7, fyne.KeyF8, fyne.KeyF9, fyne.KeyF10} {
		plain(uint16(59+i), name, 0, 0)
	}
	plain(87, fyne.KeyF11, 0, 0)
	plain(88, fyne.KeyF12, 0, 0)
	plain(102, fyne.KeyHome, 0, 0)
	plain(103, fyne.KeyUp, 0, 0)
	plain(104, fyne.KeyPageUp, 0, 0)
	plain(105, fyne.KeyLeft, 0, 0)
	plain(106, fyne.KeyRight, 0, 0)
	plain(107, fyne.KeyEnd, 0, 0)
	plain(108, fyne.KeyDown, 0, 0)
	plain(109, fyne.KeyPageDown, 0, 0)
	plain(110, fyne.KeyInsert, 0, 0)
	plain(111, fyne.KeyDelete, 0, 0)
	plain(99, desktop.KeyPrintScreen, 0, 0)
	plain(127, desktop.KeyMenu, 0, 0)
	// The keypad: operators' numeric keypads type digits with num lock on.
	plain(55, fyne.KeyAsterisk, '*', '*')
	plain(74, fyne.KeyMinus, '-', '-')
	plain(78, fyne.KeyPlus, '+', '+')
	plain(98, fyne.KeySlash, '/', '/')
	plain(96, fyne.KeyEnter, 0, 0)
	plain(117, fyne.KeyEqual, '=', '=')
	plain(121, fyne.KeyComma, ',', ',')
	pad := func(code uint16, name fyne.KeyName, r rune, nav fyne.KeyName) {
		t[code] = keyDef{name: name, r: r, sr: r, kind: keyPad, nav: nav}
	}
	pad(71, fyne.Key7, '7', fyne.KeyHome)
	pad(72, fyne.Key8, '8', fyne.KeyUp)
	pad(73, fyne.Key9, '9', fyne.KeyPageUp)
	pad(75, fyne.Key4, '4', fyne.KeyLeft)
	pad(76, fyne.Key5, '5', "")
	pad(77, fyne.Key6, '6', fyne.KeyRight)
	pad(79, fyne.Key1, '1', fyne.KeyEnd)
	pad(80, fyne.Key2, '2', fyne.KeyDown)
	pad(81, fyne.Key3, '3', fyne.KeyPageDown)
	pad(82, fyne.Key0, '0', fyne.KeyInsert)
	pad(83, fyne.KeyPeriod, '.', fyne.KeyDelete)
	// Modifiers, in the order of keyboard.held.
	for i, m := range []struct {
		code uint16
		name fyne.KeyName
	}{
		{42, desktop.KeyShiftLeft}, {54, desktop.KeyShiftRight},
		{29, desktop.KeyControlLeft}, {97, desktop.KeyControlRight},
		{56, desktop.KeyAltLeft}, {100, desktop.KeyAltRight},
		{125, desktop.KeySuperLeft}, {126, desktop.KeySuperRight},
	} {
		t[m.code] = keyDef{name: m.name, kind: keyModifier, held: uint8(i)}
	}
	t[58] = keyDef{name: desktop.KeyCapsLock, kind: keyCapsLock}
	t[69] = keyDef{name: "NumLock", kind: keyNumLock}
	return t
}()
