package style

import (
	"strconv"
	"strings"
)

// String prints the sheet in canonical form: one declaration per line, tab
// indents, rules that share their @theme and @media conditions grouped in
// one block. Parsing the result gives a sheet that prints the same.
func (s *Sheet) String() string {
	var b strings.Builder
	var open []string // preludes of the blocks now open
	for i, r := range s.Rules {
		pre := make([]string, len(r.Conds))
		for j := range r.Conds {
			pre[j] = r.Conds[j].String()
		}
		k := 0
		for k < len(open) && k < len(pre) && open[k] == pre[k] {
			k++
		}
		for len(open) > k {
			open = open[:len(open)-1]
			indent(&b, len(open))
			b.WriteString("}\n")
		}
		if i > 0 && k == 0 {
			b.WriteByte('\n')
		}
		for ; k < len(pre); k++ {
			indent(&b, len(open))
			b.WriteString(pre[k] + " {\n")
			open = append(open, pre[k])
		}
		r.write(&b, len(open))
	}
	for len(open) > 0 {
		open = open[:len(open)-1]
		indent(&b, len(open))
		b.WriteString("}\n")
	}
	return b.String()
}

// String prints the rule alone, without its conditions.
func (r *Rule) String() string {
	var b strings.Builder
	r.write(&b, 0)
	return b.String()
}

func (r *Rule) write(b *strings.Builder, depth int) {
	indent(b, depth)
	b.WriteString(selectorList(r.Selectors))
	b.WriteString(" {\n")
	for _, d := range r.Decls {
		indent(b, depth+1)
		b.WriteString(d.String())
		b.WriteString(";\n")
	}
	indent(b, depth)
	b.WriteString("}\n")
}

// String returns "property: value" with " !important" when it is.
func (d Decl) String() string {
	s := d.Property + ": " + d.Value
	if d.Important {
		s += " !important"
	}
	return s
}

func selectorList(sels []*Selector) string {
	parts := make([]string, len(sels))
	for i, s := range sels {
		parts[i] = s.String()
	}
	return strings.Join(parts, ", ")
}

// String prints the selector canonically: "column > tank.alarm:stale".
func (s *Selector) String() string {
	var b strings.Builder
	for i := range s.Parts {
		p := &s.Parts[i]
		switch p.Combinator {
		case '>':
			b.WriteString(" > ")
		case ' ':
			b.WriteByte(' ')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// String prints the compound without its combinator.
func (c *Compound) String() string {
	var b strings.Builder
	if c.Universal {
		b.WriteByte('*')
	}
	b.WriteString(c.Type)
	if c.ID != "" {
		b.WriteString("#" + c.ID)
	}
	for _, cl := range c.Classes {
		b.WriteString("." + cl)
	}
	for _, p := range c.Pseudos {
		b.WriteString(":" + p)
	}
	return b.String()
}

// String returns the block's prelude: "@theme night" or
// "@media (min-width: 1000px) and (orientation: portrait)".
func (c *Cond) String() string {
	if c.Media == nil {
		return "@theme " + c.Theme
	}
	qs := make([]string, len(c.Media))
	for i, q := range c.Media {
		qs[i] = q.String()
	}
	return "@media " + strings.Join(qs, ", ")
}

// String prints the query; a query without features is "all".
func (q MediaQuery) String() string {
	if len(q) == 0 {
		return "all"
	}
	fs := make([]string, len(q))
	for i, f := range q {
		fs[i] = f.String()
	}
	return strings.Join(fs, " and ")
}

// String prints "(name: value)".
func (f MediaFeature) String() string {
	v := f.Keyword
	if f.Name != "orientation" {
		v = strconv.FormatFloat(f.Value, 'g', -1, 64) + "px"
	}
	return "(" + f.Name + ": " + v + ")"
}

func indent(b *strings.Builder, n int) {
	for range n {
		b.WriteByte('\t')
	}
}
