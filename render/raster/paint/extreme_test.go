package paint_test

import (
	"image"
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/gohmi/gohmi/render/raster/paint"
)

// TestExtremeGeometry: absurd sizes, positions and widths (a style typo,
// a NaN from a bad expression) neither panic, nor allocate without bound,
// nor paint outside the clip.
func TestExtremeGeometry(t *testing.T) {
	newApp(t)
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	huge := float32(1e9)
	for _, tc := range []struct {
		name string
		o    fyne.CanvasObject
	}{
		{"huge rounded rect", place(rect(red, dark, 1e7, 1e8), -huge/2, -huge/2, huge, huge)},
		{"huge circle", place(circle(blue, dark, 1e6), -huge/2, -huge/2, huge, huge)},
		{"NaN rect", place(rect(red, dark, nan, nan), nan, nan, nan, nan)},
		{"infinite rect", place(rect(red, dark, inf, inf), -inf, -inf, inf, inf)},
		{"wide line", line(dark, 1e9, -huge, 0, huge, 50)},
		{"NaN line", line(dark, nan, nan, 0, 10, nan)},
		{"huge polygon", place(polygon(7, red, dark, 1e6, 1e7, 33), -huge/2, -huge/2, huge, huge)},
		{"huge arc", place(arc(0, 270, 0.5, red, dark, 1e6, 1e7), -huge/2, -huge/2, huge, huge)},
		{"huge text", place(text("88.8", 1e6, fyne.TextStyle{}, dark), 0, 0, 100, 100)},
		{"NaN text", place(text("88.8", nan, fyne.TextStyle{Italic: true}, dark), nan, 0, inf, 100)},
		{"huge raster", place(canvas.NewRasterWithPixels(func(x, y, w, h int) color.Color { return red }), 0, 0, huge, huge)},
		{"huge gradient", place(canvas.NewRadialGradient(red, blue), -huge/2, -huge/2, huge, huge)},
		{"huge image", place(canvas.NewImageFromResource(checkerRes), -huge/2, -huge/2, huge, huge)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkerRes = checker(t)
			clip := image.Rect(10, 10, 90, 90)
			for _, scale := range []float32{1, 3} {
				dst := sentinel(100, 100)
				paint.New().Paint(dst, clip, scale, bg, scene(tc.o))
				full := sentinel(100, 100)
				if d := compareOutside(full, dst, clip); d != "" {
					t.Errorf("scale %v: %s", scale, d)
				}
			}
		})
	}
}

// compareOutside checks that dst equals want outside clip.
func compareOutside(want, dst *image.RGBA, clip image.Rectangle) string {
	for y := want.Rect.Min.Y; y < want.Rect.Max.Y; y++ {
		for x := want.Rect.Min.X; x < want.Rect.Max.X; x++ {
			if !image.Pt(x, y).In(clip) && dst.RGBAAt(x, y) != want.RGBAAt(x, y) {
				return "pixel " + image.Pt(x, y).String() + " outside the clip changed"
			}
		}
	}
	return ""
}
