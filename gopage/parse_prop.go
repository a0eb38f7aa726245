package gopage

import (
	"math"
	"path"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxExactInt is the largest integer a float64 holds exactly.
const maxExactInt = 1 << 53

// prop parses one catalog property; it returns nil after reporting an error.
func (p *parser) prop(ps PropSpec, kv pair) *Prop {
	val := resolve(kv.val)
	pr := &Prop{Name: ps.Name, Kind: ps.Kind, Pos: p.pos(kv.key), ValuePos: p.valuePos(val)}
	ok := false
	switch ps.Kind {
	case KindString:
		pr.Str, ok = p.scalar(val, ps.Name, "a string")
	case KindText:
		pr.Str, ok = p.text(val, ps.Name, pr.ValuePos)
	case KindExpr:
		pr.Str, ok = p.expr(val, ps.Name)
	case KindNumber:
		pr.Num, ok = p.number(val, ps.Name)
		ok = ok && p.inRange(val, ps.Name, pr.Num)
	case KindInt:
		pr.Num, ok = p.integer(val, ps.Name)
	case KindBool:
		pr.Bool, ok = p.boolean(val, ps.Name)
	case KindColor:
		pr.Str, ok = p.color(val, ps.Name)
	case KindEnum:
		pr.Str, ok = p.enum(val, ps)
	case KindTag:
		pr.Str, ok = p.nonEmpty(val, ps.Name, "a tag name")
	case KindScreen:
		pr.Str, ok = p.nonEmpty(val, ps.Name, "a screen name")
	case KindPath:
		pr.Str, ok = p.imagePath(val, ps.Name)
	case KindAction:
		pr.Action = p.action(val, ps.Name)
		ok = pr.Action != nil
	case KindExprList:
		pr.List, pr.ListPos, ok = p.exprList(val, ps.Name)
	case KindPoints:
		pr.Points, ok = p.points(val, ps.Name)
	case KindNavItems:
		pr.Items, ok = p.navItems(val, ps.Name)
	case KindPens:
		pr.Pens, ok = p.pens(val, ps.Name)
	case KindDuration:
		pr.Str, ok = p.duration(val, ps.Name)
	case KindDurationList:
		pr.List, pr.ListPos, ok = p.durationList(val, ps.Name)
	}
	if !ok {
		return nil
	}
	return pr
}

// scalar returns a scalar's text, or reports "name: expected what, got ...".
func (p *parser) scalar(n *yaml.Node, name, what string) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s: expected %s, got %s", name, what, describe(n))
		return "", false
	}
	if !p.textFits(n, name) {
		return "", false
	}
	return n.Value, true
}

// nonEmpty is scalar for values that must not be blank.
func (p *parser) nonEmpty(n *yaml.Node, name, what string) (string, bool) {
	v, ok := p.scalar(n, name, what)
	if ok && strings.TrimSpace(v) == "" {
		p.errorAt(p.valuePos(resolve(n)), name+": expected "+what+", got an empty string")
		return "", false
	}
	return v, ok
}

// expr reads an expression. YAML numbers and bools keep their text, so
// `value: true` is the expression "true".
func (p *parser) expr(n *yaml.Node, name string) (string, bool) {
	n = resolve(n)
	v, ok := p.scalar(n, name, "an expression")
	if ok && strings.TrimSpace(v) == "" {
		p.errorAt(p.valuePos(n), name+": empty expression")
		return "", false
	}
	return v, ok
}

// text reads an interpolated text and checks its braces.
func (p *parser) text(n *yaml.Node, name string, at Pos) (string, bool) {
	v, ok := p.scalar(n, name, "a text")
	if !ok {
		return "", false
	}
	if _, err := SplitText(v); err != nil {
		te := err.(*TextError)
		if !strings.ContainsAny(v, "\n\r") && !strings.ContainsRune(v, '\\') {
			at = at.Add(te.Offset) // exact only for single-line text without escapes
		}
		p.errorAt(at, name+": "+te.Msg)
		return "", false
	}
	return v, true
}

func (p *parser) number(n *yaml.Node, name string) (float64, bool) {
	v, ok := p.scalar(n, name, "a number")
	if !ok {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64)
	if err != nil && (n.Tag == "!!int" || n.Tag == "!!float") {
		err = n.Decode(&f) // YAML spellings such as 0o17 or .5
	}
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		p.errorf(n, "%s: expected a number, got %s", name, describe(n))
		return 0, false
	}
	return f, true
}

