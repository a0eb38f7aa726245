package raster

import (
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
)

// TestForgetUnseen: a hidden object that no walk placed, refreshed with a
// value, leaves the frame quick (it painted nothing and paints nothing);
// one hidden after it was painted stays a change (its old pixels are
// damaged by a whole walk).
func TestForgetUnseen(t *testing.T) {
	bounds := image.Rect(0, 0, 200, 100)
	for _, tt := range []struct {
		name      string
		shownOnce bool // the hidden rectangle was painted before it was hidden
		quick     bool
	}{
		{"never shown", false, true},
		{"hidden after it was painted", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			test.NewTempApp(t)
			value := canvas.NewText("1.0", color.Black)
			value.Move(fyne.NewPos(10, 10))
			value.Resize(fyne.NewSize(60, 20))
			part := canvas.NewRectangle(color.Black)
			part.Move(fyne.NewPos(100, 10))
			part.Resize(fyne.NewSize(50, 20))
			if !tt.shownOnce {
				part.Hide()
			}
			root := container.NewWithoutLayout(value, part)
			root.Resize(fyne.NewSize(200, 100))
			var tr tracker
			tr.init()
			tr.collect([]fyne.CanvasObject{root}, 1, bounds)
			if tt.shownOnce {
				part.Hide()
			}
			value.Text = "2.0"
			tr.refresh(value)
			tr.refresh(part)
			tr.forgetUnseen()
			if got := tr.quick(); got != tt.quick {
				t.Fatalf("quick() = %v, want %v", got, tt.quick)
			}
			_, kept := tr.refreshed[part]
			if kept != tt.shownOnce {
				t.Fatalf("the hidden rectangle kept as refreshed: %v, want %v", kept, tt.shownOnce)
			}
			got := tr.collect([]fyne.CanvasObject{root}, 1, bounds)
			want := []image.Rectangle{image.Rect(10, 10, 70, 30)}
			if tt.shownOnce {
				want = append(want, image.Rect(100, 10, 150, 30))
			}
			if !sameRectSet(got, want) {
				t.Fatalf("damage %v, want %v", got, want)
			}
		})
	}
}

func sameRectSet(a, b []image.Rectangle) bool {
	if len(a) != len(b) {
		return false
	}
	for _, r := range a {
		found := false
		for _, s := range b {
			found = found || r == s
		}
		if !found {
			return false
		}
	}
	return true
}
