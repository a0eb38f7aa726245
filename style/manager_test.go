package style_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/gohmi/gohmi/style"
)

// patchText prints patches as "#id prop old→new" for comparison.
func patchText(ps []style.Patch) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = fmt.Sprintf("#%s %s %s→%s", p.Element.ID(), p.Property, p.Old, p.New)
	}
	return out
}

const baseCSS = `
:root { --a: red; }
label { color: var(--a); }
tank { fill: blue; }
.group { border-width: 1px; }
`

func TestSetSheets(t *testing.T) {
	tests := []struct {
		name       string
		old, new   string
		want       []string
		recomputed int
	}{
		{
			name: "property edit",
			old:  baseCSS, new: strings.Replace(baseCSS, "fill: blue", "fill: green", 1),
			want:       []string{"#t1 fill #0000ff→#008000"},
			recomputed: 1,
		},
		{
			name: "no change but positions",
			old:  baseCSS, new: "/* a comment */\n\n" + baseCSS,
			recomputed: 0,
		},
		{
			name: "rule matching nothing",
			old:  baseCSS, new: baseCSS + "gauge { fill: red; }",
			recomputed: 0,
		},
		{
			name: "rule raising specificity",
			old:  baseCSS, new: baseCSS + "#l1 { color: blue; }",
			want:       []string{"#l1 color #ff0000→#0000ff"},
			recomputed: 1,
		},
		{
			name: "removed rule",
			old:  baseCSS, new: strings.Replace(baseCSS, "tank { fill: blue; }", "", 1),
			want:       []string{"#t1 fill #0000ff→"},
			recomputed: 1,
		},
		{
			name: "root variable",
			old:  baseCSS, new: strings.Replace(baseCSS, "--a: red", "--a: lime", 1),
			want:       []string{"#l1 color #ff0000→#00ff00", "#l2 color #ff0000→#00ff00"},
			recomputed: 7, // every element inherits --a
		},
		{
			name: "inherited property",
			old:  baseCSS, new: baseCSS + "panel { font-size: 20px; }",
			want:       []string{"#p1 font-size →20px", "#l1 font-size →20px", "#t1 font-size →20px"},
			recomputed: 3,
		},
		{
			name: "inherited value unchanged stops",
			old:  baseCSS + "panel { font-size: 20px; border-color: red; }", new: baseCSS + "panel { font-size: 20px; border-color: blue; }",
			want:       []string{"#p1 border-color #ff0000→#0000ff"},
			recomputed: 1,
		},
		{
			name: "moved rule",
			old:  baseCSS + "panel > label { color: blue; } column label { color: lime; }",
			new:  baseCSS + "column label { color: lime; } panel > label { color: blue; }",
			want: []string{"#l1 color #00ff00→#0000ff"},
			// equal specificity: order decides. "column label" counts as
			// moved and also matches l2, whose value stays.
			recomputed: 2,
		},
		{
			name: "important added",
			old:  baseCSS, new: strings.Replace(baseCSS, "fill: blue", "fill: blue !important", 1),
			recomputed: 1,
		},
		{
			name: "inactive theme rule",
			old:  baseCSS, new: baseCSS + "@theme night { tank { fill: black; } }",
			recomputed: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTree()
			m := tr.manager([]*style.Sheet{mustParse(t, tt.old)}, dayEnv, nil)
			newSheet := mustParse(t, tt.new)
			got := patchText(m.SetSheets([]*style.Sheet{newSheet}))
			if !slices.Equal(got, tt.want) {
				t.Errorf("patches:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if s := m.Stats(); s.Recomputed != tt.recomputed || s.Patches != len(tt.want) {
				t.Errorf("stats %+v, want %d recomputed", s, tt.recomputed)
			}
			checkAgainstFull(t, tr, m, []*style.Sheet{newSheet}, dayEnv)
		})
	}
}

// checkAgainstFull checks the incremental state against a fresh manager:
// the fast path against the slow reference.
func checkAgainstFull(t *testing.T, tr *tree, m *style.Manager, sheets []*style.Sheet, env style.Env) {
	t.Helper()
	ref := tr.manager(sheets, env, nil)
	for _, e := range tr.all {
		for _, p := range append(style.Properties(), "--a", "--c") {
			if got, want := m.Computed(e).Get(p), ref.Computed(e).Get(p); got != want {
				t.Errorf("#%s %s = %q, full cascade gives %q", e.id, p, got, want)
			}
		}
	}
}

func TestDiffSheets(t *testing.T) {
	old := mustParse(t, `label { color: red; } tank { fill: blue; } button { opacity: 1; } row { padding: 1px; }`)
	new := mustParse(t, `label { color: red; } button { opacity: 1; } tank { fill: blue; } column { padding: 1px; }`)
	var got []string
	for _, r := range style.DiffSheets([]*style.Sheet{old}, []*style.Sheet{new}) {
		got = append(got, strings.TrimSpace(strings.ReplaceAll(r.String(), "\n", " ")))
	}
	want := []string{
		"row { 	padding: 1px; }",    // removed
		"button { 	opacity: 1; }",   // moved (or tank: one of the two)
		"column { 	padding: 1px; }", // added
	}
	if !slices.Equal(got, want) {
		t.Errorf("DiffSheets = %q, want %q", got, want)
	}
}

