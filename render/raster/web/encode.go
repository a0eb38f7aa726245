package web

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
)

// The wire format's constants (see the package comment).
const (
	kindBatch   = 1
	flagFull    = 1
	encPNG      = 1
	batchHeader = 12 // kind, seq, w, h, flags, n
	tileHeader  = 13 // x, y, w, h, encoding, len
)

// tile is one rectangle of a batch and its pixels, or its encoding when
// it is one the band store kept.
type tile struct {
	r    image.Rectangle
	img  *image.RGBA // the pixels to encode; nil when enc is set
	enc  []byte      // the tile encoded (header and PNG), to copy as it is
	band int         // which band of the whole frame it is, to keep once encoded; -1 if none
	ver  uint64      // the frame version of that band's pixels
}

// encoder makes batches. Each viewer has its own (its sender's alone).
type encoder struct {
	out     bytes.Buffer
	png     png.Encoder
	pal     image.Paletted  // reused for tiles of at most 256 colours
	palette [256]color.RGBA // pal's colours
	table   colorTable
}

func (e *encoder) init() {
	// Fastest: the changes of a click (5 rectangles, 40 K pixels of the
	// demo's pump screen) in 0.8 ms instead of 2.4 ms at the default
	// level, for 3 % more bytes (10.9 KB instead of 10.5 KB); a changed
	// value is as small either way (about 620 bytes).
	e.png.CompressionLevel = png.BestSpeed
	e.png.BufferPool = &bufferPool{}
}

// batch returns the message of one batch. It is valid until the next call.
func (e *encoder) batch(seq uint32, size image.Point, full bool, tiles []tile) []byte {
	e.begin(seq, size, full, len(tiles))
	for _, t := range tiles {
		if t.enc != nil {
			e.out.Write(t.enc)
			continue
		}
		e.tile(t)
	}
	return e.out.Bytes()
}

// begin starts the message of a batch of n tiles, which e.tile appends;
// e.out.Bytes() is the message then, valid until the next begin.
func (e *encoder) begin(seq uint32, size image.Point, full bool, n int) {
	if e.out.Cap() > maxKept {
		e.out = bytes.Buffer{}
	}
	e.out.Reset()
	var h [batchHeader]byte
	h[0] = kindBatch
	binary.LittleEndian.PutUint32(h[1:], seq)
	binary.LittleEndian.PutUint16(h[5:], uint16(size.X))
	binary.LittleEndian.PutUint16(h[7:], uint16(size.Y))
	if full {
		h[9] = flagFull
	}
	binary.LittleEndian.PutUint16(h[10:], uint16(n))
	e.out.Write(h[:])
}

// tile appends one tile: its header, then its PNG.
func (e *encoder) tile(t tile) {
	var h [tileHeader]byte
	binary.LittleEndian.PutUint16(h[0:], uint16(t.r.Min.X))
	binary.LittleEndian.PutUint16(h[2:], uint16(t.r.Min.Y))
	binary.LittleEndian.PutUint16(h[4:], uint16(t.r.Dx()))
	binary.LittleEndian.PutUint16(h[6:], uint16(t.r.Dy()))
	h[8] = encPNG
	at := e.out.Len()
	e.out.Write(h[:])
	var img image.Image = t.img
	if p, ok := e.paletted(t.img); ok {
		img = p
	}
	// Encoding into a bytes.Buffer cannot fail for these image types.
	_ = e.png.Encode(&e.out, img)
	binary.LittleEndian.PutUint32(e.out.Bytes()[at+9:], uint32(e.out.Len()-at-tileHeader))
}

// paletted returns img as a paletted image when it is opaque and has at
// most 256 colours (a third of the bytes before compression, and PNG packs
// 2, 4 and 16 colours into fewer bits), else false.
func (e *encoder) paletted(img *image.RGBA) (*image.Paletted, bool) {
	e.table.reset()
	n := img.Rect.Dx() * img.Rect.Dy()
	if cap(e.pal.Pix) < n {
		e.pal.Pix = make([]uint8, n)
	}
	e.pal.Pix = e.pal.Pix[:n]
	w := img.Rect.Dx()
	last, lastIdx := uint32(0), uint8(0)
	haveLast := false
	for y := 0; y < img.Rect.Dy(); y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+w*4]
		dst := e.pal.Pix[y*w : y*w+w]
		for x := range dst {
			c := binary.LittleEndian.Uint32(row[x*4:])
			if haveLast && c == last {
				dst[x] = lastIdx
				continue
			}
			if c>>24 != 0xff {
				return nil, false // translucent: PNG keeps the alpha channel
			}
			i, ok := e.table.index(c)
			if !ok {
				return nil, false
			}
			dst[x], last, lastIdx, haveLast = i, c, i, true
		}
	}
	pal := e.pal.Palette[:0]
	for i, c := range e.table.colors {
		e.palette[i] = color.RGBA{uint8(c), uint8(c >> 8), uint8(c >> 16), 0xff}
		pal = append(pal, &e.palette[i]) // a pointer: no allocation to box it
	}
	e.pal.Palette = pal
	e.pal.Stride = w
	e.pal.Rect = image.Rectangle{Max: img.Rect.Size()}
	return &e.pal, true
}

// colorTable numbers up to 256 distinct colours (RGBA as a little-endian
// uint32) with an open-addressing hash table.
type colorTable struct {
	keys   [1024]uint32 // the colour of a used slot
	idx    [1024]uint8  // its number
	used   [1024]bool   // which slots hold a colour
	colors []uint32     // the colours by number
}

func (t *colorTable) reset() {
	if len(t.colors) > 0 {
		t.used = [1024]bool{}
	}
	t.colors = t.colors[:0]
}

// index returns the number of colour c, adding it; false past 256 colours.
func (t *colorTable) index(c uint32) (uint8, bool) {
	h := (c * 2654435761) >> 22 // 10 bits
	for {
		if !t.used[h] {
			if len(t.colors) == 256 {
				return 0, false
			}
			t.used[h], t.keys[h], t.idx[h] = true, c, uint8(len(t.colors))
			t.colors = append(t.colors, c)
			return t.idx[h], true
		}
		if t.keys[h] == c {
			return t.idx[h], true
		}
		h = (h + 1) & 1023
	}
}

// bufferPool keeps one png.EncoderBuffer: the encoders of a viewer are
// used by its sender goroutine alone, one at a time.
type bufferPool struct{ b *png.EncoderBuffer }

func (p *bufferPool) Get() *png.EncoderBuffer  { b := p.b; p.b = nil; return b }
func (p *bufferPool) Put(b *png.EncoderBuffer) { p.b = b }
