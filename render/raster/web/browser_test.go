package web_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/gohmi/gohmi/internal/chromiumtest"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/web"
)

// page is one browser tab showing the view.
type page struct {
	t   testing.TB
	ctx context.Context
}

// openPage opens the view at url in a new tab and waits for its first
// drawn batch.
func openPage(t testing.TB, url string) *page {
	t.Helper()
	p := &page{t: t, ctx: tab(t)}
	if err := chromedp.Do(p.ctx, chromedp.Navigate(url+"/")); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	p.waitDrawn(0)
	return p
}

// eval evaluates a JavaScript expression in the page (promises awaited).
func eval[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// batches returns how many batches the page has drawn.
func (p *page) batches() int { return eval[int](p, "gohmi.batches") }

// waitDrawn waits until the page has drawn more than after batches.
func (p *page) waitDrawn(after int) int {
	p.t.Helper()
	return eval[int](p, fmt.Sprintf("gohmi.wait(%d)", after))
}

// pixels reads the canvas back with getImageData.
func (p *page) pixels() *image.RGBA {
	p.t.Helper()
	img, err := chromiumtest.CanvasPixels(p.ctx, "panel")
	if err != nil {
		p.t.Fatal(err)
	}
	return img
}

// expectFrame fails unless the canvas shows exactly frame.
func (p *page) expectFrame(frame *image.RGBA, what string) {
	p.t.Helper()
	if d := sameImage(p.pixels(), frame); d != "" {
		p.t.Fatalf("%s: canvas: %s", what, d)
	}
}

// screenPoint returns where the centre of frame pixel (x, y) is on the
// page, in CSS pixels, through the canvas's scale.
func (p *page) screenPoint(x, y int) (float64, float64) {
	p.t.Helper()
	px, py, err := chromiumtest.CanvasPoint(p.ctx, "panel", x, y)
	if err != nil {
		p.t.Fatal(err)
	}
	return px, py
}

// TestBrowserShowsFrame: the page's canvas holds exactly the frame Present
// was given (an RGB PNG of thousands of colours), and after a Present with
// damage exactly the new frame (a paletted tile).
func TestBrowserShowsFrame(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	p.expectFrame(frame, "first frame")
	if st := eval[string](p, `document.getElementById("status").textContent`); !strings.Contains(st, "view-only") {
		t.Errorf("status %q does not say view-only", st)
	}

	n := p.batches()
	r := image.Rect(100, 60, 220, 92) // a value's size
	fill(frame, r, color.RGBA{0xfa, 0xf0, 0xe6, 0xff})
	fill(frame, image.Rect(110, 70, 150, 80), color.RGBA{0x10, 0x20, 0x30, 0xff})
	s.Present(frame, []image.Rectangle{r})
	p.waitDrawn(n)
	p.expectFrame(frame, "after damage")
	if got := eval[int](p, "gohmi.lastRects"); got != 1 {
		t.Errorf("the damage came in %d tiles, want 1", got)
	}
}

// TestBrowserResize: a frame of a new size resizes the canvas and fills it.
func TestBrowserResize(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	n := p.batches()
	bigger := gradientFrame(400, 240, 7)
	s.Present(bigger, full(bigger))
	p.waitDrawn(n)
	p.expectFrame(bigger, "after resize")
}

// TestBrowserClick: with Control, a click in the page arrives as
// PointerDown and PointerUp at the frame pixel clicked (the canvas is
// scaled to fit the window).
func TestBrowserClick(t *testing.T) {
	ctx := testCtx(t)
	in := newRecorder()
	s, url := newView(t, web.Options{Input: in, Control: true, Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	if st := eval[string](p, `document.getElementById("status").textContent`); strings.Contains(st, "view-only") {
		t.Errorf("status %q says view-only with Control", st)
	}
	if w := eval[float64](p, `document.getElementById("panel").getBoundingClientRect().width`); w != 640 {
		t.Errorf("canvas %v CSS pixels wide in an 800x600 window, want 640 (scaled ×2)", w)
	}
	x, y := p.screenPoint(123, 77)
	if err := chromedp.Do(p.ctx, chromedp.MouseClickXY(x, y)); err != nil {
		t.Fatal(err)
	}
	var got []raster.PointerEvent
	for len(got) == 0 || got[len(got)-1].Kind != raster.PointerUp {
		select {
		case e := <-in.ptr:
			if e.Kind != raster.PointerMove {
				got = append(got, e)
			}
		case <-ctx.Done():
			t.Fatalf("events so far %+v, no PointerUp", got)
		}
	}
	if len(got) != 2 || got[0].Kind != raster.PointerDown {
		t.Fatalf("events %+v, want down, up", got)
	}
	for _, e := range got {
		if int(e.X) != 123 || int(e.Y) != 77 || e.Button != 1 || e.Touch {
			t.Errorf("%+v: want pixel (123,77), primary button, mouse", e)
		}
	}

	// The wheel scrolls, in pixels, where the mouse is.
	x, y = p.screenPoint(10, 20)
	wheel := chromedp.MouseEvent(input.DispatchMouseEventTypeMouseWheel, x, y, func(p *input.DispatchMouseEventParams) {
		p.DeltaX, p.DeltaY = -30, 120
		p.Button = input.MouseButtonNone
	})
	if err := chromedp.Do(p.ctx, wheel); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case e := <-in.ptr:
			if e.Kind == raster.PointerMove {
				continue
			}
			if e.Kind != raster.PointerScroll || int(e.X) != 10 || int(e.Y) != 20 || e.DY != 120 || e.DX != -30 {
				t.Errorf("%+v: want a scroll of 30 pixels left, 120 down at (10,20)", e)
			}
		case <-ctx.Done():
			t.Fatal("no scroll event")
		}
		break
	}
}

// TestBrowserTouch: a tap on a touch screen arrives as a touch at the
// pixel tapped.
func TestBrowserTouch(t *testing.T) {
	ctx := testCtx(t)
	in := newRecorder()
	s, url := newView(t, web.Options{Input: in, Control: true, Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	x, y := p.screenPoint(40, 150)
	touch := func(typ input.DispatchTouchEventType, pts []*input.TouchPoint) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
			return err
		})
	}
	pt := []*input.TouchPoint{{X: x, Y: y}}
	if err := chromedp.Do(p.ctx, touch(input.DispatchTouchEventTypeTouchStart, pt), touch(input.DispatchTouchEventTypeTouchEnd, []*input.TouchPoint{})); err != nil {
		t.Fatal(err)
	}
	var got []raster.PointerEvent
	for len(got) == 0 || got[len(got)-1].Kind != raster.PointerUp {
		select {
		case e := <-in.ptr:
			if e.Kind != raster.PointerMove {
				got = append(got, e)
			}
		case <-ctx.Done():
			t.Fatalf("events so far %+v, no PointerUp", got)
		}
	}
	if len(got) != 2 || got[0].Kind != raster.PointerDown {
		t.Fatalf("events %+v, want down, up", got)
	}
	for _, e := range got {
		if int(e.X) != 40 || int(e.Y) != 150 || !e.Touch || e.ID != 0 {
			t.Errorf("%+v: want a touch of finger 0 at pixel (40,150)", e)
		}
	}
}