func (p *parser) integer(n *yaml.Node, name string) (float64, bool) {
	f, ok := p.number(n, name)
	if !ok {
		return 0, false
	}
	if f != math.Trunc(f) || math.Abs(f) > maxExactInt {
		p.errorf(n, "%s: expected a whole number, got %s", name, describe(n))
		return 0, false
	}
	if lo := intMin(name); f < lo {
		p.errorf(n, "%s: must be at least %g, got %g", name, lo, f)
		return 0, false
	}
	return f, true
}

// inRange checks a placement: a width or height is not negative, and no
// coordinate is beyond the largest design size ([MaxSide]), where it would
// only make the renderer draw an object millions of pixels wide.
func (p *parser) inRange(n *yaml.Node, name string, f float64) bool {
	lo := float64(-MaxSide)
	switch name {
	case "w", "h":
		lo = 0
	case "x", "y":
	default:
		return true
	}
	if f < lo || f > MaxSide {
		p.errorf(n, "%s: must be between %g and %d, got %g", name, lo, MaxSide, f)
		return false
	}
	return true
}

// intMin is the smallest value of an integer prop.
func intMin(name string) float64 {
	if name == "columns" {
		return 1
	}
	return 0
}

func (p *parser) boolean(n *yaml.Node, name string) (bool, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" {
		p.errorf(n, "%s: expected true or false, got %s", name, describe(n))
		return false, false
	}
	return strings.EqualFold(n.Value, "true"), true
}

func (p *parser) color(n *yaml.Node, name string) (string, bool) {
	v, ok := p.scalar(n, name, "a color")
	if !ok {
		return "", false
	}
	if msg := checkColor(v); msg != "" {
		p.errorAt(p.valuePos(resolve(n)), name+": "+msg)
		return "", false
	}
	return v, true
}

func (p *parser) enum(n *yaml.Node, ps PropSpec) (string, bool) {
	v, ok := p.scalar(n, ps.Name, "one of "+strings.Join(ps.Enum, ", "))
	if !ok {
		return "", false
	}
	for _, e := range ps.Enum {
		if v == e {
			return v, true
		}
	}
	p.errorAt(p.valuePos(resolve(n)), ps.Name+": "+strconv.Quote(v)+" is not one of "+
		strings.Join(ps.Enum, ", ")+p.didYouMean(v, ps.Enum))
	return "", false
}

// imageExts are the image types the renderer can load.
var imageExts = [...]string{".png", ".svg", ".jpg", ".jpeg"}

func (p *parser) imagePath(n *yaml.Node, name string) (string, bool) {
	v, ok := p.nonEmpty(n, name, "an image file")
	if !ok {
		return "", false
	}
	ext := strings.ToLower(path.Ext(v))
	for _, e := range imageExts {
		if ext == e {
			return v, true
		}
	}
	p.errorAt(p.valuePos(resolve(n)), name+": unsupported image type "+strconv.Quote(ext)+" (want .png, .svg or .jpg)")
	return "", false
}

func (p *parser) exprList(n *yaml.Node, name string) ([]string, []Pos, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: expected a list of expressions, got %s", name, describe(n))
		return nil, nil, false
	}
	var list []string
	var at []Pos
	for _, c := range n.Content {
		c = resolve(c)
		if e, ok := p.expr(c, name); ok {
			list = append(list, e)
			at = append(at, p.valuePos(c))
		}
	}
	return list, at, len(list) == len(n.Content)
}

func (p *parser) points(n *yaml.Node, name string) ([][2]float64, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: expected a list of [x, y] points, got %s", name, describe(n))
		return nil, false
	}
	pts := make([][2]float64, 0, len(n.Content))
	for i, c := range n.Content {
		c = resolve(c)
		if c.Kind != yaml.SequenceNode || len(c.Content) != 2 {
			p.errorf(c, "%s: point %d: expected [x, y], got %s", name, i+1, describe(c))
			return nil, false
		}
		x, okx := p.number(resolve(c.Content[0]), name)
		y, oky := p.number(resolve(c.Content[1]), name)
		if !okx || !oky {
			return nil, false
		}
		pts = append(pts, [2]float64{x, y})
	}
	if len(pts) < 2 {
		p.errorf(n, "%s: need at least 2 points, got %d", name, len(pts))
		return nil, false
	}
	return pts, true
}
