package render_test

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/gen"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
)

// BenchmarkApplyOneEdit500 patches one widget's property (a tank's max) of
// a styled 500-widget scene, back and forth: the render part of a screen
// save's budget (ARCHITECTURE.md: ≤ 50 ms from save to patched scene).
//
//	go test -tags migrated_fynedo -run '^$' -bench ApplyOneEdit500 -benchmem ./render/
func BenchmarkApplyOneEdit500(b *testing.B) {
	src := gen.Screen(500)
	edited := bytes.Replace(src, []byte("id: w1, value: Tag1.Value, max: 100"), []byte("id: w1, value: Tag1.Value, max: 120"), 1)
	if bytes.Equal(src, edited) {
		b.Fatal("no tank w1 to edit")
	}
	var screens [2]*gopage.Screen
	for i, s := range [][]byte{src, edited} {
		var err error
		if screens[i], err = gopage.Parse("big.gopage", s); err != nil {
			b.Fatal(err)
		}
	}
	diffs := [2]*gopage.ScreenDiff{gopage.Diff(screens[1], screens[0]), gopage.Diff(screens[0], screens[1])}
	sheet, err := style.Parse("site.css", gen.Sheet(500, 7, "#404040"))
	if err != nil {
		b.Fatal(err)
	}
	opts := render.Options{Sheets: []*style.Sheet{sheet}}
	test.NewTempApp(b)
	scene := render.Build(screens[0], opts)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i = 1 - i
		if res := scene.Apply(screens[i], diffs[i], opts); len(res.Patched) != 1 {
			b.Fatalf("patched %d widgets, want 1", len(res.Patched))
		}
	}
}
