package gopage_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// FuzzParse checks, for any input: Parse does not panic, every error has a
// position inside the source, and a screen that parses clean survives
// Marshal and Parse unchanged. Run it with
//
//	go test -run=^$ -fuzz=FuzzParse -fuzztime=60s ./gopage/
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.gopage")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := gopage.Parse("f.gopage", src)
		if s == nil {
			t.Fatal("nil screen")
		}
		lines := countLines(src)
		for _, e := range errorList(t, err) {
			if e.Pos.Filename != "f.gopage" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
				t.Fatalf("bad position %v (source has %d lines): %s", e.Pos, lines, e.Msg)
			}
		}
		if err == nil {
			roundTrip(t, "f.gopage", s)
		}
	})
}

// countLines counts lines as yaml.v3 does: "\r\n", "\r", "\n", NEL, LS and PS
// end a line.
func countLines(src []byte) int {
	n := 1
	for i := 0; i < len(src); i++ {
		switch {
		case src[i] == '\r' && i+1 < len(src) && src[i+1] == '\n':
			n++
			i++
		case src[i] == '\n' || src[i] == '\r':
			n++
		case src[i] == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
			n++
			i++
		case src[i] == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			n++
			i += 2
		}
	}
	return n
}
