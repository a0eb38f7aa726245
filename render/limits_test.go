package render_test

import (
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
)

// TestLongestLabelMemory: Fyne draws a canvas.Text as one image the width
// of the whole string, so a label's cost grows with its text: 64 KB of text
// allocated 248 MB per capture, and a 1 MB label 7 GB in a GL window.
// gopage.MaxText bounds the text a screen file can give a label; painting
// a label of that length costs little more than a short one.
func TestLongestLabelMemory(t *testing.T) {
	test.NewTempApp(t)
	capture := func(text string) uint64 {
		src := "screen: a\nroot:\n  type: column\n  children:\n    - type: label\n      text: \"" + text + "\"\n"
		s, err := gopage.Parse("a.gopage", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		w := test.NewWindow(render.Build(s, render.Options{}).Root)
		w.Resize(fyne.NewSize(1280, 800))
		w.Canvas().Capture()
		runtime.ReadMemStats(&after)
		w.Close()
		return after.TotalAlloc - before.TotalAlloc
	}
	capture("warm-up")
	short := capture("Pump station")
	long := capture(strings.Repeat("x", gopage.MaxText))
	t.Logf("short label %d MB, %d-byte label %d MB", short>>20, gopage.MaxText, long>>20)
	if long > short+16<<20 {
		t.Errorf("a %d-byte label allocates %d MB, a short one %d MB: more than 16 MB apart", gopage.MaxText, long>>20, short>>20)
	}
}
