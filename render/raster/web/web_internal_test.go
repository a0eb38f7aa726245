package web

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"fyne.io/fyne/v2/driver/desktop"

	"github.com/gohmi/gohmi/render/raster"
)

// TestParseMessage: what a browser may send, and what is refused.
func TestParseMessage(t *testing.T) {
	const w, h = 200, 100
	for _, tt := range []struct {
		name, in string
		want     message
		err      string
	}{
		{"ack", `{"t":"ack","seq":3}`, message{kind: msgAck, seq: 3}, ""},
		{"ack zero", `{"t":"ack","seq":0}`, message{}, "out of range"},
		{"ack huge", `{"t":"ack","seq":4294967296}`, message{}, "out of range"},
		{"down", `{"t":"ptr","k":"down","x":10.5,"y":20,"b":1}`,
			message{kind: msgPointer, ptr: raster.PointerEvent{Kind: raster.PointerDown, X: 10.5, Y: 20, Button: desktop.MouseButtonPrimary}}, ""},
		{"move, no button", `{"t":"ptr","k":"move","x":1,"y":2}`,
			message{kind: msgPointer, ptr: raster.PointerEvent{Kind: raster.PointerMove, X: 1, Y: 2}}, ""},
		{"clamped", `{"t":"ptr","k":"up","x":-4,"y":1e300,"b":4}`,
			message{kind: msgPointer, ptr: raster.PointerEvent{Kind: raster.PointerUp, X: 0, Y: math.Nextafter32(h, 0), Button: desktop.MouseButtonTertiary}}, ""},
		{"touch is primary", `{"t":"ptr","k":"down","id":9,"x":1,"y":1,"b":0,"touch":true}`,
			message{kind: msgPointer, ptr: raster.PointerEvent{Kind: raster.PointerDown, ID: 9, X: 1, Y: 1, Button: desktop.MouseButtonPrimary, Touch: true}}, ""},
		{"scroll clamped", `{"t":"ptr","k":"scroll","x":1,"y":1,"dx":-1e9,"dy":12}`,
			message{kind: msgPointer, ptr: raster.PointerEvent{Kind: raster.PointerScroll, X: 1, Y: 1, DX: -maxScroll, DY: 12}}, ""},
		{"finger out of range", `{"t":"ptr","k":"down","id":10,"x":1,"y":1}`, message{}, "finger 10 out of range"},
		{"negative finger", `{"t":"ptr","k":"down","id":-1,"x":1,"y":1}`, message{}, "finger -1"},
		{"bad button", `{"t":"ptr","k":"down","x":1,"y":1,"b":3}`, message{}, "unknown button 3"},
		{"bad pointer kind", `{"t":"ptr","k":"teleport"}`, message{}, `unknown pointer kind "teleport"`},
		{"key", `{"t":"key","name":"Return","mod":2}`,
			message{kind: msgKey, key: raster.KeyEvent{Name: "Return", Modifier: 2}}, ""},
		{"key and rune", `{"t":"key","name":"A","rune":65,"mod":1}`,
			message{kind: msgKey, key: raster.KeyEvent{Name: "A", Rune: 'A', Modifier: 1}}, ""},
		{"rune alone", `{"t":"key","rune":252}`, message{kind: msgKey, key: raster.KeyEvent{Rune: 'ü'}}, ""},
		{"key up drops the rune", `{"t":"key","name":"A","rune":97,"up":true}`,
			message{kind: msgKey, key: raster.KeyEvent{Name: "A", Up: true}}, ""},
		{"unknown modifiers masked", `{"t":"key","name":"Tab","mod":-1}`,
			message{kind: msgKey, key: raster.KeyEvent{Name: "Tab", Modifier: 15}}, ""},
		{"desktop key", `{"t":"key","name":"LeftShift"}`, message{kind: msgKey, key: raster.KeyEvent{Name: "LeftShift"}}, ""},
		{"unknown key", `{"t":"key","name":"Hyper"}`, message{}, `unknown key "Hyper"`},
		{"control rune", `{"t":"key","rune":7}`, message{}, "not a printable"},
		{"surrogate", `{"t":"key","rune":55296}`, message{}, "not a printable"},
		{"rune too big", `{"t":"key","rune":4294967393}`, message{}, "not a printable"},
		{"empty key", `{"t":"key"}`, message{}, "neither"},
		{"unknown kind", `{"t":"reboot"}`, message{}, `unknown message kind "reboot"`},
		{"long kind clipped", `{"t":"` + strings.Repeat("x", 100) + `"}`, message{}, strings.Repeat("x", 24) + "…"},
		{"not json", `hello`, message{}, "malformed"},
		{"wrong type", `{"t":"ack","seq":"1"}`, message{}, "malformed"},
		{"too large", `{"t":"ack","seq":1,"pad":"` + strings.Repeat(" ", MaxMessage) + `"}`, message{}, "more than 512"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMessage([]byte(tt.in), w, h)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if _, err := parseMessage([]byte(`{"t":"ptr","k":"down","x":1,"y":1}`), 0, 0); err == nil {
		t.Error("a pointer event before any frame was accepted")
	}
}

// FuzzParseMessage: whatever a browser sends, parseMessage does not panic,
// and what it accepts is within the frame and the ranges.
func FuzzParseMessage(f *testing.F) {
	for _, s := range []string{
		`{"t":"ack","seq":3}`,
		`{"t":"ptr","k":"down","id":2,"x":10.5,"y":20,"b":1,"touch":true}`,
		`{"t":"ptr","k":"scroll","x":1,"y":1,"dx":-3,"dy":12}`,
		`{"t":"key","name":"A","rune":97,"mod":3}`,
		`{"t":"key","rune":1114111}`,
		`{"t":"ptr","k":"move","x":-0,"y":1e400}`,
		`[1,2]`, `null`, `{"t":null}`,
	} {
		f.Add([]byte(s), 320, 200)
	}
	f.Fuzz(func(t *testing.T, p []byte, w, h int) {
		m, err := parseMessage(p, w, h)
		if err != nil {
			return
		}
		switch m.kind {
		case msgAck:
			if m.seq == 0 {
				t.Fatal("ack of batch 0")
			}
		case msgPointer:
			e := m.ptr
			if !(e.X >= 0 && float64(e.X) < float64(w) && e.Y >= 0 && float64(e.Y) < float64(h)) {
				t.Fatalf("position (%v,%v) outside %dx%d", e.X, e.Y, w, h)
			}
			if e.ID < 0 || e.ID >= maxFingers || e.Kind < raster.PointerDown || e.Kind > raster.PointerScroll {
				t.Fatalf("bad event %+v", e)
			}
			if math.Abs(float64(e.DX)) > maxScroll || math.Abs(float64(e.DY)) > maxScroll || e.DX != e.DX {
				t.Fatalf("scroll %v,%v", e.DX, e.DY)
			}
			switch e.Button {
			case 0, desktop.MouseButtonPrimary, desktop.MouseButtonSecondary, desktop.MouseButtonTertiary:
			default:
				t.Fatalf("button %d", e.Button)
			}
		case msgKey:
			e := m.key
			if (e.Name != "" && !knownKey(e.Name)) || e.Modifier&^allModifiers != 0 || (e.Name == "" && e.Rune == 0) {
				t.Fatalf("bad key %+v", e)
			}
			if e.Rune != 0 && (e.Up || e.Rune < ' ') {
				t.Fatalf("bad rune in %+v", e)
			}
		default:
			t.Fatalf("kind %d", m.kind)
		}
	})
}

// TestRegionAdd: rectangles merge when their union is no larger than
// their sum; past MaxRects everything becomes one bounding box.
func TestRegionAdd(t *testing.T) {
	r := image.Rect
	for _, tt := range []struct {
		name string
		add  []image.Rectangle
		want []image.Rectangle
	}{
		{"empty ignored", []image.Rectangle{{}, r(5, 5, 5, 9)}, nil},
		{"contained", []image.Rectangle{r(0, 0, 10, 10), r(2, 2, 4, 4)}, []image.Rectangle{r(0, 0, 10, 10)}},
		{"side by side merge", []image.Rectangle{r(0, 0, 10, 10), r(10, 0, 20, 10)}, []image.Rectangle{r(0, 0, 20, 10)}},
		{"apart stay", []image.Rectangle{r(0, 0, 10, 10), r(20, 0, 30, 10)}, []image.Rectangle{r(0, 0, 10, 10), r(20, 0, 30, 10)}},
		{"overlap merge", []image.Rectangle{r(0, 0, 10, 10), r(5, 0, 15, 10)}, []image.Rectangle{r(0, 0, 15, 10)}},
		{"chain merge", []image.Rectangle{r(0, 0, 10, 10), r(20, 0, 30, 10), r(10, 0, 20, 10)}, []image.Rectangle{r(0, 0, 30, 10)}},
		{"same twice", []image.Rectangle{r(1, 1, 3, 3), r(1, 1, 3, 3)}, []image.Rectangle{r(1, 1, 3, 3)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var g region
			for _, a := range tt.add {
				g.add(a)
			}
			if len(g.rects) != len(tt.want) {
				t.Fatalf("got %v, want %v", g.rects, tt.want)
			}
			for i := range g.rects {
				if g.rects[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", g.rects, tt.want)
				}
			}
		})
	}
}

// TestRegionCoversAndStaysBounded: against a slow reference (a bitmap of
// every pixel added), the region covers all damage and never holds more
// than MaxRects rectangles.
func TestRegionCoversAndStaysBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 50 {
		var g region
		mask := image.NewAlpha(image.Rect(0, 0, 400, 300))
		for range 1 + rng.IntN(200) {
			x, y := rng.IntN(390), rng.IntN(290)
			d := image.Rect(x, y, x+1+rng.IntN(40), y+1+rng.IntN(30)).Intersect(mask.Rect)
			g.add(d)
			draw.Draw(mask, d, image.Opaque, image.Point{}, draw.Src)
			if len(g.rects) > raster.MaxRects {
				t.Fatalf("round %d: %d rectangles", round, len(g.rects))
			}
		}
		for y := 0; y < 300; y++ {
			for x := 0; x < 400; x++ {
				if mask.AlphaAt(x, y).A == 0 {
					continue
				}
				covered := false
				for _, r := range g.rects {
					covered = covered || image.Pt(x, y).In(r)
				}
				if !covered {
					t.Fatalf("round %d: damaged pixel (%d,%d) not in %v", round, x, y, g.rects)
				}
			}
		}
	}
}

// TestBands: large rectangles are cut into bands that cover them exactly.
func TestBands(t *testing.T) {
	rs := bands([]image.Rectangle{image.Rect(0, 0, 1280, 800), image.Rect(5, 5, 20, 20)})
	total := 0
	for i, r := range rs {
		if area(r) > bandPixels {
			t.Errorf("band %v: %d pixels", r, area(r))
		}
		if i > 0 && r.Min.Y != rs[i-1].Max.Y && r.Min.X == 0 {
			t.Errorf("band %v does not follow %v", r, rs[i-1])
		}
		total += area(r)
	}
	if total != 1280*800+15*15 {
		t.Errorf("bands cover %d pixels", total)
	}
	small := []image.Rectangle{image.Rect(0, 0, 120, 32)}
	if got := bands(small); len(got) != 1 || got[0] != small[0] {
		t.Errorf("a small rectangle was cut: %v", got)
	}
}

// TestEncodeTile: a tile of few colours is sent paletted, one of many as
// RGB, a translucent one with its alpha; each decodes to its pixels.
func TestEncodeTile(t *testing.T) {
	few := image.NewRGBA(image.Rect(10, 20, 130, 52))
	draw.Draw(few, few.Rect, image.NewUniform(color.RGBA{250, 240, 230, 255}), image.Point{}, draw.Src)
	draw.Draw(few, image.Rect(20, 25, 40, 45), image.NewUniform(color.RGBA{16, 32, 48, 255}), image.Point{}, draw.Src)
	many := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for y := range 64 {
		for x := range 64 {
			many.SetRGBA(x, y, color.RGBA{uint8(x * 4), uint8(y * 4), uint8(x ^ y), 255})
		}
	}
	translucent := image.NewRGBA(image.Rect(0, 0, 4, 4))
	draw.Draw(translucent, translucent.Rect, image.NewUniform(color.RGBA{10, 20, 30, 128}), image.Point{}, draw.Src)
	for _, tt := range []struct {
		name  string
		img   *image.RGBA
		model color.Model
	}{
		{"few colours", few, nil},
		{"many colours", many, color.RGBAModel},
		{"translucent", translucent, color.NRGBAModel},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var e encoder
			e.init()
			msg := e.batch(7, image.Pt(200, 100), false, []tile{{r: tt.img.Rect, img: tt.img}})
			p := msg[batchHeader+tileHeader:]
			got, err := png.Decode(bytes.NewReader(p))
			if err != nil {
				t.Fatal(err)
			}
			if _, paletted := got.(*image.Paletted); paletted != (tt.model == nil) {
				t.Errorf("decoded %T", got)
			}
			b := tt.img.Rect
			for y := 0; y < b.Dy(); y++ {
				for x := 0; x < b.Dx(); x++ {
					want := color.NRGBAModel.Convert(tt.img.At(b.Min.X+x, b.Min.Y+y))
					if c := color.NRGBAModel.Convert(got.At(x, y)); c != want {
						t.Fatalf("pixel (%d,%d) %v, want %v", x, y, c, want)
					}
				}
			}
		})
	}
}
