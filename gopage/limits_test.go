package gopage_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/gen"
)

// TestLimits: a screen file may not ask for more than the panel can give.
// Each limit is checked at and just over it, with the error's position.
func TestLimits(t *testing.T) {
	label := func(text string) []byte {
		return []byte("screen: a\nroot:\n  type: column\n  children:\n    - type: label\n      text: \"" + text + "\"\n")
	}
	over := gopage.MaxText + 1
	tests := []struct {
		name string
		src  []byte
		want []string
	}{
		{"text at the limit", label(strings.Repeat("x", gopage.MaxText)), nil},
		{"text over the limit", label(strings.Repeat("x", over)),
			[]string{fmt.Sprintf("s.gopage:6:14: text: text too long: %d bytes (limit 1024)", over)}},
		{"title over the limit", []byte("screen: a\ntitle: " + strings.Repeat("é", 3000) + "\nroot: {type: label, text: x}\n"),
			[]string{"s.gopage:2:8: title: text too long: 6000 bytes (limit 1024)"}},
		{"expression over the limit", []byte("screen: a\nroot: {type: lamp, value: \"" + strings.Repeat("A+", 3000) + "A\"}\n"),
			[]string{"s.gopage:2:28: value: text too long: 6001 bytes (limit 1024)"}},
		{"widgets at the limit", gen.Screen(gopage.MaxWidgets - 1), nil},
		{"widgets over the limit", gen.Screen(gopage.MaxWidgets),
			[]string{"s.gopage:5006:7: too many widgets: a screen holds at most 5000"}},
		{"file over the limit, comments only", []byte(strings.Repeat("# comment\n", gopage.MaxFileSize/10+1)),
			[]string{fmt.Sprintf("s.gopage:1:1: file too large: %d bytes (limit %d)", gopage.MaxFileSize/10*10+10, gopage.MaxFileSize)}},
		{"a long key is quoted, not copied, into its error", []byte("screen: a\nroot: {type: label, text: x}\n? " + strings.Repeat("k", 100000) + "\n: 1\n"),
			[]string{"s.gopage:3:3: unknown key \"" + strings.Repeat("k", 512-len(`unknown key "`)-len("…")) + "…"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gopage.Parse("s.gopage", tt.src)
			var got []string
			for _, e := range errorList(t, err) {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %d errors:\n%.300s\nwant:\n%.300s", len(got), strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestScreenAtLimitMemory: the largest screen the limits allow parses in
// memory proportional to its size.
func TestScreenAtLimitMemory(t *testing.T) {
	src := gen.Screen(gopage.MaxWidgets - 1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := gopage.Parse("big.gopage", src)
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	s.Walk(func(*gopage.Node) bool { n++; return true })
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d widgets, %d KB file, %d MB allocated", n, len(src)>>10, alloc>>20)
	if n != gopage.MaxWidgets {
		t.Errorf("%d widgets, want %d", n, gopage.MaxWidgets)
	}
	// Measured: 60 bytes allocated per byte of file (34 MB for 567 KB).
	if limit := uint64(128 * len(src)); alloc > limit {
		t.Errorf("parsing a %d-byte screen allocated %d bytes, more than %d", len(src), alloc, limit)
	}
}

// TestWideAliasBomb: 20,000 aliases of one 20,000-key widget are 280 KB on
// disk and 400 million entries to walk. The walk stops at the budget, keeps
// MaxErrors errors and computes nothing for the errors it drops (before:
// 2m45s and 8 GB, in suggestions for unknown properties and a quadratic
// duplicate-key check).
func TestWideAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("screen: a\nroot:\n  type: column\n  children: [")
	b.WriteString("&r {type: label, text: x, ")
	for i := range 20000 {
		fmt.Fprintf(&b, "k%d: 1, ", i)
	}
	b.WriteString("}")
	for range 20000 {
		b.WriteString(", *r")
	}
	b.WriteString("]\n")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := gopage.Parse("a.gopage", []byte(b.String()))
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d KB file: %d MB allocated", b.Len()>>10, alloc>>20)
	if n := len(errorList(t, err)); n == 0 || n > gopage.MaxErrors {
		t.Errorf("%d errors", n)
	}
	if alloc > 512<<20 {
		t.Errorf("parsing a %d KB file allocated %d MB", b.Len()>>10, alloc>>20)
	}
}
