package paint

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	xdraw "golang.org/x/image/draw"
)

// Images are placed as Fyne's GL painter places them: stretched over the
// object, or (contain, original) fitted to it keeping their aspect and
// centred, or (cover) filling it with the excess cropped. An SVG is
// rasterized at the pixel size it is shown at; a bitmap is scaled with
// its ScaleMode.

func (pt *Painter) drawImage(dst *image.RGBA, clip image.Rectangle, o *canvas.Image, pos fyne.Position, scale float32) {
	size := o.Size()
	alpha := math.Min(1, 1-o.Translucency)
	if size.Width <= 0 || size.Height <= 0 || !(alpha > 0) {
		return
	}
	var src *source
	if o.Resource != nil || o.File != "" {
		src = pt.images.source(o)
	} else if o.Image != nil {
		src = &source{img: o.Image, aspect: aspectOf(o.Image.Bounds())}
	}
	if src == nil || !(src.aspect > 0) {
		return
	}
	box := pxRect(pos.X, pos.Y, size.Width, size.Height, scale)
	dest := box
	if o.FillMode == canvas.ImageFillContain || o.FillMode == canvas.ImageFillOriginal {
		dest = fit(pos, size, src.aspect, scale)
	}
	if dest.Empty() || !dest.Overlaps(clip) {
		return
	}
	var pix *image.RGBA
	if o.FillMode == canvas.ImageFillCover {
		pix = pt.images.cover(src, box.Size(), o.ScaleMode)
	} else if src.key == "" && src.img.Bounds().Size() == dest.Size() {
		pt.composite(dst, clip, dest, src.img, alpha, pt.imageRadius(o, scale))
		return
	} else {
		pix = pt.images.scaled(src, dest.Size(), o.ScaleMode)
	}
	if pix == nil {
		return
	}
	pt.composite(dst, clip, dest, pix, alpha, pt.imageRadius(o, scale))
}

// imageRadius is an image's corner radius in pixels.
func (pt *Painter) imageRadius(o *canvas.Image, scale float32) float32 {
	s := o.Size()
	return min(min(s.Width, s.Height)/2, max(o.CornerRadius, 0)) * scale
}

// fit is the rectangle of aspect ratio aspect centred in the area at pos
// of size (GL's rectInnerCoords), in pixels.
func fit(pos fyne.Position, size fyne.Size, aspect, scale float32) image.Rectangle {
	if view := size.Width / size.Height; view > aspect {
		w := size.Height * aspect
		pos.X += (size.Width - w) / 2
		size.Width = w
	} else if view < aspect {
		h := size.Width / aspect
		pos.Y += (size.Height - h) / 2
		size.Height = h
	}
	return pxRect(pos.X, pos.Y, size.Width, size.Height, scale)
}

func aspectOf(r image.Rectangle) float32 {
	if r.Dy() <= 0 {
		return 0
	}
	return float32(r.Dx()) / float32(r.Dy())
}

// composite draws pix (whose bounds are at the origin, dest's size) over
// dst at dest, inside clip, faded by alpha, its corners rounded by radius
// pixels.
func (pt *Painter) composite(dst *image.RGBA, clip, dest image.Rectangle, pix image.Image, alpha float64, radius float32) {
	r := dest.Intersect(clip)
	if r.Empty() {
		return
	}
	sp := pix.Bounds().Min.Add(r.Min.Sub(dest.Min))
	a := uint8(math.Round(alpha * 255))
	if radius < 0.5 {
		if a == 255 {
			draw.Draw(dst, r, pix, sp, draw.Over)
			return
		}
		draw.DrawMask(dst, r, pix, sp, image.NewUniform(color.Alpha{A: a}), image.Point{}, draw.Over)
		return
	}
	rr := radius
	m := pt.coverage(rrPath(dest, [4]float32{rr, rr, rr, rr}, 0), dest)
	if a != 255 {
		for i, v := range m.Pix {
			m.Pix[i] = uint8((uint32(v)*uint32(a) + 127) / 255)
		}
	}
	draw.DrawMask(dst, r, pix, sp, m, r.Min.Sub(dest.Min), draw.Over)
}

// maxRasterPixels bounds what a raster's generator is asked for (64 MB).
const maxRasterPixels = 16 << 20

func (pt *Painter) drawRaster(dst *image.RGBA, clip image.Rectangle, o *canvas.Raster, pos fyne.Position, scale float32) {
	size := o.Size()
	alpha := math.Min(1, 1-o.Translucency)
	box := pxRect(pos.X, pos.Y, size.Width, size.Height, scale)
	if o.Generator == nil || box.Empty() || !(alpha > 0) || !box.Overlaps(clip) {
		return
	}
	if box.Dx()*box.Dy() > maxRasterPixels { // the generator would allocate without bound
		return
	}
	pix := generate(o, box.Dx(), box.Dy())
	if pix == nil {
		return
	}
	if pix.Bounds().Size() != box.Size() {
		if o.ScaleMode == canvas.ImageScalePixels && alpha == 1 {
			// Scaled straight into the clip of dst: the same pixels as
			// scaling into a new image of the box's size and drawing it
			// over dst, without that image (a trend plot's, 1.7 MB at
			// every frame, when its size is a pixel off the box's).
			r := box.Intersect(clip)
			xdraw.NearestNeighbor.Scale(dst.SubImage(r).(*image.RGBA), box, pix, pix.Bounds(), xdraw.Over, nil)
			return
		}
		pix = scaleTo(pix, pix.Bounds(), box.Size(), o.ScaleMode)
	}
	pt.composite(dst, clip, box, pix, alpha, 0)
}

