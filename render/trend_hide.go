package render

import "image"

// Hidden tells the scene that its screen left the window. Its trends keep
// their last answer, so that the screen shows the same plots at once when
// it comes back, and free the rest until then: the image their plots are
// drawn into (a 1240x350 plot is 1.7 MB) and the answer kept for the next
// query to answer into (trends.ReuseSource). On the demo's trends screen
// that is 3.4 MB. UI goroutine.
func (s *Scene) Hidden() {
	for _, w := range s.order {
		if v := w.trend; v != nil {
			v.hidden = true
			v.spare, v.spareUnc = nil, nil
		}
	}
	s.plots = sharedPlot{}
}

// Shown tells the scene that its screen is on show (again): trends hidden
// until now lay their plots out again from their last answer, and the
// window draws them from it when it paints the frame. Call it before the
// scene's root goes into the window. UI goroutine.
func (s *Scene) Shown() {
	for _, w := range s.order {
		if v := w.trend; v != nil && v.hidden {
			v.hidden = false
			if v.ui != nil && v.ui.plot != nil {
				v.ui.plot.repaint()
			}
		}
	}
}

// image is what the plot's raster shows: the chart of its latest repaint,
// drawn into the image the scene's plots share unless it holds it
// already, or an empty image while its screen is hidden (nothing paints
// it then). The window calls it on the UI goroutine when it paints the
// raster, and uses the pixels before it asks another plot for its own.
func (p *trendPlot) image() image.Image {
	w, h := p.pixels()
	if p.v.hidden || w <= 0 || h <= 0 {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	return p.v.w.scene.plots.draw(p, w, h)
}
