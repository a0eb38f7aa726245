package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gohmi/gohmi/internal/chromiumtest"
)

// What the raster backend's end-to-end tests (raster_e2e_test.go) share:
// the binary as a panel runs it (CGO_ENABLED=0, raster only), built once,
// and one headless Chromium; TestMain stops them through gl.atEnd.

// rasterEnv is the pure-Go binary and the browser, each made once.
type rasterEnv struct {
	build  sync.Once
	bin    string
	binErr error

	chrome    sync.Once
	browser   context.Context // the browser's chromedp context; tabs derive from it
	chromeErr error
}

var rasterTest rasterEnv

// needRasterBinary returns hmi built with CGO_ENABLED=0, as it is copied
// onto a GPU-less panel: no GL window, the raster backend only.
func needRasterBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("short")
	}
	rasterTest.build.Do(func() {
		dir, err := os.MkdirTemp("", "hmi-raster-test")
		if err != nil {
			rasterTest.binErr = err
			return
		}
		gl.atEnd(func() { os.RemoveAll(dir) })
		rasterTest.bin = filepath.Join(dir, "hmi")
		build := exec.Command("go", "build", "-tags", "migrated_fynedo,no_emoji", "-o", rasterTest.bin, ".")
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			rasterTest.binErr = errors.New("CGO_ENABLED=0 build: " + err.Error() + "\n" + string(out))
		}
	})
	if rasterTest.binErr != nil {
		t.Fatal(rasterTest.binErr)
	}
	return rasterTest.bin
}

// needChromium returns the shared headless Chromium's context. Without
// Debian's chromium (scripts/deps.sh test installs it) the test skips, or
// fails under CI=true.
func needChromium(t testing.TB) context.Context {
	t.Helper()
	path := chromiumtest.Need(t)
	rasterTest.chrome.Do(func() {
		var stop func()
		rasterTest.browser, stop, rasterTest.chromeErr = chromiumtest.Start(path, chromedp.WindowSize(1400, 900))
		if stop != nil {
			gl.atEnd(stop)
		}
	})
	if rasterTest.chromeErr != nil {
		t.Fatal(rasterTest.chromeErr)
	}
	return rasterTest.browser
}

