package web_test

import (
	"encoding/base64"
	"image"
	"image/color"
	"image/draw"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/render/raster/web"
)

// carried returns the resume token and the batch of the page served at
// url, and the frame it shows.
func carried(t *testing.T, url string) (string, batch, *image.RGBA) {
	t.Helper()
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	tok := regexp.MustCompile(`<meta name="gohmi-frame" content="([^"]*)">`).FindSubmatch(body)
	blk := regexp.MustCompile(`<script type="application/octet-stream" id="gohmi-frame">([^<]*)</script>`).FindSubmatch(body)
	if tok == nil || blk == nil || len(tok[1]) == 0 || len(blk[1]) == 0 {
		t.Fatal("the page carries no frame or no token")
	}
	msg, err := base64.StdEncoding.DecodeString(string(blk[1]))
	if err != nil {
		t.Fatal(err)
	}
	b, err := decodeBatch(msg)
	if err != nil {
		t.Fatalf("carried batch: %v", err)
	}
	canvas := image.NewRGBA(image.Rectangle{Max: b.size})
	for _, tl := range b.tiles {
		draw.Draw(canvas, tl.r, tl.img, tl.img.Bounds().Min, draw.Src)
	}
	return string(tok[1]), b, canvas
}

// TestPageCarriesFrame: the page carries the whole frame, the same pixels
// the WebSocket sends a viewer without a token, as batch 0.
func TestPageCarriesFrame(t *testing.T) {
	s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
	frame := gradientFrame(640, 400, 0)
	s.Present(frame, full(frame))
	_, b, canvas := carried(t, url)
	if !b.full || b.seq != 0 || b.size != frame.Rect.Size() {
		t.Fatalf("carried batch: seq %d full %v size %v", b.seq, b.full, b.size)
	}
	if d := sameImage(canvas, frame); d != "" {
		t.Fatalf("carried frame: %s", d)
	}
}

// TestResume: a viewer whose page carried the frame of its resume token
// gets only the bands damaged since (the frame's bands are 102 rows of
// 640 at 640x400), or nothing until the next change; a token that does
// not name this server's frame (malformed, another server's, a version
// not presented yet) or a frame resized since gets the frame whole.
func TestResume(t *testing.T) {
	change := image.Rect(100, 150, 220, 182) // in band 1
	band1 := image.Rect(0, 102, 640, 204)
	for _, tt := range []struct {
		name   string
		token  func(tok, other string) string
		before func(s *web.Server, frame *image.RGBA) *image.RGBA // what happens between the page and its socket
		full   bool
		tiles  []image.Rectangle // the first batch's, when not full
	}{
		{name: "nothing changed", tiles: []image.Rectangle{change}},
		{name: "changed before the socket", before: changeAt(change), tiles: []image.Rectangle{band1}},
		{name: "resized before the socket", before: func(s *web.Server, _ *image.RGBA) *image.RGBA {
			f := gradientFrame(600, 400, 5)
			s.Present(f, full(f))
			return f
		}, full: true},
		{name: "another server's token", token: func(_, other string) string { return other }, full: true},
		{name: "malformed token", token: func(tok, _ string) string { return tok + "x" }, full: true},
		{name: "no version", token: func(tok, _ string) string { return strings.Split(tok, ".")[0] }, full: true},
		{name: "version not presented", token: func(tok, _ string) string { return strings.Split(tok, ".")[0] + ".99999" }, full: true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ctx := testCtx(t)
			s, url := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
			frame := gradientFrame(640, 400, 0)
			s.Present(frame, full(frame))
			tok, _, canvas := carried(t, url)
			if tt.token != nil {
				other, otherURL := newView(t, web.Options{Logger: slog.New(slog.DiscardHandler)})
				other.Present(frame, full(frame))
				otherTok, _, _ := carried(t, otherURL)
				tok = tt.token(tok, otherTok)
			}
			if tt.before != nil {
				frame = tt.before(s, frame)
			}
			cl := dialURL(ctx, t, "ws"+url[len("http"):]+"/ws?v="+tok)
			cl.canvas = canvas
			if !tt.full && tt.before == nil {
				frame = changeAt(change)(s, frame) // the first batch is this change
			}
			b := cl.next(ctx)
			if b.seq != 1 || b.full != tt.full {
				t.Fatalf("first batch: seq %d full %v, want 1 %v", b.seq, b.full, tt.full)
			}
			if !tt.full && !slices.Equal(tileRects(b), tt.tiles) {
				t.Errorf("first batch's tiles %v, want %v", tileRects(b), tt.tiles)
			}
			if d := sameImage(cl.canvas, frame); d != "" {
				t.Fatalf("after the first batch: %s", d)
			}
		})
	}
}

// changeAt returns a change that fills r and presents it.
func changeAt(r image.Rectangle) func(*web.Server, *image.RGBA) *image.RGBA {
	return func(s *web.Server, frame *image.RGBA) *image.RGBA {
		fill(frame, r, color.RGBA{0x12, 0x34, 0x56, 0xff})
		s.Present(frame, []image.Rectangle{r})
		return frame
	}
}
