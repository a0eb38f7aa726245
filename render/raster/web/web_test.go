package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/logtest"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/web"
)

// newView starts a server on an httptest server (127.0.0.1) and returns
// it and its base URL; both are closed when the test ends.
func newView(t testing.TB, o web.Options) (*web.Server, string) {
	t.Helper()
	s := web.New(o)
	hs := httptest.NewServer(s)
	t.Cleanup(hs.Close)
	t.Cleanup(func() { s.Close() })
	return s, hs.URL
}

// testCtx bounds a test's waits; it fails nothing by itself.
func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// recorder is an Input that records events; it never blocks.
type recorder struct {
	ptr chan raster.PointerEvent
	key chan raster.KeyEvent
}

func newRecorder() *recorder {
	return &recorder{ptr: make(chan raster.PointerEvent, 256), key: make(chan raster.KeyEvent, 256)}
}

func (r *recorder) Pointer(e raster.PointerEvent) {
	select {
	case r.ptr <- e:
	default:
		panic("recorder: too many pointer events")
	}
}

func (r *recorder) Key(e raster.KeyEvent) {
	select {
	case r.key <- e:
	default:
		panic("recorder: too many key events")
	}
}

func full(img *image.RGBA) []image.Rectangle { return []image.Rectangle{img.Rect} }

