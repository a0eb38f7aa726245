package render

import "image"

// sharedPlot is the image the trend plots of a scene are drawn into when
// the window paints them, one plot at a time, instead of an image each:
// a window composites a raster's pixels into its frame (or, in the GL
// window, uploads them to a texture) as soon as its generator returns
// them, so one image serves every plot. The demo's trends screen has two
// 1240x350 plots: 1.7 MB less. It remembers whose repaint it holds, so
// the frames that paint a plot again without a repaint of it (damage of
// an object over it) draw nothing. UI goroutine.
type sharedPlot struct {
	img   *image.RGBA
	owner *trendPlot // whose pixels img holds, nil for none
	gen   uint64     // of owner's repaints
}

// draw returns p's chart of its latest repaint, w x h pixels, drawing it
// unless the image holds it already.
func (s *sharedPlot) draw(p *trendPlot, w, h int) *image.RGBA {
	r := image.Rect(0, 0, w, h)
	if s.owner == p && s.gen == p.gen && s.img != nil && s.img.Rect == r {
		return s.img
	}
	if s.img == nil || cap(s.img.Pix) < 4*w*h {
		s.img = image.NewRGBA(r)
	} else {
		s.img = &image.RGBA{Pix: s.img.Pix[:4*w*h], Stride: 4 * w, Rect: r}
	}
	p.drawInto(s.img) // paints every pixel: the plot's background first
	s.owner, s.gen = p, p.gen
	return s.img
}
