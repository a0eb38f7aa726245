package web

import (
	"image"
	"log/slog"
	"strconv"
	"strings"
	"testing"
)

// FuzzResume: a resume token is network input (the WebSocket's query):
// whatever it is, resume does not panic, and it accepts only this
// server's epoch and a version presented already; then the viewer's first
// batch is the damage since (not the whole frame), else the whole frame.
//
//	go test -tags migrated_fynedo,no_emoji -fuzz FuzzResume ./render/raster/web
func FuzzResume(f *testing.F) {
	s := New(Options{Logger: slog.New(slog.DiscardHandler)})
	defer s.Close()
	frame := image.NewRGBA(image.Rect(0, 0, 640, 400))
	s.Present(frame, []image.Rectangle{frame.Rect})
	s.Present(frame, []image.Rectangle{image.Rect(0, 150, 10, 160)})
	for _, seed := range []string{s.token(1), s.token(2), s.token(3), "", ".", "x.1", s.token(1) + ".1",
		strconv.FormatUint(s.epoch, 16) + ".-1", strconv.FormatUint(s.epoch, 16) + ".18446744073709551616"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		v := &viewer{s: s, full: true}
		ok := s.resume(v, tok)
		ep, ver, _ := strings.Cut(tok, ".")
		epoch, err1 := strconv.ParseUint(ep, 16, 64)
		version, err2 := strconv.ParseUint(ver, 10, 64)
		want := err1 == nil && err2 == nil && epoch == s.epoch && version <= s.version
		if ok != want {
			t.Fatalf("resume(%q) = %v, want %v", tok, ok, want)
		}
		if v.full == ok {
			t.Fatalf("resume(%q) = %v, the viewer's next batch full: %v", tok, ok, v.full)
		}
		if ok && version < 2 && len(v.pending.rects) != 1 {
			t.Fatalf("resume(%q): pending %v, want the band damaged at version 2", tok, v.pending.rects)
		}
	})
}
