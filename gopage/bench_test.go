package gopage_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// bigScreen generates a screen of n widgets in rows of ten, a mix of the
// common types with expressions, classes and styles, like a busy process
// overview.
func bigScreen(n int) []byte {
	var b strings.Builder
	b.WriteString("screen: big\ntitle: Big\nroot:\n  type: column\n  children:\n")
	for r := 0; r < n/10; r++ {
		fmt.Fprintf(&b, "    - type: row\n      id: row%d\n      spacing: 4\n      children:\n", r)
		for i := range 9 {
			k := r*10 + i
			switch i % 3 {
			case 0:
				fmt.Fprintf(&b, "        - {type: tank, id: t%d, value: Tank%d.Level, max: 100, unit: m, class: {alarm: \"Tank%d.Level > 90\"}}\n", k, k, k)
			case 1:
				fmt.Fprintf(&b, "        - type: label\n          text: \"Pump %d {Pump%d.Speed} rpm\"\n          class: [small]\n          style: {color: \"#333\"}\n", k, k)
			case 2:
				fmt.Fprintf(&b, "        - {type: button, text: Start, on_press: {write: {tag: Pump%d.Start, value: true}, confirm: \"Sure?\"}}\n", k)
			}
		}
	}
	return []byte(b.String())
}

// BenchmarkParse parses a generated 500-widget screen (50 rows of 1 + 9).
//
//	go test -run=^$ -bench=BenchmarkParse -benchmem ./gopage/
func BenchmarkParse(b *testing.B) {
	src := bigScreen(500)
	s, err := gopage.Parse("big.gopage", src)
	if err != nil {
		b.Fatal(err)
	}
	count := 0
	s.Walk(func(*gopage.Node) bool { count++; return true })
	if count != 501 {
		b.Fatalf("%d widgets", count)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gopage.Parse("big.gopage", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMarshal prints the same screen.
//
//	go test -run=^$ -bench=BenchmarkMarshal -benchmem ./gopage/
func BenchmarkMarshal(b *testing.B) {
	s, err := gopage.Parse("big.gopage", bigScreen(500))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gopage.Marshal(s); err != nil {
			b.Fatal(err)
		}
	}
}