// TestBrowserKeys: with Control, typing in the page arrives as key events.
func TestBrowserKeys(t *testing.T) {
	ctx := testCtx(t)
	in := newRecorder()
	s, url := newView(t, web.Options{Input: in, Control: true, Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	if err := chromedp.Do(p.ctx, chromedp.KeyEvent("a\r")); err != nil {
		t.Fatal(err)
	}
	want := []raster.KeyEvent{{Name: "A", Rune: 'a'}, {Name: "A", Up: true}, {Name: "Return"}, {Name: "Return", Up: true}}
	for i, w := range want {
		select {
		case got := <-in.key:
			if got != w {
				t.Errorf("key %d: %+v, want %+v", i, got, w)
			}
		case <-ctx.Done():
			t.Fatalf("key %d never came", i)
		}
	}
}

// TestBrowserViewOnly: without Control, a click in the page sends nothing
// to the Input. The page sends its acks after the click; a batch that only
// an ack lets through proves the server has read all that came before.
func TestBrowserViewOnly(t *testing.T) {
	in := newRecorder()
	s, url := newView(t, web.Options{Input: in, Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	x, y := p.screenPoint(123, 77)
	if err := chromedp.Do(p.ctx, chromedp.MouseClickXY(x, y), chromedp.KeyEvent("a")); err != nil {
		t.Fatal(err)
	}
	// Also what a tampered page would send.
	eval[bool](p, `gohmi.ws.send(JSON.stringify({t: "ptr", k: "down", id: 0, x: 5, y: 5, b: 1})), true`)
	for i := range 2 {
		n := p.batches()
		fill(frame, image.Rect(0, 0, 8, 8), color.RGBA{uint8(i), 0, 0, 0xff})
		s.Present(frame, []image.Rectangle{image.Rect(0, 0, 8, 8)})
		p.waitDrawn(n)
	}
	if len(in.ptr)+len(in.key) != 0 {
		t.Fatalf("view-only: %d pointer and %d key events arrived", len(in.ptr), len(in.key))
	}
}

// TestBrowserSecondViewer: a second tab sees the same frame, and both see
// the next change.
func TestBrowserSecondViewer(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	a := openPage(t, url)
	b := openPage(t, url)
	a.expectFrame(frame, "first viewer")
	b.expectFrame(frame, "second viewer")
	if n := s.Viewers(); n != 2 {
		t.Errorf("Viewers() = %d", n)
	}
	na, nb := a.batches(), b.batches()
	r := image.Rect(200, 10, 300, 40)
	fill(frame, r, color.RGBA{0x30, 0xa0, 0x30, 0xff})
	s.Present(frame, []image.Rectangle{r})
	a.waitDrawn(na)
	b.waitDrawn(nb)
	a.expectFrame(frame, "first viewer after change")
	b.expectFrame(frame, "second viewer after change")
}

// TestBrowserReconnect: a page whose socket dropped reconnects by itself
// and gets the frame whole; a viewer that missed changes while it was away
// gets the newest frame whole.
func TestBrowserReconnect(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	p := openPage(t, url)

	// The socket drops; the page reconnects at once by itself.
	eval[bool](p, `gohmi.ws.close(), gohmi.until(() => gohmi.lastConn === 2)`)
	if !eval[bool](p, "gohmi.lastFull") || eval[int](p, "gohmi.full") != 2 {
		t.Fatal("the reconnected page's first batch is not a full frame")
	}
	p.expectFrame(frame, "reconnected")

	// Away while the frame changes, then back.
	eval[bool](p, `(async () => {
		gohmi.reconnect = false;
		const closed = gohmi.closes;
		gohmi.ws.close();
		return gohmi.until(() => gohmi.closes > closed);
	})()`)
	r := image.Rect(10, 10, 90, 50)
	fill(frame, r, color.RGBA{0xee, 0x82, 0xee, 0xff})
	s.Present(frame, []image.Rectangle{r})
	eval[bool](p, `gohmi.reconnect = true, gohmi.connect(), gohmi.until(() => gohmi.lastConn === 3)`)
	if !eval[bool](p, "gohmi.lastFull") {
		t.Fatal("the page back after a change got no full frame")
	}
	p.expectFrame(frame, "back after a change")
}

// TestBrowserOpensSocketFirst: the page opens its WebSocket from the top
// of its <head>, before the rest of the page has even arrived (the server
// here holds the rest back until the socket is asked for), and its script
// adopts that socket: one viewer, one hello, the frame exact, and a
// reconnect after it still works.
func TestBrowserOpensSocketFirst(t *testing.T) {
	ctx := testCtx(t)
	s := web.New(web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	asked := make(chan struct{}, 1)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ws":
			select {
			case asked <- struct{}{}:
			default:
			}
		case "/":
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, r)
			maps.Copy(w.Header(), rec.Header())
			body := rec.Body.Bytes()
			head := bytes.Index(body, []byte("</head>"))
			if head < 0 {
				t.Error("the page has no </head>")
				return
			}
			w.Write(body[:head])
			w.(http.Flusher).Flush()
			select {
			case <-asked:
			case <-ctx.Done():
				t.Error("the page did not open its WebSocket before the rest of it came")
			}
			w.Write(body[head:])
			return
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	t.Cleanup(func() { s.Close() })

	p := openPage(t, hs.URL)
	p.expectFrame(frame, "first frame")
	if v := eval[[]any](p, `[gohmi.hellos, gohmi.full, window.gohmiEarly]`); v[0] != 1.0 || v[1] != 1.0 || v[2] != nil {
		t.Errorf("hellos, full frames, early socket left: %v, want [1 1 <nil>]", v)
	}
	if n := s.Viewers(); n != 1 {
		t.Errorf("%d viewers, want 1", n)
	}
	eval[bool](p, `gohmi.ws.close(), gohmi.until(() => gohmi.lastConn === 2)`)
	p.expectFrame(frame, "reconnected")
}

// TestBrowserDrawsCarriedFrame: the page draws the frame it carries
// before its WebSocket is even upgraded (the server here holds the upgrade
// back until the frame is drawn); a change presented meanwhile comes over
// the socket as its band alone, and the canvas ends up exact.
func TestBrowserDrawsCarriedFrame(t *testing.T) {
	ctx := testCtx(t)
	s := web.New(web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(640, 400, 0)
	s.Present(frame, full(frame))
	release := make(chan struct{})
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/ws" {
			select {
			case <-release:
			case <-ctx.Done():
				return
			}
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	t.Cleanup(func() { s.Close() })

	p := openPage(t, hs.URL)
	if v := eval[[]any](p, `[gohmi.hellos, gohmi.full, gohmi.trace[0].embedded]`); v[0] != 0.0 || v[1] != 1.0 || v[2] != true {
		t.Errorf("hellos, full frames, the first drawn carried: %v, want [0 1 true]", v)
	}
	p.expectFrame(frame, "carried frame")

	r := image.Rect(100, 150, 220, 182)
	fill(frame, r, color.RGBA{0x30, 0xa0, 0x30, 0xff})
	s.Present(frame, []image.Rectangle{r})
	close(release)
	p.waitDrawn(1)
	if v := eval[[]any](p, `[gohmi.hellos, gohmi.full, gohmi.lastRects]`); v[0] != 1.0 || v[1] != 1.0 || v[2] != 1.0 {
		t.Errorf("hellos, full frames, the change's tiles: %v, want [1 1 1]", v)
	}
	p.expectFrame(frame, "after the change")
}

// TestBrowserDecodesLargeFrames: a frame larger than the page's own
// decoder takes (640x400, thousands of colours: RGB bands) is drawn
// exactly by the browser's decoders, WebCodecs' ImageDecoder where the
// browser has it and createImageBitmap of a Blob where not (forced here,
// then a reconnect brings the frame whole again).
func TestBrowserDecodesLargeFrames(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(640, 400, 3)
	s.Present(frame, full(frame))
	p := openPage(t, url)
	if !eval[bool](p, "gohmi.imageDecoder") {
		t.Fatal("this Chromium has no ImageDecoder")
	}
	p.expectFrame(frame, "ImageDecoder")
	if n := eval[int](p, "gohmi.decoded.browser"); n < 4 {
		t.Fatalf("%d tiles went to the browser's decoder, want the frame's bands", n)
	}

	r := image.Rect(100, 100, 500, 300)
	fill(frame, r, color.RGBA{0x20, 0x60, 0xa0, 0xff})
	s.Present(frame, []image.Rectangle{r})
	eval[bool](p, `gohmi.imageDecoder = false, gohmi.ws.close(), gohmi.until(() => gohmi.lastConn === 2)`)
	p.expectFrame(frame, "createImageBitmap")
}
