package symbol_test

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/render/symbol"
)

// Pixel probes state what the goldens are for, so a regenerated golden that
// breaks the intent still fails.

var pal = symbol.DefaultPalette()

func expect(t *testing.T, img image.Image, x, y int, want color.Color, what string) {
	t.Helper()
	if got := img.At(x, y); !near(got, want, 8) {
		t.Errorf("%s: pixel (%d,%d) is %v, want %v", what, x, y, got, want)
	}
}

// count returns how many pixels are within a small distance of c.
func count(img image.Image, c color.Color) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), c, 8) {
				n++
			}
		}
	}
	return n
}

// The tank at 100×200 has its vessel from y≈23 to y≈177.
func TestTankProbes(t *testing.T) {
	test.NewTempApp(t)
	size := fyne.NewSize(100, 200)

	full := capture(t, tank(100, symbol.Good), size)
	expect(t, full, 50, 30, pal.Fill, "full tank, top inside")
	expect(t, full, 50, 170, pal.Fill, "full tank, bottom inside")

	empty := capture(t, tank(0, symbol.Good), size)
	expect(t, empty, 50, 30, pal.Empty, "empty tank, top inside")
	expect(t, empty, 50, 170, pal.Empty, "empty tank, bottom inside")

	half := capture(t, tank(50, symbol.Good), size)
	expect(t, half, 50, 60, pal.Empty, "half tank, above the level")
	expect(t, half, 50, 140, pal.Fill, "half tank, below the level")

	over := capture(t, tank(250, symbol.Good), size)
	expect(t, over, 50, 30, pal.Fill, "over-range tank draws full")

	bad := capture(t, tank(62.5, symbol.Bad), size)
	expect(t, bad, 2, 100, pal.Bad, "Bad tank, left outline")
	expect(t, bad, 97, 100, pal.Bad, "Bad tank, right outline")
	if n := count(bad, pal.Fill); n != 0 {
		t.Errorf("Bad tank shows %d pixels of level fill, want none", n)
	}
	if n := count(bad, pal.Bad); n < 300 {
		t.Errorf("Bad tank has %d magenta pixels; the outline should be unmistakable", n)
	}

	unc := capture(t, tank(62.5, symbol.Uncertain), size)
	expect(t, unc, 2, 100, pal.Warning, "Uncertain tank, left outline")
	expect(t, unc, 50, 150, pal.Fill, "Uncertain tank still shows its level")
}

func TestBadHidesValueGraphics(t *testing.T) {
	test.NewTempApp(t)
	for name, w := range map[string]struct {
		o    fyne.CanvasObject
		size fyne.Size
	}{
		"bar":   {bar(200, symbol.Bad, false), fyne.NewSize(90, 200)},
		"gauge": {gauge(12, symbol.Bad), fyne.NewSize(140, 160)},
	} {
		img := capture(t, w.o, w.size)
		if n := count(img, pal.Fill); n != 0 {
			t.Errorf("Bad %s shows %d pixels of value fill, want none", name, n)
		}
		if n := count(img, pal.Bad); n < 100 {
			t.Errorf("Bad %s has only %d magenta pixels", name, n)
		}
	}
}

// The pump at 72×90 has its circle centred at (36, 36), radius ≈33; the
// triangle's tip points right, so (18, 36) is circle body, not triangle.
func TestPumpProbes(t *testing.T) {
	test.NewTempApp(t)
	size := fyne.NewSize(72, 90)
	p := symbol.NewPump()
	p.SetRunning(true)
	running := capture(t, p, size)
	expect(t, running, 12, 36, pal.Running, "running pump body")
	expect(t, running, 36, 36, pal.Surface, "running pump triangle")

	p = symbol.NewPump()
	stopped := capture(t, p, size)
	expect(t, stopped, 12, 36, pal.Stopped, "stopped pump body")

	p = symbol.NewPump()
	p.SetFault(true)
	fault := capture(t, p, size)
	expect(t, fault, 36, 3, pal.Alarm, "faulted pump outline")
}

func TestValveProbes(t *testing.T) {
	test.NewTempApp(t)
	size := fyne.NewSize(72, 90)
	v := symbol.NewValve()
	v.SetOpen(true)
	expect(t, capture(t, v, size), 20, 36, pal.Running, "open valve body")
	expect(t, capture(t, symbol.NewValve(), size), 20, 36, pal.Stopped, "closed valve body")
}

func TestStatusString(t *testing.T) {
	for s, want := range map[symbol.Status]string{symbol.Good: "good", symbol.Uncertain: "uncertain", symbol.Bad: "bad", 7: "Status(7)"} {
		if got := s.String(); got != want {
			t.Errorf("Status(%d).String() = %q, want %q", s, got, want)
		}
	}
}
