package hmi

import (
	"fmt"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

func (p *Project) parse(file string, src []byte, errs *gopage.ErrorList) {
	n := len(*errs)
	d, doc := newDecoder(file, src, "project file", errs)
	if doc == nil {
		if len(*errs) == n {
			errs.Add(gopage.Pos{Filename: file, Line: 1, Col: 1}, "empty project file")
		}
		p.broken = true
		return
	}
	known := []string{"name", "start", "screens", "styles", "fixtures", "theme", "connections", "tags", "alarms", "horn", "journal", "history"}
	d.fields(doc, "hmi.yaml", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			p.Name = d.str(v, key)
		case "start":
			p.Start = d.str(v, key)
		case "screens":
			p.ScreensDir = d.relDir(v, key)
		case "styles":
			p.StylesDir = d.relDir(v, key)
		case "fixtures":
			p.FixturesDir = d.relDir(v, key)
		case "theme":
			p.Theme = d.theme(v)
		case "connections":
			d.list(v, key, func(item *yaml.Node) { p.Connections = append(p.Connections, d.connection(item, p.kinds)) })
		case "tags":
			keys := tagKeys(p.kinds)
			d.list(v, key, func(item *yaml.Node) { p.Tags = append(p.Tags, d.tag(item, keys)) })
		case "horn":
			p.Horn = d.horn(v)
		case "journal":
			p.Journal = d.journalConfig(v)
		case "history":
			p.History = trends.Decode(d.Decoder, v)
		}
	})
	p.decodeAlarms(d, doc)
	p.checkConfig(d)
}

// theme reads `theme: day` or `theme: { default: day, expr: "..." }`.
func (d *decoder) theme(n *yaml.Node) Theme {
	if n.Kind == yaml.ScalarNode {
		return Theme{Default: d.str(n, "theme")}
	}
	var t Theme
	d.fields(n, "theme", []string{"default", "expr"}, func(key string, k, v *yaml.Node) {
		if key == "default" {
			t.Default = d.str(v, key)
		} else {
			t.Expr, t.ExprPos = d.str(v, key), d.valuePos(v)
		}
	})
	return t
}

// valuePos is where a scalar's text starts (after a quote).
func (d *decoder) valuePos(n *yaml.Node) gopage.Pos {
	pos := d.pos(n)
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		pos.Col++
	}
	return pos
}

func (d *decoder) relDir(n *yaml.Node, what string) string {
	s := d.str(n, what)
	if filepath.IsAbs(s) || strings.HasPrefix(filepath.Clean(s), "..") {
		d.errorf(n, "%s: must be a directory inside the project, got %q", what, s)
	}
	return s
}

func (d *decoder) connection(n *yaml.Node, kinds Kinds) Connection {
	c := Connection{Pos: d.pos(n)}
	types := sortedKeys(kinds)
	raw := map[string]*yaml.Node{} // settings by kind
	d.fields(n, "connection", append([]string{"name", "type"}, types...), func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			c.Name = d.str(v, key)
		case "type":
			c.Type = d.str(v, key)
			if _, ok := kinds[c.Type]; !ok {
				d.errorf(v, "unknown connection type %q (want one of %s)%s", c.Type, strings.Join(types, ", "), suggest.DidYouMean(c.Type, types))
			}
		default:
			raw[key] = v
		}
	})
	for _, typ := range types {
		if v := raw[typ]; v != nil || typ == c.Type {
			cfg := kinds[typ].Conn(d.Decoder, v) // another kind's settings are checked too
			if typ == c.Type {
				c.Config = cfg
			}
		}
	}
	if c.Name == "" {
		d.errorf(n, "connection: missing name")
	}
	if c.Type == "" {
		d.errorf(n, "connection %q: missing type (%s)", c.Name, orList(types))
	}
	return c
}