// frozenDemo copies the demo and makes it hold still, so that the pixels
// of two painters, or of two moments, can be compared exactly: the
// simulator samples its signals once at the start (a tick of an hour),
// the clear-water tank starts at mid-range (no alarm, nothing blinks) and
// the panel starts on the pump's screen (no trend whose time axis moves).
// Values then change only when the test writes them.
func frozenDemo(t testing.TB) string {
	t.Helper()
	dir := copyDir(t, "../../screens/demo")
	path := filepath.Join(dir, "hmi.yaml")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct{ old, new string }{
		{"tick: 100ms", "tick: 1h"},
		{"min: 22, max: 94, phase: 0.3", "min: 22, max: 94"},
		{"start: overview", "start: pump"},
	} {
		if !bytes.Contains(src, []byte(e.old)) {
			t.Fatalf("screens/demo/hmi.yaml has no %q any more: update frozenDemo", e.old)
		}
		src = bytes.Replace(src, []byte(e.old), []byte(e.new), 1)
	}
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// startRaster runs `hmi run dir --backend raster` with a status server and
// the extra flags, in a fresh data directory, with no X display.
func startRaster(t testing.TB, dir string, extra ...string) (p *hmiProc, status string) {
	t.Helper()
	bin := needRasterBinary(t)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	env = append(env, "LANG=en_US.UTF-8")
	args := append([]string{"run", dir, "--backend", "raster", "--status-addr", "127.0.0.1:0", "--data", t.TempDir(), "--watch", "off"}, extra...)
	p = startHMIEnv(t, bin, env, args...)
	return p, p.statusAddr(t)
}

var webURLRe = regexp.MustCompile(`msg="web view" url=(\S+)`)

// fbFile makes a zeroed file the size of a w×h framebuffer of bpp bytes
// per pixel, as --fb-geometry wants.
func fbFile(t *testing.T, w, h, bpp int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fb")
	if err := os.WriteFile(path, make([]byte, w*h*bpp), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readFB decodes a file-backed framebuffer of w×h pixels in format
// (XRGB8888 or RGB565, the machine's byte order, as the kernel's).
func readFB(t *testing.T, path string, w, h int, format string) *image.RGBA {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	ne := binary.NativeEndian
	for i := range w * h {
		var c color.RGBA
		switch format {
		case "XRGB8888":
			v := ne.Uint32(b[4*i:])
			c = color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
		case "RGB565":
			v := ne.Uint16(b[2*i:])
			c = color.RGBA{uint8(v>>11) << 3, uint8(v>>5&0x3f) << 2, uint8(v&0x1f) << 3, 0xff}
		default:
			t.Fatalf("readFB: format %s", format)
		}
		img.SetRGBA(i%w, i/w, c)
	}
	return img
}

// to565 drops the bits RGB565 has no room for, as the framebuffer does.
func to565(img image.Image) *image.RGBA {
	r := img.Bounds()
	out := image.NewRGBA(r)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			out.SetRGBA(x, y, color.RGBA{c.R &^ 7, c.G &^ 3, c.B &^ 7, 0xff})
		}
	}
	return out
}

// pixelDiff says how a and b differ ("" when they have the same size and
// the same colours everywhere; alpha is not compared, the panel is
// opaque).
func pixelDiff(a, b image.Image) string {
	if a.Bounds().Size() != b.Bounds().Size() {
		return fmt.Sprintf("size %v, want %v", a.Bounds().Size(), b.Bounds().Size())
	}
	pa, pb := toRGBA(a), toRGBA(b)
	n, first := 0, -1
	for i := 0; i < len(pa.Pix); i += 4 {
		if pa.Pix[i] != pb.Pix[i] || pa.Pix[i+1] != pb.Pix[i+1] || pa.Pix[i+2] != pb.Pix[i+2] {
			if n == 0 {
				first = i / 4
			}
			n++
		}
	}
	if n == 0 {
		return ""
	}
	w := pa.Rect.Dx()
	at := image.Pt(first%w, first/w)
	return fmt.Sprintf("%d pixels differ, the first at %v: %v, want %v", n, at, pa.RGBAAt(at.X, at.Y), pb.RGBAAt(at.X, at.Y))
}

// toRGBA returns img as an *image.RGBA at the origin, copied if need be.
func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) && r.Stride == 4*r.Rect.Dx() {
		return r
	}
	r := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(r, r.Rect, img, img.Bounds().Min, draw.Src)
	return r
}

// viewer is one browser tab showing a running panel's web view.
type viewer struct {
	t   testing.TB
	ctx context.Context
}

// openViewer opens url in a new tab of the shared browser and waits for
// its first drawn frame.
func openViewer(t testing.TB, url string) *viewer {
	t.Helper()
	tctx, cancel := chromedp.NewContext(needChromium(t))
	t.Cleanup(cancel)
	ctx, stop := context.WithTimeout(tctx, 60*time.Second) // no step of a test waits longer
	t.Cleanup(stop)
	v := &viewer{t: t, ctx: ctx}
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	evalJS[int](v, "gohmi.wait(0)")
	return v
}

// evalJS evaluates a JavaScript expression in v's page (promises awaited).
func evalJS[T any](v *viewer, js string) T {
	v.t.Helper()
	r, err := chromedp.Run(v.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		v.t.Fatalf("evaluate %s: %v", js, err)
	}
	return r
}

// pixels reads the page's canvas back.
func (v *viewer) pixels() *image.RGBA {
	v.t.Helper()
	img, err := chromiumtest.CanvasPixels(v.ctx, "panel")
	if err != nil {
		v.t.Fatal(err)
	}
	return img
}

// click clicks the centre of panel pixel (x, y) with the mouse, through
// the canvas's scale in the page.
func (v *viewer) click(x, y int) {
	v.t.Helper()
	px, py, err := chromiumtest.CanvasPoint(v.ctx, "panel", x, y)
	if err != nil {
		v.t.Fatal(err)
	}
	if err := chromedp.Do(v.ctx, chromedp.MouseClickXY(px, py)); err != nil {
		v.t.Fatalf("click (%d,%d): %v", x, y, err)
	}
}