// TestFirstFrameThenDamage: a viewer gets the frame whole, then a batch
// with only the damaged rectangle, from the newest frame.
func TestFirstFrameThenDamage(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(200, 120, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	if cl.control {
		t.Error("hello says control without Options.Control")
	}
	b := cl.next(ctx)
	if !b.full || b.seq != 1 || b.size != image.Pt(200, 120) || len(b.tiles) != 1 {
		t.Fatalf("first batch: seq %d full %v size %v tiles %d", b.seq, b.full, b.size, len(b.tiles))
	}
	if d := sameImage(cl.canvas, frame); d != "" {
		t.Fatalf("first frame: %s", d)
	}
	cl.ack(ctx, b)

	damage := image.Rect(30, 40, 70, 52)
	fill(frame, damage, color.RGBA{0x11, 0x22, 0x33, 0xff})
	s.Present(frame, []image.Rectangle{damage})
	b = cl.next(ctx)
	if b.full || b.seq != 2 || len(b.tiles) != 1 || b.tiles[0].r != damage {
		t.Fatalf("damage batch: seq %d full %v tiles %v", b.seq, b.full, tileRects(b))
	}
	if d := sameImage(cl.canvas, frame); d != "" {
		t.Fatalf("after damage: %s", d)
	}
}

func tileRects(b batch) []image.Rectangle {
	var rs []image.Rectangle
	for _, t := range b.tiles {
		rs = append(rs, t.r)
	}
	return rs
}

// TestFrameOffsetAndClippedDamage: a frame whose Rect does not start at
// the origin, and damage partly outside it, are taken in frame
// coordinates and clipped.
func TestFrameOffsetAndClippedDamage(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(64, 48, 3)
	moved := &image.RGBA{Pix: frame.Pix, Stride: frame.Stride, Rect: frame.Rect.Add(image.Pt(100, 200))}
	s.Present(moved, full(moved))
	cl := dial(ctx, t, url)
	cl.ack(ctx, cl.next(ctx))
	fill(frame, image.Rect(50, 40, 64, 48), color.RGBA{0xff, 0, 0, 0xff})
	s.Present(moved, []image.Rectangle{image.Rect(150, 240, 500, 500), {}, image.Rect(0, 0, 10, 10)})
	b := cl.next(ctx)
	if len(b.tiles) != 1 || b.tiles[0].r != image.Rect(50, 40, 64, 48) {
		t.Fatalf("tiles %v, want [(50,40)-(64,48)]", tileRects(b))
	}
	if d := sameImage(cl.canvas, frame); d != "" {
		t.Fatal(d)
	}
}

// TestSlowViewerCoalesces: while a viewer has not acknowledged its
// batches (web.Window of them), Presents return at once and nothing more
// is sent; its next batch is the union of the damage since, from the
// newest frame; a viewer that keeps up is not held back meanwhile.
func TestSlowViewerCoalesces(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(320, 200, 0)
	s.Present(frame, full(frame))
	slow, fast := dial(ctx, t, url), dial(ctx, t, url)
	slow.next(ctx) // not acknowledged
	fast.ack(ctx, fast.next(ctx))
	slow.fillWindow(ctx, s, frame)
	last := slow.last

	for i := range 500 {
		r := image.Rect(10+(i%5)*40, 20, 40+(i%5)*40, 30)
		fill(frame, r, color.RGBA{uint8(i), uint8(i >> 8), 0x80, 0xff})
		s.Present(frame, []image.Rectangle{r})
		if i%100 == 0 { // the fast viewer gets its batches meanwhile
			b := fast.next(ctx)
			fast.ack(ctx, b)
		}
	}
	slow.ack(ctx, batch{seq: last})
	b := slow.next(ctx)
	if b.seq != last+1 || b.full {
		t.Fatalf("slow viewer's second batch: seq %d full %v", b.seq, b.full)
	}
	if got, want := len(b.tiles), 5; got != want { // five boxes 10 pixels apart stay apart
		t.Errorf("tiles %v, want five", tileRects(b))
	}
	if d := sameImage(slow.canvas, frame); d != "" {
		t.Fatalf("slow viewer after coalescing: %s", d)
	}
	// Nothing else was queued: the next change is the very next batch.
	slow.ack(ctx, b)
	r := image.Rect(300, 180, 310, 190)
	fill(frame, r, color.RGBA{0, 0xff, 0, 0xff})
	s.Present(frame, []image.Rectangle{r})
	if b := slow.next(ctx); b.seq != last+2 || len(b.tiles) != 1 || b.tiles[0].r != r {
		t.Fatalf("then: seq %d tiles %v", b.seq, tileRects(b))
	}
}

// TestReconnectGetsFullFrame: a viewer that left and comes back gets the
// newest frame whole.
func TestReconnectGetsFullFrame(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(160, 90, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	cl.ack(ctx, cl.next(ctx))
	cl.c.Close(websocket.StatusNormalClosure, "bye")

	r := image.Rect(5, 5, 25, 25)
	fill(frame, r, color.RGBA{0xff, 0xff, 0, 0xff})
	s.Present(frame, []image.Rectangle{r})
	again := dial(ctx, t, url)
	b := again.next(ctx)
	if !b.full || b.seq != 1 {
		t.Fatalf("reconnected: seq %d full %v", b.seq, b.full)
	}
	if d := sameImage(again.canvas, frame); d != "" {
		t.Fatal(d)
	}
}

// TestResizeSendsFullFrame: a frame of a new size reaches every viewer
// whole, with its size, whatever the damage said.
func TestResizeSendsFullFrame(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(100, 50, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	cl.ack(ctx, cl.next(ctx))
	bigger := gradientFrame(120, 80, 9)
	s.Present(bigger, []image.Rectangle{image.Rect(0, 0, 1, 1)})
	b := cl.next(ctx)
	if !b.full || b.size != image.Pt(120, 80) {
		t.Fatalf("after resize: full %v size %v", b.full, b.size)
	}
	if d := sameImage(cl.canvas, bigger); d != "" {
		t.Fatal(d)
	}
}

// TestBeforeFirstPresent: a viewer that comes before any frame waits, and
// gets the first one whole.
func TestBeforeFirstPresent(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	cl := dial(ctx, t, url)
	frame := gradientFrame(40, 30, 1)
	s.Present(frame, []image.Rectangle{image.Rect(0, 0, 2, 2)})
	b := cl.next(ctx)
	if !b.full {
		t.Fatal("first batch not full")
	}
	if d := sameImage(cl.canvas, frame); d != "" {
		t.Fatal(d)
	}
	if err := s.Present(nil, nil); err == nil {
		t.Error("Present(nil) gave no error")
	}
}

// TestStalledViewerDisconnected: a viewer that leaves a batch
// unacknowledged for StallTimeout on the clock is disconnected.
func TestStalledViewerDisconnected(t *testing.T) {
	ctx := testCtx(t)
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	var log logtest.Buffer
	s, url := newView(t, web.Options{Clock: clk, Logger: log.Logger()})
	frame := gradientFrame(40, 30, 1)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	cl.next(ctx)
	if !clk.WaitArmed(t0.Add(web.StallTimeout), time.After(30*time.Second)) {
		t.Fatal("no stall timer armed")
	}
	clk.Step(web.StallTimeout - time.Nanosecond)
	clk.Step(time.Nanosecond)
	if _, _, err := cl.c.Read(ctx); err == nil || ctx.Err() != nil {
		t.Fatalf("read after the stall timeout: %v (want the connection closed)", err)
	}
	s.Close() // waits for the viewer's goroutines
	if !strings.Contains(log.String(), "viewer stalled") {
		t.Errorf("log has no stall line:\n%s", log.String())
	}
}

// TestAckRearmsStallTimer: each acknowledged batch gives the next one a
// whole StallTimeout: a viewer that keeps acknowledging stays however
// long it watches.
func TestAckRearmsStallTimer(t *testing.T) {
	ctx := testCtx(t)
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	clk := clocktest.New(t0)
	s, url := newView(t, web.Options{Clock: clk, Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(40, 30, 1)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	b := cl.next(ctx)
	for i := range 4 {
		// The sender arms the timer after its write: wait for it, then
		// step to just before it fires.
		if !clk.WaitArmed(clk.Now().Add(web.StallTimeout), time.After(30*time.Second)) {
			t.Fatalf("batch %d: no stall timer armed", b.seq)
		}
		clk.Step(web.StallTimeout - time.Nanosecond)
		cl.ack(ctx, b)
		fill(frame, image.Rect(0, 0, 4, 4), color.RGBA{uint8(i), 2, 3, 0xff})
		s.Present(frame, []image.Rectangle{image.Rect(0, 0, 4, 4)})
		b = cl.next(ctx) // still connected
	}
	if b.seq != 5 {
		t.Fatalf("seq %d, want 5", b.seq)
	}
}

// TestMaxViewers: past MaxViewers a viewer is refused with 503.
func TestMaxViewers(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{MaxViewers: 1, Logger: slog.New(slog.DiscardHandler)})
	dial(ctx, t, url)
	_, resp, err := websocket.Dial(ctx, "ws"+url[4:]+"/ws", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("second viewer: %v %v, want 503", err, resp)
	}
	if n := s.Viewers(); n != 1 {
		t.Errorf("Viewers() = %d", n)
	}
}

// TestControlInput: with Control, the viewer's pointer and key messages
// reach the Input, checked and clamped; bad ones are dropped.
func TestControlInput(t *testing.T) {
	ctx := testCtx(t)
	in := newRecorder()
	var log logtest.Buffer
	s, url := newView(t, web.Options{Input: in, Control: true, Logger: log.Logger()})
	frame := gradientFrame(200, 100, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	if !cl.control {
		t.Fatal("hello says view-only with Options.Control")
	}
	cl.send(ctx, `{"t":"ptr","k":"down","id":0,"x":12.5,"y":40.25,"b":1}`)
	cl.send(ctx, `{"t":"ptr","k":"up","id":3,"x":1e9,"y":-5,"b":1,"touch":true}`)
	cl.send(ctx, `{"t":"ptr","k":"down","id":99,"x":1,"y":1}`) // dropped
	cl.send(ctx, `{"t":"warp","x":1}`)                         // dropped
	cl.send(ctx, `{"t":"key","name":"Return","mod":255}`)
	cl.send(ctx, `{"t":"key","name":"A","rune":97}`)
	cl.send(ctx, `{"t":"key","name":"F13"}`) // dropped
	want := []raster.PointerEvent{
		{Kind: raster.PointerDown, X: 12.5, Y: 40.25, Button: 1},
		{Kind: raster.PointerUp, ID: 3, X: 199.99998, Y: 0, Button: 1, Touch: true},
	}
	for i, w := range want {
		select {
		case got := <-in.ptr:
			if got != w {
				t.Errorf("pointer %d: %+v, want %+v", i, got, w)
			}
		case <-ctx.Done():
			t.Fatalf("pointer %d never came", i)
		}
	}
	wantKeys := []raster.KeyEvent{{Name: "Return", Modifier: 15}, {Name: "A", Rune: 'a'}}
	for i, w := range wantKeys {
		select {
		case got := <-in.key:
			if got != w {
				t.Errorf("key %d: %+v, want %+v", i, got, w)
			}
		case <-ctx.Done():
			t.Fatalf("key %d never came", i)
		}
	}
	syncReader(ctx, t, s, cl, frame)
	if len(in.ptr)+len(in.key) != 0 {
		t.Errorf("%d pointer and %d key events more", len(in.ptr), len(in.key))
	}
	if !strings.Contains(log.String(), `finger 99 out of range`) {
		t.Errorf("the bad finger was not logged:\n%s", log.String())
	}
}

// syncReader returns once the server has read every message cl sent
// before: it acknowledges cl's pending batch after them, and waits for a
// batch that only that acknowledgement lets the server send.
func syncReader(ctx context.Context, t *testing.T, s *web.Server, cl *client, frame *image.RGBA) {
	t.Helper()
	cl.fillWindow(ctx, s, frame)
	s.Present(frame, []image.Rectangle{image.Rect(0, 0, 1, 1)})
	cl.ack(ctx, batch{seq: cl.last})
	cl.next(ctx)
}

// TestViewOnlyDropsInput: without Control, a viewer's events go nowhere.
func TestViewOnlyDropsInput(t *testing.T) {
	ctx := testCtx(t)
	in := newRecorder()
	var log logtest.Buffer
	s, url := newView(t, web.Options{Input: in, Logger: log.Logger()})
	frame := gradientFrame(200, 100, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	cl.send(ctx, `{"t":"ptr","k":"down","id":0,"x":12,"y":40,"b":1}`)
	cl.send(ctx, `{"t":"key","name":"Return"}`)
	syncReader(ctx, t, s, cl, frame)
	if len(in.ptr)+len(in.key) != 0 {
		t.Fatalf("view-only: %d pointer and %d key events arrived", len(in.ptr), len(in.key))
	}
	if !strings.Contains(log.String(), "view-only") {
		t.Errorf("no view-only line:\n%s", log.String())
	}
}

// TestBadMessagesRateLimited: bad messages are logged at most once a
// second of the clock per viewer, with the count of those not logged.
func TestBadMessagesRateLimited(t *testing.T) {
	ctx := testCtx(t)
	clk := clocktest.New(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
	var log logtest.Buffer
	s, url := newView(t, web.Options{Clock: clk, Logger: log.Logger()})
	frame := gradientFrame(20, 10, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	cl.send(ctx, `not json`)
	cl.send(ctx, `{"t":"ptr","k":"jump"}`)
	cl.c.Write(ctx, websocket.MessageBinary, []byte{1, 2, 3})
	syncReader(ctx, t, s, cl, frame) // all three read
	clk.Step(time.Second)
	cl.send(ctx, `{"t":"ack","seq":77}`)
	syncReader(ctx, t, s, cl, frame)
	lines := strings.Count(log.String(), "message from a viewer dropped")
	if lines != 2 || !strings.Contains(log.String(), "unlogged=2") || !strings.Contains(log.String(), "ack of batch 77") {
		t.Fatalf("%d lines, want 2 (the second with unlogged=2, about batch 77):\n%s", lines, log.String())
	}
}

// TestOversizedMessageCloses: a message past MaxMessage ends the viewer.
func TestOversizedMessageCloses(t *testing.T) {
	ctx := testCtx(t)
	_, url := newView(t, web.Options{Control: true, Logger: slog.New(slog.DiscardHandler)})
	cl := dial(ctx, t, url)
	cl.send(ctx, `{"t":"key","name":"`+strings.Repeat("A", web.MaxMessage)+`"}`)
	_, _, err := cl.c.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusMessageTooBig {
		t.Fatalf("read: %v, want close status 1009", err)
	}
}

// TestCloseEndsViewers: Close disconnects every viewer, waits for their
// goroutines (goleak checks in TestMain) and refuses new ones.
func TestCloseEndsViewers(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(20, 10, 0)
	s.Present(frame, full(frame))
	a, b := dial(ctx, t, url), dial(ctx, t, url)
	a.next(ctx)
	s.Close()
	if n := s.Viewers(); n != 0 {
		t.Errorf("%d viewers after Close", n)
	}
	for _, cl := range []*client{a, b} {
		for {
			if _, _, err := cl.c.Read(ctx); err != nil {
				break
			}
		}
	}
	if err := s.Present(frame, full(frame)); err != nil {
		t.Errorf("Present after Close: %v", err)
	}
	_, resp, err := websocket.Dial(ctx, "ws"+url[4:]+"/ws", nil)
	if err == nil || resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("dial after Close: %v, want 503", err)
	}
}

// TestPage: the page is served with its security headers; other paths
// and methods are refused.
func TestPage(t *testing.T) {
	_, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	for _, tt := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/", 200},
		{"HEAD", "/", 200},
		{"POST", "/", 405},
		{"GET", "/other", 404},
		{"POST", "/ws", 405},
	} {
		t.Run(tt.method+tt.path, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, url+tt.path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			csp := resp.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'sha256-") || !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("CSP %q", csp)
			}
			if tt.method == "GET" && !bytes.Contains(body, []byte("<canvas")) {
				t.Errorf("no canvas in the page")
			}
		})
	}
}

// TestCrossOriginRefused: a page of another origin cannot open the socket.
func TestCrossOriginRefused(t *testing.T) {
	ctx := testCtx(t)
	_, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	h := http.Header{"Origin": {"http://evil.example"}}
	_, resp, err := websocket.Dial(ctx, "ws"+url[4:]+"/ws", &websocket.DialOptions{HTTPHeader: h})
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin dial: %v, want 403", err)
	}
}

// TestConcurrentPresents: Presents from one goroutine and two viewers
// acknowledging as fast as they can (run with -race); both end on the last
// frame.
func TestConcurrentPresents(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(160, 100, 0)
	s.Present(frame, full(frame))
	viewers := []*client{dial(ctx, t, url), dial(ctx, t, url)}
	want := image.NewRGBA(frame.Rect)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 300 {
			r := image.Rect((i*7)%150, (i*3)%90, (i*7)%150+10, (i*3)%90+10)
			fill(frame, r, color.RGBA{uint8(i), uint8(i * 3), uint8(i * 5), 0xff})
			s.Present(frame, []image.Rectangle{r})
		}
		copy(want.Pix, frame.Pix)
	})
	wg.Wait()
	for _, cl := range viewers {
		for sameImage(cl.canvas, want) != "" {
			b := cl.next(ctx)
			cl.ack(ctx, b)
		}
	}
}

// TestMountedUnderPrefix: behind http.StripPrefix the page and its socket
// work under the prefix; the prefix without its slash redirects to it.
func TestMountedUnderPrefix(t *testing.T) {
	ctx := testCtx(t)
	s := web.New(web.Options{Logger: slog.New(slog.DiscardHandler)})
	mux := http.NewServeMux()
	mux.Handle("/panel/", http.StripPrefix("/panel", s))
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	t.Cleanup(func() { s.Close() })
	resp, err := http.Get(hs.URL + "/panel")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/panel/" {
		t.Fatalf("GET /panel: %d at %s, want 200 at /panel/", resp.StatusCode, resp.Request.URL.Path)
	}
	frame := gradientFrame(30, 20, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, hs.URL+"/panel")
	cl.next(ctx)
	if d := sameImage(cl.canvas, frame); d != "" {
		t.Fatal(d)
	}
}

