package gopage

import (
	"bytes"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Marshal prints a screen as YAML in a canonical form: top-level keys in
// the order screen, title, size, styles, root; in each widget type, id,
// class, style, then the props in catalog order, then children. For a screen
// that [Parse] accepted, Parse(Marshal(s)) equals s apart from positions.
// Props not in the widget's catalog entry are printed after the known ones,
// sorted by name.
func Marshal(s *Screen) ([]byte, error) {
	doc := mapping()
	if s.Name != "" {
		add(doc, "screen", str(s.Name))
	}
	if s.Title != "" {
		add(doc, "title", str(s.Title))
	}
	if s.Size != (Size{}) {
		add(doc, "size", str(s.Size.String()))
	}
	if len(s.Styles) > 0 {
		add(doc, "styles", strList(s.Styles, yaml.FlowStyle))
	}
	if s.Root != nil {
		add(doc, "root", marshalNode(s.Root))
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func marshalNode(n *Node) *yaml.Node {
	m := mapping()
	add(m, "type", str(n.Type))
	if n.ID != "" {
		add(m, "id", str(n.ID))
	}
	if len(n.Classes)+len(n.BoundClasses) > 0 {
		add(m, "class", marshalClasses(n))
	}
	if len(n.Style) > 0 {
		st := mapping()
		for _, d := range n.Style {
			add(st, d.Property, str(d.Value))
		}
		add(m, "style", st)
	}
	for _, pr := range sortedProps(n) {
		add(m, pr.Name, marshalProp(pr))
	}
	if len(n.Children) > 0 {
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for _, c := range n.Children {
			seq.Content = append(seq.Content, marshalNode(c))
		}
		add(m, "children", seq)
	}
	return m
}

// marshalClasses prints static classes as names and bound ones as
// single-key maps, in one list.
func marshalClasses(n *Node) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, c := range n.Classes {
		seq.Content = append(seq.Content, str(c))
	}
	for _, b := range n.BoundClasses {
		m := mapping()
		m.Style = yaml.FlowStyle
		add(m, b.Name, str(b.Expr))
		seq.Content = append(seq.Content, m)
	}
	return seq
}

// sortedProps returns the node's props in catalog order, unknown ones last.
func sortedProps(n *Node) []*Prop {
	out := make([]*Prop, 0, len(n.Props))
	seen := 0
	if spec := lookupWidget(n.Type); spec != nil {
		for _, ps := range spec.Props {
			if pr := n.Props[ps.Name]; pr != nil {
				out = append(out, pr)
				seen++
			}
		}
	}
	if seen < len(n.Props) {
		var rest []*Prop
		for name, pr := range n.Props {
			if spec := lookupWidget(n.Type); spec == nil || !hasProp(spec, name) {
				rest = append(rest, pr)
			}
		}
		sortProps(rest)
		out = append(out, rest...)
	}
	return out
}

func hasProp(spec *WidgetSpec, name string) bool {
	_, ok := spec.Prop(name)
	return ok
}

func sortProps(ps []*Prop) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Name < ps[j-1].Name; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func marshalProp(pr *Prop) *yaml.Node {
	switch pr.Kind {
	case KindNumber, KindInt:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: formatNum(pr.Num)}
	case KindBool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(pr.Bool)}
	case KindExprList:
		return strList(pr.List, yaml.FlowStyle)
	case KindPoints:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, pt := range pr.Points {
			xy := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
			xy.Content = []*yaml.Node{num(pt[0]), num(pt[1])}
			seq.Content = append(seq.Content, xy)
		}
		return seq
	case KindAction:
		return marshalAction(pr.Action)
	case KindNavItems:
		return marshalNavItems(pr.Items)
	case KindPens:
		return marshalPens(pr.Pens)
	case KindDurationList:
		return strList(pr.List, yaml.FlowStyle)
	}
	return str(pr.Str)
}

func marshalAction(a *Action) *yaml.Node {
	m := mapping()
	m.Style = yaml.FlowStyle
	if a == nil {
		return m
	}
	if a.Write != nil {
		w := mapping()
		add(w, "tag", str(a.Write.Tag))
		add(w, "value", str(a.Write.Value))
		add(m, "write", w)
	}
	if a.Navigate != "" {
		add(m, "navigate", str(a.Navigate))
	}
	if a.Login != "" {
		add(m, "login", str(a.Login))
	}
	if a.Logout {
		add(m, "logout", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	if a.Confirm != "" {
		add(m, "confirm", str(a.Confirm))
	}
	if a.Role != "" {
		add(m, "role", str(a.Role))
	}
	return m
}

func marshalNavItems(items []NavItem) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, it := range items {
		m := mapping()
		add(m, "screen", str(it.Screen))
		if it.Text != "" {
			add(m, "text", str(it.Text))
		}
		seq.Content = append(seq.Content, m)
	}
	return seq
}

func formatNum(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func num(f float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: formatNum(f)}
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

func strList(list []string, style yaml.Style) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Style: style}
	for _, s := range list {
		seq.Content = append(seq.Content, str(s))
	}
	return seq
}

func add(m *yaml.Node, key string, v *yaml.Node) { m.Content = append(m.Content, str(key), v) }
