package gopage_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

func TestSplitText(t *testing.T) {
	type P = gopage.TextPart
	tests := []struct {
		in      string
		want    []P
		errOff  int // -1: no error
		errPart string
	}{
		{"", nil, -1, ""},
		{"plain", []P{{Lit: "plain"}}, -1, ""},
		{"{a}", []P{{Expr: "a", Offset: 1}}, -1, ""},
		{"Level {Tank1.Level} m", []P{{Lit: "Level "}, {Expr: "Tank1.Level", Offset: 7}, {Lit: " m", Offset: 19}}, -1, ""},
		{"{ a + b }", []P{{Expr: "a + b", Offset: 2}}, -1, ""},
		{"{{x}}", []P{{Lit: "{x}"}}, -1, ""},
		{"a{{b}}{c}", []P{{Lit: "a{b}"}, {Expr: "c", Offset: 7}}, -1, ""},
		{"{a}{b}", []P{{Expr: "a", Offset: 1}, {Expr: "b", Offset: 4}}, -1, ""},
		{"ä{x}", []P{{Lit: "ä"}, {Expr: "x", Offset: 3}}, -1, ""},
		{"a {b", nil, 2, "unclosed"},
		{"a {}", nil, 2, "empty"},
		{"a { \t}", nil, 2, "empty"},
		{"a } b", nil, 2, "unexpected"},
		{"{a} {", nil, 4, "unclosed"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := gopage.SplitText(tt.in)
			if tt.errOff >= 0 {
				var te *gopage.TextError
				if !errors.As(err, &te) || te.Offset != tt.errOff || !strings.Contains(te.Msg, tt.errPart) {
					t.Fatalf("err = %v, want %q at %d", err, tt.errPart, tt.errOff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			for _, p := range got {
				if p.Expr != "" && tt.in[p.Offset:p.Offset+len(p.Expr)] != p.Expr {
					t.Errorf("offset %d does not point at %q", p.Offset, p.Expr)
				}
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want gopage.Size
		ok   bool
	}{
		{"1280x800", gopage.Size{W: 1280, H: 800}, true},
		{"800x480", gopage.Size{W: 800, H: 480}, true},
		{"1x1", gopage.Size{W: 1, H: 1}, true},
		{"8192x4320", gopage.Size{W: 8192, H: 4320}, true},
		{"4320x8192", gopage.Size{W: 4320, H: 8192}, true},
		{"8192x4321", gopage.Size{}, false},
		{"8193x1", gopage.Size{}, false},
		{"100000x100000", gopage.Size{}, false},
		{"0x800", gopage.Size{}, false},
		{"1280X800", gopage.Size{}, false},
		{"1280*800", gopage.Size{}, false},
		{"1280x", gopage.Size{}, false},
		{"x800", gopage.Size{}, false},
		{"-1x5", gopage.Size{}, false},
		{"+1x5", gopage.Size{}, false},
		{"1280 x 800", gopage.Size{}, false},
		{"", gopage.Size{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := gopage.ParseSize(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Fatalf("ParseSize(%q) = %v, %v", tt.in, got, err)
			}
			if tt.ok && got.String() != tt.in {
				t.Errorf("String() = %q", got.String())
			}
		})
	}
}

func TestPosAndErrorList(t *testing.T) {
	pos := []struct {
		p    gopage.Pos
		want string
	}{
		{gopage.Pos{Filename: "a.gopage", Line: 3, Col: 7}, "a.gopage:3:7"},
		{gopage.Pos{Filename: "a.gopage", Line: 3}, "a.gopage:3"},
		{gopage.Pos{Line: 3, Col: 7}, "3:7"},
		{gopage.Pos{Filename: "a.gopage"}, "a.gopage"},
		{gopage.Pos{}, "-"},
	}
	for _, tt := range pos {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
	var l gopage.ErrorList
	if l.Err() != nil {
		t.Fatal("empty list: Err() != nil")
	}
	l.Add(gopage.Pos{Filename: "a", Line: 5, Col: 2}, "second on 5")
	l.Add(gopage.Pos{Filename: "a", Line: 5, Col: 1}, "first on 5")
	l.Add(gopage.Pos{Filename: "a", Line: 5, Col: 1}, "then a consequence at the same place")
	l.Add(gopage.Pos{Filename: "a", Line: 1, Col: 9}, "one")
	l.RemoveMultiples()
	if got := l.Error(); got != "a:1:9: one (and 2 more errors)" {
		t.Errorf("Error() = %q", got)
	}
	// Two mistakes in one flow-style line are both kept; a second error at
	// the very same position is dropped.
	if len(l) != 3 || l[1].Msg != "first on 5" || l[2].Msg != "second on 5" {
		t.Errorf("RemoveMultiples kept %v", l)
	}
}

func TestKindString(t *testing.T) {
	if gopage.KindNumber.String() != "number" || gopage.KindNavItems.String() != "nav items" || gopage.Kind(99).String() != "Kind(99)" {
		t.Error("Kind.String")
	}
}
