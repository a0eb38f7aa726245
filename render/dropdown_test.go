package render_test

import (
	"log/slog"
	"slices"
	"strings"
	"testing"
	_ "unsafe" // go:linkname: Fyne's own font cache, emptied

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/render/raster"
	"github.com/gohmi/gohmi/render/raster/paint"
)

// clearFyneFonts empties Fyne's cache of parsed fonts for its own
// measures (internal/painter.CachedFontFace: each entry a parse of the
// theme's font and, through fontscan, a system font); fyneFonts
// (fontcache_*_test.go) counts its entries.
//
//go:linkname clearFyneFonts fyne.io/fyne/v2/internal/painter.ClearFontCache
func clearFyneFonts()

// rasterWindow is an unpadded raster window of size on the real painter,
// the current app until the test ends.
func rasterWindow(t *testing.T, size fyne.Size) (*raster.App, *raster.Window) {
	t.Helper()
	if prev := fyne.CurrentApp(); prev != nil {
		t.Cleanup(func() { fyne.SetCurrentApp(prev) })
	}
	a := raster.NewApp(raster.Options{Size: size, Painter: paint.New(), Theme: render.Theme{},
		Logger: slog.New(slog.DiscardHandler)})
	w := a.NewWindow("test").(*raster.Window)
	w.SetPadded(false)
	return a, w
}

// placed is an object and where it is on its canvas.
type placed struct {
	o   fyne.CanvasObject
	pos fyne.Position
}

// under lists the visible objects under root (root included), placed as
// root's canvas has them, with root at at; unlike test.LaidOutObjects it
// lays nothing out again.
func under(root fyne.CanvasObject, at fyne.Position) []placed {
	if !root.Visible() {
		return nil
	}
	all := []placed{{root, at}}
	var kids []fyne.CanvasObject
	switch x := root.(type) {
	case fyne.Widget:
		kids = test.WidgetRenderer(x).Objects()
	case *fyne.Container:
		kids = x.Objects
	}
	for _, k := range kids {
		all = append(all, under(k, at.Add(k.Position()))...)
	}
	return all
}

// tapOn sends a touch down and up at the centre of p.
func tapOn(w *raster.Window, p placed) {
	c := p.pos.Add(fyne.NewPos(p.o.Size().Width/2, p.o.Size().Height/2))
	s := w.Canvas().Scale()
	w.Pointer(raster.PointerEvent{Kind: raster.PointerDown, X: c.X * s, Y: c.Y * s, Touch: true})
	w.Pointer(raster.PointerEvent{Kind: raster.PointerUp, X: c.X * s, Y: c.Y * s, Touch: true})
}

// findPlaced is the first of all that match.
func findPlaced(t *testing.T, all []placed, what string, match func(fyne.CanvasObject) bool) placed {
	t.Helper()
	for _, p := range all {
		if match(p.o) {
			return p
		}
	}
	t.Fatalf("no %s", what)
	return placed{}
}

// textIs matches the visible text reading s.
func textIs(s string) func(fyne.CanvasObject) bool {
	return func(o fyne.CanvasObject) bool { return textOf(o) == s }
}

// TestAlarmDropDownOnRaster: on the raster backend, a finger opens the
// alarm summary's area filter, chooses an area from its menu, and the
// summary shows that area's alarms; laying out, choosing and painting the
// drop-downs never loads Fyne's own fonts (the driver measures and paints
// with its painter's: 3.5 MB of heap on the demo's alarms screen when the
// Select's label truncated through Fyne's cache; README, Memory).
func TestAlarmDropDownOnRaster(t *testing.T) {
	src, err := gopage.Parse("alarms.gopage", []byte(alarmScreen))
	if err != nil {
		t.Fatal(err)
	}
	a, w := rasterWindow(t, fyne.NewSize(800, 480))
	clearFyneFonts()
	scene := render.Build(src, alarmOpts(t, "day", plant(), nil))
	a.Settings().SetTheme(scene.WindowTheme())
	w.SetContent(scene.Root)
	w.Frame()

	areaBox := findPlaced(t, under(scene.Root, fyne.Position{}), "area filter", func(o fyne.CanvasObject) bool {
		s, ok := render.DropDownSelect(o)
		return ok && slices.Contains(s.Options, "Tanks")
	})
	area, _ := render.DropDownSelect(areaBox.o)
	if area.Selected != "All areas" {
		t.Fatalf("area filter shows %q, want All areas", area.Selected)
	}
	findPlaced(t, under(areaBox.o, areaBox.pos), "whole text", textIs("All areas")) // it fits
	tapOn(w, areaBox)
	w.Frame()
	menu := w.Canvas().Overlays().Top()
	if menu == nil {
		t.Fatal("a tap on the area filter opened no menu")
	}
	tapOn(w, findPlaced(t, under(menu, menu.Position()), "Tanks in the menu", textIs("Tanks")))
	w.Frame()
	if area.Selected != "Tanks" {
		t.Fatalf("area filter = %q after choosing Tanks from its menu", area.Selected)
	}
	if w.Canvas().Overlays().Top() != nil {
		t.Error("the menu stayed open after a choice")
	}
	findPlaced(t, under(areaBox.o, areaBox.pos), "the choice shown", textIs("Tanks"))
	want := []string{"Tank 1 level high-high", "Tank 2 level low", "Mixer vibration high"}
	if got := messages(scene.Widget("summary")); !slices.Equal(got, want) {
		t.Errorf("summary filtered on Tanks = %q\nwant %q", got, want)
	}
	if n := fyneFonts(); n != 0 {
		t.Errorf("Fyne's own font cache holds %d entries; want none: the drop-downs measure with the driver", n)
	}
}

