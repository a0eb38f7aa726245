package hmi_test

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
)

var update = flag.Bool("update", false, "rewrite golden images in testdata/")

// TestDemoGolden paints every demo screen headless from each fixture and
// compares with testdata/<screen>-<fixture>.png. The software painter is
// the reference: `go test ./hmi -run Golden -update` rewrites the goldens,
// and a mismatch writes testdata/failed/<name>.png to look at.
func TestDemoGolden(t *testing.T) {
	p, err := hmi.Load(demo)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct{ fixture, theme string }{{"default", ""}, {"comm-loss", ""}, {"default", "night"}, {"comm-loss", "night"}} {
		for _, screen := range p.ScreenNames() {
			name := screen + "-" + v.fixture
			if v.theme != "" {
				name += "-" + v.theme
			}
			t.Run(name, func(t *testing.T) {
				img, err := hmi.Snapshot(p, hmi.SnapshotOptions{Screen: screen, Fixture: v.fixture, Theme: v.theme})
				if err != nil {
					t.Fatal(err)
				}
				assertGolden(t, name, img)
			})
		}
	}
}

// TestDemoGoldenSmallPanel paints the overview on an 800x480 panel: the
// design canvas, text and controls scale together.
func TestDemoGoldenSmallPanel(t *testing.T) {
	p, err := hmi.Load(demo)
	if err != nil {
		t.Fatal(err)
	}
	img, err := hmi.Snapshot(p, hmi.SnapshotOptions{Screen: "overview", Fixture: "default", Size: fyne.NewSize(800, 480)})
	if err != nil {
		t.Fatal(err)
	}
	assertGolden(t, "overview-default-800x480", img)
}

// TestBadQualityIsVisible states the intent of the comm-loss goldens: a
// tank whose level is Bad is outlined in magenta, not drawn as a level.
func TestBadQualityIsVisible(t *testing.T) {
	p, err := hmi.Load(demo)
	if err != nil {
		t.Fatal(err)
	}
	good, err := hmi.Snapshot(p, hmi.SnapshotOptions{Screen: "overview", Fixture: "default"})
	if err != nil {
		t.Fatal(err)
	}
	bad, err := hmi.Snapshot(p, hmi.SnapshotOptions{Screen: "overview", Fixture: "comm-loss"})
	if err != nil {
		t.Fatal(err)
	}
	tk102 := image.Rect(740, 110, 900, 450) // TK-102's place on the design canvas
	magenta := color.NRGBA{0xff, 0x00, 0xff, 0xff}
	if count(good, tk102, magenta) != 0 {
		t.Error("TK-102 shows magenta with good data")
	}
	if n := count(bad, tk102, magenta); n < 200 {
		t.Errorf("TK-102 with Bad data has %d magenta pixels, want an unmistakable outline", n)
	}
	tk101 := image.Rect(200, 110, 360, 450)
	if count(bad, tk101, magenta) != 0 {
		t.Error("TK-101 (still good) shows magenta")
	}
}

func count(img image.Image, r image.Rectangle, c color.NRGBA) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if color.NRGBAModel.Convert(img.At(x, y)) == c {
				n++
			}
		}
	}
	return n
}

func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	file := filepath.Join("testdata", name+".png")
	got := toNRGBA(img)
	if *update {
		writePNG(t, file, got)
		return
	}
	want, err := readPNG(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Pix, want.Pix) || got.Rect != want.Rect {
		failed := filepath.Join("testdata", "failed", name+".png")
		writePNG(t, failed, got)
		t.Errorf("%s differs from %s (%d pixels); wrote %s", name, file, diffPixels(got, want), failed)
	}
}

func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	out := image.NewNRGBA(img.Bounds())
	draw.Draw(out, out.Rect, img, img.Bounds().Min, draw.Src)
	return out
}

func readPNG(file string) (*image.NRGBA, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		return nil, err
	}
	return toNRGBA(img), nil
}

func writePNG(t *testing.T, file string, img image.Image) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func diffPixels(a, b *image.NRGBA) int {
	if a.Rect != b.Rect {
		return a.Rect.Dx() * a.Rect.Dy()
	}
	n := 0
	for i := 0; i+3 < len(a.Pix); i += 4 {
		if !bytes.Equal(a.Pix[i:i+4], b.Pix[i:i+4]) {
			n++
		}
	}
	return n
}

func TestSnapshotUnknownTheme(t *testing.T) {
	p, err := hmi.Load(demo)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Themes(); len(got) != 1 || got[0] != "night" {
		t.Errorf("themes %v, want [night]", got)
	}
	_, err = hmi.Snapshot(p, hmi.SnapshotOptions{Theme: "nigth"})
	if err == nil || !strings.Contains(err.Error(), `did you mean "night"`) {
		t.Errorf("unknown theme: %v", err)
	}
}
