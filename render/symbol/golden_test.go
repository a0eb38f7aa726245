package symbol_test

import (
	"flag"
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/internal/goldentest"
	"github.com/gohmi/gohmi/render/symbol"
)

// Golden images: CGO_ENABLED=0 go test -tags migrated_fynedo ./render/symbol/
// A mismatch writes testdata/failed/<name>.png (Fyne's test package); to
// accept a new look, run with -update and look at the new PNGs before
// committing them.
var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// capture renders w on the palette's background at size and returns the image.
func capture(t *testing.T, w fyne.CanvasObject, size fyne.Size) image.Image {
	t.Helper()
	return show(t, w, size).Canvas().Capture()
}

// show puts w in a test window of the given size, unpadded, on the
// palette's background rather than the theme's.
func show(t *testing.T, w fyne.CanvasObject, size fyne.Size) fyne.Window {
	t.Helper()
	bg := canvas.NewRectangle(symbol.DefaultPalette().Background)
	win := test.NewTempWindow(t, container.NewStack(bg, w))
	win.SetPadded(false)
	win.Resize(size)
	return win
}

func golden(t *testing.T, name string, w fyne.CanvasObject, size fyne.Size) image.Image {
	t.Helper()
	img := capture(t, w, size)
	if *update {
		goldentest.WritePNG(t, filepath.Join("testdata", name), img)
		return img
	}
	test.AssertImageMatches(t, name, img)
	return img
}

func tank(v float64, s symbol.Status) *symbol.Tank {
	tk := symbol.NewTank()
	tk.SetLabel("T-101")
	tk.SetUnit("%")
	tk.SetValue(v)
	tk.SetStatus(s, "")
	return tk
}

func TestTankGolden(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name string
		v    float64
		s    symbol.Status
	}{
		{"tank_62.png", 62.5, symbol.Good},
		{"tank_empty.png", 0, symbol.Good},
		{"tank_full.png", 100, symbol.Good},
		{"tank_over.png", 123.4, symbol.Good},
		{"tank_uncertain.png", 62.5, symbol.Uncertain},
		{"tank_bad.png", 62.5, symbol.Bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, tank(tc.v, tc.s), fyne.NewSize(100, 200))
		})
	}
}

// near reports whether c is within tol of want in every channel.
func near(c color.Color, want color.Color, tol int) bool {
	r1, g1, b1, _ := c.RGBA()
	r2, g2, b2, _ := want.RGBA()
	d := func(a, b uint32) bool { x := int(a>>8) - int(b>>8); return x <= tol && x >= -tol }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

func bar(v float64, s symbol.Status, horizontal bool) *symbol.Bar {
	b := symbol.NewBar()
	b.SetHorizontal(horizontal)
	b.SetLabel("FT-201")
	b.SetRange(0, 250)
	b.SetUnit("m³/h")
	b.SetValue(v)
	b.SetStatus(s, "")
	return b
}

func TestBarGolden(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name       string
		v          float64
		s          symbol.Status
		horizontal bool
	}{
		{"bar_140.png", 140, symbol.Good, false},
		{"bar_uncertain.png", 140, symbol.Uncertain, false},
		{"bar_bad.png", 140, symbol.Bad, false},
		{"bar_h_140.png", 140, symbol.Good, true},
		{"bar_h_under.png", -20, symbol.Good, true},
		{"bar_h_bad.png", 140, symbol.Bad, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			size := fyne.NewSize(90, 200)
			if tc.horizontal {
				size = fyne.NewSize(200, 60)
			}
			golden(t, tc.name, bar(tc.v, tc.s, tc.horizontal), size)
		})
	}
}

func gauge(v float64, s symbol.Status) *symbol.Gauge {
	g := symbol.NewGauge()
	g.SetLabel("PT-301")
	g.SetRange(0, 16)
	g.SetUnit("bar")
	g.SetDecimals(2)
	g.SetValue(v)
	g.SetStatus(s, "")
	return g
}

func TestGaugeGolden(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		name string
		v    float64
		s    symbol.Status
	}{
		{"gauge_6.png", 6.25, symbol.Good},
		{"gauge_zero.png", 0, symbol.Good},
		{"gauge_full.png", 16, symbol.Good},
		{"gauge_uncertain.png", 6.25, symbol.Uncertain},
		{"gauge_bad.png", 6.25, symbol.Bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			golden(t, tc.name, gauge(tc.v, tc.s), fyne.NewSize(140, 160))
		})
	}
}
