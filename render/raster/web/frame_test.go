package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"strconv"
	"testing"

	"github.com/coder/websocket"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/gohmi/gohmi/render/raster/web"
)

// batch is one decoded batch of the wire format (see the package doc).
type batch struct {
	seq   uint32
	size  image.Point
	full  bool
	tiles []decodedTile
}

type decodedTile struct {
	r   image.Rectangle
	img image.Image
	n   int // encoded bytes
}

// decodeBatch decodes a batch message as the page does, checking it.
func decodeBatch(p []byte) (batch, error) {
	var b batch
	if len(p) < 12 || p[0] != 1 {
		return b, fmt.Errorf("not a batch: % x", p[:min(len(p), 12)])
	}
	le := binary.LittleEndian
	b.seq = le.Uint32(p[1:])
	b.size = image.Pt(int(le.Uint16(p[5:])), int(le.Uint16(p[7:])))
	b.full = p[9]&1 != 0
	n := int(le.Uint16(p[10:]))
	o := 12
	for i := 0; i < n; i++ {
		if len(p) < o+13 {
			return b, fmt.Errorf("tile %d: short header", i)
		}
		x, y := int(le.Uint16(p[o:])), int(le.Uint16(p[o+2:]))
		w, h := int(le.Uint16(p[o+4:])), int(le.Uint16(p[o+6:]))
		if p[o+8] != 1 {
			return b, fmt.Errorf("tile %d: encoding %d", i, p[o+8])
		}
		l := int(le.Uint32(p[o+9:]))
		o += 13
		if len(p) < o+l {
			return b, fmt.Errorf("tile %d: %d bytes, %d left", i, l, len(p)-o)
		}
		img, err := png.Decode(bytes.NewReader(p[o : o+l]))
		if err != nil {
			return b, fmt.Errorf("tile %d: %v", i, err)
		}
		if img.Bounds().Size() != image.Pt(w, h) {
			return b, fmt.Errorf("tile %d: PNG %v, header %dx%d", i, img.Bounds().Size(), w, h)
		}
		b.tiles = append(b.tiles, decodedTile{r: image.Rect(x, y, x+w, y+h), img: img, n: l})
		o += l
	}
	if o != len(p) {
		return b, fmt.Errorf("%d bytes after the tiles", len(p)-o)
	}
	return b, nil
}

// client is a viewer written in Go: it keeps a canvas as the page does.
type client struct {
	t       testing.TB
	c       *websocket.Conn
	control bool
	canvas  *image.RGBA
	bytes   int    // batch bytes received
	last    uint32 // the last batch read
	acked   uint32 // the last batch acknowledged
}

// dial connects a viewer to the server at base (http://…) and reads its hello.
func dial(ctx context.Context, t testing.TB, base string) *client {
	t.Helper()
	return dialURL(ctx, t, "ws"+base[len("http"):]+"/ws")
}

// dialURL connects a viewer to the WebSocket at url and reads its hello.
func dialURL(ctx context.Context, t testing.TB, url string) *client {
	t.Helper()
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	c.SetReadLimit(64 << 20)
	t.Cleanup(func() { c.CloseNow() })
	cl := &client{t: t, c: c}
	typ, p, err := c.Read(ctx)
	if err != nil || typ != websocket.MessageText {
		t.Fatalf("hello: %v %v", typ, err)
	}
	var h struct {
		V       int  `json:"v"`
		Control bool `json:"control"`
	}
	if err := json.Unmarshal(p, &h); err != nil || h.V != 1 {
		t.Fatalf("hello %q: %v", p, err)
	}
	cl.control = h.Control
	return cl
}

// next reads the next batch and draws it on the canvas (not acknowledged).
func (cl *client) next(ctx context.Context) batch {
	cl.t.Helper()
	typ, p, err := cl.c.Read(ctx)
	if err != nil {
		cl.t.Fatalf("read batch: %v", err)
	}
	if typ != websocket.MessageBinary {
		cl.t.Fatalf("batch: a %v message", typ)
	}
	b, err := decodeBatch(p)
	if err != nil {
		cl.t.Fatalf("batch: %v", err)
	}
	cl.bytes += len(p)
	cl.last = b.seq
	if cl.canvas == nil || cl.canvas.Rect.Size() != b.size {
		if !b.full {
			cl.t.Fatalf("batch %d: size %v without a full frame", b.seq, b.size)
		}
		cl.canvas = image.NewRGBA(image.Rectangle{Max: b.size})
	}
	for _, tl := range b.tiles {
		draw.Draw(cl.canvas, tl.r, tl.img, tl.img.Bounds().Min, draw.Src)
	}
	return b
}

// skip reads the next batch without decoding its tiles (benchmarks: the
// CPU time is then the server's) and returns it with no tiles.
func (cl *client) skip(ctx context.Context) batch {
	cl.t.Helper()
	_, p, err := cl.c.Read(ctx)
	if err != nil || len(p) < 12 || p[0] != 1 {
		cl.t.Fatalf("read batch: %v", err)
	}
	cl.bytes += len(p)
	le := binary.LittleEndian
	cl.last = le.Uint32(p[1:])
	return batch{seq: le.Uint32(p[1:]), size: image.Pt(int(le.Uint16(p[5:])), int(le.Uint16(p[7:]))), full: p[9]&1 != 0}
}

