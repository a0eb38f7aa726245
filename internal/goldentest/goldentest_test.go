package goldentest_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/gohmi/gohmi/internal/goldentest"
)

// TestWritePNG: the file is made with its missing directories and decodes
// to the same pixels.
func TestWritePNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	img.SetNRGBA(1, 1, color.NRGBA{R: 0x3c, G: 0x5a, B: 0x78, A: 0xff})
	file := filepath.Join(t.TempDir(), "failed", "deeper", "x.png")
	goldentest.WritePNG(t, file, img)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if got.Bounds() != img.Bounds() {
		t.Fatalf("bounds %v, want %v", got.Bounds(), img.Bounds())
	}
	for y := 0; y < 2; y++ {
		for x := 0; x < 3; x++ {
			if g, w := color.NRGBAModel.Convert(got.At(x, y)), img.At(x, y); g != w {
				t.Errorf("(%d,%d) = %v, want %v", x, y, g, w)
			}
		}
	}
}
