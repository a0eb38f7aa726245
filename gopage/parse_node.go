package gopage

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// node parses one widget. parent is the parent's Path ("" for the root) and
// index the widget's place among its siblings.
func (p *parser) node(yn *yaml.Node, parent string, index, depth int) *Node {
	yn = resolve(yn)
	if !p.spend() {
		return nil
	}
	if depth >= maxDepth {
		p.errorf(yn, "widgets nested more than %d deep", maxDepth)
		return nil
	}
	if yn.Kind != yaml.MappingNode {
		p.errorf(yn, "expected a widget (a mapping with type), got %s", describe(yn))
		return nil
	}
	if !p.countWidget(yn) {
		return nil
	}
	n := &Node{Pos: p.pos(yn)}
	kvs := p.pairs(yn)
	spec := p.nodeType(n, yn, kvs)
	n.Path = "root"
	if parent != "" {
		n.Path = parent + "/" + strconv.Itoa(index) + ":" + n.Type
	}
	for _, kv := range kvs {
		switch kv.name {
		case "type":
		case "id":
			p.id(n, kv.val)
		case "class":
			p.class(n, kv.val)
		case "style":
			p.style(n, kv.val)
		case "children":
			if spec != nil && !spec.Container {
				p.errorf(kv.key, "children: %s is not a container", spec.Type)
				continue
			}
			p.children(n, kv.val, depth)
		default:
			p.nodeProp(n, spec, kv)
		}
	}
	p.required(n, spec, kvs)
	return n
}

// nodeType reads the type key; it returns nil when the type is missing or unknown.
func (p *parser) nodeType(n *Node, yn *yaml.Node, kvs []pair) *WidgetSpec {
	i := findPair(kvs, "type")
	if i < 0 {
		p.errorf(yn, "widget without type")
		return nil
	}
	t, ok := p.nonEmpty(kvs[i].val, "type", "a widget type")
	if !ok {
		return nil
	}
	n.Type = t
	spec := lookupWidget(t)
	if spec == nil {
		p.errorf(kvs[i].val, "unknown widget %q%s", t, p.didYouMean(t, widgetTypes()))
	}
	return spec
}

func (p *parser) nodeProp(n *Node, spec *WidgetSpec, kv pair) {
	if spec == nil {
		return // unknown type: its props cannot be checked
	}
	ps, ok := spec.Prop(kv.name)
	if !ok && p.full() {
		return // not even the suggestion is worth computing
	}
	if !ok {
		names := append(propNames(spec), structuralKeys[:]...)
		p.errorf(kv.key, "unknown property %q for %s%s", kv.name, spec.Type, p.didYouMean(kv.name, names))
		return
	}
	if pr := p.prop(ps, kv); pr != nil {
		if n.Props == nil {
			n.Props = make(map[string]*Prop, len(spec.Props))
		}
		n.Props[pr.Name] = pr
	}
}

func propNames(spec *WidgetSpec) []string {
	out := make([]string, len(spec.Props))
	for i, ps := range spec.Props {
		out[i] = ps.Name
	}
	return out
}

// required reports required props that are absent. A prop that is present
// but invalid has already been reported.
func (p *parser) required(n *Node, spec *WidgetSpec, kvs []pair) {
	if spec == nil {
		return
	}
	for _, ps := range spec.Props {
		if ps.Required && findPair(kvs, ps.Name) < 0 {
			p.errorAt(n.Pos, spec.Type+": missing required property "+strconv.Quote(ps.Name))
		}
	}
}

func (p *parser) children(n *Node, yn *yaml.Node, depth int) {
	yn = resolve(yn)
	if yn.Kind != yaml.SequenceNode {
		p.errorf(yn, "children: expected a list of widgets, got %s", describe(yn))
		return
	}
	for i, c := range yn.Content {
		if child := p.node(c, n.Path, i, depth+1); child != nil {
			n.Children = append(n.Children, child)
		}
	}
}