// orList is "a, b or c".
func orList(s []string) string {
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// tagKeys are the tag keys some kind reads, sorted.
func tagKeys(kinds Kinds) []string {
	seen := map[string]bool{}
	for _, k := range kinds {
		for _, key := range k.TagKeys {
			seen[key] = true
		}
	}
	return sortedKeys(seen)
}

func (d *decoder) tag(n *yaml.Node, kindKeys []string) Tag {
	t := Tag{Pos: d.pos(n), Def: tags.Def{Type: tags.Float}}
	known := append([]string{"name", "connection", "type", "unit", "description", "writable", "min", "max", "scale", "address"}, kindKeys...)
	d.fields(n, "tag", known, func(key string, k, v *yaml.Node) {
		switch key {
		case "name":
			t.Def.Name = d.str(v, key)
			if err := tags.ValidName(t.Def.Name); err != nil {
				d.errorf(v, "%v", err)
			}
		case "connection":
			t.Def.Conn = d.str(v, key)
		case "type":
			typ, err := tags.ParseType(d.str(v, key))
			if err != nil {
				d.errorf(v, "%v", err)
			}
			t.Def.Type = typ
		case "unit":
			t.Def.Unit = d.str(v, key)
		case "description":
			t.Description = d.str(v, key)
		case "writable":
			t.Def.Writable = d.boolean(v, key)
		case "min":
			f := d.num(v, key)
			t.Def.Min = &f
		case "max":
			f := d.num(v, key)
			t.Def.Max = &f
		case "scale":
			t.Def.Scale = d.scale(v)
		case "address":
			t.Def.Address = d.str(v, key)
		default:
			if t.raw == nil {
				t.raw = map[string]*yaml.Node{}
			}
			t.raw[key] = v
		}
	})
	if t.Def.Name == "" {
		d.errorf(n, "tag: missing name")
	}
	if t.Def.Min != nil && t.Def.Max != nil && *t.Def.Min >= *t.Def.Max {
		d.errorf(n, "tag %s: min %g must be below max %g", t.Def.Name, *t.Def.Min, *t.Def.Max)
	}
	return t
}

func (d *decoder) scale(n *yaml.Node) *tags.Scale {
	var s tags.Scale
	pair := func(v *yaml.Node, what string) (a, b float64) {
		if v.Kind != yaml.SequenceNode || len(v.Content) != 2 {
			d.errorf(v, "scale %s: expected [low, high]", what)
			return 0, 1
		}
		return d.num(v.Content[0], what), d.num(v.Content[1], what)
	}
	d.fields(n, "scale", []string{"raw", "eng"}, func(key string, k, v *yaml.Node) {
		if key == "raw" {
			s.RawMin, s.RawMax = pair(v, key)
		} else {
			s.EngMin, s.EngMax = pair(v, key)
		}
	})
	if s.RawMin == s.RawMax {
		d.errorf(n, "scale: raw range is empty")
	}
	return &s
}

// checkConfig checks what spans several entries of hmi.yaml.
func (p *Project) checkConfig(d *decoder) {
	conns := map[string]bool{}
	var names []string
	for _, c := range p.Connections {
		if conns[c.Name] && c.Name != "" {
			d.add(c.Pos, fmt.Sprintf("connection %q defined twice", c.Name))
		}
		conns[c.Name] = true
		names = append(names, c.Name)
	}
	seen := map[string]gopage.Pos{}
	for i := range p.Tags {
		t := &p.Tags[i]
		if t.Def.Conn == "" && len(p.Connections) == 1 {
			t.Def.Conn = p.Connections[0].Name
		}
		switch {
		case t.Def.Conn == "":
			d.add(t.Pos, fmt.Sprintf("tag %s: missing connection", t.Def.Name))
		case !conns[t.Def.Conn]:
			d.add(t.Pos, fmt.Sprintf("tag %s: unknown connection %q%s", t.Def.Name, t.Def.Conn, suggest.DidYouMean(t.Def.Conn, names)))
		}
		if first, dup := seen[t.Def.Name]; dup {
			d.add(t.Pos, fmt.Sprintf("tag %s defined twice (first at line %d)", t.Def.Name, first.Line))
		}
		seen[t.Def.Name] = t.Pos
		p.tagSettings(d, t)
	}
	if p.Start == "" {
		d.add(gopage.Pos{Filename: d.File(), Line: 1, Col: 1}, "missing start screen (start: NAME)")
	}
}

// tagSettings decodes what t gave for its connection's kind, and checks
// what it gave for other kinds (hmi.yaml may change a connection's type).
func (p *Project) tagSettings(d *decoder, t *Tag) {
	typ := ""
	for _, c := range p.Connections {
		if c.Name == t.Def.Conn {
			typ = c.Type
		}
	}
	for _, name := range sortedKeys(p.kinds) {
		k := p.kinds[name]
		given := map[string]*yaml.Node{}
		for _, key := range k.TagKeys {
			if v := t.raw[key]; v != nil {
				given[key] = v
			}
		}
		if len(given) > 0 || name == typ {
			if s := k.Tag(d.Decoder, given); name == typ {
				t.Settings = s
			}
		}
	}
	t.raw = nil // the nodes: a reload compares tags with DeepEqual
}
