package fb

import (
	"errors"
	"fmt"
	"image"
	"strings"
	"sync"

	"github.com/gohmi/gohmi/render/raster"
)

var _ raster.Output = (*FB)(nil)

// Format is a framebuffer's pixel format.
type Format uint8

// The pixel formats a framebuffer may have. The names say the order of the
// components from the most significant bit of the pixel value (in the
// machine's byte order, as the kernel's fb_bitfield offsets do).
const (
	XRGB8888 Format = iota + 1 // 32 bits: red at bit 16, green at 8, blue at 0
	XBGR8888                   // 32 bits: blue at bit 16, green at 8, red at 0
	RGB565                     // 16 bits: red at bit 11 (5 bits), green at 5 (6), blue at 0 (5)
	BGR565                     // 16 bits: blue at bit 11, green at 5, red at 0
)

// String returns the format's name as ParseFormat reads it.
func (f Format) String() string {
	switch f {
	case XRGB8888:
		return "XRGB8888"
	case XBGR8888:
		return "XBGR8888"
	case RGB565:
		return "RGB565"
	case BGR565:
		return "BGR565"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// BytesPerPixel is 4 for the 32-bit formats, 2 for the 16-bit ones and 0
// for an unknown format.
func (f Format) BytesPerPixel() int {
	switch f {
	case XRGB8888, XBGR8888:
		return 4
	case RGB565, BGR565:
		return 2
	}
	return 0
}

// ParseFormat reads a format's name (case-insensitive): XRGB8888,
// XBGR8888, RGB565, BGR565.
func ParseFormat(s string) (Format, error) {
	for f := XRGB8888; f <= BGR565; f++ {
		if strings.EqualFold(s, f.String()) {
			return f, nil
		}
	}
	return 0, fmt.Errorf("fb: unknown pixel format %q (want XRGB8888, XBGR8888, RGB565 or BGR565)", s)
}

// Options describe a file-backed framebuffer: a regular file holding
// Height rows of Stride bytes, each starting with Width pixels of Format.
// A device ignores them: it says its geometry itself.
type Options struct {
	Width, Height int
	Format        Format
	Stride        int // bytes per row; 0 is Width × Format.BytesPerPixel()
}

// ErrClosed is returned by Present after Close.
var ErrClosed = errors.New("fb: framebuffer closed")

// FB is an open framebuffer: a raster.Output. Present and Close may be
// called from different goroutines.
type FB struct {
	path   string
	w, h   int
	stride int
	format Format
	conv   func(dst, src []byte)

	mu  sync.Mutex // guards mem and pix: nil after Close
	mem []byte     // the whole mapping, for munmap
	pix []byte     // the visible screen inside mem: h rows of stride bytes (the last may be short)
}

// Bounds returns the framebuffer's visible size in pixels, at (0, 0).
func (fb *FB) Bounds() image.Rectangle { return image.Rect(0, 0, fb.w, fb.h) }

// Format returns the framebuffer's pixel format.
func (fb *FB) Format() Format { return fb.format }

// Stride returns the bytes from one row of pixels to the next.
func (fb *FB) Stride() int { return fb.stride }

// String describes the framebuffer for logs: path, size, format.
func (fb *FB) String() string {
	return fmt.Sprintf("%s %dx%d %s", fb.path, fb.w, fb.h, fb.format)
}

// Present copies the damaged rectangles of frame into the framebuffer,
// converting them to its pixel format. The frame's top-left pixel
// (frame.Rect.Min) lands on the framebuffer's top-left; damage is in frame
// coordinates and is clipped to the frame and to the framebuffer.
func (fb *FB) Present(frame *image.RGBA, damage []image.Rectangle) error {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	if fb.pix == nil {
		return ErrClosed
	}
	bpp := fb.format.BytesPerPixel()
	for _, r := range damage {
		r = r.Intersect(frame.Rect).Sub(frame.Rect.Min).Intersect(fb.Bounds())
		if r.Empty() {
			continue
		}
		w := r.Dx()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			src := frame.Pix[frame.PixOffset(frame.Rect.Min.X+r.Min.X, frame.Rect.Min.Y+y):][:4*w]
			dst := fb.pix[y*fb.stride+r.Min.X*bpp:][:bpp*w]
			fb.conv(dst, src)
		}
	}
	return nil
}

// Close unmaps the framebuffer; later Presents return ErrClosed. Closing
// twice is harmless.
func (fb *FB) Close() error {
	fb.mu.Lock()
	defer fb.mu.Unlock()
	if fb.mem == nil {
		return nil
	}
	err := unmap(fb.mem)
	fb.mem, fb.pix = nil, nil
	if err != nil {
		return fmt.Errorf("fb: %s: unmap: %w", fb.path, err)
	}
	return nil
}

// newFB checks that a mapping holds the screen it describes and fills
// an FB. off is where the visible screen starts in mem.
func newFB(path string, mem []byte, off, w, h, stride int, f Format) (*FB, error) {
	bpp := f.BytesPerPixel()
	if w <= 0 || h <= 0 || bpp == 0 || stride < w*bpp {
		return nil, fmt.Errorf("fb: %s: bad geometry %dx%d %s, %d bytes per row", path, w, h, f, stride)
	}
	if need := off + (h-1)*stride + w*bpp; off < 0 || need > len(mem) {
		return nil, fmt.Errorf("fb: %s: %dx%d %s with %d bytes per row at offset %d needs %d bytes, the mapping has %d",
			path, w, h, f, stride, off, need, len(mem))
	}
	return &FB{path: path, w: w, h: h, stride: stride, format: f, conv: converter(f),
		mem: mem, pix: mem[off:]}, nil
}
