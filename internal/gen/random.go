package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gohmi/gohmi/gopage"
)

// Node is one widget of a generated screen, as the .gopage file says it:
// property values are YAML flow text.
type Node struct {
	Type     string
	ID       string
	Classes  []string
	Bound    map[string]string // bound classes: name → expression
	Style    map[string]string // inline style: property → value
	Props    map[string]string // property → YAML value
	Children []*Node
}

// Random is a screen for tests of the diff and patch paths: [RandomScreen]
// makes one, [Random.Mutate] edits it as an engineer would, and
// [Random.YAML] writes it as a .gopage that parses without errors.
type Random struct {
	W, H int
	Root *Node
}

// Classes and sheet selectors the generator uses, so that a style sheet
// written for them ([RandomSheet]) matches generated widgets.
var randomClasses = [...]string{"big", "hot", "quiet", "boxed", "gone", "pad"}

// RandomSheet returns a style sheet whose rules match the widgets of
// [RandomScreen] by type, id, class, child and descendant combinators,
// with inherited properties, so that a structural edit changes styles too.
func RandomSheet() []byte {
	return []byte(`:root { --accent: #2b7de9; }
label { color: #101010; }
.big { font-size: 20px; font-weight: 700; }
.hot { color: #d32f2f; background: #ffeeee; fill: #d32f2f; }
column > label { color: var(--accent); }
.boxed lamp, .boxed tank { stroke: #00aa00; }
.boxed { border-color: #0000ff; border-width: 2px; border-radius: 4px; }
#w1 { background: #e0e0ff; }
#w2 label { text-align: center; }
panel .quiet, .quiet { opacity: 0.5; }
.gone { display: none; }
row > .pad, .pad { padding: 12px; }
canvas > rect { fill: #cccccc; }
value { background: #f4f4f4; }
`)
}

// RandomScreen returns a screen of at most n widgets (at least the root).
func RandomScreen(r *rand.Rand, n int) *Random {
	s := &Random{W: 400, H: 300}
	g := &randGen{r: r, ids: map[string]bool{}}
	s.Root = g.node(g.container(), 0, &n)
	return s
}

// Clone returns a deep copy of s.
func (s *Random) Clone() *Random {
	c := *s
	c.Root = s.Root.clone()
	return &c
}

// Mutate makes edits random edits to s: properties, classes, inline
// styles, ids and types changed; widgets added, removed, reordered and
// moved to another container; the design size changed.
func (s *Random) Mutate(r *rand.Rand, edits int) {
	g := &randGen{r: r, ids: map[string]bool{}}
	s.walk(func(n, _ *Node) { g.ids[n.ID] = n.ID != "" })
	for range edits {
		g.edit(s)
	}
}

// YAML writes s as a .gopage file.
func (s *Random) YAML() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "screen: random\nsize: %dx%d\nroot:\n", s.W, s.H)
	s.Root.write(&b, "  ", "  ")
	return []byte(b.String())
}

// RandomPair returns two versions of a screen of at most n widgets, the
// second edits edits away from the first.
func RandomPair(r *rand.Rand, n, edits int) (a, b []byte) {
	s := RandomScreen(r, n)
	t := s.Clone()
	t.Mutate(r, edits)
	return s.YAML(), t.YAML()
}

func (s *Random) walk(fn func(n, parent *Node)) {
	var rec func(n, p *Node)
	rec = func(n, p *Node) {
		fn(n, p)
		for _, c := range n.Children {
			rec(c, n)
		}
	}
	rec(s.Root, nil)
}

func (n *Node) clone() *Node {
	c := *n
	c.Classes = slices.Clone(n.Classes)
	c.Bound = cloneMap(n.Bound)
	c.Style = cloneMap(n.Style)
	c.Props = cloneMap(n.Props)
	c.Children = make([]*Node, len(n.Children))
	for i, k := range n.Children {
		c.Children[i] = k.clone()
	}
	return &c
}