func (p *parser) id(n *Node, yn *yaml.Node) {
	id, ok := p.nonEmpty(yn, "id", "a name")
	if !ok {
		return
	}
	if msg := checkName(id); msg != "" {
		p.errorf(yn, "bad id %q: %s", id, msg)
		return
	}
	n.ID = id
	if first, dup := p.ids[id]; dup {
		p.errorf(yn, "duplicate id %q (first on line %d)", id, first.Line)
		return
	}
	if p.ids == nil {
		p.ids = make(map[string]Pos)
	}
	p.ids[id] = p.pos(yn)
}

// checkName returns "" when s can be an id or class: it must be usable in a
// style selector (#id, .class) without escapes.
func checkName(s string) string {
	if s == "" {
		return "must not be empty"
	}
	for i, c := range s {
		switch {
		case c == '_', 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case c == '-' || '0' <= c && c <= '9':
			if i == 0 {
				return "must start with a letter or _"
			}
		default:
			return "use only letters, digits, _ and -"
		}
	}
	return ""
}

// class reads `class:` as a name, a list of names and single-key
// {name: expr} maps, or a map of names to expressions.
func (p *parser) class(n *Node, yn *yaml.Node) {
	yn = resolve(yn)
	switch yn.Kind {
	case yaml.ScalarNode:
		if yn.Tag == "!!null" {
			p.errorf(yn, "class: expected class names, got nothing")
			return
		}
		for _, name := range strings.Fields(yn.Value) {
			p.staticClass(n, yn, name)
		}
	case yaml.SequenceNode:
		for _, c := range yn.Content {
			p.classItem(n, resolve(c))
		}
	case yaml.MappingNode:
		for _, kv := range p.pairs(yn) {
			p.boundClass(n, kv)
		}
	default:
		p.errorf(yn, "class: expected class names, got %s", describe(yn))
	}
}

func (p *parser) classItem(n *Node, c *yaml.Node) {
	switch c.Kind {
	case yaml.ScalarNode:
		if v, ok := p.nonEmpty(c, "class", "a class name"); ok {
			p.staticClass(n, c, v)
		}
	case yaml.MappingNode:
		kvs := p.pairs(c)
		if len(kvs) != 1 {
			p.errorf(c, "class: a bound class is one {name: expression} pair, got %d", len(kvs))
			return
		}
		p.boundClass(n, kvs[0])
	default:
		p.errorf(c, "class: expected a class name or {name: expression}, got %s", describe(c))
	}
}

func (p *parser) staticClass(n *Node, yn *yaml.Node, name string) {
	if msg := checkName(name); msg != "" {
		p.errorf(yn, "bad class %q: %s", name, msg)
		return
	}
	n.Classes = append(n.Classes, name)
}

func (p *parser) boundClass(n *Node, kv pair) {
	if msg := checkName(kv.name); msg != "" {
		p.errorf(kv.key, "bad class %q: %s", kv.name, msg)
		return
	}
	e, ok := p.expr(kv.val, "class "+kv.name)
	if !ok {
		return
	}
	n.BoundClasses = append(n.BoundClasses, BoundClass{Name: kv.name, Expr: e, Pos: p.valuePos(kv.val)})
}

// style reads the inline style map, keeping values raw.
func (p *parser) style(n *Node, yn *yaml.Node) {
	yn = resolve(yn)
	if yn.Kind != yaml.MappingNode {
		p.errorf(yn, "style: expected a mapping of property: value, got %s", describe(yn))
		return
	}
	for _, kv := range p.pairs(yn) {
		v, ok := p.nonEmpty(kv.val, "style "+kv.name, "a value")
		if !ok {
			continue
		}
		n.Style = append(n.Style, StyleDecl{
			Property: kv.name, Value: v,
			Pos: p.pos(kv.key), ValuePos: p.valuePos(resolve(kv.val)),
		})
	}
}
