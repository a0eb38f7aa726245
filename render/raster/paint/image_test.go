package paint_test

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"

	"github.com/gohmi/gohmi/render/raster/paint"
)

// checker is a 4×2 PNG of red and blue squares with a translucent corner.
func checker(t testing.TB) fyne.Resource {
	img := image.NewNRGBA(image.Rect(0, 0, 4, 2))
	for y := 0; y < 2; y++ {
		for x := 0; x < 4; x++ {
			c := red
			if (x+y)%2 == 1 {
				c = blue
			}
			img.Set(x, y, c)
		}
	}
	img.Set(3, 1, half)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return fyne.NewStaticResource("checker.png", b.Bytes())
}

func imageScene(t testing.TB) []fyne.CanvasObject {
	res := checker(t)
	img := func(r fyne.Resource, fill canvas.ImageFill, mode canvas.ImageScale) *canvas.Image {
		i := canvas.NewImageFromResource(r)
		i.FillMode, i.ScaleMode = fill, mode
		return i
	}
	faded := img(res, canvas.ImageFillStretch, canvas.ImageScalePixels)
	faded.Translucency = 0.5
	rounded := img(res, canvas.ImageFillStretch, canvas.ImageScalePixels)
	rounded.CornerRadius = 12
	direct := canvas.NewImageFromImage(image.NewUniform(green))
	direct.Image = image.NewRGBA(image.Rect(0, 0, 10, 10))
	for i := range direct.Image.(*image.RGBA).Pix {
		direct.Image.(*image.RGBA).Pix[i] = 0x80
	}
	return scene(
		place(img(res, canvas.ImageFillStretch, canvas.ImageScalePixels), 5, 5, 80, 40),
		place(img(res, canvas.ImageFillContain, canvas.ImageScalePixels), 90, 5, 80, 80),
		place(img(res, canvas.ImageFillCover, canvas.ImageScalePixels), 175, 5, 40, 40),
		place(img(res, canvas.ImageFillStretch, canvas.ImageScaleSmooth), 5, 50, 80, 40),
		place(faded, 50, 30, 80, 40),
		place(rounded, 175, 50, 60, 40),
		place(img(theme.HomeIcon(), canvas.ImageFillContain, canvas.ImageScaleSmooth), 5, 100, 40, 40),
		place(img(theme.NewPrimaryThemedResource(theme.WarningIcon()), canvas.ImageFillContain, canvas.ImageScaleSmooth), 50, 100, 40, 40),
		place(img(theme.NewErrorThemedResource(theme.DeleteIcon()), canvas.ImageFillContain, canvas.ImageScaleSmooth), 95, 100, 80, 40),
		place(img(theme.FyneLogo(), canvas.ImageFillContain, canvas.ImageScaleSmooth), 180, 100, 40, 40),
		place(direct, 225, 5, 20, 20),
	)
}

func TestImages(t *testing.T) {
	newApp(t)
	p := paint.New()
	img := paintAll(p, 250, 150, 1, imageScene(t))
	golden(t, "images", img, 2)
	expect(t, img, 5, 5, red) // stretched pixels: the first source pixel
	golden(t, "images_x2", paintAll(p, 500, 300, 2, imageScene(t)), 2)
}

func gradientScene() []fyne.CanvasObject {
	radial := canvas.NewRadialGradient(red, blue)
	radial.CenterOffsetX, radial.CenterOffsetY = 0.2, -0.1
	pixels := canvas.NewRasterWithPixels(func(x, y, w, h int) color.Color {
		return color.NRGBA{R: uint8(x * 255 / w), G: uint8(y * 255 / h), B: 0x80, A: 0xff}
	})
	gen := canvas.NewRaster(func(w, h int) image.Image { // a fixed-size image, scaled
		m := image.NewRGBA(image.Rect(0, 0, 2, 2))
		m.Set(0, 0, red)
		m.Set(1, 1, blue)
		return m
	})
	gen.ScaleMode = canvas.ImageScalePixels
	gen.Translucency = 0.25
	return scene(
		place(canvas.NewHorizontalGradient(red, blue), 5, 5, 100, 30),
		place(canvas.NewVerticalGradient(green, nil), 110, 5, 30, 60),
		place(canvas.NewLinearGradient(dark, bg, 45), 145, 5, 60, 60),
		place(canvas.NewLinearGradient(half, red, 180), 5, 40, 100, 25),
		place(radial, 5, 70, 100, 60),
		place(pixels, 110, 70, 60, 60),
		place(gen, 175, 70, 30, 30),
	)
}

func TestGradientsAndRasters(t *testing.T) {
	newApp(t)
	p := paint.New()
	img := paintAll(p, 210, 135, 1, gradientScene())
	golden(t, "gradients", img, 1)
	expect(t, img, 175, 70, blend(bg, color.NRGBA{R: red.R, G: red.G, B: red.B, A: 0xbf}))
	golden(t, "gradients_x2", paintAll(p, 420, 270, 2, gradientScene()), 1)
}

// TestImageSources: a PNG file, a JPEG resource, a file changed on disk
// (repainted), and a missing file or a corrupt resource (nothing painted,
// no panic).
func TestImageSources(t *testing.T) {
	newApp(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "checker.png")
	if err := os.WriteFile(file, checker(t).Content(), 0o644); err != nil {
		t.Fatal(err)
	}
	var jb bytes.Buffer
	solid := image.NewRGBA(image.Rect(0, 0, 8, 8))
	draw.Draw(solid, solid.Rect, image.NewUniform(green), image.Point{}, draw.Src)
	if err := jpeg.Encode(&jb, solid, &jpeg.Options{Quality: 100}); err != nil {
		t.Fatal(err)
	}
	fromFile := canvas.NewImageFromFile(file)
	fromFile.ScaleMode = canvas.ImageScalePixels
	jpg := canvas.NewImageFromResource(fyne.NewStaticResource("solid.jpg", jb.Bytes()))
	missing := canvas.NewImageFromFile(filepath.Join(dir, "missing.png"))
	corrupt := canvas.NewImageFromResource(fyne.NewStaticResource("bad.png", []byte("\x89PNG\r\n\x1a\nnot really")))
	roots := scene(place(fromFile, 0, 0, 40, 20), place(jpg, 50, 0, 20, 20), place(missing, 0, 30, 20, 20), place(corrupt, 30, 30, 20, 20))
	p := paint.New()
	img := paintAll(p, 80, 60, 1, roots)
	expect(t, img, 0, 0, red)
	expect(t, img, 10, 0, blue)
	if c := img.RGBAAt(60, 10); c.G < 0x90 || c.R > 0x40 {
		t.Errorf("JPEG pixel %v, want about %v", c, green)
	}
	expect(t, img, 10, 40, bg)
	expect(t, img, 40, 40, bg)

	// the file changes on disk (another size and time): the next paint shows it
	blueOnly := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	draw.Draw(blueOnly, blueOnly.Rect, image.NewUniform(blue), image.Point{}, draw.Src)
	var pb bytes.Buffer
	if err := png.Encode(&pb, blueOnly); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, pb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	img = paintAll(p, 80, 60, 1, roots)
	expect(t, img, 0, 0, blue)
}
