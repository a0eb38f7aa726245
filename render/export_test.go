package render_test

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

func textOf(o fyne.CanvasObject) string {
	if t, ok := o.(*canvas.Text); ok && t.Visible() {
		return t.Text
	}
	return ""
}
