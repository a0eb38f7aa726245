package hmi

import "fyne.io/fyne/v2"

// BannerObject is the reload error banner's strip, for layout probes.
func (r *Runtime) BannerObject() fyne.CanvasObject { return r.banner.Object }
