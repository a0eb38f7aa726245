package paint

import (
	"image"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/opentype"
)

const (
	maxGlyphBytes = 4 << 20 // glyph masks kept, in bytes
	subpixels     = 4       // horizontal glyph positions per pixel
	maxPPEM       = 2048    // larger glyphs are not drawn (a mask of 4 MB)
)

// glyphKey names a glyph's coverage mask: the face, the glyph, its size in
// 1/64 pixel and its horizontal subpixel offset.
type glyphKey struct {
	face *font.Face
	id   font.GID
	ppem int32
	sub  uint8
}

func (pt *Painter) drawText(dst *image.RGBA, clip image.Rectangle, t *canvas.Text, pos fyne.Position, scale float32) {
	if t.Text == "" || t.TextSize <= 0 {
		return
	}
	col := t.Color
	if col == nil {
		col = theme.Color(theme.ColorNameForeground)
	}
	if !visible(col) {
		return
	}
	place := pt.textBox(t, pos, scale)
	clip = clip.Intersect(place.box)
	if clip.Empty() {
		return
	}
	ppem := int32(math.Round(float64(t.TextSize * scale * 64)))
	if ppem <= 0 || ppem > maxPPEM*64 {
		return
	}
	src := pt.uniform(col)
	for _, g := range place.s.glyphs {
		gx := place.x0 + g.x*scale
		ix := math.Floor(float64(gx))
		sub := uint8(min(subpixels-1, int((float64(gx)-ix)*subpixels)))
		m := pt.glyphMask(glyphKey{face: g.face, id: g.id, ppem: ppem, sub: sub})
		if m == nil {
			continue
		}
		at := image.Pt(clampInt(ix), clampInt(float64(place.base)+math.Round(float64(g.y*scale))))
		r := m.Rect.Add(at).Intersect(clip)
		if r.Empty() {
			continue
		}
		draw.DrawMask(dst, r, src, image.Point{}, m, r.Min.Sub(at), draw.Over)
	}
}

// glyphMask returns the cached coverage of a glyph, its Rect relative to
// the pen (nil for a glyph with no outline).
func (pt *Painter) glyphMask(k glyphKey) *image.Alpha {
	c := pt.text.glyphs
	if m, ok := c.get(k); ok {
		return m
	}
	m := pt.rasterGlyph(k)
	c.put(k, m)
	return m
}

func (pt *Painter) rasterGlyph(k glyphKey) *image.Alpha {
	out, ok := k.face.GlyphData(k.id).(font.GlyphOutline)
	if !ok || len(out.Segments) == 0 {
		return nil
	}
	s := float32(k.ppem) / 64 / float32(k.face.Upem())
	dx := float32(k.sub) / subpixels
	minX, minY := float32(math.Inf(1)), float32(math.Inf(1))
	maxX, maxY := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, seg := range out.Segments {
		for _, a := range seg.ArgsSlice() {
			x, y := a.X*s+dx, -a.Y*s
			minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
		}
	}
	r := image.Rect(clampInt(math.Floor(float64(minX))), clampInt(math.Floor(float64(minY))),
		clampInt(math.Ceil(float64(maxX))), clampInt(math.Ceil(float64(maxY))))
	if r.Empty() || r.Dx() > 4*maxPPEM || r.Dy() > 4*maxPPEM {
		return nil
	}
	z := pt.z
	z.Reset(r.Dx(), r.Dy())
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	open := false
	for _, seg := range out.Segments {
		a := seg.Args
		p := func(i int) (float32, float32) { return a[i].X*s + dx - ox, -a[i].Y*s - oy }
		switch seg.Op {
		case opentype.SegmentOpMoveTo:
			if open {
				z.ClosePath()
			}
			z.MoveTo(p(0))
			open = true
		case opentype.SegmentOpLineTo:
			z.LineTo(p(0))
		case opentype.SegmentOpQuadTo:
			x1, y1 := p(0)
			x2, y2 := p(1)
			z.QuadTo(x1, y1, x2, y2)
		case opentype.SegmentOpCubeTo:
			x1, y1 := p(0)
			x2, y2 := p(1)
			x3, y3 := p(2)
			z.CubeTo(x1, y1, x2, y2, x3, y3)
		}
	}
	if open {
		z.ClosePath()
	}
	m := image.NewAlpha(image.Rect(0, 0, r.Dx(), r.Dy()))
	z.DrawOp = draw.Src
	z.Draw(m, m.Rect, image.Opaque, image.Point{})
	m.Rect = r
	return m
}

func glyphCost(m *image.Alpha) int {
	if m == nil {
		return 64
	}
	return len(m.Pix) + 64
}