// TestNewViewersDuringPresents: viewers that connect while values change
// get full frames made partly of bands kept from earlier full frames and
// partly of bands encoded anew; each ends showing exactly the last frame.
func TestNewViewersDuringPresents(t *testing.T) {
	ctx := testCtx(t)
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(640, 400, 0) // four bands
	s.Present(frame, full(frame))
	want := image.NewRGBA(frame.Rect)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			r := image.Rect((i*37)%600, (i*53)%380, (i*37)%600+30, (i*53)%380+16)
			fill(frame, r, color.RGBA{uint8(i), uint8(i * 3), uint8(i * 5), 0xff})
			s.Present(frame, []image.Rectangle{r})
		}
		copy(want.Pix, frame.Pix)
	})
	var viewers []*client
	for range 6 {
		cl := dial(ctx, t, url)
		if b := cl.next(ctx); !b.full {
			t.Fatal("a new viewer's first batch is not the whole frame")
		} else {
			cl.ack(ctx, b)
		}
		viewers = append(viewers, cl)
	}
	wg.Wait()
	for _, cl := range viewers {
		for sameImage(cl.canvas, want) != "" {
			b := cl.next(ctx)
			cl.ack(ctx, b)
		}
	}
	late := dial(ctx, t, url) // after the changes: its frame from the kept bands
	if b := late.next(ctx); !b.full {
		t.Fatal("the late viewer's first batch is not the whole frame")
	}
	if d := sameImage(late.canvas, want); d != "" {
		t.Fatalf("late viewer: %s", d)
	}
}
