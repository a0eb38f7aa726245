package yamldec_test

import (
	"testing"

	"github.com/gohmi/gohmi/internal/yamldec"
)

// FuzzDecode checks that Decode never panics and that every error lies
// inside the file: a line of it and a column at most one past its end.
//
//	go test ./internal/yamldec -fuzz FuzzDecode -fuzztime 1m
func FuzzDecode(f *testing.F) {
	for _, s := range []string{"a: [x, y\n", "a:\n\tb: 1\n", "{\"a\": 1,}", "a: 'x\n", "a:\n  - b\n c\n", "a: &x [*x]\n", "{\"a\": [1, {\"b\": null}], \"c\": \"\\u00e9\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		doc, errs := yamldec.Decode("f", src, "file")
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Line > doc.Ix.Lines() || e.Pos.Col < 1 || e.Pos.Col > len(doc.Ix.Line(e.Pos.Line))+1 {
				t.Errorf("error outside the file: %v", e)
			}
		}
	})
}
