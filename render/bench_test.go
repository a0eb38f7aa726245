package render_test

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/gen"
	"github.com/gohmi/gohmi/render"
)

// BenchmarkBuild500 builds the scene of a generated 500-widget screen.
//
//	go test -tags migrated_fynedo -run '^$' -bench Build500 -benchmem ./render/
func BenchmarkBuild500(b *testing.B) {
	s, err := gopage.Parse("big.gopage", gen.Screen(500))
	if err != nil {
		b.Fatal(err)
	}
	test.NewTempApp(b)
	b.ReportAllocs()
	for b.Loop() {
		scene := render.Build(s, render.Options{})
		if len(scene.Widgets()) != 501 {
			b.Fatalf("%d widgets", len(scene.Widgets()))
		}
	}
}
