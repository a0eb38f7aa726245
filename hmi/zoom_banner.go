package hmi

import (
	"math"

	"github.com/gohmi/gohmi/render"
)

// zoomOff reports whether the scene on show was built for a zoom far from
// what its frame asks for now, so that it should be built again. Not while
// the reload error banner shows: its strip shortens the frame only until
// the next good save, and the zoom for the window (zoomFor) would not
// change anyway, so a rebuild would lose typed text for nothing, and again
// every few ticks.
func (r *Runtime) zoomOff(sc *render.Scene) bool {
	if r.bannerUp.Load() {
		return false
	}
	want := sc.WantZoom()
	return want > 0 && math.Abs(float64(want/sc.Zoom())-1) > 0.05
}
