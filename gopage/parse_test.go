package gopage_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// TestParseErrors checks complete messages, positions included.
func TestParseErrors(t *testing.T) {
	const head = "screen: s\nroot:\n  type: column\n  children:\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"unknown widget", head + "    - type: gaguge\n",
			[]string{`t.gopage:5:13: unknown widget "gaguge", did you mean "gauge"?`}},
		{"unknown widget far off", head + "    - type: spaceship\n",
			[]string{`t.gopage:5:13: unknown widget "spaceship"`}},
		{"unknown prop", head + "    - {type: tank, value: L, maxx: 3}\n",
			[]string{`t.gopage:5:30: unknown property "maxx" for tank, did you mean "max"?`}},
		{"common prop typo", head + "    - {type: tank, value: L, visble: ok}\n",
			[]string{`t.gopage:5:30: unknown property "visble" for tank, did you mean "visible"?`}},
		{"structural key typo", head + "    - {type: row, childern: []}\n",
			[]string{`t.gopage:5:19: unknown property "childern" for row, did you mean "children"?`}},
		{"unknown top key", "screen: s\nrot: {type: row}\n",
			[]string{`t.gopage:1:1: missing root widget`, `t.gopage:2:1: unknown key "rot", did you mean "root"?`}},
		{"wrong kind", head + "    - {type: tank, value: L, max: abc}\n",
			[]string{`t.gopage:5:35: max: expected a number, got "abc"`}},
		{"mapping for scalar", head + "    - {type: tank, value: {a: 1}}\n",
			[]string{`t.gopage:5:27: value: expected an expression, got a mapping`}},
		{"missing required", head + "    - type: tank\n      max: 3\n",
			[]string{`t.gopage:5:7: tank: missing required property "value"`}},
		{"enum", head + "    - {type: bar, value: L, orientation: diagonal}\n",
			[]string{`t.gopage:5:42: orientation: "diagonal" is not one of vertical, horizontal`}},
		{"enum typo", head + "    - {type: bar, value: L, orientation: vertcal}\n",
			[]string{`t.gopage:5:42: orientation: "vertcal" is not one of vertical, horizontal, did you mean "vertical"?`}},
		{"color name typo", head + "    - {type: rect, fill: balck}\n",
			[]string{`t.gopage:5:26: fill: unknown color "balck", did you mean "black"?`}},
		{"text brace in quotes", head + "    - {type: label, text: \"ab {}\"}\n",
			[]string{`t.gopage:5:31: text: empty {} in text`}},
		{"text brace after non-ASCII", head + "    - {type: label, text: \"Füllstand {x\"}\n",
			[]string{`t.gopage:5:39: text: unclosed "{" in text (write "{{" for a brace)`}},
		{"duplicate id", head + "    - {type: row, id: a}\n    - {type: row, id: a}\n",
			[]string{`t.gopage:6:23: duplicate id "a" (first on line 5)`}},
		{"children on leaf", head + "    - {type: lamp, value: x, children: []}\n",
			[]string{`t.gopage:5:30: children: lamp is not a container`}},
		{"bad size", "size: 12x\nroot: {type: row}\n",
			[]string{`t.gopage:1:7: size: bad size "12x" (want WIDTHxHEIGHT, each 1..8192)`}},
		{"empty file", "", []string{`t.gopage:1:1: empty screen file: want a mapping with screen and root`}},
		{"not a mapping", "- a\n", []string{`t.gopage:1:1: expected a screen (a mapping with screen and root), got a list`}},
		{"two documents", "root: {type: row}\n---\nroot: {type: row}\n",
			[]string{`t.gopage:2:1: only one document is allowed in a screen file`}},
		{"write without tag", head + "    - {type: button, text: x, on_press: {write: {value: 1}}}\n",
			[]string{`t.gopage:5:49: on_press: write: missing tag`}},
		{"bad point", head + "    - {type: line, points: [[0, 0], [1, x]]}\n",
			[]string{`t.gopage:5:41: points: expected a number, got "x"`}},
		{"int", head + "    - {type: grid, columns: -1}\n",
			[]string{`t.gopage:5:29: columns: must be at least 1, got -1`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gopage.Parse("t.gopage", []byte(tt.src))
			var got []string
			for _, e := range errorList(t, err) {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestValuePos checks that ValuePos points at the first character of the
// value's content, in bytes, so callers can add offsets inside expressions.
func TestValuePos(t *testing.T) {
	src := "root:\n" +
		"  type: column\n" +
		"  children:\n" +
		"    - type: value\n" +
		"      value: Tank1.Level * 2\n" + // 5: plain
		"    - {type: value, value: \"a + b\"}\n" + // 6: double-quoted
		"    - {type: value, value: 'a + b'}\n" + // 7: single-quoted
		"    - {type: label, text: \"Füll {x}\", tooltip: ä}\n" + // 8: non-ASCII before tooltip
		"    - type: value\n" +
		"      value: |\n" +
		"        a +\n" + // 11: block scalar content
		"        b\n" +
		"    - type: button\n" +
		"      text: go\n" +
		"      on_press: {write: {tag: T, value: \"!T\"}, navigate: two}\n" + // 15
		"    - {type: tank, value: L, class: [{hot: \"L > 9\"}]}\n" // 16
	s, err := gopage.Parse("v.gopage", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c := s.Root.Children
	btn := c[5].Props["on_press"].Action
	tests := []struct {
		name      string
		got       gopage.Pos
		line, col int
	}{
		{"plain", c[0].Props["value"].ValuePos, 5, 14},
		{"double-quoted", c[1].Props["value"].ValuePos, 6, 29},
		{"single-quoted", c[2].Props["value"].ValuePos, 7, 29},
		{"text", c[3].Props["text"].ValuePos, 8, 28},
		{"after non-ASCII", c[3].Props["tooltip"].ValuePos, 8, 49},
		{"block", c[4].Props["value"].ValuePos, 11, 9},
		{"key", c[0].Props["value"].Pos, 5, 7},
		{"write tag", btn.Write.TagPos, 15, 31},
		{"write value", btn.Write.ValuePos, 15, 42},
		{"navigate", btn.NavigatePos, 15, 58},
		{"bound class", c[6].BoundClasses[0].Pos, 16, 45},
		{"node", c[1].Pos, 6, 7},
	}
	for _, tt := range tests {
		if tt.got.Line != tt.line || tt.got.Col != tt.col {
			t.Errorf("%s: got %d:%d, want %d:%d", tt.name, tt.got.Line, tt.got.Col, tt.line, tt.col)
		}
	}
}

func TestParseValues(t *testing.T) {
	src := `
root:
  type: canvas
  children:
    - {type: lamp, id: l, value: true, label: 12, on_color: RED}
    - {type: tank, value: 7, max: 1e3, min: -0.5, decimals: 2}
    - {type: label, text: "{{x}} = {x}", bold: false, class: "a b"}
    - {type: navbar, items: []}
`
	s, err := gopage.Parse("dir/my-screen.gopage", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "my-screen" || s.Size != (gopage.Size{W: 1280, H: 800}) {
		t.Errorf("defaults: name %q size %v", s.Name, s.Size)
	}
	c := s.Root.Children
	if p := c[0].Props["value"]; p.Kind != gopage.KindExpr || p.Str != "true" {
		t.Errorf("bool as expr: %+v", p)
	}
	if p := c[0].Props["label"]; p.Str != "12" {
		t.Errorf("number as string: %+v", p)
	}
	if p := c[1].Props["max"]; p.Num != 1000 {
		t.Errorf("max = %v", p.Num)
	}
	if p := c[1].Props["min"]; p.Num != -0.5 {
		t.Errorf("min = %v", p.Num)
	}
	if p := c[2].Props["bold"]; p.Kind != gopage.KindBool || p.Bool {
		t.Errorf("bold = %+v", p)
	}
	if got := fmt.Sprint(c[2].Classes); got != "[a b]" {
		t.Errorf("classes = %s", got)
	}
	if p := c[3].Props["items"]; p == nil || p.Items != nil {
		t.Errorf("empty items = %+v", p)
	}
	if c[3].Path != "root/3:navbar" {
		t.Errorf("path = %q", c[3].Path)
	}
}

func TestDepthLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("root: ")
	for range 100 {
		b.WriteString("{type: column, children: [")
	}
	b.WriteString(strings.Repeat("]}", 100))
	s, err := gopage.Parse("deep.gopage", []byte(b.String()))
	list := errorList(t, err)
	if len(list) != 1 || !strings.Contains(list[0].Msg, "nested more than 64 deep") {
		t.Fatalf("errors = %v", list)
	}
	depth := 0
	for n := s.Root; n != nil && len(n.Children) > 0; n = n.Children[0] {
		depth++
	}
	if depth != 63 {
		t.Errorf("kept depth %d, want 63", depth)
	}
}

// TestAliasBomb checks that a billion-laughs document is cut short.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("a0: &a0 {type: label, text: x}\n")
	for i := 1; i < 40; i++ {
		fmt.Fprintf(&b, "a%d: &a%d {type: row, children: [*a%d, *a%d, *a%d, *a%d]}\n", i, i, i-1, i-1, i-1, i-1)
	}
	b.WriteString("root: *a39\n")
	_, err := gopage.Parse("bomb.gopage", []byte(b.String()))
	if err == nil {
		t.Fatal("no error")
	}
}

func TestMaxErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("root:\n  type: column\n  children:\n")
	for range 300 {
		b.WriteString("    - type: nope\n")
	}
	_, err := gopage.Parse("many.gopage", []byte(b.String()))
	if n := len(errorList(t, err)); n != gopage.MaxErrors {
		t.Errorf("got %d errors, want %d", n, gopage.MaxErrors)
	}
}

func TestWalkAndNode(t *testing.T) {
	src := `
root:
  type: column
  children:
    - {type: row, children: [{type: label, text: a}, {type: label, id: b, text: b}]}
    - {type: label, text: c}
`
	s, err := gopage.Parse("w.gopage", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var all, skipped []string
	s.Walk(func(n *gopage.Node) bool { all = append(all, n.Path); return true })
	s.Walk(func(n *gopage.Node) bool { skipped = append(skipped, n.Path); return n.Type != "row" })
	want := "[root root/0:row root/0:row/0:label root/0:row/1:label root/1:label]"
	if fmt.Sprint(all) != want {
		t.Errorf("walk = %v", all)
	}
	if fmt.Sprint(skipped) != "[root root/0:row root/1:label]" {
		t.Errorf("walk skipping = %v", skipped)
	}
	if n := s.Node("b"); n == nil || n.Path != "root/0:row/1:label" {
		t.Errorf("Node(b) = %+v", n)
	}
	if n := s.Node("root/1:label"); n == nil || n.Props["text"].Str != "c" {
		t.Errorf("Node(path) = %+v", n)
	}
	if s.Node("nope") != nil {
		t.Error("Node(nope) != nil")
	}
	var empty *gopage.Screen
	empty.Walk(func(*gopage.Node) bool { t.Error("called"); return true })
}

// TestValuePosProperties checks that tags and anchors are skipped: yaml.v3
// places a node at its "!tag" or "&anchor".
func TestValuePosProperties(t *testing.T) {
	src := "root:\n  type: value\n  value: !!str Tank1.Level\n  label: &l   'Caption'\n  unit: *l\n"
	s, err := gopage.Parse("p.gopage", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"value": "p.gopage:3:16", "label": "p.gopage:4:16", "unit": "p.gopage:4:16"} {
		if got := s.Root.Props[name].ValuePos.String(); got != want {
			t.Errorf("%s: ValuePos %s, want %s", name, got, want)
		}
	}
}
