package web

import (
	"image"
	"log/slog"
	"runtime"
	"testing"
)

// TestViewerKeepsNoFullFrame: after a batch of the whole frame a viewer
// keeps no buffer larger than maxKept (it held a 1280x800 frame's 4 MB
// copy per viewer until the next batch: on a panel whose screen had just
// changed, that was the next value change); its one tile buffer is
// reused from batch to batch (a running trend's plot at 10 Hz made a new
// one for each), and a full frame is copied a tile at a time into it, not
// whole: the demo's trends screen (two plots at 10 Hz, more than half the
// frame) sent a full frame ten times a second, each a new 4 MB copy.
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
	plot := image.Rect(100, 200, 1100, 520) // a third of the frame
	for seq := uint32(3); seq < 6; seq++ {
		if err := s.Present(frame, []image.Rectangle{plot}); err != nil {
			t.Fatal(err)
		}
		var before *uint8
		if cap(v.pix) > 0 {
			before = &v.pix[:1][0]
		}
		if msg := v.next(seq); msg == nil {
			t.Fatal("no batch for the plot")
		}
		if seq > 3 && (cap(v.pix) == 0 || &v.pix[:1][0] != before) {
			t.Errorf("batch %d: a new pixel buffer for the same plot, want the last one reused", seq)
		}
	}
	// Full frames over and over: no frame-sized copy each.
	for i := range frame.Pix {
		frame.Pix[i] = uint8(i / 4 / 1280 / 100 * 40) // bands of a few colours, as a panel's screen
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 5
	for seq := uint32(6); seq < 6+n; seq++ {
		if err := s.Present(frame, []image.Rectangle{frame.Rect}); err != nil {
			t.Fatal(err)
		}
		if msg := v.next(seq); msg == nil {
			t.Fatal("no batch for the whole frame")
		}
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 1<<20 {
		t.Errorf("a full frame's batch allocates %d bytes, want under 1 MB (no copy of the 4 MB frame)", per)
	}
	if kept := v.keptBytes(); kept > maxKept {
		t.Errorf("the viewer keeps %d bytes of pixels, want at most %d", kept, maxKept)
	}
}

// TestEncoderReusesCompressors: tiles that alternate between small and
// big reuse the encoder's zlib writer: when small tiles were compressed
// harder than big ones, a writer shared by both levels was made anew at
// every switch, about 1 MB each, most of what the web view allocated.
func TestEncoderReusesCompressors(t *testing.T) {
	var e encoder
	e.init()
	frame := image.NewRGBA(image.Rect(0, 0, 1280, 800))
	for i := range frame.Pix {
		frame.Pix[i] = uint8(i * 7)
	}
	small := tile{r: image.Rect(0, 0, 120, 32), img: frame.SubImage(image.Rect(0, 0, 120, 32)).(*image.RGBA)}
	big := tile{r: image.Rect(0, 0, 1280, 51), img: frame.SubImage(image.Rect(0, 0, 1280, 51)).(*image.RGBA)}
	e.batch(1, frame.Rect.Size(), false, []tile{small, big}) // warm: each level's writer made once
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 10
	for i := range n {
		e.batch(uint32(i+2), frame.Rect.Size(), false, []tile{small, big})
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 200<<10 {
		t.Errorf("%d bytes allocated per batch of a small and a big tile, want under 200 KB (no new compressor)", per)
	}
}

// keptBytes is the pixel memory the viewer holds between batches.
func (v *viewer) keptBytes() int { return cap(v.pix) }
