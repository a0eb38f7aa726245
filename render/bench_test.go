package render_test

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/gen"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
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

func styledScene(b *testing.B, n int) (*render.Scene, func(accent string) []*style.Sheet) {
	s, err := gopage.Parse("big.gopage", gen.Screen(n))
	if err != nil {
		b.Fatal(err)
	}
	sheets := func(accent string) []*style.Sheet {
		sh, err := style.Parse("site.css", gen.Sheet(n, 7, accent))
		if err != nil {
			b.Fatal(err)
		}
		return []*style.Sheet{sh}
	}
	test.NewTempApp(b)
	return render.Build(s, render.Options{Sheets: sheets("#404040")}), sheets
}

// BenchmarkStyledBuild2000 builds a 2,000-widget scene and styles every
// widget by the full cascade.
//
//	go test -tags migrated_fynedo -run '^$' -bench Styled -benchmem ./render/
func BenchmarkStyledBuild2000(b *testing.B) {
	s, err := gopage.Parse("big.gopage", gen.Screen(2000))
	if err != nil {
		b.Fatal(err)
	}
	sh, err := style.Parse("site.css", gen.Sheet(2000, 7, "#404040"))
	if err != nil {
		b.Fatal(err)
	}
	test.NewTempApp(b)
	b.ReportAllocs()
	for b.Loop() {
		render.Build(s, render.Options{Sheets: []*style.Sheet{sh}})
	}
}

// BenchmarkStyledRuleEdit2000 changes one rule that matches 10 of 2,000
// widgets: only those are restyled, in place (budget: p95 ≤ 30 ms with
// painting; Fyne's GL painter then repaints the frame).
func BenchmarkStyledRuleEdit2000(b *testing.B) {
	scene, sheets := styledScene(b, 2000)
	a, c := sheets("#ff0000"), sheets("#00ff00")
	i, n := 0, 0
	for b.Loop() {
		if i++; i%2 == 0 {
			n = scene.SetSheets(a)
		} else {
			n = scene.SetSheets(c)
		}
	}
	if n != 10 { // class k7 is on ten widgets
		b.Fatalf("restyled %d widgets, want 10", n)
	}
	b.ReportMetric(float64(n), "widgets-restyled")
}

// BenchmarkStyledClassToggle turns a bound class on one widget on and off.
func BenchmarkStyledClassToggle(b *testing.B) {
	scene, _ := styledScene(b, 2000)
	w := scene.Widget("w1") // a tank: tank.alarm restyles it
	on := false
	before := scene.Styled()
	for b.Loop() {
		on = !on
		w.SetClass("alarm", on)
	}
	b.ReportMetric(float64(scene.Styled()-before)/float64(b.N), "widgets-restyled/op")
}
