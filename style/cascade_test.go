package style_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/style"
)

func TestCascade(t *testing.T) {
	night := style.Env{Theme: "night", Width: 1280, Height: 800}
	narrow := style.Env{Theme: "day", Width: 800, Height: 600}
	portrait := style.Env{Theme: "day", Width: 800, Height: 1280}
	inline := func(id string, decls ...style.Decl) map[string][]style.Decl {
		return map[string][]style.Decl{id: decls}
	}
	d := func(p, v string) style.Decl { return style.Decl{Property: p, Value: v} }
	imp := func(p, v string) style.Decl { return style.Decl{Property: p, Value: v, Important: true} }
	tests := []struct {
		name     string
		css      string
		env      style.Env
		inline   map[string][]style.Decl
		setup    func(*tree)
		id, prop string
		want     string
	}{
		{name: "type", css: `label { color: red }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "type other", css: `label { color: red }`, id: "b1", prop: "color", want: ""},
		{name: "universal", css: `* { opacity: 0.5 }`, id: "b1", prop: "opacity", want: "0.5"},
		{name: "unset opacity", css: ``, id: "b1", prop: "opacity", want: "1"},
		{name: "id beats class", css: `#l1 { color: blue } label.heading { color: red }`, id: "l1", prop: "color", want: "#0000ff"},
		{name: "class beats type", css: `.heading { color: red } label { color: blue }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "source order", css: `label { color: red } label { color: blue }`, id: "l1", prop: "color", want: "#0000ff"},
		{name: "later decl in rule", css: `label { color: red; color: lime }`, id: "l1", prop: "color", want: "#00ff00"},
		{name: "important wins", css: `#l1 { color: blue } label { color: red !important }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "important by specificity", css: `label { color: red !important } #l1 { color: blue !important } label { color: lime !important }`, id: "l1", prop: "color", want: "#0000ff"},
		{name: "inline beats id", css: `#l1 { color: blue }`, inline: inline("l1", d("color", "green")), id: "l1", prop: "color", want: "#008000"},
		{name: "important beats inline", css: `label { color: blue !important }`, inline: inline("l1", d("color", "green")), id: "l1", prop: "color", want: "#0000ff"},
		{name: "inline important", css: `#l1 { color: blue !important }`, inline: inline("l1", imp("color", "green")), id: "l1", prop: "color", want: "#008000"},
		{name: "inline raw important", css: `#l1 { color: blue !important }`, inline: inline("l1", d("color", "green !important")), id: "l1", prop: "color", want: "#008000"},
		{name: "bad inline ignored", css: `#l1 { color: blue }`, inline: inline("l1", d("color", "greeen")), id: "l1", prop: "color", want: "#0000ff"},
		{name: "inherited", css: `column { color: red }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "not inherited", css: `column { border-color: red }`, id: "t1", prop: "border-color", want: ""},
		{name: "font inherited", css: `column { font-size: 14px; font-weight: bold; font-family: "mono"; text-align: center }`, id: "l2", prop: "font-weight", want: "700"},
		{name: "visibility inherited", css: `row { visibility: hidden }`, id: "b1", prop: "visibility", want: "hidden"},
		{name: "visible inside hidden", css: `row { visibility: hidden } button { visibility: visible }`, id: "b1", prop: "visibility", want: "visible"},
		{name: "descendant", css: `panel label { color: red }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "descendant no", css: `panel label { color: red }`, id: "l2", prop: "color", want: ""},
		{name: "deep descendant", css: `#root label { color: red }`, id: "l2", prop: "color", want: "#ff0000"},
		{name: "child no", css: `column > label { color: red }`, id: "l1", prop: "color", want: ""},
		{name: "child", css: `column > panel > label { color: red }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "mixed combinators", css: `column > .group tank { fill: red }`, id: "t1", prop: "fill", want: "#ff0000"},
		{name: "compound", css: `tank.alarm#t1 { fill: red }`, setup: func(t *tree) { t.byID["t1"].setClass("alarm", true) }, id: "t1", prop: "fill", want: "#ff0000"},
		{name: "compound no", css: `tank.alarm#t1 { fill: red }`, id: "t1", prop: "fill", want: ""},
		{name: "list", css: `button, tank { opacity: 0.3 }`, id: "b1", prop: "opacity", want: "0.3"},
		{name: "pseudo state", css: `tank:alarm { fill: red }`, setup: func(t *tree) { t.byID["t1"].setState("alarm", true) }, id: "t1", prop: "fill", want: "#ff0000"},
		{name: "pseudo state off", css: `tank:alarm { fill: red }`, id: "t1", prop: "fill", want: ""},
		{name: "pseudo specificity", css: `button:pressed { background: #ddd } #b1 { background: #111 }`, setup: func(t *tree) { t.byID["b1"].setState("pressed", true) }, id: "b1", prop: "background", want: "#111111"},
		{name: "ancestor state", css: `*:bad-quality label { opacity: 0.5 }`, setup: func(t *tree) { t.byID["p1"].setState("bad-quality", true) }, id: "l1", prop: "opacity", want: "0.5"},
		{name: "root", css: `:root { color: red } label:root { color: blue }`, id: "root", prop: "color", want: "#ff0000"},
		{name: "var", css: `:root { --accent: #00f } label { color: var(--accent) }`, id: "l1", prop: "color", want: "#0000ff"},
		{name: "var get", css: `:root { --accent: #00f }`, id: "l1", prop: "--accent", want: "#00f"},
		{name: "var fallback", css: `label { color: var(--nope, #0f0) }`, id: "l1", prop: "color", want: "#00ff00"},
		{name: "var nested fallback", css: `label { color: var(--a, var(--b, red)) }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "var nested fallback found", css: `:root { --b: blue } label { color: var(--a, var(--b, red)) }`, id: "l1", prop: "color", want: "#0000ff"},
		{name: "var chain", css: `:root { --a: var(--b); --b: #123456 } label { color: var(--a) }`, id: "l1", prop: "color", want: "#123456"},
		{name: "var cycle", css: `:root { --a: var(--b); --b: var(--a) } label { color: var(--a, red) }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "var in function", css: `:root { --g: 128 } tank { fill: rgb(0, var(--g), 0) }`, id: "t1", prop: "fill", want: "#008000"},
		{name: "var subtree", css: `:root { --c: red } panel { --c: blue } label { color: var(--c) }`, id: "l1", prop: "color", want: "#0000ff"},
		{name: "var subtree other", css: `:root { --c: red } panel { --c: blue } label { color: var(--c) }`, id: "l2", prop: "color", want: "#ff0000"},
		{name: "var inline", css: `label { color: var(--c) }`, inline: inline("l1", d("--c", "lime")), id: "l1", prop: "color", want: "#00ff00"},
		{name: "var invalid inherits", css: `column { color: red } label { color: var(--x) }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "var bad value", css: `:root { --x: 12 } label { font-size: var(--x) } column { font-size: 9px }`, id: "l1", prop: "font-size", want: "9px"},
		{name: "var not inherited initial", css: `column { border-color: red } tank { border-color: var(--x) }`, id: "t1", prop: "border-color", want: ""},
		{name: "var inherit keyword", css: `:root { --c: red } panel { --c: blue } #l1 { --c: inherit; color: var(--c) }`, id: "l1", prop: "color", want: "#0000ff"},
		{name: "theme day", css: `label { color: red } @theme night { label { color: blue } }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "theme night", css: `label { color: red } @theme night { label { color: blue } }`, env: night, id: "l1", prop: "color", want: "#0000ff"},
		{name: "theme vars", css: `:root { --a: red } @theme night { :root { --a: blue } } label { color: var(--a) }`, env: night, id: "l2", prop: "color", want: "#0000ff"},
		{name: "media wide", css: `@media (min-width: 1000px) { label { color: red } }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "media narrow", css: `@media (min-width: 1000px) { label { color: red } }`, env: narrow, id: "l1", prop: "color", want: ""},
		{name: "media max-height", css: `@media (max-height: 600px) { label { color: red } }`, env: narrow, id: "l1", prop: "color", want: "#ff0000"},
		{name: "media and", css: `@media (min-width: 700px) and (orientation: portrait) { label { color: red } }`, env: portrait, id: "l1", prop: "color", want: "#ff0000"},
		{name: "media and no", css: `@media (min-width: 700px) and (orientation: portrait) { label { color: red } }`, env: narrow, id: "l1", prop: "color", want: ""},
		{name: "media or", css: `@media (min-width: 5000px), (orientation: landscape) { label { color: red } }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "media in theme", css: `@theme night { @media (max-width: 900px) { label { color: red } } }`, env: style.Env{Theme: "night", Width: 800, Height: 600}, id: "l1", prop: "color", want: "#ff0000"},
		{name: "inherit keyword", css: `column { border-color: red } panel { border-color: inherit }`, id: "p1", prop: "border-color", want: "#ff0000"},
		{name: "inherit from parent", css: `panel { border-color: red } tank { border-color: inherit }`, id: "t1", prop: "border-color", want: "#ff0000"},
		{name: "initial", css: `column { color: red } panel { color: initial }`, id: "l1", prop: "color", want: ""},
		{name: "unset inherited", css: `column { color: red } label { color: blue } #l1 { color: unset }`, id: "l1", prop: "color", want: "#ff0000"},
		{name: "hsl", css: `tank { fill: hsl(120, 100%, 50%) }`, id: "t1", prop: "fill", want: "#00ff00"},
		{name: "hsla space", css: `tank { fill: hsl(240deg 100% 50% / 50%) }`, id: "t1", prop: "fill", want: "#0000ff80"},
		{name: "rgba", css: `tank { fill: rgba(255, 0, 0, 0.5) }`, id: "t1", prop: "fill", want: "#ff000080"},
		{name: "rgb percent", css: `tank { fill: rgb(100%, 0%, 50%) }`, id: "t1", prop: "fill", want: "#ff0080"},
		{name: "short hex", css: `tank { fill: #abc }`, id: "t1", prop: "fill", want: "#aabbcc"},
		{name: "short hex alpha", css: `tank { fill: #abc8 }`, id: "t1", prop: "fill", want: "#aabbcc88"},
		{name: "long hex alpha", css: `tank { fill: #12345678 }`, id: "t1", prop: "fill", want: "#12345678"},
		{name: "named", css: `tank { fill: RebeccaPurple }`, id: "t1", prop: "fill", want: "#663399"},
		{name: "transparent", css: `tank { stroke: transparent }`, id: "t1", prop: "stroke", want: "#00000000"},
		{name: "border", css: `tank { border-width: 2px; border-radius: 0 }`, id: "t1", prop: "border-radius", want: "0px"},
		{name: "percent", css: `label { font-size: 150% }`, id: "l1", prop: "font-size", want: "150%"},
		{name: "padding", css: `row { padding: 4px }`, id: "r1", prop: "padding", want: "4px"},
		{name: "blink ms", css: `tank { blink: 500ms }`, id: "t1", prop: "blink", want: "500ms"},
		{name: "blink s", css: `tank { blink: 1.5s }`, id: "t1", prop: "blink", want: "1.5s"},
		{name: "blink none", css: `tank { blink: 1s } #t1 { blink: none }`, id: "t1", prop: "blink", want: ""},
		{name: "display", css: `.heading { display: none }`, id: "l1", prop: "display", want: "none"},
		{name: "display not inherited", css: `panel { display: none }`, id: "l1", prop: "display", want: ""},
		{name: "opacity percent", css: `tank { opacity: 25% }`, id: "t1", prop: "opacity", want: "0.25"},
		{name: "text-align", css: `row { text-align: right }`, id: "b1", prop: "text-align", want: "right"},
		{name: "font-family", css: `label { font-family: 'mono' }`, id: "l2", prop: "font-family", want: "mono"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTree()
			if tt.setup != nil {
				tt.setup(tr)
			}
			env := tt.env
			if env == (style.Env{}) {
				env = dayEnv
			}
			m := tr.manager([]*style.Sheet{mustParse(t, tt.css)}, env, tt.inline)
			if got := m.Computed(tr.byID[tt.id]).Get(tt.prop); got != tt.want {
				t.Errorf("%s of #%s = %q, want %q", tt.prop, tt.id, got, tt.want)
			}
		})
	}
}

func TestComputedTyped(t *testing.T) {
	tr := newTree()
	m := tr.manager([]*style.Sheet{mustParse(t, `label { color: #102030; font-size: 50%; blink: 250ms; font-weight: 300 }`)}, dayEnv, nil)
	c := m.Computed(tr.byID["l1"])
	if c.Color != (style.Color{R: 0x10, G: 0x20, B: 0x30, A: 255, Set: true}) {
		t.Errorf("Color = %+v", c.Color)
	}
	if c.FontSize != (style.Length{Value: 50, Unit: style.Percent, Set: true}) {
		t.Errorf("FontSize = %+v", c.FontSize)
	}
	if c.Blink.Milliseconds() != 250 || c.FontWeight != 300 || c.Opacity != 1 {
		t.Errorf("Blink %v FontWeight %d Opacity %v", c.Blink, c.FontWeight, c.Opacity)
	}
	if m.Computed(&elem{typ: "label"}) != nil {
		t.Error("Computed of an unregistered element is not nil")
	}
}

// TestMatchLongSelector checks that a long selector that cannot match a
// deep tree fails quickly instead of trying every placement.
func TestMatchLongSelector(t *testing.T) {
	var e *elem
	for range 60 {
		e = &elem{typ: "column", parent: e}
	}
	leaf := &elem{typ: "label", parent: e}
	sel := "#nowhere " + strings.Repeat("* ", 30) + "label"
	s := mustParse(t, sel+" { color: red; }")
	start := time.Now()
	if s.Rules[0].Selectors[0].Matches(leaf) {
		t.Error("matched")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %v", d)
	}
	ok := mustParse(t, "column > column column > * column label { color: red; }")
	if !ok.Rules[0].Selectors[0].Matches(leaf) {
		t.Error("mixed combinators did not match")
	}
}
