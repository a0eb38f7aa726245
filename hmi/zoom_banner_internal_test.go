package hmi

import (
	"math"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render"
)

// TestBannerDoesNotRezoom: the banner's strip makes the screen shorter
// than the zoom it was built for, by more than the tolerance at 1280x800;
// that must not rebuild the screens (losing typed text, and again every
// few ticks, since the window's zoom does not change). A real resize
// still does, once the banner is gone.
func TestBannerDoesNotRezoom(t *testing.T) {
	r, dir := runDemo(t)
	sc := r.Scene("overview")
	off := func() (bool, float64) {
		var isOff bool
		var by float64
		r.ui(func() {
			render.Relayout(r.win.Content())
			isOff = r.zoomOff(sc)
			by = math.Abs(float64(sc.WantZoom()/sc.Zoom()) - 1)
		})
		return isOff, by
	}
	edit(t, dir, "screens/1-overview.gopage", "value: Tank1.Level, max: 100", "value: Tank1.Lvel, max: 100")
	if ev := r.Reload(Batch{Files: []string{"screens/1-overview.gopage"}}); ev.Applied {
		t.Fatal("a broken screen was applied")
	}
	if isOff, by := off(); isOff || by <= 0.05 {
		t.Errorf("with the banner up: rezoom %v, the frame's zoom off by %.3f (want > 0.05, or the test proves nothing)", isOff, by)
	}
	edit(t, dir, "screens/1-overview.gopage", "value: Tank1.Lvel, max: 100", "value: Tank1.Level, max: 100")
	if ev := r.Reload(Batch{Files: []string{"screens/1-overview.gopage"}}); !ev.Applied {
		t.Fatalf("good save: %+v", ev)
	}
	if isOff, by := off(); isOff || by > 0.05 {
		t.Errorf("banner gone: rezoom %v, off by %.3f; want neither", isOff, by)
	}
	r.ui(func() { r.win.Resize(fyne.NewSize(800, 480)) })
	if isOff, _ := off(); !isOff {
		t.Error("a real resize no longer rezooms")
	}
}
