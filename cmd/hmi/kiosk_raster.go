package main

import (
	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render/raster"
)

// closeKey is the raster panel's own input (evdev: its touch screen, a
// keyboard plugged into it) with Alt+F4 turned into the window's close
// request, as a window manager turns it on the GL backend: the raster
// backend has none. With --kiosk the request asks the kiosk's gate;
// without, the panel closes (exit 0), as a desktop window does. The web
// view's input is not wrapped: a viewer never closes the panel.
type closeKey struct {
	raster.Input
	win *raster.Window
}

// Key passes e on, or asks the window to close for Alt+F4.
func (c closeKey) Key(e raster.KeyEvent) {
	mods := e.Modifier & (fyne.KeyModifierShift | fyne.KeyModifierControl | fyne.KeyModifierAlt | fyne.KeyModifierSuper)
	if e.Name == fyne.KeyF4 && mods == fyne.KeyModifierAlt {
		if !e.Up {
			fyne.Do(c.win.CloseRequested)
		}
		return
	}
	c.Input.Key(e)
}
