package style_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/style"
)

func TestPrintStable(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.css")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			checkStable(t, src)
		})
	}
}

// checkStable checks that the canonical print of src parses without error
// to a sheet that prints the same.
func checkStable(t *testing.T, src []byte) {
	t.Helper()
	s1, _ := style.Parse("a.css", src)
	p1 := s1.String()
	s2, err := style.Parse("b.css", []byte(p1))
	if err != nil {
		t.Fatalf("printed sheet does not parse: %v\n%s", err, p1)
	}
	if p2 := s2.String(); p2 != p1 {
		t.Fatalf("print not stable:\n%s\n---\n%s", p1, p2)
	}
}

func TestParseSelectors(t *testing.T) {
	s := mustParse(t, `column > panel  tank.alarm#t1:alarm-unack, *.x , #a { }`)
	r := s.Rules[0]
	var got []string
	for _, sel := range r.Selectors {
		got = append(got, sel.String())
	}
	if strings.Join(got, "|") != "column > panel tank#t1.alarm:alarm-unack|*.x|#a" {
		t.Errorf("selectors %q", got)
	}
	for i, want := range []style.Specificity{1<<16 | 2<<8 | 3, 1 << 8, 1 << 16} {
		if sp := r.Selectors[i].Specificity(); sp != want {
			t.Errorf("specificity of %s = %#x, want %#x", r.Selectors[i], sp, want)
		}
	}
	if p := r.Selectors[0].Subject().Pos; p.Line != 1 || p.Col != 17 {
		t.Errorf("subject at %v", p)
	}
}

func TestParsePositions(t *testing.T) {
	src := "label {\n  color: red !important;\n  --x: a  b /* c */ d;\n}\n"
	s := mustParse(t, src)
	d := s.Rules[0].Decls
	if d[0].Pos.String() != "test.css:2:3" || d[0].ValuePos.String() != "test.css:2:10" || !d[0].Important || d[0].Value != "red" {
		t.Errorf("decl 0: %+v", d[0])
	}
	if d[1].Value != "a b d" || d[1].Property != "--x" {
		t.Errorf("decl 1: %+v", d[1])
	}
}

func TestParseLimits(t *testing.T) {
	deep := strings.Repeat("@media (min-width: 1px) { ", 40) + "label { color: red; }" + strings.Repeat("}", 40)
	if _, err := style.Parse("deep.css", []byte(deep)); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("deep nesting: %v", err)
	}
	parens := "label { color: " + strings.Repeat("rgb(", 40) + strings.Repeat(")", 40) + "; }"
	if _, err := style.Parse("parens.css", []byte(parens)); err == nil || !strings.Contains(err.Error(), "nested too deeply") {
		t.Errorf("deep parentheses: %v", err)
	}
	many := strings.Repeat("label { colr: red; }\n", 500)
	_, err := style.Parse("many.css", []byte(many))
	if list := err.(gopage.ErrorList); len(list) != gopage.MaxErrors {
		t.Errorf("%d errors, want the cap %d", len(list), gopage.MaxErrors)
	}
}

func TestParseInline(t *testing.T) {
	pos := func(col int) gopage.Pos { return gopage.Pos{Filename: "s.gopage", Line: 7, Col: col} }
	in := []style.Decl{
		{Property: "color", Value: "red", Pos: pos(5), ValuePos: pos(12)},
		{Property: "fill", Value: "rgb(1, 2, 3) !important", Pos: pos(20), ValuePos: pos(26)},
		{Property: "colr", Value: "red", Pos: pos(40), ValuePos: pos(46)},
		{Property: "border-color", Value: "blue redd", Pos: pos(50), ValuePos: pos(64)},
		{Property: "--accent", Value: "var(--x, #fff)", Pos: pos(80)},
		{Property: "color", Value: "red; fill: blue", Pos: pos(90), ValuePos: pos(97)},
	}
	out, err := style.ParseInline("s.gopage", in)
	want := []string{
		`s.gopage:7:40: unknown property "colr", did you mean "color"?`,
		`s.gopage:7:69: unexpected "redd" after the colour`,
		`s.gopage:7:100: unexpected ";" in value`,
	}
	list := errorList(t, err)
	if len(list) != len(want) {
		t.Fatalf("errors: %v", list)
	}
	for i, e := range list {
		if e.Error() != want[i] {
			t.Errorf("error %d = %q, want %q", i, e.Error(), want[i])
		}
	}
	if len(out) != 3 || !out[1].Important || out[1].Value != "rgb(1, 2, 3)" || out[2].Property != "--accent" {
		t.Errorf("out = %+v", out)
	}
}

func TestAppliesTo(t *testing.T) {
	for _, tt := range []struct {
		prop, typ string
		want      bool
	}{
		{"fill", "tank", true}, {"fill", "label", false}, {"stroke", "line", true},
		{"font-size", "label", true}, {"font-size", "rect", false}, {"color", "column", true},
		{"opacity", "image", true}, {"--x", "rect", true}, {"nope", "tank", false}, {"fill", "tnak", false},
		{"padding", "button", true}, {"padding", "tank", false}, {"background", "pipe", false},
	} {
		if got := style.AppliesTo(tt.prop, tt.typ); got != tt.want {
			t.Errorf("AppliesTo(%q, %q) = %v", tt.prop, tt.typ, got)
		}
	}
	// Every widget type of the catalog takes something, and the table names
	// no type the catalog lacks.
	for _, w := range gopage.Widgets() {
		if !style.AppliesTo("opacity", w.Type) {
			t.Errorf("opacity does not apply to %s", w.Type)
		}
	}
}
