package style_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/style"
)

// Benchmarks on a generated 2,001-element screen:
//
//	go test -run XXX -bench . -benchmem ./style/

var benchTypes = []string{"label", "value", "tank", "bar", "gauge", "pump", "valve", "lamp", "button", "rect"}

// benchTree is column#root > 40 panel.group > 49 widgets each. Widget n
// has class "k<n%200>", so each such class is on exactly 10 widgets.
func benchTree() *tree {
	t := &tree{byID: map[string]*elem{}}
	root := &elem{typ: "column", id: "root"}
	t.all = append(t.all, root)
	n := 0
	for i := range 40 {
		p := &elem{typ: "panel", id: fmt.Sprintf("g%d", i), parent: root}
		p.setClass("group", true)
		t.all = append(t.all, p)
		for j := range 49 {
			e := &elem{typ: benchTypes[j%len(benchTypes)], id: fmt.Sprintf("w%d_%d", i, j), parent: p}
			e.setClass(fmt.Sprintf("k%d", n%200), true)
			t.all = append(t.all, e)
			t.byID[e.id] = e
			n++
		}
	}
	return t
}

func benchCSS(b testing.TB, accent string) *style.Sheet {
	b.Helper()
	demo, err := os.ReadFile("testdata/demo.good.css")
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	sb.Write(demo)
	for k := range 50 {
		c := "#333"
		if k == 7 {
			c = accent
		}
		fmt.Fprintf(&sb, ".k%d { border-color: %s; }\n", k, c)
	}
	sb.WriteString(".group label { font-weight: 300; }\npanel > tank:alarm { blink: 2s; }\n")
	s, err := style.Parse("bench.css", []byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkParse(b *testing.B) {
	src, _ := os.ReadFile("testdata/demo.good.css")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		style.Parse("demo.css", src)
	}
}

func BenchmarkParseErrors(b *testing.B) {
	src, _ := os.ReadFile("testdata/syntax.bad.css")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		style.Parse("bad.css", src)
	}
}

// BenchmarkCascadeFull registers all 2,001 elements: a full cascade.
func BenchmarkCascadeFull(b *testing.B) {
	tr := benchTree()
	sheets := []*style.Sheet{benchCSS(b, "red")}
	b.ReportAllocs()
	for b.Loop() {
		tr.manager(sheets, dayEnv, nil)
	}
	b.ReportMetric(float64(len(tr.all)), "elements")
}

// BenchmarkSetSheetsOneRule edits one rule (.k7, on 10 widgets) back and
// forth: diff, compile, match and recompute.
func BenchmarkSetSheetsOneRule(b *testing.B) {
	tr := benchTree()
	a, c := benchCSS(b, "red"), benchCSS(b, "blue")
	m := tr.manager([]*style.Sheet{a}, dayEnv, nil)
	b.ReportAllocs()
	flip := false
	var recomputed, patches int
	for b.Loop() {
		next := a
		if flip = !flip; flip {
			next = c
		}
		patches += len(m.SetSheets([]*style.Sheet{next}))
		recomputed += m.Stats().Recomputed
	}
	b.ReportMetric(float64(recomputed)/float64(b.N), "recomputed/op")
	b.ReportMetric(float64(patches)/float64(b.N), "patches/op")
}

// BenchmarkChangedClass toggles a class on one leaf widget.
func BenchmarkChangedClass(b *testing.B) {
	tr := benchTree()
	m := tr.manager([]*style.Sheet{benchCSS(b, "red")}, dayEnv, nil)
	e := tr.byID["w3_2"] // a tank
	on := false
	var recomputed int
	b.ReportAllocs()
	for b.Loop() {
		on = !on
		e.setClass("alarm", on)
		m.Changed(e)
		recomputed += m.Stats().Recomputed
	}
	b.ReportMetric(float64(recomputed)/float64(b.N), "recomputed/op")
}

// BenchmarkChangedAncestor toggles .group on a panel of 49 widgets, which
// ".group label" makes re-match its descendants.
func BenchmarkChangedAncestor(b *testing.B) {
	tr := benchTree()
	m := tr.manager([]*style.Sheet{benchCSS(b, "red")}, dayEnv, nil)
	p := tr.all[1]
	on := true
	var recomputed, matched int
	b.ReportAllocs()
	for b.Loop() {
		on = !on
		p.setClass("group", on)
		m.Changed(p)
		recomputed += m.Stats().Recomputed
		matched += m.Stats().Matched
	}
	b.ReportMetric(float64(recomputed)/float64(b.N), "recomputed/op")
	b.ReportMetric(float64(matched)/float64(b.N), "matched/op")
}

// BenchmarkSetEnvTheme switches day ↔ night: the :root variables change,
// so every element is recomputed.
func BenchmarkSetEnvTheme(b *testing.B) {
	tr := benchTree()
	m := tr.manager([]*style.Sheet{benchCSS(b, "red")}, dayEnv, nil)
	night := dayEnv
	night.Theme = "night"
	flip := false
	var recomputed int
	b.ReportAllocs()
	for b.Loop() {
		env := dayEnv
		if flip = !flip; flip {
			env = night
		}
		m.SetEnv(env)
		recomputed += m.Stats().Recomputed
	}
	b.ReportMetric(float64(recomputed)/float64(b.N), "recomputed/op")
}

func TestBenchTree(t *testing.T) {
	tr := benchTree()
	if len(tr.all) != 2001 {
		t.Fatalf("%d elements", len(tr.all))
	}
	n := 0
	for _, e := range tr.all {
		if e.classes["k7"] {
			n++
		}
	}
	if n != 10 {
		t.Fatalf(".k7 on %d elements, want 10", n)
	}
	m := tr.manager([]*style.Sheet{benchCSS(t, "red")}, dayEnv, nil)
	if ps := m.SetSheets([]*style.Sheet{benchCSS(t, "blue")}); len(ps) != 10 || m.Stats().Recomputed != 10 {
		t.Errorf("%d patches, stats %+v; want 10 recomputed", len(ps), m.Stats())
	}
}
