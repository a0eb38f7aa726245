package hmi

import (
	"context"
	"time"

	"github.com/gohmi/gohmi/render"
)

// keepRenderedEvery is how often the screens' renderers are touched: well
// within the minute after which Fyne destroys a renderer nobody used.
const keepRenderedEvery = 20 * time.Second

// keepRenderedLoop keeps the renderers of every built screen, shown or
// hidden, from being destroyed and built again when the screen comes back:
// that would re-scope its theme overrides, and Fyne keeps the fonts of
// every scope for good (render.Scene.KeepRendered). It runs on Fyne's
// clock, the real one: the cache it works around has no other.
func (r *Runtime) keepRenderedLoop(ctx context.Context) error {
	t := time.NewTicker(keepRenderedEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
			r.ui(r.keepRendered)
		}
	}
}

// keepRendered touches the renderers of every built screen. UI goroutine.
func (r *Runtime) keepRendered() {
	r.mu.Lock()
	scenes := make([]*render.Scene, 0, len(r.scenes))
	for _, sc := range r.scenes {
		scenes = append(scenes, sc)
	}
	r.mu.Unlock()
	for _, sc := range scenes {
		sc.KeepRendered()
	}
}
