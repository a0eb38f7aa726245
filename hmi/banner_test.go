package hmi_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/render"
)

// TestBannerLeavesNavigation: while a file is broken the error banner is
// up, and the operator can still change screens: the navbar lies outside
// the banner's strip, and a tap on its button (where a finger would land,
// on the canvas) navigates, folded and unfolded.
func TestBannerLeavesNavigation(t *testing.T) {
	dir := copyDemo(t)
	rt := startedWith(t, dir, "overview", hmi.Options{Watch: hmi.WatchOff})
	// Four errors: unfolded, the banner is five lines tall, folded two.
	for _, tag := range []string{"Tank1.Level", "Tank2.Level", "Flow.Inlet", "Pressure.Discharge"} {
		editFile(t, dir, overviewFile, "value: "+tag, "value: "+tag+"X")
	}
	if ev := rt.Reload(hmi.Batch{Files: []string{overviewFile}}); ev.Applied || len(ev.Errors) < 4 {
		t.Fatalf("a broken screen: %+v", ev)
	}
	c := rt.Window().Canvas()
	folded := float32(0)
	for _, expanded := range []bool{false, true} {
		if expanded {
			rt.UI(func() { test.TapCanvas(c, center(c, rt.BannerObject())) })
		}
		// Find, probe and tap in one go on the UI goroutine: the screens
		// may be rebuilt for their new size between two calls.
		var found bool
		var banner, nav rect
		rt.UI(func() {
			render.Relayout(c.Content()) // as a real window lays out its content each frame
			if !rt.BannerObject().Visible() {
				t.Fatal("no banner for a broken file")
			}
			navObj := rt.Scene("overview").Widget("nav").Object
			banner, nav = rectOf(c, rt.BannerObject()), rectOf(c, navObj)
			for _, o := range test.LaidOutObjects(navObj) {
				if b, ok := o.(*widget.Button); ok && b.Text == "Settings" {
					found = true
					test.TapCanvas(c, center(c, b))
				}
			}
		})
		if !found {
			t.Fatal("no Settings button in the navbar")
		}
		if expanded && banner.y1-banner.y0 < 2*folded {
			t.Errorf("the unfolded banner is %v tall, folded %v: it did not unfold", banner.y1-banner.y0, folded)
		}
		folded = banner.y1 - banner.y0
		if banner.overlaps(nav) || nav.y0 < banner.y1 {
			t.Errorf("expanded %v: the banner %v covers the navbar %v", expanded, banner, nav)
		}
		if got := rt.Current(); got != "settings" {
			t.Fatalf("expanded %v: tapping the navbar's Settings shows %q, want settings", expanded, got)
		}
		var errs []string
		rt.UI(func() { errs = rt.BannerErrors() })
		if len(errs) == 0 {
			t.Error("navigating cleared the banner of a file still broken")
		}
		rt.UI(func() { _ = rt.Navigate("overview") })
	}
}

// rect is an object's area on the canvas.
type rect struct{ x0, y0, x1, y1 float32 }

func (a rect) overlaps(b rect) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

// rectOf is where o lies on c, in the coordinates test.TapCanvas takes
// (the test driver's absolute positions leave out the canvas' inset).
func rectOf(c fyne.Canvas, o fyne.CanvasObject) rect {
	inset, _ := c.InteractiveArea()
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Add(inset)
	s := o.Size()
	return rect{p.X, p.Y, p.X + s.Width, p.Y + s.Height}
}

func center(c fyne.Canvas, o fyne.CanvasObject) fyne.Position {
	r := rectOf(c, o)
	return fyne.NewPos((r.x0+r.x1)/2, (r.y0+r.y1)/2)
}