// TestDropDownCutsToWidth: a drop-down's text is whole when it fits, else
// the most runes that fit with "…" after them, never under the arrow, and
// whole again once the drop-down is wide enough.
func TestDropDownCutsToWidth(t *testing.T) {
	const long = "Discharge header north, pumping station 2"
	for _, tc := range []struct {
		name     string
		selected string
		width    float32
		want     string // "" for a cut of long
	}{
		{"fits", "Tanks", 160, "Tanks"},
		{"placeholder", "", 200, "(Select one)"},
		{"cut", long, 160, ""},
		{"cut very narrow", long, 70, ""},
		{"wide enough", long, 600, long},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, w := rasterWindow(t, fyne.NewSize(800, 200))
			clearFyneFonts()
			d := render.NewDropDown([]string{"Tanks", long}, nil)
			sel, _ := render.DropDownSelect(d)
			w.SetContent(container.NewWithoutLayout(d))
			d.Resize(fyne.NewSize(tc.width, 44))
			sel.SetSelected(tc.selected)
			w.Frame()
			shown, x := shownText(t, d)
			if tc.want != "" {
				if shown != tc.want {
					t.Fatalf("shows %q, want %q", shown, tc.want)
				}
				return
			}
			kept, cut := strings.CutSuffix(shown, "…")
			if !cut || !strings.HasPrefix(long, kept) {
				t.Fatalf("shows %q, want a prefix of %q and …", shown, long)
			}
			th := sel.Theme()
			size := th.Size(theme.SizeNameText)
			measure := func(s string) float32 { return fyne.MeasureText(s, size, fyne.TextStyle{}).Width }
			arrow := findPlaced(t, under(d, d.Position()), "arrow", func(o fyne.CanvasObject) bool {
				_, ok := o.(*widget.Icon)
				return ok
			}).pos.X
			if end := x + measure(shown); end > arrow {
				t.Errorf("%q ends at %v, under the arrow at %v", shown, end, arrow)
			}
			// The label insets its text by the inner padding less the
			// Select's inset (Fyne's RichText): one rune more would not fit.
			inner := th.Size(theme.SizeNameInnerPadding) - th.Size(theme.SizeNamePadding)
			labelEnd := arrow - inner // the label ends where the arrow starts
			if next := []rune(long)[len([]rune(kept))]; x+measure(kept+string(next)+"…") <= labelEnd {
				t.Errorf("shows %q, but %q fits too", shown, kept+string(next)+"…")
			}
			d.Resize(fyne.NewSize(600, 44))
			w.Frame()
			if shown, _ := shownText(t, d); shown != long {
				t.Errorf("widened to 600: shows %q, want the whole %q", shown, long)
			}
			if n := fyneFonts(); n != 0 {
				t.Errorf("Fyne's own font cache holds %d entries; want none", n)
			}
		})
	}
}

// shownText is the drop-down's one visible text and its x.
func shownText(t *testing.T, d fyne.CanvasObject) (string, float32) {
	t.Helper()
	p := findPlaced(t, under(d, d.Position()), "text", func(o fyne.CanvasObject) bool { return textOf(o) != "" })
	return textOf(p.o), p.pos.X
}
