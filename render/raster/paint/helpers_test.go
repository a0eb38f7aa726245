package paint_test

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gohmi/gohmi/internal/goldentest"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// Golden images: CGO_ENABLED=0 go test -tags migrated_fynedo,no_emoji ./render/raster/paint/
// A mismatch writes testdata/failed/<name>.png; -update rewrites the
// goldens (look at them before committing).
var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

var bg = color.NRGBA{R: 0xf0, G: 0xf0, B: 0xe8, A: 0xff}

// place moves and resizes o and returns it.
func place[T fyne.CanvasObject](o T, x, y, w, h float32) T {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
	return o
}

// scene is a tree without layout holding objs.
func scene(objs ...fyne.CanvasObject) []fyne.CanvasObject {
	c := container.NewWithoutLayout(objs...)
	return []fyne.CanvasObject{c}
}

// paintAll paints roots whole into a w×h image at scale.
func paintAll(p *paint.Painter, w, h int, scale float32, roots []fyne.CanvasObject) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	p.Paint(dst, dst.Rect, scale, bg, roots)
	return dst
}

// newApp starts Fyne's test app for t, with Fyne's default theme (its
// fonts cover every text style; the test theme's do not).
func newApp(t testing.TB) {
	test.NewTempApp(t).Settings().SetTheme(theme.DefaultTheme())
}

// golden compares img with testdata/name.png. tol is the largest
// difference allowed in a channel: 0 where the pixels come from integer
// arithmetic alone; anti-aliased coverage comes from golang.org/x/image/
// vector, whose accumulation is SIMD floating point on amd64 and scalar
// elsewhere, so shapes and text may differ by a level or two per channel
// on another architecture.
func golden(t *testing.T, name string, img *image.RGBA, tol int) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		goldentest.WritePNG(t, path, img)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("golden %s: %v (run with -update)", path, err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("golden %s: %v", path, err)
	}
	if d := diff(want, img, tol); d != "" {
		goldentest.WritePNG(t, filepath.Join("testdata", "failed", name+".png"), img)
		t.Errorf("%s: %s (wrote testdata/failed/%s.png)", name, d, name)
	}
}

// diff describes how a and b differ beyond tol, "" if they do not.
func diff(a image.Image, b *image.RGBA, tol int) string {
	if a.Bounds() != b.Bounds() {
		return fmt.Sprintf("bounds %v, want %v", b.Bounds(), a.Bounds())
	}
	bad, first := 0, image.Point{}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			w := color.RGBAModel.Convert(a.At(x, y)).(color.RGBA)
			g := b.RGBAAt(x, y)
			if absDiff(w.R, g.R) > tol || absDiff(w.G, g.G) > tol || absDiff(w.B, g.B) > tol || absDiff(w.A, g.A) > tol {
				if bad == 0 {
					first = image.Pt(x, y)
				}
				bad++
			}
		}
	}
	if bad == 0 {
		return ""
	}
	return fmt.Sprintf("%d pixels differ by more than %d, first at %v: %v, want %v", bad, tol, first, b.At(first.X, first.Y), a.At(first.X, first.Y))
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// expect checks the colour of one pixel (a probe stating intent).
func expect(t *testing.T, img *image.RGBA, x, y int, want color.Color) {
	t.Helper()
	w := color.RGBAModel.Convert(want).(color.RGBA)
	if g := img.RGBAAt(x, y); g != w {
		t.Errorf("pixel (%d,%d) = %v, want %v", x, y, g, w)
	}
}
