package paint_test

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/gohmi/gohmi/render/raster/paint"
)

// TestClipAncestors: a scroller clips what it holds, nested scrollers clip
// to both, and an overlay paints over the content.
func TestClipAncestors(t *testing.T) {
	newApp(t)
	inner := container.NewWithoutLayout(
		place(rect(red, nil, 0, 0), -20, -20, 200, 200),
		place(text("clipped text that runs on", 20, fyne.TextStyle{}, dark), 5, 5, 300, 30),
	)
	outer := container.NewScroll(inner)
	outer.Move(fyne.NewPos(10, 10))
	outer.Resize(fyne.NewSize(80, 60))
	innermost := container.NewScroll(container.NewWithoutLayout(place(circle(blue, nil, 0), 0, 0, 100, 100)))
	innermost.Move(fyne.NewPos(60, 40))
	innermost.Resize(fyne.NewSize(100, 100))
	nested := container.NewScroll(container.NewWithoutLayout(innermost))
	nested.Move(fyne.NewPos(100, 10))
	nested.Resize(fyne.NewSize(100, 100))
	roots := scene(outer, nested)
	roots = append(roots, place(rect(half, nil, 0, 4), 60, 50, 60, 40))
	img := paintAll(paint.New(), 220, 120, 1, roots)
	golden(t, "clip", img, 2)
	expect(t, img, 10, 10, red) // the scroller's content, from its corner
	expect(t, img, 40, 55, red)
	expect(t, img, 90, 30, bg)     // not right of it
	expect(t, img, 50, 70, bg)     // nor below it
	expect(t, img, 195, 105, blue) // the circle inside two scrollers…
	expect(t, img, 200, 105, bg)   // …stops at the outer one's right edge (x=200)
	expect(t, img, 195, 110, bg)   // …and at its bottom (y=110)
	expect(t, img, 100, 75, blend(bg, half))
}