// generate calls a raster's generator, which is application code: a panic
// there loses this raster's pixels for the frame, not the panel.
func generate(o *canvas.Raster, w, h int) (img image.Image) {
	defer func() {
		if r := recover(); r != nil {
			fyne.LogError("paint: raster generator panicked", nil)
			img = nil
		}
	}()
	img = o.Generator(w, h)
	if img != nil && img.Bounds().Empty() {
		return nil
	}
	return img
}

// scaleTo returns the part r of img scaled to size, premultiplied.
func scaleTo(img image.Image, r image.Rectangle, size image.Point, mode canvas.ImageScale) *image.RGBA {
	out := image.NewRGBA(image.Rectangle{Max: size})
	var s xdraw.Scaler = xdraw.CatmullRom
	switch mode {
	case canvas.ImageScalePixels:
		s = xdraw.NearestNeighbor
	case canvas.ImageScaleFastest:
		s = xdraw.ApproxBiLinear
	}
	if r.Size() == size {
		draw.Draw(out, out.Rect, img, r.Min, draw.Src)
		return out
	}
	s.Scale(out, out.Rect, img, r, xdraw.Src, nil)
	return out
}

func (pt *Painter) drawLinear(dst *image.RGBA, clip image.Rectangle, g *canvas.LinearGradient, pos fyne.Position, scale float32) {
	box := pxRect(pos.X, pos.Y, g.Size().Width, g.Size().Height, scale)
	w, h := float64(box.Dx()), float64(box.Dy())
	var f func(x, y float64) float64
	switch g.Angle {
	case 90, -270:
		f = func(x, _ float64) float64 { return (w - x) / w }
	case 270, -90:
		f = func(x, _ float64) float64 { return x / w }
	case 45, -315:
		f = func(x, y float64) float64 { return math.Abs((w - x + y) / (w + h)) }
	case 225, -135:
		f = func(x, y float64) float64 { return math.Abs((x + h - y) / (w + h)) }
	case 135, -225:
		f = func(x, y float64) float64 { return math.Abs((w + h - (x + y)) / (w + h)) }
	case 315, -45:
		f = func(x, y float64) float64 { return math.Abs((x + y) / (w + h)) }
	case 180, -180:
		f = func(_, y float64) float64 { return (h - y) / h }
	default:
		f = func(_, y float64) float64 { return y / h }
	}
	pt.gradient(dst, clip, box, f, g.StartColor, g.EndColor)
}

func (pt *Painter) drawRadial(dst *image.RGBA, clip image.Rectangle, g *canvas.RadialGradient, pos fyne.Position, scale float32) {
	box := pxRect(pos.X, pos.Y, g.Size().Width, g.Size().Height, scale)
	w, h := float64(box.Dx()), float64(box.Dy())
	cx, cy := w/2+w*g.CenterOffsetX, h/2+h*g.CenterOffsetY
	a, b := cx, cy
	if g.CenterOffsetX < 0 {
		a = w - cx
	}
	if g.CenterOffsetY < 0 {
		b = h - cy
	}
	f := func(x, y float64) float64 {
		dx, dy := cx-x, cy-y
		d := math.Sqrt(dx*dx + dy*dy*a*a/b/b)
		if d > a {
			return 1
		}
		return d / a
	}
	pt.gradient(dst, clip, box, f, g.StartColor, g.EndColor)
}

// gradient paints box with the colour between start and end at f(x, y)
// of each pixel's centre (box coordinates), as canvas's Generate does,
// computing only the pixels inside clip.
func (pt *Painter) gradient(dst *image.RGBA, clip, box image.Rectangle, f func(x, y float64) float64, start, end color.Color) {
	r := box.Intersect(clip)
	if r.Empty() || (start == nil && end == nil) {
		return
	}
	if start == nil {
		start = color.Transparent
	}
	if end == nil {
		end = color.Transparent
	}
	sr, sg, sb, sa := start.RGBA()
	er, eg, eb, ea := end.RGBA()
	lerp := func(a, b uint32, d float64) uint8 {
		return uint8(uint16(float64(a)+d*(float64(b)-float64(a))) >> 8)
	}
	n := r.Dx() * r.Dy() * 4
	if cap(pt.gradBuf) < n {
		pt.gradBuf = make([]uint8, n)
	}
	img := &image.RGBA{Pix: pt.gradBuf[:n], Stride: r.Dx() * 4, Rect: r}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := img.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x++ {
			d := f(float64(x-box.Min.X)+0.5, float64(y-box.Min.Y)+0.5)
			a := lerp(sa, ea, d)
			img.Pix[i+0] = min(a, lerp(sr, er, d))
			img.Pix[i+1] = min(a, lerp(sg, eg, d))
			img.Pix[i+2] = min(a, lerp(sb, eb, d))
			img.Pix[i+3] = a
			i += 4
		}
	}
	draw.Draw(dst, r, img, r.Min, draw.Over)
}

// drawSrc converts img into dst (same bounds), premultiplying.
func drawSrc(dst *image.RGBA, img image.Image) {
	draw.Draw(dst, dst.Rect, img, img.Bounds().Min, draw.Src)
}
