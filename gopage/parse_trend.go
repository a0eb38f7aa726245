package gopage

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Pen is one line of a trend: a tag and how it is drawn.
type Pen struct {
	Tag   string
	Label string  // legend text; "" shows the tag
	Color string  // "" takes the sheet's --pen-N
	Width float64 // line width in design pixels; 0 is the default (2)
	// Axis is "left" (the shared axis, also for ""), "right" (a second
	// shared axis on the right) or "own" (scaled on its own data).
	Axis        string
	Pos, TagPos Pos
}

// Limits of a trend's props.
const (
	// MaxPens is the most pens one trend draws.
	MaxPens = 8
	// MaxPresets is the most span buttons one trend shows.
	MaxPresets = 8
	// MinSpan and MaxSpan bound a trend's span and presets.
	MinSpan = time.Second
	MaxSpan = 5 * 366 * 24 * time.Hour
)

var (
	penKeys = [...]string{"tag", "label", "color", "width", "axis"}
	penAxes = []string{"left", "right", "own"}
)

// ParseDuration parses a time span as Go's time.ParseDuration does, and
// also whole days such as "7d" or "1d12h".
func ParseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil || n < 0 || n > 100000 {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		days, s = time.Duration(n)*24*time.Hour, s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q (e.g. 30s, 10m, 1h30m, 7d)", s)
	}
	return days + d, nil
}

// duration reads a span between MinSpan and MaxSpan.
func (p *parser) duration(n *yaml.Node, name string) (string, bool) {
	n = resolve(n)
	v, ok := p.scalar(n, name, "a duration")
	if !ok {
		return "", false
	}
	d, err := ParseDuration(v)
	if err != nil {
		p.errorAt(p.valuePos(n), name+": "+err.Error())
		return "", false
	}
	if d < MinSpan || d > MaxSpan {
		p.errorAt(p.valuePos(n), fmt.Sprintf("%s: %s is out of range (%s to 5 years)", name, v, MinSpan))
		return "", false
	}
	return v, true
}

func (p *parser) durationList(n *yaml.Node, name string) ([]string, []Pos, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: expected a list of durations such as [1m, 10m, 1h], got %s", name, describe(n))
		return nil, nil, false
	}
	if len(n.Content) > MaxPresets {
		p.errorf(n, "%s: at most %d, got %d", name, MaxPresets, len(n.Content))
		return nil, nil, false
	}
	list, at := []string{}, []Pos{}
	for _, c := range n.Content {
		c = resolve(c)
		if d, ok := p.duration(c, name); ok {
			list = append(list, d)
			at = append(at, p.valuePos(c))
		}
	}
	return list, at, len(list) == len(n.Content)
}

// pens reads a trend's [{tag, label, color, width, axis}] list; a bare
// tag name stands for {tag: name}.
func (p *parser) pens(n *yaml.Node, name string) ([]Pen, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: expected a list of {tag, label, color, width, axis}, got %s", name, describe(n))
		return nil, false
	}
	if len(n.Content) == 0 || len(n.Content) > MaxPens {
		p.errorf(n, "%s: expected 1 to %d pens, got %d", name, MaxPens, len(n.Content))
		return nil, false
	}
	var pens []Pen
	ok := true
	for _, c := range n.Content {
		pen, good := p.pen(resolve(c), name)
		if good {
			pens = append(pens, pen)
		}
		ok = ok && good
	}
	return pens, ok
}

func (p *parser) pen(n *yaml.Node, name string) (Pen, bool) {
	if n.Kind == yaml.ScalarNode {
		tag, ok := p.nonEmpty(n, name, "a tag name")
		return Pen{Tag: tag, Pos: p.pos(n), TagPos: p.valuePos(n)}, ok
	}
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: expected {tag, label, color, width, axis}, got %s", name, describe(n))
		return Pen{}, false
	}
	pen := Pen{Pos: p.pos(n)}
	ok, seen := true, false
	for _, kv := range p.pairs(n) {
		good := true
		switch kv.name {
		case "tag":
			seen = true
			pen.Tag, good = p.nonEmpty(kv.val, name+": tag", "a tag name")
			pen.TagPos = p.valuePos(resolve(kv.val))
		case "label":
			pen.Label, good = p.scalar(kv.val, name+": label", "a string")
		case "color":
			pen.Color, good = p.color(kv.val, name+": color")
		case "width":
			pen.Width, good = p.number(resolve(kv.val), name+": width")
			if good && (pen.Width <= 0 || pen.Width > 20) {
				p.errorf(resolve(kv.val), "%s: width: must be above 0 and at most 20, got %g", name, pen.Width)
				good = false
			}
		case "axis":
			pen.Axis, good = p.enum(kv.val, PropSpec{Name: name + ": axis", Enum: penAxes})
		default:
			p.errorf(kv.key, "%s: unknown key %q%s", name, kv.name, p.didYouMean(kv.name, penKeys[:]))
			good = false
		}
		ok = ok && good
	}
	if !seen {
		p.errorf(n, "%s: pen without tag", name)
		ok = false
	}
	return pen, ok
}

func samePen(a, b Pen) bool {
	return a.Tag == b.Tag && a.Label == b.Label && a.Color == b.Color && a.Width == b.Width && a.Axis == b.Axis
}

func marshalPens(pens []Pen) *yaml.Node {
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, pen := range pens {
		m := mapping()
		m.Style = yaml.FlowStyle
		add(m, "tag", str(pen.Tag))
		if pen.Label != "" {
			add(m, "label", str(pen.Label))
		}
		if pen.Color != "" {
			add(m, "color", str(pen.Color))
		}
		if pen.Width != 0 {
			add(m, "width", num(pen.Width))
		}
		if pen.Axis != "" {
			add(m, "axis", str(pen.Axis))
		}
		seq.Content = append(seq.Content, m)
	}
	return seq
}

func durationSchema() map[string]any {
	return map[string]any{"type": "string", "pattern": `^\s*([0-9]+d)?([0-9.]+(ns|us|µs|ms|s|m|h))*\s*$`}
}

func pensSchema() map[string]any {
	pen := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"tag": map[string]any{"type": "string"}, "label": map[string]any{"type": "string"},
			"color": ref("color"), "width": map[string]any{"type": "number", "exclusiveMinimum": 0, "maximum": 20},
			"axis": map[string]any{"enum": penAxes},
		},
		"required":             []string{"tag"},
		"additionalProperties": false,
	}
	return map[string]any{"type": "array", "items": map[string]any{"anyOf": []any{map[string]any{"type": "string"}, pen}},
		"minItems": 1, "maxItems": MaxPens}
}
