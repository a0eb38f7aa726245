package hmi_test

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/goldentest"
	"github.com/gohmi/gohmi/tags/drivers"
)

// goldenAt is the time golden snapshots show: trend axes do not follow the day.
var goldenAt = time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)

var update = flag.Bool("update", false, "rewrite golden images in testdata/")

// goldenSizes are the panels every demo screen is checked on: a small
// 800x480 touch panel, the design size and a full HD monitor.
var goldenSizes = []fyne.Size{{Width: 800, Height: 480}, {Width: 1280, Height: 800}, {Width: 1920, Height: 1080}}

// goldenCase is one golden picture of the demo.
type goldenCase struct {
	screen, fixture, theme string
	size                   fyne.Size
}

func (c goldenCase) name() string {
	name := c.screen + "-" + c.fixture
	if c.theme != "" {
		name += "-" + c.theme
	}
	return fmt.Sprintf("%s-%gx%g", name, c.size.Width, c.size.Height)
}

// goldenCases: every screen at every size, day and night, with the default
// fixture; comm-loss at the design size, day and night.
func goldenCases(p *hmi.Project) []goldenCase {
	var cs []goldenCase
	for _, screen := range p.ScreenNames() {
		for _, theme := range []string{"", "night"} {
			for _, size := range goldenSizes {
				cs = append(cs, goldenCase{screen, "default", theme, size})
			}
			cs = append(cs, goldenCase{screen, "comm-loss", theme, fyne.NewSize(1280, 800)})
		}
	}
	return cs
}

// TestDemoGolden paints every demo screen headless from each fixture and
// compares with testdata/<screen>-<fixture>[-<theme>]-<size>.png. The
// software painter is the reference: `go test ./hmi -run Golden -update`
// rewrites the goldens, and a mismatch writes testdata/failed/<name>.png to
// look at. The design canvas, text and controls scale with the panel.
func TestDemoGolden(t *testing.T) {
	p, err := hmi.Load(demo, drivers.Kinds())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range goldenCases(p) {
		t.Run(c.name(), func(t *testing.T) {
			img, err := hmi.Snapshot(p, hmi.SnapshotOptions{Screen: c.screen, Fixture: c.fixture, Theme: c.theme, Size: c.size, At: goldenAt})
			if err != nil {
				t.Fatal(err)
			}
			assertGolden(t, c.name(), img)
		})
	}
}

// TestBadQualityIsVisible states the intent of the comm-loss goldens: a
// tank whose level is Bad is outlined in magenta, not drawn as a level.
func TestBadQualityIsVisible(t *testing.T) {
	p, err := hmi.Load(demo, drivers.Kinds())
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
		goldentest.WritePNG(t, file, got)
		return
	}
	want, err := readPNG(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got.Pix, want.Pix) || got.Rect != want.Rect {
		failed := filepath.Join("testdata", "failed", name+".png")
		goldentest.WritePNG(t, failed, got)
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
	p, err := hmi.Load(demo, drivers.Kinds())
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
