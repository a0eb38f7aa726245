package hmi

import (
	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render"
)

// followWindowTheme gives the app's theme (what dialogs, the keypad and the
// window's background draw with) the palette of the screen on show, so that
// a confirm dialog is dark in a night theme too. Fyne keeps one theme per
// app: CurrentApp is the accepted edge here. UI goroutine.
func (r *Runtime) followWindowTheme(sc *render.Scene) {
	a := fyne.CurrentApp()
	if sc == nil || a == nil {
		return
	}
	t := sc.WindowTheme()
	if old, ok := a.Settings().Theme().(render.Theme); ok && sameColors(old.Colors, t.Colors) {
		return
	}
	a.Settings().SetTheme(t)
}

func sameColors(a, b *render.Colors) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
