package paint_test

import (
	"image"
	"image/color"
	"image/draw"
	"runtime"
	"testing"

	"fyne.io/fyne/v2/canvas"
	xdraw "golang.org/x/image/draw"

	"github.com/gohmi/gohmi/render/raster/paint"
)

// TestRasterScaledInPlace: a raster whose generator answers a size a
// pixel off its box (a trend plot laid out at the ceiling of its size),
// shown pixel for pixel and opaque, is scaled straight into the frame:
// the same pixels as scaling it into an image of the box's size and
// drawing that over the frame, whole or clipped, without allocating such
// an image at every frame.
func TestRasterScaledInPlace(t *testing.T) {
	newApp(t)
	src := image.NewRGBA(image.Rect(0, 0, 51, 31)) // the box is 50x30
	for y := range 31 {
		for x := range 51 {
			c := color.RGBA{R: uint8(x * 5), G: uint8(y * 8), B: 0x40, A: 0xff}
			if (x+y)%7 == 0 { // translucent pixels too, premultiplied
				c = color.RGBA{R: uint8(x), G: 0x10, B: 0x20, A: 0x80}
			}
			src.SetRGBA(x, y, c)
		}
	}
	r := canvas.NewRaster(func(w, h int) image.Image { return src })
	r.ScaleMode = canvas.ImageScalePixels
	roots := scene(place(r, 10, 10, 50, 30))
	box := image.Rect(10, 10, 60, 40)

	want := paintAll(paint.New(), 80, 60, 1, scene()) // the background
	scaled := image.NewRGBA(image.Rectangle{Max: box.Size()})
	xdraw.NearestNeighbor.Scale(scaled, scaled.Rect, src, src.Rect, xdraw.Src, nil)
	draw.Draw(want, box, scaled, image.Point{}, draw.Over)

	p := paint.New()
	got := paintAll(p, 80, 60, 1, roots)
	if d := firstDiff(got, want); d != nil {
		t.Fatalf("whole: pixel %v is %v, want %v", *d, got.At(d.X, d.Y), want.At(d.X, d.Y))
	}
	clip := image.Rect(25, 5, 45, 22)
	draw.Draw(got, clip, image.NewUniform(color.Black), image.Point{}, draw.Src)
	p.Paint(got, clip, 1, bg, roots)
	if d := firstDiff(got, want); d != nil {
		t.Fatalf("clipped to %v: pixel %v is %v, want %v", clip, *d, got.At(d.X, d.Y), want.At(d.X, d.Y))
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range 10 {
		p.Paint(got, got.Rect, 1, bg, roots)
	}
	runtime.ReadMemStats(&after)
	if n, image := after.TotalAlloc-before.TotalAlloc, uint64(4*box.Dx()*box.Dy()); n >= image {
		t.Errorf("10 frames allocated %d bytes, want less than one scaled image's %d", n, image)
	}
}

// firstDiff is the first pixel where a and b differ, nil for none.
func firstDiff(a, b *image.RGBA) *image.Point {
	for y := a.Rect.Min.Y; y < a.Rect.Max.Y; y++ {
		for x := a.Rect.Min.X; x < a.Rect.Max.X; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				return &image.Point{X: x, Y: y}
			}
		}
	}
	return nil
}
