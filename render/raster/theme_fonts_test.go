package raster_test

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// monoTheme is Fyne's default theme with the monospace font for every
// text and a dark background.
type monoTheme struct{ fyne.Theme }

func (monoTheme) Font(fyne.TextStyle) fyne.Resource { return theme.DefaultTextMonospaceFont() }

func (m monoTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if n == theme.ColorNameBackground {
		return color.NRGBA{R: 20, G: 30, B: 40, A: 255}
	}
	return m.Theme.Color(n, v)
}

// TestThemeChangeFonts: a theme change repaints with the new theme's fonts
// and background, and the value changes after it too: every frame is what
// a new painter paints of the same content whole.
func TestThemeChangeFonts(t *testing.T) {
	a := raster.NewApp(raster.Options{Size: fyne.NewSize(320, 120), Painter: paint.New(), Clock: clocktest.New(t0)})
	w := a.NewWindow("fonts").(*raster.Window)
	w.SetPadded(false)
	value := canvas.NewText("21.5 °C", color.Black)
	w.SetContent(container.NewVBox(widget.NewLabel("Pump 1 running"), value))
	check := func(step string) *image.RGBA {
		t.Helper()
		frame, _ := w.Frame()
		got := copyRGBA(frame)
		want := image.NewRGBA(got.Rect)
		bg := fyne.CurrentApp().Settings().Theme().Color(theme.ColorNameBackground, fyne.CurrentApp().Settings().ThemeVariant())
		paint.New().Paint(want, want.Rect, 1, bg, []fyne.CanvasObject{w.Content()})
		if p := firstDiff(got, want); p != nil {
			t.Fatalf("%s: pixel %v is %v, a new painter paints %v", step, *p, got.At(p.X, p.Y), want.At(p.X, p.Y))
		}
		return got
	}
	before := check("first frame")
	value.Text = "22.0 °C"
	value.Refresh()
	check("a value changed")
	a.Settings().SetTheme(monoTheme{theme.DefaultTheme()})
	after := check("the theme changed")
	if firstDiff(before, after) == nil {
		t.Fatal("the theme change painted nothing new")
	}
	for _, v := range []string{"22.5 °C", "23.0 °C"} {
		value.Text = v
		value.Refresh()
		check("a value changed after the theme: " + v)
	}
}