func cloneMap(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// write writes n as a block mapping; first is the indent of its first line
// (where a "- " may stand), indent that of the others.
func (n *Node) write(b *strings.Builder, first, indent string) {
	fmt.Fprintf(b, "%stype: %s\n", first, n.Type)
	if n.ID != "" {
		fmt.Fprintf(b, "%sid: %s\n", indent, n.ID)
	}
	if len(n.Classes) > 0 || len(n.Bound) > 0 {
		parts := slices.Clone(n.Classes)
		if len(n.Bound) > 0 {
			var bound []string
			for _, k := range sortedKeys(n.Bound) {
				bound = append(bound, k+": "+strconv.Quote(n.Bound[k]))
			}
			parts = append(parts, "{"+strings.Join(bound, ", ")+"}")
		}
		fmt.Fprintf(b, "%sclass: [%s]\n", indent, strings.Join(parts, ", "))
	}
	if len(n.Style) > 0 {
		var decls []string
		for _, k := range sortedKeys(n.Style) {
			decls = append(decls, k+": "+strconv.Quote(n.Style[k]))
		}
		fmt.Fprintf(b, "%sstyle: {%s}\n", indent, strings.Join(decls, ", "))
	}
	for _, k := range sortedKeys(n.Props) {
		fmt.Fprintf(b, "%s%s: %s\n", indent, k, n.Props[k])
	}
	if spec, _ := gopage.LookupWidget(n.Type); spec.Container {
		if len(n.Children) == 0 {
			fmt.Fprintf(b, "%schildren: []\n", indent)
			return
		}
		fmt.Fprintf(b, "%schildren:\n", indent)
		for _, c := range n.Children {
			c.write(b, indent+"  - ", indent+"    ")
		}
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type randGen struct {
	r   *rand.Rand
	ids map[string]bool // in use
}

var (
	randContainers = [...]string{"column", "row", "grid", "canvas", "panel"}
	randLeaves     = [...]string{"label", "value", "lamp", "bar", "tank", "gauge", "pump", "valve",
		"rect", "line", "pipe", "button", "toggle", "entry", "navbar"}
)

func (g *randGen) container() string { return randContainers[g.r.IntN(len(randContainers))] }
func (g *randGen) leaf() string      { return randLeaves[g.r.IntN(len(randLeaves))] }

// node makes a widget of type typ at depth d, with children while *budget lasts.
func (g *randGen) node(typ string, d int, budget *int) *Node {
	*budget--
	n := &Node{Type: typ, Props: map[string]string{}}
	g.decorate(n)
	spec, _ := gopage.LookupWidget(typ)
	for _, p := range spec.Props {
		if p.Required || g.r.IntN(3) == 0 {
			n.Props[p.Name] = g.value(p)
		}
	}
	if !spec.Container {
		return n
	}
	k := g.r.IntN(5)
	if d == 0 {
		k += 2 // a root with something in it
	}
	for ; k > 0 && *budget > 0; k-- {
		typ := g.leaf()
		if d < 2 && g.r.IntN(3) == 0 {
			typ = g.container()
		}
		n.Children = append(n.Children, g.node(typ, d+1, budget))
	}
	return n
}

// decorate gives n, sometimes, an id, classes, bound classes and an inline style.
func (g *randGen) decorate(n *Node) {
	if g.r.IntN(2) == 0 {
		n.ID = g.newID()
	}
	n.Classes = g.classes()
	if g.r.IntN(6) == 0 {
		n.Bound = map[string]string{"hot": "A.Level > 90"}
	}
	if g.r.IntN(5) == 0 {
		n.Style = g.style()
	}
}

func (g *randGen) newID() string {
	for i := 0; ; i++ {
		id := "w" + strconv.Itoa(g.r.IntN(12+i))
		if !g.ids[id] {
			g.ids[id] = true
			return id
		}
	}
}

func (g *randGen) classes() []string {
	var cs []string
	for _, c := range randomClasses {
		odds := 6
		if c == "gone" {
			odds = 20 // hidden widgets are compared less closely: keep them few
		}
		if g.r.IntN(odds) == 0 {
			cs = append(cs, c)
		}
	}
	return cs
}

func (g *randGen) style() map[string]string {
	pool := [...][2]string{{"color", "#008000"}, {"background", "#fff8e0"}, {"opacity", "0.7"},
		{"border-color", "#ff00ff"}, {"font-size", "9px"}, {"visibility", "hidden"}, {"fill", "#123456"}}
	m := map[string]string{}
	for k := 1 + g.r.IntN(2); k > 0; k-- {
		d := pool[g.r.IntN(len(pool))]
		m[d[0]] = d[1]
	}
	return m
}

// value returns a YAML value for a property: a few values per kind, so
// that edits often go back and forth between the same ones.
func (g *randGen) value(p gopage.PropSpec) string {
	pick := func(vs ...string) string { return vs[g.r.IntN(len(vs))] }
	switch p.Name {
	case "x", "y":
		return pick("0", "10", "40", "120")
	case "w", "h":
		return pick("20", "60", "100", "180")
	case "columns":
		return pick("1", "2", "3")
	case "decimals":
		return pick("0", "1", "3")
	case "min":
		return pick("0", "-10")
	case "max":
		return pick("50", "100")
	case "spacing", "padding", "stroke_width", "radius", "width":
		return pick("0", "2", "6")
	case "size":
		return pick("10", "18")
	case "value", "running", "open", "flow", "fault":
		return pick("A.Level", "B.Level", "A.Run", "true")
	case "visible", "enabled":
		return pick("A.Run", "true")
	}
	switch p.Kind {
	case gopage.KindText:
		return pick(`"Pumps"`, `"Tank 1"`, `"Level {A.Level}"`)
	case gopage.KindString:
		return pick(`"%"`, `"m3"`, `"Run"`)
	case gopage.KindBool:
		return pick("true", "false")
	case gopage.KindColor:
		return pick(`"#ff0000"`, `"#00aa00"`, "navy")
	case gopage.KindEnum:
		return p.Enum[g.r.IntN(len(p.Enum))]
	case gopage.KindTag:
		return pick("A.SP", "B.SP")
	case gopage.KindPoints:
		return pick("[[0, 0], [100, 0]]", "[[10, 10], [10, 90], [150, 90]]")
	case gopage.KindAction:
		return pick("{navigate: other}", "{write: {tag: A.Run, value: true}}")
	case gopage.KindNavItems:
		return pick("[{screen: random, text: Here}, {screen: other}]", "[{screen: other, text: There}]")
	case gopage.KindPath:
		return pick("logo.png", "plant.svg")
	case gopage.KindPens:
		return pick("[A.Level]", `[{tag: A.Level, label: Tank A, color: "#ff0000", width: 3}, {tag: B.Level, axis: right}]`)
	case gopage.KindDuration:
		return pick("10m", "1h", "7d")
	case gopage.KindDurationList:
		return pick("[1m, 10m, 1h]", "[]")
	case gopage.KindNumber, gopage.KindInt:
		return pick("0", "5", "50")
	}
	return `"x"`
}

// edit makes one random edit to s.
func (g *randGen) edit(s *Random) {
	var nodes, parents []*Node
	s.walk(func(n, p *Node) { nodes, parents = append(nodes, n), append(parents, p) })
	i := g.r.IntN(len(nodes))
	n, parent := nodes[i], parents[i]
	spec, _ := gopage.LookupWidget(n.Type)
	switch g.r.IntN(10) {
	case 0, 1: // a property set, changed or removed
		p := spec.Props[g.r.IntN(len(spec.Props))]
		if _, ok := n.Props[p.Name]; ok && !p.Required && g.r.IntN(3) == 0 {
			delete(n.Props, p.Name)
		} else {
			n.Props[p.Name] = g.value(p)
		}
	case 2: // classes, bound classes, inline style
		n.Classes = g.classes()
		switch g.r.IntN(3) {
		case 0:
			n.Bound = map[string]string{"hot": "B.Level > 10"}
		case 1:
			n.Bound = nil
		}
		if g.r.IntN(2) == 0 {
			n.Style = g.style()
		} else {
			n.Style = nil
		}
	case 3: // an id given, changed or taken away
		delete(g.ids, n.ID)
		n.ID = ""
		if g.r.IntN(3) > 0 {
			n.ID = g.newID()
		}
	case 4: // another type of the same family
		typ := g.leaf()
		if spec.Container {
			typ = g.container()
		}
		g.retype(n, typ)
	case 5, 6: // a widget added
		if c := g.containerIn(nodes); c != nil {
			budget := 3
			typ := g.leaf()
			if g.r.IntN(4) == 0 {
				typ = g.container()
			}
			c.Children = slices.Insert(c.Children, g.r.IntN(len(c.Children)+1), g.node(typ, 2, &budget))
		}
	case 7: // a widget removed
		if parent != nil {
			parent.Children = slices.DeleteFunc(parent.Children, func(c *Node) bool { return c == n })
		}
	case 8: // a widget moved: within its container or to another one
		if parent == nil {
			return
		}
		to := g.containerIn(nodes)
		if to == nil || within(to, n) {
			return
		}
		parent.Children = slices.DeleteFunc(parent.Children, func(c *Node) bool { return c == n })
		to.Children = slices.Insert(to.Children, g.r.IntN(len(to.Children)+1), n)
	case 9: // the design size
		s.W, s.H = []int{400, 640}[g.r.IntN(2)], []int{300, 480}[g.r.IntN(2)]
	}
}

// retype changes n's type, keeping the properties the new type has and
// adding the ones it requires.
func (g *randGen) retype(n *Node, typ string) {
	old, _ := gopage.LookupWidget(n.Type)
	spec, _ := gopage.LookupWidget(typ)
	n.Type = typ
	for name := range n.Props {
		p, ok := spec.Prop(name)
		was, _ := old.Prop(name)
		if !ok || p.Kind != was.Kind || p.Kind == gopage.KindEnum {
			delete(n.Props, name)
		}
	}
	for _, p := range spec.Props {
		if _, ok := n.Props[p.Name]; p.Required && !ok {
			n.Props[p.Name] = g.value(p)
		}
	}
}

// containerIn picks a container among nodes, or nil.
func (g *randGen) containerIn(nodes []*Node) *Node {
	var cs []*Node
	for _, n := range nodes {
		if spec, _ := gopage.LookupWidget(n.Type); spec.Container {
			cs = append(cs, n)
		}
	}
	if len(cs) == 0 {
		return nil
	}
	return cs[g.r.IntN(len(cs))]
}

// within reports whether x is n or one of its descendants.
func within(x, n *Node) bool {
	if x == n {
		return true
	}
	for _, c := range n.Children {
		if within(x, c) {
			return true
		}
	}
	return false
}
