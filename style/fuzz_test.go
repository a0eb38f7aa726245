package style_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/style"
)

// FuzzParse checks that Parse never panics, that every error is positioned
// inside the source, and that parse→print→parse is stable.
//
//	go test -fuzz=FuzzParse -fuzztime=60s ./style/
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.css")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(`@theme night { @media (max-width: 1px) { :root { --a: var(--b, var(--c, red)); } } }`))
	f.Fuzz(func(t *testing.T, src []byte) {
		sheet, err := style.Parse("f.css", src)
		if sheet == nil {
			t.Fatal("nil sheet")
		}
		if err != nil {
			var list gopage.ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T", err)
			}
			lines := strings.Split(string(src), "\n")
			for _, e := range list {
				p := e.Pos
				if p.Filename != "f.css" || p.Line < 1 || p.Col < 1 || p.Line > len(lines)+1 {
					t.Fatalf("bad position: %v", e)
				}
				if p.Line <= len(lines) && p.Col > len(lines[p.Line-1])+1 {
					t.Fatalf("column beyond the line: %v", e)
				}
			}
		}
		p1 := sheet.String()
		s2, err := style.Parse("g.css", []byte(p1))
		if err != nil {
			// A declaration kept for one selector of a list that another
			// selector's widget type cannot take is reported again.
			for _, e := range err.(gopage.ErrorList) {
				if !strings.Contains(e.Msg, "does not apply to") {
					t.Fatalf("printed sheet does not parse: %v\n%s", e, p1)
				}
			}
		}
		if p2 := s2.String(); p2 != p1 {
			t.Fatalf("print not stable:\n%s\n---\n%s", p1, p2)
		}
	})
}
