package symbol_test

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/render/symbol"
)

func TestMinSize(t *testing.T) {
	test.NewTempApp(t)
	for name, tc := range map[string]struct {
		o    fyne.CanvasObject
		w, h float32
	}{
		"tank":  {symbol.NewTank(), 80, 160},
		"bar":   {symbol.NewBar(), 60, 160},
		"gauge": {symbol.NewGauge(), 120, 120},
		"lamp":  {symbol.NewLamp(), 16, 16},
		"pump":  {symbol.NewPump(), 48, 48},
		"valve": {symbol.NewValve(), 48, 48},
		"pipe":  {symbol.NewPipe([]fyne.Position{{X: 0, Y: 5}, {X: 120, Y: 5}, {X: 120, Y: 40}}), 120, 40},
	} {
		if m := tc.o.MinSize(); m.Width < tc.w || m.Height < tc.h {
			t.Errorf("%s MinSize %v, want at least %vx%v", name, m, tc.w, tc.h)
		}
	}
}

// TestLayoutScales draws symbols at twice their usual size: geometry
// follows the widget's size, text keeps the palette's size.
func TestLayoutScales(t *testing.T) {
	test.NewTempApp(t)
	golden(t, "tank_large.png", tank(37.5, symbol.Good), fyne.NewSize(160, 320))
	golden(t, "gauge_large.png", gauge(11.2, symbol.Good), fyne.NewSize(260, 280))
	p := symbol.NewPump()
	p.SetLabel("P-101")
	p.SetRunning(true)
	golden(t, "pump_large.png", p, fyne.NewSize(140, 160))
}

func TestSetPalette(t *testing.T) {
	test.NewTempApp(t)
	p := symbol.DefaultPalette()
	p.Fill = color.NRGBA{R: 0x20, G: 0x60, B: 0xc0, A: 0xff}
	p.TextSize = 18
	tk := tank(50, symbol.Good)
	tk.SetPalette(p)
	img := golden(t, "tank_palette.png", tk, fyne.NewSize(100, 200))
	expect(t, img, 50, 150, p.Fill, "tank level in the new palette's fill")
}

// TestSettersUpdateAShownSymbol checks that the setters' targeted updates
// reach the pixels of a symbol already on screen.
func TestSettersUpdateAShownSymbol(t *testing.T) {
	test.NewTempApp(t)
	tk := tank(0, symbol.Good)
	win := show(t, tk, fyne.NewSize(100, 200))
	expect(t, win.Canvas().Capture(), 50, 150, pal.Empty, "empty before SetValue")

	tk.SetValue(90)
	img := win.Canvas().Capture()
	expect(t, img, 50, 150, pal.Fill, "level after SetValue(90)")
	expect(t, img, 50, 35, pal.Empty, "above the level after SetValue(90)")

	tk.SetStatus(symbol.Bad, "no answer")
	img = win.Canvas().Capture()
	expect(t, img, 50, 150, pal.Empty, "no level after SetStatus(Bad)")
	expect(t, img, 2, 100, pal.Bad, "magenta outline after SetStatus(Bad)")

	tk.SetStatus(symbol.Good, "")
	expect(t, win.Canvas().Capture(), 50, 150, pal.Fill, "level back after SetStatus(Good)")
}