func TestChanged(t *testing.T) {
	css := `
tank.alarm { fill: red; }
.group label { color: blue; }
.group { border-color: red; }
panel:alarm { font-size: 20px; }
`
	tests := []struct {
		name       string
		change     func(*tree) *elem
		want       []string
		recomputed int
	}{
		{
			name:       "class on",
			change:     func(tr *tree) *elem { e := tr.byID["t1"]; e.setClass("alarm", true); return e },
			want:       []string{"#t1 fill →#ff0000"},
			recomputed: 1,
		},
		{
			name:       "class without rule",
			change:     func(tr *tree) *elem { e := tr.byID["b1"]; e.setClass("alarm", true); return e },
			recomputed: 1,
		},
		{
			name:       "ancestor class off",
			change:     func(tr *tree) *elem { e := tr.byID["p1"]; e.setClass("group", false); return e },
			want:       []string{"#p1 border-color #ff0000→", "#l1 color #0000ff→"},
			recomputed: 2, // p1 and l1, whose matched rules changed; t1 re-matched only
		},
		{
			name:       "state with inherited value",
			change:     func(tr *tree) *elem { e := tr.byID["p1"]; e.setState("alarm", true); return e },
			want:       []string{"#p1 font-size →20px", "#l1 font-size →20px", "#t1 font-size →20px"},
			recomputed: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := newTree()
			sheets := []*style.Sheet{mustParse(t, css)}
			m := tr.manager(sheets, dayEnv, nil)
			got := patchText(m.Changed(tt.change(tr)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("patches:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if s := m.Stats(); s.Recomputed != tt.recomputed {
				t.Errorf("stats %+v, want %d recomputed", s, tt.recomputed)
			}
			checkAgainstFull(t, tr, m, sheets, dayEnv)
		})
	}
}

func TestSetEnv(t *testing.T) {
	css := `
:root { --c: #111; }
@theme night { :root { --c: #eee; } }
label { color: var(--c); }
@media (max-width: 900px) { tank { fill: red; } }
`
	tr := newTree()
	sheets := []*style.Sheet{mustParse(t, css)}
	m := tr.manager(sheets, dayEnv, nil)
	steps := []struct {
		env  style.Env
		want []string
	}{
		{style.Env{Theme: "day", Width: 1000, Height: 800}, nil},
		{style.Env{Theme: "night", Width: 1000, Height: 800}, []string{"#l1 color #111111→#eeeeee", "#l2 color #111111→#eeeeee"}},
		{style.Env{Theme: "night", Width: 800, Height: 800}, []string{"#t1 fill →#ff0000"}},
		{style.Env{Theme: "day", Width: 1280, Height: 800}, []string{"#l1 color #eeeeee→#111111", "#t1 fill #ff0000→", "#l2 color #eeeeee→#111111"}},
	}
	for i, s := range steps {
		got := patchText(m.SetEnv(s.env))
		if !slices.Equal(got, s.want) {
			t.Errorf("step %d: patches %q, want %q", i, got, s.want)
		}
		checkAgainstFull(t, tr, m, sheets, s.env)
	}
	if st := m.Stats(); st.Recomputed == 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestManagerAddRemove(t *testing.T) {
	tr := newTree()
	m := tr.manager([]*style.Sheet{mustParse(t, `label { color: red; }`)}, dayEnv, nil)
	m.Add(tr.byID["l1"], []style.Decl{{Property: "color", Value: "blue"}})
	if got := m.Computed(tr.byID["l1"]).Get("color"); got != "#0000ff" {
		t.Errorf("after re-Add, color %q", got)
	}
	m.Remove(tr.byID["p1"])
	if m.Computed(tr.byID["l1"]) != nil || m.Computed(tr.byID["p1"]) != nil {
		t.Error("Remove left descendants registered")
	}
	if got := patchText(m.SetSheets([]*style.Sheet{mustParse(t, `label { color: lime; }`)})); !slices.Equal(got, []string{"#l2 color #ff0000→#00ff00"}) {
		t.Errorf("after Remove: %q", got)
	}
}

// TestSequence applies a series of edits incrementally and checks each
// state against a full cascade.
func TestSequence(t *testing.T) {
	versions := []string{
		baseCSS,
		baseCSS + "panel label { color: blue; } .heading { font-weight: bold; }",
		"tank { fill: blue; } :root { --a: red; } label { color: var(--a); }",
		"row > * { opacity: 0.5; } @theme day { label { color: lime !important; } }",
		"* { font-size: 10px; } #root { font-size: 12px; } column label { font-size: inherit; }",
		"",
		baseCSS,
	}
	tr := newTree()
	m := tr.manager(nil, dayEnv, nil)
	for i, v := range versions {
		sheets := []*style.Sheet{mustParse(t, v)}
		m.SetSheets(sheets)
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkAgainstFull(t, tr, m, sheets, dayEnv) })
		tr.byID["p1"].setClass("group", i%2 == 0)
		m.Changed(tr.byID["p1"])
		t.Run(fmt.Sprint(i, "changed"), func(t *testing.T) { checkAgainstFull(t, tr, m, sheets, dayEnv) })
	}
}

func TestManagerConcurrent(t *testing.T) {
	tr := newTree()
	a, b := mustParse(t, baseCSS), mustParse(t, baseCSS+"label { color: blue; }")
	m := tr.manager([]*style.Sheet{a}, dayEnv, nil)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Go(func() {
			for j := range 50 {
				switch (i + j) % 3 {
				case 0:
					m.SetSheets([]*style.Sheet{a})
				case 1:
					m.SetSheets([]*style.Sheet{b})
				default:
					_ = m.Computed(tr.byID["l1"]).Get("color")
				}
			}
		})
	}
	wg.Wait()
}
