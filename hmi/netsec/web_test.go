package netsec_test

import (
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/gohmi/gohmi/hmi/netsec"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/web"
)

// recorder is the panel's input: it collects what viewers send.
type recorder struct{ ptr chan raster.PointerEvent }

func (r *recorder) Pointer(e raster.PointerEvent) { r.ptr <- e }
func (r *recorder) Key(raster.KeyEvent)           {}

// webEnv is the web view (with --web-control) behind a non-loopback login.
type webEnv struct {
	*env
	s     *web.Server
	in    *recorder
	frame *image.RGBA
}

func newWebEnv(t *testing.T) *webEnv {
	in := &recorder{ptr: make(chan raster.PointerEvent, 64)}
	s := web.New(web.Options{Input: in, Control: true, Allow: netsec.Allow, Active: netsec.Active, Logger: slog.New(slog.DiscardHandler)})
	t.Cleanup(func() { s.Close() }) // before the server's Shutdown: ends the WebSockets
	e := newEnv(t, s)
	frame := image.NewRGBA(image.Rect(0, 0, 64, 48))
	s.Present(frame, []image.Rectangle{frame.Rect})
	return &webEnv{env: e, s: s, in: in, frame: frame}
}

// dial upgrades with c (nil: none) from origin.
func (w *webEnv) dial(ctx context.Context, c *http.Cookie, origin string) (*websocket.Conn, *http.Response, error) {
	h := http.Header{"Origin": {origin}}
	if c != nil {
		h.Set("Cookie", c.String())
	}
	conn, resp, err := websocket.Dial(ctx, "wss"+w.base[len("https"):]+"/ws", &websocket.DialOptions{HTTPClient: w.c, HTTPHeader: h})
	if conn != nil {
		w.t.Cleanup(func() { conn.CloseNow() })
		conn.SetReadLimit(1 << 20)
	}
	return conn, resp, err
}

// viewer reads the hello and the first batch, and reports control.
func viewerHello(ctx context.Context, t *testing.T, conn *websocket.Conn) bool {
	t.Helper()
	_, p, err := conn.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	control := strings.Contains(string(p), `"control":true`)
	if _, _, err := conn.Read(ctx); err != nil { // batch 1: the whole frame
		t.Fatal(err)
	}
	return control
}

// tapAndSync sends a tap, then acknowledges batch seq and waits for the
// batch only that acknowledgement lets the server send: the server has
// then read the tap. The server keeps two unacknowledged batches in
// flight a viewer (render/raster/web's window), so batch seq+1 is taken
// first without an acknowledgement: the window is full.
func (w *webEnv) tapAndSync(ctx context.Context, t *testing.T, conn *websocket.Conn, seq int) {
	t.Helper()
	read := func(want int) {
		t.Helper()
		w.s.Present(w.frame, []image.Rectangle{image.Rect(0, 0, 1, 1)})
		_, p, err := conn.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := binary.LittleEndian.Uint32(p[1:]); got != uint32(want) {
			t.Fatalf("batch %d, want %d", got, want)
		}
	}
	read(seq + 1) // the window: seq and seq+1 unacknowledged
	for _, m := range []string{`{"t":"ptr","k":"down","id":0,"x":5,"y":5,"b":1}`, fmt.Sprintf(`{"t":"ack","seq":%d}`, seq)} {
		if err := conn.Write(ctx, websocket.MessageText, []byte(m)); err != nil {
			t.Fatal(err)
		}
	}
	read(seq + 2)
}

// TestWebViewLogin: the web view's WebSocket needs a session and the
// page's origin; a viewer-role session watches (its taps go nowhere), a
// web-control session operates the panel; a session that ends
// disconnects its viewer.
func TestWebViewLogin(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	w := newWebEnv(t)

	_, resp, err := w.dial(ctx, nil, w.base)
	if err == nil || resp == nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("upgrade without a session: %v %v, want 401", err, resp)
	}
	vic := sessionCookie(t, w.login("vic", vicPass))
	eng := sessionCookie(t, w.login("eng", engPass))
	_, resp, err = w.dial(ctx, eng, "https://evil.example")
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-origin upgrade with a session: %v %v, want 403", err, resp)
	}

	vconn, _, err := w.dial(ctx, vic, w.base)
	if err != nil {
		t.Fatal(err)
	}
	if viewerHello(ctx, t, vconn) {
		t.Error("a viewer-role session is offered control")
	}
	w.tapAndSync(ctx, t, vconn, 1)
	if n := len(w.in.ptr); n != 0 {
		t.Fatalf("a viewer-role session's tap reached the panel (%d events)", n)
	}

	econn, _, err := w.dial(ctx, eng, w.base)
	if err != nil {
		t.Fatal(err)
	}
	if !viewerHello(ctx, t, econn) {
		t.Error("a web-control session is view-only")
	}
	w.tapAndSync(ctx, t, econn, 1)
	if n := len(w.in.ptr); n != 1 {
		t.Fatalf("the web-control session's tap: %d events at the panel, want 1", n)
	}

	// vic logs out elsewhere: the viewer is cut within SessionCheck.
	for _, s := range w.a.Sessions() {
		if s.User == "vic" {
			w.a.Logout(s)
		}
	}
	if !w.clk.WaitTimers(2, time.After(10*time.Second)) { // both viewers' session checks (and the stall timers)
		t.Fatal("no session checks armed")
	}
	w.clk.Step(netsec.SessionCheck)
	for {
		if _, _, err := vconn.Read(ctx); err != nil {
			if ctx.Err() != nil {
				t.Fatal("the logged-out viewer is still connected")
			}
			break
		}
	}
	if r := w.get("/", vic, "text/html"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the page after logout: %d, want a redirect to the login", r.StatusCode)
	}
	if r := w.get("/", eng, "text/html"); r.StatusCode != http.StatusOK || !strings.Contains(body(r), "<canvas") {
		t.Errorf("the page for eng: %d", r.StatusCode)
	}
}
