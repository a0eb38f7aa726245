package gopage_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

const diffBase = `
screen: s
title: One
root:
  type: column
  children:
    - { type: label, id: title, text: "Hello" }
    - { type: tank, id: t1, value: A.Level, max: 100 }
    - type: row
      id: r
      children:
        - { type: lamp, id: l1, value: A.Run }
        - { type: lamp, id: l2, value: B.Run }
    - { type: value, value: A.Level }
`

func TestDiff(t *testing.T) {
	for _, tt := range []struct {
		name      string
		from, to  string
		want      string // "kind key [what]" per change, joined by "; "
		title     bool
		unchanged bool
	}{
		{name: "same", unchanged: true},
		{name: "only positions", from: "    - { type: label, id: title, text: \"Hello\" }", to: "    -   {  type: label,   id: title, text: \"Hello\" }", unchanged: true},
		{name: "one prop", from: "max: 100", to: "max: 120", want: "changed #t1 [max]"},
		{name: "binding", from: "value: A.Level, max", to: "value: B.Level, max", want: "changed #t1 [value]"},
		{name: "title", from: "title: One", to: "title: Two", title: true},
		{name: "class added", from: "value: A.Run }", to: "value: A.Run, class: [big] }", want: "changed #l1 [class]"},
		{name: "removed", from: "        - { type: lamp, id: l2, value: B.Run }\n", to: "", want: "changed #r [children]; removed #l2"},
		{name: "added", from: "        - { type: lamp, id: l2, value: B.Run }\n", to: "        - { type: lamp, id: l2, value: B.Run }\n        - { type: lamp, id: l3, value: C.Run }\n", want: "changed #r [children]; added #l3"},
		{name: "reordered", from: "        - { type: lamp, id: l1, value: A.Run }\n        - { type: lamp, id: l2, value: B.Run }\n", to: "        - { type: lamp, id: l2, value: B.Run }\n        - { type: lamp, id: l1, value: A.Run }\n", want: "changed #r [children]"},
		{name: "moved out of the row", from: "        - { type: lamp, id: l2, value: B.Run }\n    - { type: value", to: "    - { type: lamp, id: l2, value: B.Run }\n    - { type: value", want: "changed root [children]; changed #r [children]; moved #l2 []; added root/4:value; removed root/3:value"},
		{name: "type change", from: "type: tank, id: t1, value: A.Level, max: 100", to: "type: gauge, id: t1, value: A.Level, max: 100", want: "changed #t1 [type]"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := mustParse(t, diffBase)
			src := diffBase
			if tt.from != "" {
				if !strings.Contains(src, tt.from) {
					t.Fatalf("base has no %q", tt.from)
				}
				src = strings.Replace(src, tt.from, tt.to, 1)
			}
			b := mustParse(t, src)
			d := gopage.Diff(a, b)
			if d.Title != tt.title {
				t.Errorf("Title changed = %v, want %v", d.Title, tt.title)
			}
			if tt.unchanged && !d.Empty() {
				t.Errorf("want no change, got %s", describe(d))
			}
			if got := describe(d); !tt.unchanged && !tt.title && got != tt.want {
				t.Errorf("changes\n got %s\nwant %s", got, tt.want)
			}
			checkApply(t, a, b, d)
		})
	}
}

func describe(d *gopage.ScreenDiff) string {
	var parts []string
	for _, c := range d.Changes {
		s := c.Kind.String() + " " + c.Key
		if c.Kind == gopage.Changed || c.Kind == gopage.Moved {
			s += fmt.Sprintf(" %v", c.What)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func mustParse(t testing.TB, src string) *gopage.Screen {
	t.Helper()
	s, err := gopage.Parse("s.gopage", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// checkApply rebuilds b from a and the diff alone: nodes the diff names
// come from the diff, every other node must be found unchanged in a. The
// result must equal b: apply(diff(a, b), a) == b.
func checkApply(t testing.TB, a, b *gopage.Screen, d *gopage.ScreenDiff) {
	t.Helper()
	old := map[string]*gopage.Node{}
	a.Walk(func(n *gopage.Node) bool { old[n.Key()] = n; return true })
	named := map[string]*gopage.Node{}
	for _, c := range d.Changes {
		if c.Kind != gopage.Removed {
			named[c.Key] = c.New
		}
	}
	var build func(key string, shape *gopage.Node) *gopage.Node
	build = func(key string, shape *gopage.Node) *gopage.Node {
		src := named[key]
		if src == nil {
			src = old[key]
			if src == nil {
				t.Fatalf("%s is in neither the diff nor the old screen", key)
			}
		}
		n := *src
		n.Children = nil
		for _, c := range src.Children {
			n.Children = append(n.Children, build(c.Key(), c))
		}
		return &n
	}
	got := build(b.Root.Key(), b.Root)
	if !gopage.SameNode(got, b.Root) {
		t.Errorf("apply(diff(a, b), a) != b")
	}
}

// FuzzDiff: for any two screens that parse, the diff is complete.
func FuzzDiff(f *testing.F) {
	f.Add(diffBase, strings.Replace(diffBase, "max: 100", "max: 1", 1))
	f.Add(diffBase, strings.Replace(diffBase, "id: l2", "id: l9", 1))
	f.Add(diffBase, "root: {type: label, text: x}")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, err := gopage.Parse("a.gopage", []byte(x))
		if err != nil || a.Root == nil {
			return
		}
		b, err := gopage.Parse("b.gopage", []byte(y))
		if err != nil || b.Root == nil {
			return
		}
		d := gopage.Diff(a, b)
		checkApply(t, a, b, d)
		if gopage.Diff(a, a).Empty() != true {
			t.Error("a screen differs from itself")
		}
	})
}
