package render

import "image"

// Hidden tells the scene that its screen left the window. Its trends keep
// their last answer, so that the screen shows the same plots at once when
// it comes back, and free the rest until then: the plots' images (a
// 1240x350 plot is 1.7 MB) and the answer kept for the next query to
// answer into (trends.ReuseSource). On the demo's trends screen that is
// 5 MB. UI goroutine.
func (s *Scene) Hidden() {
	for _, w := range s.order {
		if v := w.trend; v != nil {
			v.hidden = true
			v.spare, v.spareUnc = nil, nil
			if v.ui != nil && v.ui.plot != nil {
				v.ui.plot.img = nil
			}
		}
	}
}

// Shown tells the scene that its screen is on show (again): trends that
// freed their plots while hidden paint them from their last answer before
// the frame is painted. Call it before the scene's root goes into the
// window. UI goroutine.
func (s *Scene) Shown() {
	for _, w := range s.order {
		if v := w.trend; v != nil && v.hidden {
			v.hidden = false
			if v.ui != nil && v.ui.plot != nil && v.ui.plot.img == nil {
				v.ui.plot.repaint()
			}
		}
	}
}

// image is what the plot's raster shows: its image, or an empty one
// while its screen is hidden (nothing paints it then).
func (p *trendPlot) image() image.Image {
	if p.img == nil {
		return image.NewRGBA(image.Rect(0, 0, 1, 1))
	}
	return p.img
}