// ack acknowledges batch b, as the page does once it drew it.
func (cl *client) ack(ctx context.Context, b batch) {
	cl.t.Helper()
	cl.send(ctx, fmt.Sprintf(`{"t":"ack","seq":%d}`, b.seq))
	cl.acked = b.seq
}

// fillWindow reads batches, presenting a change of one pixel for each,
// until web.Window of them are unacknowledged: from then on the server
// sends nothing more until an acknowledgement.
func (cl *client) fillWindow(ctx context.Context, s *web.Server, frame *image.RGBA) {
	cl.t.Helper()
	for cl.last-cl.acked < web.Window {
		s.Present(frame, []image.Rectangle{image.Rect(0, 0, 1, 1).Add(frame.Rect.Min)})
		cl.next(ctx)
	}
}

func (cl *client) send(ctx context.Context, msg string) {
	cl.t.Helper()
	if err := cl.c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		cl.t.Fatalf("send %s: %v", msg, err)
	}
}

// sameImage returns "" when a and b have the same size and pixels, else
// where they differ first.
func sameImage(a, b *image.RGBA) string {
	if a == nil || b == nil {
		return "no image"
	}
	if a.Rect.Size() != b.Rect.Size() {
		return fmt.Sprintf("size %v, want %v", a.Rect.Size(), b.Rect.Size())
	}
	for y := 0; y < a.Rect.Dy(); y++ {
		for x := 0; x < a.Rect.Dx(); x++ {
			ca := a.RGBAAt(a.Rect.Min.X+x, a.Rect.Min.Y+y)
			cb := b.RGBAAt(b.Rect.Min.X+x, b.Rect.Min.Y+y)
			if ca != cb {
				return fmt.Sprintf("pixel (%d,%d) is %v, want %v", x, y, ca, cb)
			}
		}
	}
	return ""
}

// gradientFrame returns a w×h frame with thousands of colours (an RGB
// PNG) and a few flat boxes, shifted by k.
func gradientFrame(w, h, k int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x*255/w + k), uint8(y*255/h + 2*k), uint8((x + y + k) & 0xff), 0xff})
		}
	}
	fill(img, image.Rect(w/8, h/8, w/3, h/3), color.RGBA{0x20, 0x60, 0xc0, 0xff})
	fill(img, image.Rect(w/2, h/2, w*7/8, h*3/4), color.RGBA{0xd3, 0x2f, 0x2f, 0xff})
	return img
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// hmiScreen draws a synthetic operator screen: a title bar, a grid of
// panels with labels and values in antialiased text, a trend line. It
// stands in for a painted gohmi screen in the benchmarks.
type hmiScreen struct {
	img  *image.RGBA
	face font.Face
}

func newHMIScreen(tb testing.TB, w, h int) *hmiScreen {
	tb.Helper()
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		tb.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 18, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		tb.Fatal(err)
	}
	s := &hmiScreen{img: image.NewRGBA(image.Rect(0, 0, w, h)), face: face}
	fill(s.img, s.img.Rect, color.RGBA{0xec, 0xef, 0xf1, 0xff})
	fill(s.img, image.Rect(0, 0, w, 48), color.RGBA{0x26, 0x32, 0x38, 0xff})
	s.text(16, 32, "Pump station 3 — overview", color.RGBA{0xff, 0xff, 0xff, 0xff})
	for i := 0; i < 40; i++ {
		x, y := 16+(i%8)*(w-16)/8, 64+(i/8)*140
		fill(s.img, image.Rect(x, y, x+(w-16)/8-16, y+124), color.RGBA{0xff, 0xff, 0xff, 0xff})
		fill(s.img, image.Rect(x, y, x+(w-16)/8-16, y+4), color.RGBA{0x2b, 0x7d, 0xe9, 0xff})
		s.text(x+8, y+30, "Tank "+strconv.Itoa(i+1), color.RGBA{0x45, 0x5a, 0x64, 0xff})
		s.value(i, float64(i)*1.37)
	}
	for x := 0; x < w; x++ { // a trend line along the bottom
		y := h - 40 + int(16*math.Sin(float64(x)/40))
		s.img.SetRGBA(x, y, color.RGBA{0x2b, 0x7d, 0xe9, 0xff})
	}
	return s
}

// valueRect is where panel i shows its value: 120×32 pixels.
func (s *hmiScreen) valueRect(i int) image.Rectangle {
	w := s.img.Rect.Dx()
	x, y := 16+(i%8)*(w-16)/8, 64+(i/8)*140
	return image.Rect(x+8, y+60, x+8+120, y+60+32)
}

// value repaints panel i's value and returns the damaged rectangle.
func (s *hmiScreen) value(i int, v float64) image.Rectangle {
	r := s.valueRect(i)
	fill(s.img, r, color.RGBA{0xff, 0xff, 0xff, 0xff})
	s.text(r.Min.X+4, r.Min.Y+24, strconv.FormatFloat(v, 'f', 2, 64)+" m³", color.RGBA{0x10, 0x10, 0x10, 0xff})
	return r
}

func (s *hmiScreen) text(x, y int, text string, c color.RGBA) {
	d := font.Drawer{Dst: s.img, Src: image.NewUniform(c), Face: s.face, Dot: fixed.P(x, y)}
	d.DrawString(text)
}
