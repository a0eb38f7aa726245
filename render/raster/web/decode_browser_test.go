package web_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log/slog"
	"slices"
	"testing"

	"github.com/gohmi/gohmi/render/raster/web"
)

// TestBrowserDecodePNG: the page's own PNG decoder (gohmi.decodePNG, which
// draws the small batches) gives exactly the pixels Go encoded, for every
// kind of PNG package web sends: paletted of 1, 2, 4 and 8 bits, RGB, and
// RGBA for a translucent tile; and it declines, without throwing, what the
// browser's decoder is left to do (16 bits per channel).
func TestBrowserDecodePNG(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(64, 48, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	for _, tt := range []struct {
		name string
		img  image.Image
		ok   bool
	}{
		{"2 colours", paletted(37, 11, 2), true},
		{"4 colours", paletted(37, 11, 4), true},
		{"16 colours", paletted(37, 11, 16), true},
		{"256 colours", paletted(300, 20, 256), true},
		{"RGB", gradientFrame(121, 33, 5), true},
		{"translucent", translucent(19, 7), true},
		{"one pixel", paletted(1, 1, 1), true},
		{"16 bits", image.NewRGBA64(image.Rect(0, 0, 5, 5)), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := jsDecode(p, encodePNG(t, tt.img))
			if !tt.ok {
				if got.OK {
					t.Fatal("decoded, want declined")
				}
				return
			}
			if !got.OK {
				t.Fatal("declined")
			}
			b := tt.img.Bounds()
			if got.W != b.Dx() || got.H != b.Dy() {
				t.Fatalf("%dx%d, want %v", got.W, got.H, b.Size())
			}
			for y := range b.Dy() {
				for x := range b.Dx() {
					i := 4 * (y*b.Dx() + x)
					c := color.NRGBA{got.Pix[i], got.Pix[i+1], got.Pix[i+2], got.Pix[i+3]}
					if want := color.NRGBAModel.Convert(tt.img.At(b.Min.X+x, b.Min.Y+y)); c != want {
						t.Fatalf("pixel (%d,%d) %v, want %v", x, y, c, want)
					}
				}
			}
		})
	}
}

// TestBrowserDecodePNGCorrupt: the page's decoder, given PNGs cut short or
// with bytes changed (1,000 of them, seeded), returns an image of the
// header's size or declines; it never throws nor hangs.
func TestBrowserDecodePNGCorrupt(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(64, 48, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	seeds := [][]byte{encodePNG(t, paletted(40, 12, 7)), encodePNG(t, gradientFrame(30, 20, 1)), encodePNG(t, paletted(300, 20, 256))}
	var b64 []string
	for _, s := range seeds {
		b64 = append(b64, base64.StdEncoding.EncodeToString(s))
	}
	arg, _ := json.Marshal(b64)
	res := eval[struct {
		Tries, Decoded, Declined int
		Err                      string
	}](p, fmt.Sprintf(`(() => {
		let seed = 12345;
		const rnd = (n) => { seed = (seed * 1103515245 + 12345) %% 2147483648; return seed %% n; };
		const pngs = %s.map((s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0)));
		let decoded = 0, declined = 0;
		for (let i = 0; i < 1000; i++) {
			const src = pngs[i %% pngs.length];
			let b = src.slice(0, i %% 4 === 0 ? rnd(src.length) : src.length);
			for (let k = 1 + rnd(4); k > 0 && b.length; k--) b[rnd(b.length)] = rnd(256);
			let img;
			try { img = gohmi.decodePNG(b); } catch (e) { return { Tries: i, Err: String(e) }; }
			if (img === null) declined++;
			else if (img instanceof ImageData) decoded++;
			else return { Tries: i, Err: "not an ImageData" };
		}
		return { Tries: 1000, Decoded: decoded, Declined: declined };
	})()`, arg))
	if res.Err != "" {
		t.Fatalf("try %d: %s", res.Tries, res.Err)
	}
	if res.Declined == 0 {
		t.Errorf("of %d corrupted PNGs none was declined", res.Tries)
	}
	t.Logf("%d decoded (bytes changed in the pixels), %d declined", res.Decoded, res.Declined)
}

// jsImage is what gohmi.decodePNG made of a PNG.
type jsImage struct {
	OK   bool
	W, H int
	Pix  []byte
}

func jsDecode(p *page, png []byte) jsImage {
	p.t.Helper()
	v := eval[struct {
		OK   bool
		W, H int
		B64  string
	}](p, fmt.Sprintf(`(() => {
		const img = gohmi.decodePNG(Uint8Array.from(atob(%q), (c) => c.charCodeAt(0)));
		if (!img) return { OK: false };
		let s = "";
		for (let i = 0; i < img.data.length; i += 0x8000) s += String.fromCharCode.apply(null, img.data.subarray(i, i + 0x8000));
		return { OK: true, W: img.width, H: img.height, B64: btoa(s) };
	})()`, base64.StdEncoding.EncodeToString(png)))
	pix, _ := base64.StdEncoding.DecodeString(v.B64)
	if v.OK && len(pix) != 4*v.W*v.H {
		p.t.Fatalf("%d bytes of pixels for %dx%d", len(pix), v.W, v.H)
	}
	return jsImage{v.OK, v.W, v.H, pix}
}

func encodePNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	e := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := e.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// paletted is a w×h image of n opaque colours in stripes and a pattern,
// so that every colour and every position within a byte is used.
func paletted(w, h, n int) *image.Paletted {
	pal := make(color.Palette, n)
	for i := range pal {
		pal[i] = color.RGBA{uint8(i * 37), uint8(255 - i), uint8(i * 11), 0xff}
	}
	img := image.NewPaletted(image.Rect(0, 0, w, h), pal)
	for y := range h {
		for x := range w {
			img.SetColorIndex(x, y, uint8((x*3+y*y)%n))
		}
	}
	return img
}

// translucent is a w×h image whose alpha varies.
func translucent(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{uint8(x * 13), uint8(y * 30), 0x80, uint8(x*y*7 + 1)})
		}
	}
	return img
}

// TestBrowserWarmsDecoder: after its first frame (decoded by the
// browser), the page runs its own decoder on a band of each kind of PNG
// the frame has, paletted and RGB, each decoded (none declined); the
// canvas still shows the frame, and the next change, decoded by the now
// warm decoder, shows exactly.
func TestBrowserWarmsDecoder(t *testing.T) {
	screen := newHMIScreen(t, 1280, 800)
	g := gradientFrame(1280, 160, 3) // many colours: RGB bands
	draw.Draw(screen.img, image.Rect(0, 640, 1280, 800), g, image.Point{}, draw.Src)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	s.Present(screen.img, full(screen.img))
	p := openPage(t, url)
	w := eval[struct {
		Done  bool
		Tiles int
		Kinds []int
		MS    []float64
	}](p, `gohmi.until(() => gohmi.warm.done).then(() => gohmi.warm)`)
	t.Logf("warmed in %v ms", w.MS)
	slices.Sort(w.Kinds)
	if want := []int{2, 3}; w.Tiles != 2 || !slices.Equal(w.Kinds, want) {
		t.Errorf("warmed on %d tiles of PNG colour types %v, want 2 of %v", w.Tiles, w.Kinds, want)
	}
	p.expectFrame(screen.img, "after warming")
	n := p.batches()
	s.Present(screen.img, []image.Rectangle{screen.value(2, 42.5)})
	p.waitDrawn(n)
	if js := eval[int](p, "gohmi.decoded.js"); js == 0 {
		t.Error("the change was not decoded by the page's decoder")
	}
	p.expectFrame(screen.img, "after a change")
}
