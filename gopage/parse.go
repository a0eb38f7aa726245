package gopage

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/internal/yamldec"
)

// maxDepth limits how deeply widgets nest, like go/parser's maxNestLev: a
// deeper tree is a mistake, and bounding it bounds the parser's stack.
const maxDepth = 64

// topKeys are the keys of a screen document.
var topKeys = [...]string{"screen", "title", "size", "styles", "root"}

// Parse parses and validates a screen file, YAML or JSON. It always returns
// a screen, as complete as the errors allowed, and reports every problem it
// found as an [ErrorList] (nil when there are none), sorted by position with
// at most one error per line.
//
// Parse checks the document against the widget catalog ([Widgets]). It does
// not check tag names, screen names or expression syntax; package hmi does,
// using [Prop.ValuePos] to place its errors.
func Parse(filename string, src []byte) (*Screen, error) {
	p := &parser{file: filename, budget: yamldec.Budget(src)}
	s := &Screen{
		Name: defaultName(filename),
		Size: Size{DefaultWidth, DefaultHeight},
		Pos:  Pos{Filename: filename, Line: 1, Col: 1},
	}
	if int64(len(src)) > MaxFileSize {
		p.errs = ErrorList{TooLarge(filename, int64(len(src)), MaxFileSize)}
		return s, p.errs.Err()
	}
	if doc := p.decode(src); doc != nil {
		s.Pos = p.pos(doc)
		p.screen(s, doc)
	}
	p.errs.RemoveMultiples()
	return s, p.errs.Err()
}

func defaultName(filename string) string {
	base := filepath.Base(filename)
	if base == "." || base == string(filepath.Separator) {
		return ""
	}
	return strings.TrimSuffix(base, filepath.Ext(base))
}

type parser struct {
	file    string
	ix      *lineIndex
	errs    ErrorList
	ids     map[string]Pos // first position of each widget id
	budget  int            // pairs and nodes left to visit; bounds alias expansion
	widgets int            // widgets parsed so far ([MaxWidgets])
}

// decode reads the single YAML (or JSON) document in src, or reports why
// it cannot.
func (p *parser) decode(src []byte) *yaml.Node {
	doc, errs := yamldec.Decode(p.file, src, "screen file")
	p.ix = &lineIndex{doc.Ix}
	for _, e := range errs {
		p.errorAt(e.Pos, e.Msg)
	}
	if doc.Root == nil && len(errs) == 0 {
		p.errorAt(Pos{Filename: p.file, Line: 1, Col: 1}, "empty screen file: want a mapping with screen and root")
	}
	return doc.Root
}

func (p *parser) screen(s *Screen, doc *yaml.Node) {
	m := resolve(doc)
	if m.Kind == yaml.DocumentNode && len(m.Content) == 1 {
		m = resolve(m.Content[0])
	}
	if m.Kind != yaml.MappingNode {
		p.errorf(m, "expected a screen (a mapping with screen and root), got %s", describe(m))
		return
	}
	hasRoot := false
	for _, kv := range p.pairs(m) {
		switch kv.name {
		case "screen":
			if v, ok := p.nonEmpty(kv.val, "screen", "a screen name"); ok {
				s.Name = v
			}
		case "title":
			if v, ok := p.scalar(kv.val, "title", "a string"); ok {
				s.Title = v
			}
		case "size":
			p.size(s, kv.val)
		case "styles":
			s.Styles = p.stringList(kv.val, "styles", "a list of style sheet files")
		case "root":
			hasRoot = true
			s.Root = p.node(kv.val, "", 0, 0)
		default:
			p.errorf(kv.key, "unknown key %q%s", kv.name, p.didYouMean(kv.name, topKeys[:]))
		}
	}
	if !hasRoot {
		p.errorf(m, "missing root widget")
	}
}

func (p *parser) size(s *Screen, n *yaml.Node) {
	v, ok := p.scalar(n, "size", "WIDTHxHEIGHT")
	if !ok {
		return
	}
	sz, err := ParseSize(v)
	if err != nil {
		p.errorAt(p.valuePos(n), "size: "+err.Error())
		return
	}
	s.Size = sz
}

// stringList reads a list of non-empty strings.
func (p *parser) stringList(n *yaml.Node, name, what string) []string {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: expected %s, got %s", name, what, describe(n))
		return nil
	}
	var out []string
	for _, c := range n.Content {
		if v, ok := p.nonEmpty(c, name, "a file name"); ok {
			out = append(out, v)
		}
	}
	return out
}

// pair is one key and value of a mapping.
type pair struct {
	key, val *yaml.Node
	name     string
}

