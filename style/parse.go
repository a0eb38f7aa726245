package style

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gohmi/gohmi/gopage"
)

// maxNest bounds the nesting of @theme and @media blocks and of
// parentheses in values, so that hostile input cannot make the parser or
// the cascade recurse without limit.
const maxNest = 16

// maxCompounds bounds the length of one selector, which bounds matching.
const maxCompounds = 32

// Parse parses a style sheet. It always returns a sheet: on errors, the
// rules and declarations that could be read, as CSS does (a bad declaration
// or rule is skipped, the rest applies). The error is a [gopage.ErrorList]
// holding every problem (at most [gopage.MaxErrors], one per position), or
// nil.
func Parse(filename string, src []byte) (sheet *Sheet, err error) {
	p := &parser{sheet: &Sheet{Filename: filename}}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
		}
		p.errs.RemoveMultiples()
		sheet, err = p.sheet, p.errs.Err()
	}()
	p.toks = tokens(string(src), gopage.Pos{Filename: filename, Line: 1, Col: 1}, p.error)
	p.rules(false)
	return
}

// bailout is the panic that stops a parse after too many errors; Parse
// recovers it, so it never crosses the API.
type bailout struct{}

type parser struct {
	toks  []token
	i     int
	conds []Cond // enclosing blocks
	sheet *Sheet
	errs  gopage.ErrorList
}

// tokens returns src's tokens with comments turned into white space and
// runs of white space merged, ending in tEOF.
func tokens(src string, base gopage.Pos, errf func(gopage.Pos, string)) []token {
	all := tokenize(src, base, errf)
	out := all[:0]
	for _, t := range all {
		if t.kind == tComment {
			t.kind = tWS
		}
		if t.kind == tWS && len(out) > 0 && out[len(out)-1].kind == tWS {
			continue
		}
		out = append(out, t)
	}
	return out
}

func (p *parser) error(pos gopage.Pos, msg string) {
	p.errs.Add(pos, msg)
	if len(p.errs) >= gopage.MaxErrors {
		panic(bailout{})
	}
}

func (p *parser) errorf(pos gopage.Pos, format string, args ...any) {
	p.error(pos, fmt.Sprintf(format, args...))
}

func (p *parser) tok() token { return p.toks[p.i] }

func (p *parser) next() {
	if p.i < len(p.toks)-1 {
		p.i++
	}
}

func (p *parser) skipWS() {
	for p.tok().kind == tWS {
		p.next()
	}
}

// rules parses rules and at-rules up to the end of the input or, when
// nested, up to a "}" that it leaves for the caller.
func (p *parser) rules(nested bool) {
	for {
		p.skipWS()
		switch t := p.tok(); t.kind {
		case tEOF:
			return
		case tRBrace:
			if nested {
				return
			}
			p.error(t.pos, `unexpected "}"`)
			p.next()
		case tSemicolon:
			p.error(t.pos, `unexpected ";"`)
			p.next()
		case tAtKeyword:
			p.atRule()
		default:
			p.rule(nested)
		}
	}
}

// atRule parses @theme NAME { ... } and @media QUERIES { ... }; anything
// else is reported and skipped.
func (p *parser) atRule() {
	at := p.tok()
	p.next()
	name := strings.ToLower(at.text)
	prelude := p.prelude()
	var cond Cond
	ok := false
	switch name {
	case "@theme":
		cond, ok = p.theme(at, prelude)
	case "@media":
		cond, ok = p.media(at, prelude)
	default:
		p.errorf(at.pos, "unknown at-rule %s%s", at.text, didYouMean(name, []string{"@media", "@theme"}))
	}
	t := p.tok()
	if t.kind != tLBrace {
		if ok {
			p.errorf(t.pos, `expected "{" after %s, got %s`, name, t.describe())
		}
		if t.kind == tSemicolon {
			p.next()
		}
		return
	}
	if !ok {
		p.skipBlock()
		return
	}
	if len(p.conds) >= maxNest {
		p.error(t.pos, "blocks nested too deeply")
		p.skipBlock()
		return
	}
	p.next()
	p.conds = append(p.conds, cond)
	p.rules(true)
	p.conds = p.conds[:len(p.conds)-1]
	p.closeBlock(t.pos)
}

// rule parses a style rule: selectors { declarations }.
func (p *parser) rule(nested bool) {
	start := p.tok()
	prelude := p.prelude()
	t := p.tok()
	if t.kind != tLBrace {
		p.errorf(t.pos, `expected "{" after selector %q, got %s`, strings.TrimSpace(joinTokens(prelude)), t.describe())
		if t.kind == tSemicolon || t.kind == tRBrace && !nested {
			p.next()
		}
		return
	}
	sels, ok := p.selectors(start.pos, prelude)
	p.next()
	decls := p.declarations(t.pos, sels)
	if ok {
		p.sheet.Rules = append(p.sheet.Rules, &Rule{
			Selectors: sels, Decls: decls, Conds: slices.Clone(p.conds), Pos: sels[0].Pos,
		})
	}
}

