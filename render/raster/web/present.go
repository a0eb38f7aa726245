package web

import (
	"errors"
	"image"
	"sync"
	"sync/atomic"

	"github.com/gohmi/gohmi/render/raster"
)

// Present copies the damaged rectangles of frame into the server's own
// frame and wakes the viewers. It never waits on the network: it holds the
// server's lock only while it copies pixels, and senders hold it (shared)
// only while they copy pixels out. A frame of another size than the last
// replaces it and sends every viewer a full frame. Once PaintLock was
// called (the raster driver does, see raster.FrameSharer), the server
// keeps frame itself instead of a copy.
func (s *Server) Present(frame *image.RGBA, damage []image.Rectangle) error {
	if frame == nil {
		return errors.New("web: Present: nil frame")
	}
	b := frame.Rect
	if b.Empty() {
		return errors.New("web: Present: empty frame")
	}
	if b.Dx() > maxSide || b.Dy() > maxSide {
		return errors.New("web: Present: frame larger than 65535 pixels")
	}
	s.mu.Lock()
	resized := s.frame == nil || s.frame.Rect.Size() != b.Size()
	if s.shared && b.Min == (image.Point{}) {
		if s.frame != frame {
			// Another buffer: what a viewer has pending is in this one
			// too, as the driver's own buffer holds the whole window.
			s.frame, damage = frame, []image.Rectangle{b}
			s.size.store(b.Dx(), b.Dy())
		}
	} else if resized || s.frame == frame {
		s.frame = image.NewRGBA(image.Rectangle{Max: b.Size()})
		s.size.store(b.Dx(), b.Dy())
		damage = []image.Rectangle{b}
	}
	var local [raster.MaxRects]image.Rectangle
	rects := local[:0]
	for _, d := range damage {
		d = d.Intersect(b)
		if d.Empty() {
			continue
		}
		if s.frame != frame {
			copyRect(s.frame, d.Sub(b.Min), frame, d.Min)
		}
		rects = append(rects, d.Sub(b.Min))
	}
	if len(rects) > 0 {
		s.version++
		if resized {
			s.bands.reset(b.Size(), s.version)
		}
		for _, r := range rects {
			s.bands.damage(r, s.version)
		}
		for v := range s.viewers {
			v.damaged(rects, resized) // wakes v: a non-blocking send
		}
	}
	s.mu.Unlock()
	return nil
}

// PaintLock implements raster.FrameSharer: the driver paints the frames
// it presents under it, and the server keeps the frame it was presented
// instead of a copy (4 MB at 1280x800), read a tile at a time under the
// same lock (shared).
func (s *Server) PaintLock() sync.Locker {
	s.mu.Lock()
	s.shared = true
	s.mu.Unlock()
	return &s.pix
}

// maxSide is the largest frame side the wire format carries (u16).
const maxSide = 1<<16 - 1

// copyRect copies r of dst (dst coordinates) from src at sp.
func copyRect(dst *image.RGBA, r image.Rectangle, src *image.RGBA, sp image.Point) {
	n := r.Dx() * 4
	for y := 0; y < r.Dy(); y++ {
		d := dst.PixOffset(r.Min.X, r.Min.Y+y)
		o := src.PixOffset(sp.X, sp.Y+y)
		copy(dst.Pix[d:d+n], src.Pix[o:o+n])
	}
}

// sizeBox holds the frame size for readers that do not take the lock (the
// input checks).
type sizeBox struct{ v atomic.Uint64 }

func (b *sizeBox) store(w, h int) { b.v.Store(uint64(w)<<32 | uint64(h)) }

func (b *sizeBox) load() (w, h int) {
	v := b.v.Load()
	return int(v >> 32), int(v & 0xffffffff)
}

// region is a viewer's pending damage: at most raster.MaxRects rectangles,
// merged LVGL's way (two merge when their union is no larger than their
// sum), or their bounding box when there would be more.
type region struct {
	rects []image.Rectangle
}

// add adds r to the region.
func (g *region) add(r image.Rectangle) {
	if r.Empty() {
		return
	}
	for {
		merged := false
		for i, p := range g.rects {
			if r.In(p) {
				return
			}
			u := p.Union(r)
			if area(u) <= area(p)+area(r) {
				g.rects = append(g.rects[:i], g.rects[i+1:]...)
				r, merged = u, true
				break
			}
		}
		if !merged {
			break
		}
	}
	if len(g.rects) == raster.MaxRects {
		for _, p := range g.rects {
			r = r.Union(p)
		}
		g.rects = g.rects[:0]
	}
	g.rects = append(g.rects, r)
}

// area returns the area of r, 0 when empty.
func area(r image.Rectangle) int {
	if r.Empty() {
		return 0
	}
	return r.Dx() * r.Dy()
}
