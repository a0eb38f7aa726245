package web

import (
	"image"
	"log/slog"
	"testing"
)

// TestViewerKeepsNoFullFrame: after a batch of the whole frame a viewer
// keeps no buffer larger than maxKept, neither its pixel buffer nor the
// tiles that pointed into it (they held a 1280x800 frame's 4 MB copy per
// viewer until the next batch: on a panel whose screen had just changed,
// that was the next value change); a small batch keeps its buffer for the
// next one.
func TestViewerKeepsNoFullFrame(t *testing.T) {
	s := New(Options{Logger: slog.New(slog.DiscardHandler)})
	defer s.Close()
	v, _, err := s.join("test")
	if err != nil {
		t.Fatal(err)
	}
	defer s.leave(v)
	frame := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	for i := range frame.Pix {
		frame.Pix[i] = uint8(i * 7) // many colours: not paletted
	}
	if err := s.Present(frame, []image.Rectangle{frame.Rect}); err != nil {
		t.Fatal(err)
	}
	if msg := v.next(1); msg == nil {
		t.Fatal("no batch for the first frame")
	}
	if kept := v.keptBytes(); kept > maxKept {
		t.Errorf("after a full frame the viewer keeps %d bytes of pixels, want at most %d", kept, maxKept)
	}
	small := image.Rect(10, 10, 130, 42)
	if err := s.Present(frame, []image.Rectangle{small}); err != nil {
		t.Fatal(err)
	}
	if msg := v.next(2); msg == nil {
		t.Fatal("no batch for a changed value")
	}
	if kept := v.keptBytes(); kept < small.Dx()*small.Dy()*4 || kept > maxKept {
		t.Errorf("after a changed value the viewer keeps %d bytes of pixels, want its tile's %d (reused)", kept, small.Dx()*small.Dy()*4)
	}
}

// keptBytes is the pixel memory the viewer holds between batches: its
// buffer and every tile's, counted once per distinct backing array.
func (v *viewer) keptBytes() int {
	seen := map[*uint8]int{}
	if cap(v.pix) > 0 {
		seen[&v.pix[:1][0]] = cap(v.pix)
	}
	for _, t := range v.tiles {
		if t.img != nil && cap(t.img.Pix) > 0 {
			p := &t.img.Pix[:1][0]
			if _, ok := seen[p]; !ok {
				seen[p] = cap(t.img.Pix)
			}
		}
	}
	n := 0
	for _, c := range seen {
		n += c
	}
	return n
}
