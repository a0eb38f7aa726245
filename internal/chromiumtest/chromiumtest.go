// Package chromiumtest starts the headless Chromium that the browser tests
// drive through chromedp (render/raster/web, hmi/netsec, cmd/hmi) and
// reads a page's canvas back as pixels. It is imported by tests only.
package chromiumtest

import (
	"context"
	"encoding/base64"
	"fmt"
	"image"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Path returns Debian's Chromium on PATH ("chromium", else
// "chromium-browser"), or "" when there is none.
func Path() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Need returns Chromium's path. Without one the test is skipped, or fails
// under CI=true (scripts/deps.sh test installs it).
func Need(t testing.TB) string {
	t.Helper()
	p := Path()
	if p == "" {
		const msg = "chromium is not installed (scripts/deps.sh test installs it)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// Start starts the headless Chromium at path, with extra options after
// chromedp's defaults and these: no sandbox (tests run as root in CI and
// here), no GPU, and a device scale factor of 1, so that a canvas pixel
// is a CSS pixel. It returns the browser's context, from which tabs
// derive (chromedp.NewContext), and the function that stops the browser.
func Start(path string, extra ...chromedp.ExecAllocatorOption) (browser context.Context, stop func(), err error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("force-device-scale-factor", "1"),
	)
	actx, acancel := chromedp.NewExecAllocator(context.Background(), append(opts, extra...)...)
	bctx, bcancel := chromedp.NewContext(actx)
	stop = func() { bcancel(); acancel() }
	if err := chromedp.Do(bctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("start chromium %s: %v", path, err)
	}
	return bctx, stop, nil
}

// CanvasPixels reads the pixels of the canvas whose element id is id, in
// the page of the tab ctx, back with getImageData.
func CanvasPixels(ctx context.Context, id string) (*image.RGBA, error) {
	v, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		W, H int
		B64  string
	}](fmt.Sprintf(`(() => {
		const c = document.getElementById(%q);
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let s = "";
		for (let i = 0; i < d.length; i += 0x8000) s += String.fromCharCode.apply(null, d.subarray(i, i + 0x8000));
		return { W: c.width, H: c.height, B64: btoa(s) };
	})()`, id)))
	if err != nil {
		return nil, fmt.Errorf("read canvas #%s: %v", id, err)
	}
	pix, err := base64.StdEncoding.DecodeString(v.B64)
	if err != nil || len(pix) != v.W*v.H*4 {
		return nil, fmt.Errorf("canvas #%s pixels: %d bytes for %dx%d: %v", id, len(pix), v.W, v.H, err)
	}
	return &image.RGBA{Pix: pix, Stride: v.W * 4, Rect: image.Rect(0, 0, v.W, v.H)}, nil
}

// CanvasPoint returns where the centre of pixel (x, y) of the canvas whose
// element id is id is on the page of the tab ctx, in CSS pixels, through
// the canvas's scale: where a click lands on that pixel.
func CanvasPoint(ctx context.Context, id string, x, y int) (px, py float64, err error) {
	r, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ L, T, W, H, CW, CH float64 }](fmt.Sprintf(`(() => {
		const c = document.getElementById(%q), r = c.getBoundingClientRect();
		return { L: r.left, T: r.top, W: r.width, H: r.height, CW: c.width, CH: c.height };
	})()`, id)))
	if err != nil {
		return 0, 0, fmt.Errorf("canvas #%s geometry: %v", id, err)
	}
	return r.L + (float64(x)+0.5)*r.W/r.CW, r.T + (float64(y)+0.5)*r.H/r.CH, nil
}