// prelude returns the tokens up to, not including, the next "{", ";" or
// "}" or the end.
func (p *parser) prelude() []token {
	start := p.i
	for {
		switch p.tok().kind {
		case tLBrace, tSemicolon, tRBrace, tEOF:
			return trimWS(p.toks[start:p.i])
		}
		p.next()
	}
}

// skipBlock skips a {...} block, nested blocks included.
func (p *parser) skipBlock() {
	depth := 0
	for {
		switch p.tok().kind {
		case tEOF:
			return
		case tLBrace:
			depth++
		case tRBrace:
			depth--
			if depth <= 0 {
				p.next()
				return
			}
		}
		p.next()
	}
}

// closeBlock consumes the "}" closing the block opened at open.
func (p *parser) closeBlock(open gopage.Pos) {
	if p.tok().kind == tRBrace {
		p.next()
		return
	}
	p.error(open, `"{" has no matching "}"`)
}

// declarations parses the declarations of a block up to and including its
// "}". sels, when not nil, are the rule's selectors, for the check that a
// property applies to the widget types they name.
func (p *parser) declarations(open gopage.Pos, sels []*Selector) []Decl {
	var decls []Decl
	for {
		p.skipWS()
		switch t := p.tok(); t.kind {
		case tSemicolon:
			p.next()
		case tRBrace:
			p.next()
			return decls
		case tEOF:
			p.error(open, `"{" has no matching "}"`)
			return decls
		case tIdent:
			if d, ok := p.declaration(sels); ok {
				decls = append(decls, d)
			}
		default:
			p.errorf(t.pos, "expected a declaration (property: value), got %s", t.describe())
			p.skipDecl()
		}
	}
}

// declaration parses "property: value [!important]".
func (p *parser) declaration(sels []*Selector) (Decl, bool) {
	name := p.tok()
	p.next()
	p.skipWS()
	if t := p.tok(); t.kind != tColon {
		p.errorf(t.pos, `expected ":" after property %q, got %s`, name.text, t.describe())
		p.skipDecl()
		return Decl{}, false
	}
	p.next()
	start, bad := p.i, false
	for k := p.tok().kind; k != tSemicolon && k != tRBrace && k != tEOF; k = p.tok().kind {
		if k == tLBrace {
			p.error(p.tok().pos, `unexpected "{" in value`)
			p.skipBlock()
			bad = true
			continue
		}
		p.next()
	}
	toks, important := cutImportant(trimWS(p.toks[start:p.i]))
	if bad {
		return Decl{}, false
	}
	d := Decl{Property: propertyName(name.text), Important: important, Pos: name.pos, ValuePos: p.tok().pos}
	if len(toks) > 0 {
		d.Value, d.ValuePos = joinTokens(toks), toks[0].pos
	}
	if !checkDecl(&d, toks, p.error) || !p.applies(&d, sels) {
		return Decl{}, false
	}
	return d, true
}

// applies reports whether d may apply to what sels select: it errs, naming
// the first widget type that cannot take the property, and keeps the
// declaration only when at least one selector can use it.
func (p *parser) applies(d *Decl, sels []*Selector) bool {
	if len(sels) == 0 {
		return true
	}
	usable, reported := false, false
	for _, s := range sels {
		typ := s.Subject().Type
		if typ == "" || AppliesTo(d.Property, typ) {
			usable = true
			continue
		}
		if !reported {
			p.errorf(d.Pos, "property %q does not apply to %s", d.Property, typ)
			reported = true
		}
	}
	return usable
}

// skipDecl skips to after the next ";" or to the "}" ending the block.
func (p *parser) skipDecl() {
	for {
		switch p.tok().kind {
		case tEOF, tRBrace:
			return
		case tSemicolon:
			p.next()
			return
		case tLBrace:
			p.skipBlock()
		default:
			p.next()
		}
	}
}

// cutImportant removes a trailing "! important" from toks.
func cutImportant(toks []token) ([]token, bool) {
	n := len(toks)
	if n < 2 || toks[n-1].kind != tIdent || !strings.EqualFold(toks[n-1].text, "important") {
		return toks, false
	}
	j := n - 2
	if toks[j].kind == tWS {
		j--
	}
	if j < 0 || toks[j].kind != tDelim || toks[j].text != "!" {
		return toks, false
	}
	return trimWS(toks[:j]), true
}

// propertyName lower-cases a property name, except a custom property's.
func propertyName(s string) string {
	if strings.HasPrefix(s, "--") {
		return s
	}
	return strings.ToLower(s)
}

func trimWS(toks []token) []token {
	for len(toks) > 0 && toks[0].kind == tWS {
		toks = toks[1:]
	}
	for len(toks) > 0 && toks[len(toks)-1].kind == tWS {
		toks = toks[:len(toks)-1]
	}
	return toks
}

// joinTokens prints tokens as source; white space prints as one space.
func joinTokens(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.source())
	}
	return b.String()
}
