package yamldec

import (
	"bytes"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/pos"
)

// ValuePos is where a scalar's text starts, so that a byte offset into the
// value (an expression's error) lands on the byte the user wrote: past a
// "!tag" or "&anchor" (which yaml.v3 counts as the node's start), one
// column after an opening quote, and on the first non-blank of the next
// line for a block scalar (| or >). Adding an offset is exact for a value on
// one line without escapes (a backslash, a doubled single quote); it is one
// column off per escape otherwise. For a non-scalar it is [Decoder.Pos].
func (d *Decoder) ValuePos(n *yaml.Node) pos.Pos {
	p := d.Pos(n)
	if n == nil || n.Kind != yaml.ScalarNode {
		return p
	}
	p = d.skipProperties(p) // a plain scalar never starts with '!' or '&'
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		p.Col++
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		for l := p.Line + 1; l <= d.doc.Ix.Lines(); l++ {
			b := d.doc.Ix.Line(l)
			if i := bytes.IndexFunc(b, func(r rune) bool { return r != ' ' && r != '\t' }); i >= 0 {
				return pos.Pos{Filename: p.Filename, Line: l, Col: i + 1}
			}
		}
	}
	return p
}

// skipProperties moves p past a node's "!tag" and "&anchor".
func (d *Decoder) skipProperties(p pos.Pos) pos.Pos {
	b := d.doc.Ix.Line(p.Line)
	i := p.Col - 1
	for i >= 0 && i < len(b) && (b[i] == '!' || b[i] == '&') {
		for i < len(b) && b[i] != ' ' && b[i] != '\t' {
			i++
		}
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
	}
	if i < 0 || i >= len(b) {
		return p // the value is on a later line; keep the property's position
	}
	p.Col = i + 1
	return p
}
