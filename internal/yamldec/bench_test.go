package yamldec_test

import (
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/gen"
	"github.com/gohmi/gohmi/internal/yamldec"
)

// BenchmarkLocateAtEnd decodes the largest screen the limits allow with a
// syntax error on its last line: the worst case of placing an error, about
// log2(size) extra decodes.
//
//	go test -run '^$' -bench Locate -benchmem ./internal/yamldec/
func BenchmarkLocateAtEnd(b *testing.B) {
	src := gen.Screen(gopage.MaxWidgets - 1)
	src = append(src, "    - {type: label, text: [unclosed\n"...)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := yamldec.Decode("big.gopage", src, "screen file"); len(errs) != 1 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkDecode is the same screen without the error, for comparison.
func BenchmarkDecode(b *testing.B) {
	src := gen.Screen(gopage.MaxWidgets - 1)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := yamldec.Decode("big.gopage", src, "screen file"); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}

// BenchmarkLocateIndentAtEnd is the slow path: a bad indent on the last
// line of a screen as large as the prefix search goes (2,000 widgets,
// 230 KB), inside a list that starts on line 6, found by galloping and
// bisecting over decodes of prefixes.
func BenchmarkLocateIndentAtEnd(b *testing.B) {
	src := gen.Screen(1999)
	src = append(src, "     x: 1\n"...)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		_, errs := yamldec.Decode("big.gopage", src, "screen file")
		if len(errs) != 1 || errs[0].Pos.Line != 2006 {
			b.Fatal(errs)
		}
	}
}
