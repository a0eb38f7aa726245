package raster_test

import (
	"fmt"
	"image"
	"image/color"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/render/raster"
)

func TestMerge(t *testing.T) {
	b := image.Rect(0, 0, 100, 100)
	r := image.Rect
	for _, tt := range []struct {
		name string
		in   []image.Rectangle
		want []image.Rectangle
	}{
		{"none", nil, nil},
		{"apart", []image.Rectangle{r(0, 0, 10, 10), r(50, 50, 60, 60)}, []image.Rectangle{r(0, 0, 10, 10), r(50, 50, 60, 60)}},
		{"inside", []image.Rectangle{r(0, 0, 20, 20), r(5, 5, 10, 10)}, []image.Rectangle{r(0, 0, 20, 20)}},
		{"overlapping", []image.Rectangle{r(0, 0, 20, 20), r(10, 10, 30, 30)}, []image.Rectangle{r(0, 0, 30, 30)}},
		{"union smaller than the sum", []image.Rectangle{r(0, 0, 10, 10), r(0, 10, 10, 20)}, []image.Rectangle{r(0, 0, 10, 20)}},
		{"union larger than the sum", []image.Rectangle{r(0, 0, 10, 10), r(0, 12, 10, 22)}, []image.Rectangle{r(0, 0, 10, 10), r(0, 12, 10, 22)}},
		{"a chain", []image.Rectangle{r(0, 0, 10, 10), r(60, 0, 70, 10), r(5, 0, 65, 10)}, []image.Rectangle{r(0, 0, 70, 10)}},
		{"clipped and empty", []image.Rectangle{r(-5, -5, 5, 5), r(3, 3, 3, 9), r(90, 90, 120, 120)}, []image.Rectangle{r(0, 0, 5, 5), r(90, 90, 100, 100)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := raster.Merge(slices.Clone(tt.in), b)
			if !sameRects(got, tt.want) {
				t.Fatalf("Merge(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
	t.Run("past MaxRects", func(t *testing.T) {
		var in []image.Rectangle
		for i := range raster.MaxRects + 1 {
			x := (i % 11) * 9
			y := (i / 11) * 9
			in = append(in, r(x, y, x+3, y+3))
		}
		if got := raster.Merge(in, b); !sameRects(got, []image.Rectangle{b}) {
			t.Fatalf("%d separate rectangles: %v, want the whole %v", raster.MaxRects+1, got, b)
		}
	})
}

func sameRects(a, b []image.Rectangle) bool {
	less := func(x, y image.Rectangle) int {
		if x.Min.Y != y.Min.Y {
			return x.Min.Y - y.Min.Y
		}
		return x.Min.X - y.Min.X
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.SortFunc(a, less)
	slices.SortFunc(b, less)
	return slices.Equal(a, b)
}

// labels is a column of n labels.
func labels(n int) ([]*widget.Label, *fyne.Container) {
	ls := make([]*widget.Label, n)
	c := container.NewVBox()
	for i := range ls {
		ls[i] = widget.NewLabel(fmt.Sprintf("value %d", i))
		c.Add(ls[i])
	}
	return ls, c
}

func TestDamage(t *testing.T) {
	whole := []image.Rectangle{image.Rect(0, 0, 400, 300)}
	for _, tt := range []struct {
		name   string
		change func(w *raster.Window, ls []*widget.Label)
		want   func(w *raster.Window, ls []*widget.Label) []image.Rectangle
	}{
		{"nothing", func(*raster.Window, []*widget.Label) {}, func(*raster.Window, []*widget.Label) []image.Rectangle { return nil }},
		{"one label's text", func(_ *raster.Window, ls []*widget.Label) { ls[3].SetText("value 33") },
			func(w *raster.Window, ls []*widget.Label) []image.Rectangle {
				return []image.Rectangle{bounds(w, ls[3])}
			}},
		{"two labels apart", func(_ *raster.Window, ls []*widget.Label) { ls[1].SetText("a"); ls[5].SetText("b") },
			func(w *raster.Window, ls []*widget.Label) []image.Rectangle {
				return []image.Rectangle{bounds(w, ls[1]), bounds(w, ls[5])}
			}},
		{"a label hidden", func(_ *raster.Window, ls []*widget.Label) { ls[6].Hide() },
			func(w *raster.Window, ls []*widget.Label) []image.Rectangle {
				return []image.Rectangle{bounds(w, findText(ls[6]))} // the last one: nothing below moves up
			}},
		{"the theme", func(*raster.Window, []*widget.Label) {
			fyne.CurrentApp().Settings().SetTheme(theme.LightTheme())
		}, func(*raster.Window, []*widget.Label) []image.Rectangle { return whole }},
		{"repaint", func(w *raster.Window, _ []*widget.Label) { w.Repaint() },
			func(*raster.Window, []*widget.Label) []image.Rectangle { return whole }},
		{"resize", func(w *raster.Window, _ []*widget.Label) { w.Resize(fyne.NewSize(300, 200)) },
			func(*raster.Window, []*widget.Label) []image.Rectangle {
				return []image.Rectangle{image.Rect(0, 0, 300, 200)}
			}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ls []*widget.Label
			_, w, _, p := setup(t, func() (col fyne.CanvasObject) { ls, col = labels(7); return col })
			want := tt.want(w, ls)
			tt.change(w, ls)
			_, got := w.Frame()
			if !sameRects(got, want) {
				t.Fatalf("damage %v, want %v", got, want)
			}
			if !sameRects(p.clips, want) {
				t.Fatalf("painted %v, want %v", p.clips, want)
			}
		})
	}
}

func TestDamageBudget(t *testing.T) {
	for _, n := range []int{raster.MaxRects, raster.MaxRects + 1} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			var rs []fyne.CanvasObject
			_, w, _, _ := setup(t, func() fyne.CanvasObject {
				for i := range n {
					r := canvas.NewRectangle(color.Gray{Y: 10})
					r.Resize(fyne.NewSize(4, 4))
					r.Move(fyne.NewPos(float32(i%10)*40, float32(i/10)*40))
					rs = append(rs, r)
				}
				return container.NewWithoutLayout(rs...)
			})
			for _, r := range rs {
				r.(*canvas.Rectangle).FillColor = color.Gray{Y: 200}
				r.Refresh()
			}
			_, got := w.Frame()
			if n <= raster.MaxRects && len(got) != n {
				t.Fatalf("%d changes: %d rectangles %v, want %d", n, len(got), got, n)
			}
			if n > raster.MaxRects && !sameRects(got, []image.Rectangle{image.Rect(0, 0, 400, 300)}) {
				t.Fatalf("%d changes: %v, want one full repaint", n, got)
			}
		})
	}
}

func TestDamageDialog(t *testing.T) {
	_, w, _, _ := setup(t, func() fyne.CanvasObject { _, col := labels(3); return col })
	whole := []image.Rectangle{image.Rect(0, 0, 400, 300)}
	answered := false
	dialog.ShowConfirm("Start pump?", "Pump 1 starts.", func(ok bool) { answered = ok }, w)
	if _, got := w.Frame(); !sameRects(got, whole) {
		t.Fatalf("a modal dialog shown damaged %v, want its area: the whole canvas (its shadow)", got)
	}
	yes := findButton(w.Canvas().Overlays().Top(), "Yes")
	if yes == nil {
		t.Fatal("no Yes button in the dialog")
	}
	tap(w, yes, true)
	_, got := w.Frame()
	if !answered || len(w.Canvas().Overlays().List()) != 0 {
		t.Fatalf("after Yes: answered %v, overlays %d; want true, 0", answered, len(w.Canvas().Overlays().List()))
	}
	if !sameRects(got, whole) {
		t.Fatalf("a modal dialog closed damaged %v, want the whole canvas", got)
	}

	pop := widget.NewPopUp(widget.NewLabel("menu"), w.Canvas())
	pop.ShowAtPosition(fyne.NewPos(100, 100))
	_, got = w.Frame()
	area := popArea(w, pop)
	if len(got) == 0 || !within(got, area) {
		t.Fatalf("a popup shown damaged %v, want rectangles within its area %v", got, area)
	}
	pop.Hide()
	_, got2 := w.Frame()
	if !sameRects(got2, got) {
		t.Fatalf("a popup hidden damaged %v, want what showing it did: %v", got2, got)
	}
}

// popArea is the popup's content with its padding and shadow.
func popArea(w *raster.Window, p *widget.PopUp) image.Rectangle {
	return bounds(w, p.Content).Inset(-int(2*theme.Padding() + 8))
}

func within(rs []image.Rectangle, area image.Rectangle) bool {
	for _, r := range rs {
		if !r.In(area) {
			return false
		}
	}
	return true
}

func findButton(o fyne.CanvasObject, text string) *widget.Button {
	if b, ok := o.(*widget.Button); ok && b.Text == text {
		return b
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = rendererObjects(x)
	}
	for _, k := range kids {
		if b := findButton(k, text); b != nil {
			return b
		}
	}
	return nil
}

func findText(o fyne.CanvasObject) *canvas.Text {
	if t, ok := o.(*canvas.Text); ok {
		return t
	}
	var kids []fyne.CanvasObject
	switch x := o.(type) {
	case *fyne.Container:
		kids = x.Objects
	case fyne.Widget:
		kids = rendererObjects(x)
	}
	for _, k := range kids {
		if t := findText(k); t != nil {
			return t
		}
	}
	return nil
}
