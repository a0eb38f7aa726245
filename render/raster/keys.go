package raster

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// key hands one key event to the focused object, or to the canvas's
// handlers when nothing is focused, as Fyne's glfw driver does: KeyDown
// and KeyUp to a desktop.Keyable; Tab moves the focus unless the focused
// object takes tabs; control combinations are shortcuts; then TypedKey,
// and the character to TypedRune.
func (w *Window) key(e KeyEvent) {
	c := w.c
	if e.Name != "" {
		ev := &fyne.KeyEvent{Name: e.Name}
		if e.Up {
			if k, ok := c.Focused().(desktop.Keyable); ok {
				k.KeyUp(ev)
			} else if c.Focused() == nil && c.onKeyUp != nil {
				c.onKeyUp(ev)
			}
			return
		}
		if k, ok := c.Focused().(desktop.Keyable); ok {
			k.KeyDown(ev)
		} else if c.Focused() == nil && c.onKeyDown != nil {
			c.onKeyDown(ev)
		}
		if w.keyPressed(ev, e.Modifier) {
			return
		}
	}
	if e.Rune == 0 || e.Up || e.Modifier&(fyne.KeyModifierControl|fyne.KeyModifierAlt|fyne.KeyModifierSuper) != 0 {
		return
	}
	if f := c.Focused(); f != nil {
		f.TypedRune(e.Rune)
	} else if c.onTypedRune != nil {
		c.onTypedRune(e.Rune)
	}
}

// keyPressed handles Tab, shortcuts and TypedKey; it reports whether the
// key was a focus move or a shortcut (then it types no character).
func (w *Window) keyPressed(ev *fyne.KeyEvent, mod fyne.KeyModifier) bool {
	c := w.c
	other := mod & (fyne.KeyModifierControl | fyne.KeyModifierAlt | fyne.KeyModifierSuper)
	if ev.Name == fyne.KeyTab && other == 0 {
		if t, ok := c.Focused().(fyne.Tabbable); !ok || !t.AcceptsTab() {
			if mod&fyne.KeyModifierShift != 0 {
				c.FocusPrevious()
			} else {
				c.FocusNext()
			}
			return true
		}
	}
	if sc := w.shortcut(ev.Name, mod); sc != nil {
		w.typedShortcut(sc)
		return true
	}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else if c.onTypedKey != nil {
		c.onTypedKey(ev)
	}
	return false
}

// shortcut returns the shortcut the key makes with mod, or nil.
func (w *Window) shortcut(name fyne.KeyName, mod fyne.KeyModifier) fyne.Shortcut {
	clip := w.d.app.clip
	switch mod {
	case fyne.KeyModifierControl:
		switch name {
		case fyne.KeyZ:
			return &fyne.ShortcutUndo{}
		case fyne.KeyY:
			return &fyne.ShortcutRedo{}
		case fyne.KeyV:
			return &fyne.ShortcutPaste{Clipboard: clip}
		case fyne.KeyC, fyne.KeyInsert:
			return &fyne.ShortcutCopy{Clipboard: clip}
		case fyne.KeyX:
			return &fyne.ShortcutCut{Clipboard: clip}
		case fyne.KeyA:
			return &fyne.ShortcutSelectAll{}
		}
	case fyne.KeyModifierShift:
		switch name {
		case fyne.KeyInsert:
			return &fyne.ShortcutPaste{Clipboard: clip}
		case fyne.KeyDelete:
			return &fyne.ShortcutCut{Clipboard: clip}
		}
	}
	if mod != 0 && mod != fyne.KeyModifierShift && !isModifierKey(name) {
		return &desktop.CustomShortcut{KeyName: name, Modifier: mod}
	}
	return nil
}

func isModifierKey(n fyne.KeyName) bool {
	switch n {
	case desktop.KeyShiftLeft, desktop.KeyShiftRight, desktop.KeyControlLeft, desktop.KeyControlRight,
		desktop.KeyAltLeft, desktop.KeyAltRight, desktop.KeySuperLeft, desktop.KeySuperRight:
		return true
	}
	return false
}

// typedShortcut gives sc to the main menu, the focused object or the
// canvas's shortcuts. A disabled text field only copies.
func (w *Window) typedShortcut(sc fyne.Shortcut) {
	if w.menuShortcut(sc) {
		return
	}
	if s, ok := w.c.Focused().(fyne.Shortcutable); ok {
		if d, ok := s.(fyne.Disableable); ok && d.Disabled() && sc.ShortcutName() != "Copy" {
			return
		}
		s.TypedShortcut(sc)
		return
	}
	w.c.shortcuts.TypedShortcut(sc)
}

func (w *Window) menuShortcut(sc fyne.Shortcut) bool {
	if w.menu == nil {
		return false
	}
	for _, m := range w.menu.Items {
		if menuShortcut(sc, m) {
			return true
		}
	}
	return false
}

func menuShortcut(sc fyne.Shortcut, m *fyne.Menu) bool {
	for _, i := range m.Items {
		if i.Shortcut != nil && i.Shortcut.ShortcutName() == sc.ShortcutName() && i.Action != nil {
			i.Action()
			return true
		}
		if i.ChildMenu != nil && menuShortcut(sc, i.ChildMenu) {
			return true
		}
	}
	return false
}