// pairs returns a mapping's entries, reporting non-scalar and duplicate keys.
// Merge keys ("<<: *anchor") are expanded; explicit keys win over merged ones.
func (p *parser) pairs(m *yaml.Node) []pair {
	out := pairSet{list: make([]pair, 0, len(m.Content)/2)}
	var merged pairSet
	for i := 0; i+1 < len(m.Content); i += 2 {
		if !p.spend() {
			return out.list
		}
		k, v := resolve(m.Content[i]), m.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errorf(k, "expected a key, got %s", describe(k))
			continue
		}
		if k.Tag == "!!merge" {
			p.merge(&merged, v, 0)
			continue
		}
		if j := out.find(k.Value); j >= 0 {
			p.errorf(k, "duplicate key %q (first on line %d)", k.Value, out.list[j].key.Line)
			continue
		}
		out.add(pair{k, v, k.Value})
	}
	for _, kv := range merged.list {
		if out.find(kv.name) < 0 {
			out.add(kv)
		}
	}
	return out.list
}

// merge adds the entries of a "<<" value: a mapping or a list of mappings.
func (p *parser) merge(dst *pairSet, v *yaml.Node, depth int) {
	v = resolve(v)
	switch {
	case v.Kind == yaml.MappingNode:
		for _, kv := range p.pairs(v) {
			if dst.find(kv.name) < 0 {
				dst.add(kv)
			}
		}
	case v.Kind == yaml.SequenceNode && depth == 0:
		for _, c := range v.Content {
			p.merge(dst, c, 1)
		}
	default:
		p.errorf(v, "<<: expected a mapping to merge, got %s", describe(v))
	}
}

func findPair(ps []pair, name string) int {
	for i, kv := range ps {
		if kv.name == name {
			return i
		}
	}
	return -1
}

// pairSet is a list of pairs with an index by name once it is long: a
// mapping of 20,000 keys took 2*10^8 comparisons to check for duplicates.
type pairSet struct {
	list []pair
	idx  map[string]int // nil while the list is short
}

func (s *pairSet) find(name string) int {
	if s.idx == nil {
		return findPair(s.list, name)
	}
	if j, ok := s.idx[name]; ok {
		return j
	}
	return -1
}

func (s *pairSet) add(kv pair) {
	s.list = append(s.list, kv)
	switch {
	case s.idx != nil:
		s.idx[kv.name] = len(s.list) - 1
	case len(s.list) > 16:
		s.idx = make(map[string]int, 2*len(s.list))
		for i, kv := range s.list {
			if _, dup := s.idx[kv.name]; !dup {
				s.idx[kv.name] = i
			}
		}
	}
}

// spend uses one unit of the work budget, reporting once when it runs out.
func (p *parser) spend() bool {
	p.budget--
	if p.budget == -1 {
		p.errorAt(Pos{Filename: p.file, Line: 1, Col: 1}, "screen too large: aliases expand to too many entries")
	}
	return p.budget >= 0
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node { return yamldec.Resolve(n) }

// describe names what a node is, for "expected X, got Y".
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "nothing"
		}
		return strconv.Quote(n.Value)
	case yaml.DocumentNode:
		return "a document"
	}
	return "an alias"
}

func (p *parser) pos(n *yaml.Node) Pos { return p.ix.pos(p.file, n) }

// valuePos returns the position of the first character of a scalar's
// content: after the quote of a quoted scalar, on the first content line of
// a block scalar.
func (p *parser) valuePos(n *yaml.Node) Pos {
	pos := p.pos(n)
	if n.Kind == yaml.ScalarNode && (n.Tag != "" || n.Anchor != "") {
		pos = p.skipProperties(pos)
	}
	switch {
	case n.Kind != yaml.ScalarNode:
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		pos.Col++
	case n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0:
		for l := pos.Line + 1; l <= p.ix.lines(); l++ {
			b := p.ix.line(l)
			if i := strings.IndexFunc(string(b), func(r rune) bool { return r != ' ' && r != '\t' }); i >= 0 {
				return Pos{Filename: p.file, Line: l, Col: i + 1}
			}
		}
	}
	return pos
}

// skipProperties moves pos past a node's "!tag" and "&anchor", which yaml.v3
// includes in the node's position.
func (p *parser) skipProperties(pos Pos) Pos {
	b := p.ix.line(pos.Line)
	i := pos.Col - 1
	for i < len(b) && (b[i] == '!' || b[i] == '&') {
		for i < len(b) && b[i] != ' ' && b[i] != '\t' {
			i++
		}
		for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
			i++
		}
	}
	if i >= len(b) {
		return pos // the value is on a later line; keep the property's position
	}
	pos.Col = i + 1
	return pos
}

func (p *parser) errorAt(pos Pos, msg string) {
	if len(p.errs) < MaxErrors {
		p.errs.Add(pos, msg)
	}
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	if p.full() {
		return
	}
	p.errorAt(p.pos(n), fmt.Sprintf(format, args...))
}

// full reports whether MaxErrors errors have been collected: past that, a
// file (a list of aliases repeating one mistake) must not cost more.
func (p *parser) full() bool { return len(p.errs) >= MaxErrors }

// didYouMean is the suggestion for an error message, skipped when the
// error will not be kept.
func (p *parser) didYouMean(name string, candidates []string) string {
	if p.full() {
		return ""
	}
	return didYouMean(name, candidates)
}

func didYouMean(name string, candidates []string) string {
	return suggest.DidYouMean(name, candidates)
}
