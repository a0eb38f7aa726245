package web

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"log/slog"
	"testing"
)

// TestBandStoreBands: which rectangles are bands of the whole frame, and
// which bands a damaged rectangle marks.
func TestBandStoreBands(t *testing.T) {
	var b bandStore
	b.reset(image.Pt(1280, 800), 1) // 51 rows a band, 16 bands, the last of 35 rows
	for _, tt := range []struct {
		r    image.Rectangle
		band int
	}{
		{image.Rect(0, 0, 1280, 51), 0},
		{image.Rect(0, 51, 1280, 102), 1},
		{image.Rect(0, 765, 1280, 800), 15},
		{image.Rect(0, 765, 1280, 816), -1}, // past the frame
		{image.Rect(0, 50, 1280, 101), -1},  // not on a band's rows
		{image.Rect(8, 0, 1280, 51), -1},    // not the whole width
		{image.Rect(0, 0, 1280, 40), -1},    // part of a band
	} {
		if got := b.band(tt.r); got != tt.band {
			t.Errorf("band(%v) = %d, want %d", tt.r, got, tt.band)
		}
	}
	b.damage(image.Rect(300, 40, 420, 72), 2) // bands 0 and 1
	b.damage(image.Rect(0, 799, 5, 800), 3)   // the last
	b.damage(image.Rect(0, 0, 0, 0), 4)       // empty: nothing
	want := []uint64{2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3}
	for i, v := range b.damaged {
		if v != want[i] {
			t.Errorf("band %d damaged at version %d, want %d", i, v, want[i])
		}
	}
}

// TestBandStoreKeeps: a band's encoding is found while the band is not
// damaged again; an encoding of an older version is not kept over a newer
// one nor found once the band is damaged; a resize drops everything,
// including an encoding made before it and stored after it; the store
// keeps at most maxStored bytes.
func TestBandStoreKeeps(t *testing.T) {
	var b bandStore
	size := image.Pt(640, 400)
	b.reset(size, 1)
	b.store(size, 2, 1, []byte("v1"))
	if got := b.lookup(2); string(got) != "v1" {
		t.Fatalf("lookup after store: %q", got)
	}
	if got := b.lookup(3); got != nil {
		t.Fatalf("band 3, never stored: %q", got)
	}
	b.damage(image.Rect(0, 2*b.rows, 10, 2*b.rows+1), 5)
	if got := b.lookup(2); got != nil {
		t.Fatalf("band 2 damaged since: found %q", got)
	}
	b.store(size, 2, 5, []byte("v5"))
	b.store(size, 2, 4, []byte("v4")) // encoded before v5's, stored after it
	if got := b.lookup(2); string(got) != "v5" {
		t.Fatalf("lookup: %q, want v5", got)
	}
	b.reset(image.Pt(800, 480), 6)
	b.store(size, 2, 6, []byte("old size"))
	if got := b.lookup(2); got != nil {
		t.Fatalf("after a resize: found %q", got)
	}
	big := make([]byte, maxStored/2+1)
	b.store(b.size, 0, 6, big)
	b.store(b.size, 1, 6, big)
	if b.lookup(0) == nil || b.lookup(1) != nil || b.total > maxStored {
		t.Fatalf("over maxStored: band 0 kept %v, band 1 kept %v, %d bytes", b.lookup(0) != nil, b.lookup(1) != nil, b.total)
	}
}

// TestFullFrameReusesBands: a new viewer's full frame after a changed
// value encodes only the band the value is in and copies the others'
// encodings, and shows exactly the frame, as does the full frame of a
// viewer after a resize (nothing kept of the old size is used).
func TestFullFrameReusesBands(t *testing.T) {
	s := New(Options{Logger: slog.New(slog.DiscardHandler)})
	t.Cleanup(func() { s.Close() }) // after the viewers' leaves: Close waits for them
	frame := screenLike(1280, 800)
	s.Present(frame, []image.Rectangle{frame.Rect})
	before := kept(s)
	expectBatch(t, joinNext(t, s), frame)
	if enc := encodedBands(before, kept(s)); len(enc) != 16 {
		t.Fatalf("first full frame: bands %v encoded, want all 16", enc)
	}
	value := image.Rect(300, 120, 420, 152) // band 2 (rows 102-152)
	fillRect(frame, value, color.RGBA{0x20, 0x90, 0x30, 0xff})
	s.Present(frame, []image.Rectangle{value})
	before = kept(s)
	expectBatch(t, joinNext(t, s), frame)
	if enc := encodedBands(before, kept(s)); len(enc) != 1 || enc[0] != 2 {
		t.Errorf("after a changed value in band 2: bands %v encoded, want [2]", enc)
	}

	small := screenLike(800, 480)
	s.Present(small, []image.Rectangle{small.Rect})
	expectBatch(t, joinNext(t, s), small)
	if enc := encodedBands(nil, kept(s)); len(enc) != len(s.bands.kept) {
		t.Errorf("after a resize: bands %v encoded, want all %d", enc, len(s.bands.kept))
	}
}

// kept returns where the band store's encodings are (it stores a new copy
// of a band each time it is encoded).
func kept(s *Server) []*byte {
	s.bands.mu.Lock()
	defer s.bands.mu.Unlock()
	var out []*byte
	for _, k := range s.bands.kept {
		var p *byte
		if len(k.tile) > 0 {
			p = &k.tile[0]
		}
		out = append(out, p)
	}
	return out
}

// encodedBands returns the bands kept anew between two looks at the store.
func encodedBands(before, after []*byte) []int {
	var out []int
	for i, p := range after {
		if p != nil && (i >= len(before) || before[i] != p) {
			out = append(out, i)
		}
	}
	return out
}

// joinNext joins a viewer and returns its first batch (a full frame).
func joinNext(t *testing.T, s *Server) []byte {
	t.Helper()
	v, _, err := s.join("test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.leave(v) })
	msg := v.next(1)
	if msg == nil || msg[9]&flagFull == 0 {
		t.Fatal("no full frame")
	}
	return bytes.Clone(msg)
}

// expectBatch decodes a full-frame batch and compares it with frame.
func expectBatch(t *testing.T, msg []byte, frame *image.RGBA) {
	t.Helper()
	le := binary.LittleEndian
	got := image.NewRGBA(image.Rect(0, 0, int(le.Uint16(msg[5:])), int(le.Uint16(msg[7:]))))
	n, o := int(le.Uint16(msg[10:])), batchHeader
	for range n {
		x, y := int(le.Uint16(msg[o:])), int(le.Uint16(msg[o+2:]))
		l := int(le.Uint32(msg[o+9:]))
		img, err := png.Decode(bytes.NewReader(msg[o+tileHeader : o+tileHeader+l]))
		if err != nil {
			t.Fatalf("tile at (%d,%d): %v", x, y, err)
		}
		draw.Draw(got, img.Bounds().Add(image.Pt(x, y)), img, img.Bounds().Min, draw.Src)
		o += tileHeader + l
	}
	if got.Rect != frame.Rect || !bytes.Equal(got.Pix, frame.Pix) {
		t.Fatal("the full frame's pixels differ from the frame")
	}
}

// screenLike is an opaque frame of a few colours in panels, as an
// operator screen is.
func screenLike(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fillRect(img, img.Rect, color.RGBA{0xe8, 0xe8, 0xe8, 0xff})
	for i := 0; i < 12; i++ {
		x, y := 16+(i%4)*w/4, 20+(i/4)*h/3
		fillRect(img, image.Rect(x, y, x+w/5, y+h/4), color.RGBA{uint8(40 * i), 0x60, 0xa0, 0xff})
	}
	return img
}

func fillRect(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}
