package web_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/coder/websocket"

	"github.com/gohmi/gohmi/render/raster/web"
)

// TestAllow: Options.Allow decides per viewer from its upgrade request:
// refused (403), view-only although the server allows control (its
// events are dropped), or control (its events reach the Input, and
// Options.Active sees each of them, and Options.Origin's answer goes
// with each).
func TestAllow(t *testing.T) {
	ctx := testCtx(t)
	in := newRecorder()
	var active atomic.Int32
	s, url := newView(t, web.Options{Input: in, Control: true, Logger: slog.New(slog.DiscardHandler),
		Allow: func(r *http.Request) (bool, bool) {
			switch r.URL.Query().Get("who") {
			case "operator":
				return true, true
			case "viewer":
				return false, true
			}
			return false, false
		},
		Active: func(r *http.Request) {
			if r.URL.Query().Get("who") != "operator" {
				t.Errorf("Active for %q", r.URL.RawQuery)
			}
			active.Add(1)
		},
		Origin: func(r *http.Request) any { return "origin " + r.URL.Query().Get("who") }})
	frame := gradientFrame(200, 100, 0)
	s.Present(frame, full(frame))

	_, resp, err := websocket.Dial(ctx, "ws"+url[4:]+"/ws?who=nobody", nil)
	if err == nil || resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("a viewer Allow refuses: %v %v, want 403", err, resp)
	}

	ws := "ws" + url[len("http"):] + "/ws?who="
	viewer := dialURL(ctx, t, ws+"viewer")
	if viewer.control {
		t.Error("the hello offers control to a viewer Allow made view-only")
	}
	viewer.send(ctx, `{"t":"ptr","k":"down","id":0,"x":5,"y":5,"b":1}`)
	viewer.send(ctx, `{"t":"key","name":"A","rune":97}`)
	syncReader(ctx, t, s, viewer, frame)
	if len(in.ptr)+len(in.key) != 0 || active.Load() != 0 {
		t.Fatalf("a view-only viewer's events reached the input: %d pointer, %d key, %d active", len(in.ptr), len(in.key), active.Load())
	}

	op := dialURL(ctx, t, ws+"operator")
	if !op.control {
		t.Error("the hello says view-only to a viewer Allow lets control")
	}
	op.send(ctx, `{"t":"ptr","k":"down","id":0,"x":5,"y":5,"b":1}`)
	op.send(ctx, `{"t":"key","name":"A","rune":97}`)
	syncReader(ctx, t, s, op, frame)
	if len(in.ptr) != 1 || len(in.key) != 1 || active.Load() != 2 {
		t.Fatalf("the operator's events: %d pointer, %d key, %d active; want 1, 1, 2", len(in.ptr), len(in.key), active.Load())
	}
	if p, k := (<-in.ptr).Origin, (<-in.key).Origin; p != "origin operator" || k != "origin operator" {
		t.Errorf("the operator's events came from %v and %v, want Options.Origin's answer", p, k)
	}
}

// TestAllowNeedsControl: Allow cannot give control a server without
// Options.Control does not have.
func TestAllowNeedsControl(t *testing.T) {
	ctx := testCtx(t)
	in := newRecorder()
	s, url := newView(t, web.Options{Input: in, Logger: slog.New(slog.DiscardHandler),
		Allow: func(*http.Request) (bool, bool) { return true, true }})
	frame := gradientFrame(200, 100, 0)
	s.Present(frame, full(frame))
	cl := dial(ctx, t, url)
	if cl.control {
		t.Error("control without Options.Control")
	}
	cl.send(ctx, `{"t":"key","name":"A","rune":97}`)
	syncReader(ctx, t, s, cl, frame)
	if len(in.key) != 0 {
		t.Error("a key reached the input without Options.Control")
	}
}

// TestAllowRefusedPageCarriesNoFrame: the page served to a request Allow
// refuses carries no frame (its WebSocket would be refused too); one it
// admits does.
func TestAllowRefusedPageCarriesNoFrame(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler),
		Allow: func(r *http.Request) (bool, bool) { return false, r.URL.Query().Get("who") == "viewer" }})
	frame := gradientFrame(200, 100, 0)
	s.Present(frame, full(frame))
	for _, tt := range []struct {
		who   string
		frame bool
	}{{"nobody", false}, {"viewer", true}} {
		resp, err := http.Get(url + "/?who=" + tt.who)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		carries := !bytes.Contains(body, []byte(`id="gohmi-frame"></script>`))
		if carries != tt.frame {
			t.Errorf("the page for %s carries a frame: %v, want %v", tt.who, carries, tt.frame)
		}
	}
}
