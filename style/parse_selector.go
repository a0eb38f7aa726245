package style

import (
	"slices"
	"strings"

	"github.com/gohmi/gohmi/gopage"
)

// pseudoClasses are the states a selector can test, sorted: widget state,
// data state (tag quality and alarms), and root.
var pseudoClasses = []string{
	"alarm", "alarm-unack", "bad-quality", "checked", "disabled", "focus",
	"hover", "locked", "pressed", "root", "shelved", "stale", "uncertain",
}

// widgetTypes are gopage's widget types, sorted.
var widgetTypes = func() []string {
	ws := gopage.Widgets()
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Type
	}
	slices.Sort(out)
	return out
}()

func isWidgetType(s string) bool {
	_, ok := slices.BinarySearch(widgetTypes, s)
	return ok
}

// selectors parses a selector list. It reports every bad selector; any bad
// one makes the whole list, and so the rule, invalid, as in CSS.
func (p *parser) selectors(start gopage.Pos, toks []token) ([]*Selector, bool) {
	var sels []*Selector
	ok := true
	for {
		i := slices.IndexFunc(toks, func(t token) bool { return t.kind == tComma })
		part := toks
		if i >= 0 {
			part = toks[:i]
		}
		part = trimWS(part)
		if len(part) == 0 {
			p.error(start, "expected a selector")
			ok = false
		} else if s, good := p.selector(part); good {
			sels = append(sels, s)
		} else {
			ok = false
		}
		if i < 0 {
			return sels, ok && len(sels) > 0
		}
		start = toks[i].pos
		toks = toks[i+1:]
	}
}

// selector parses one complex selector from tokens without leading or
// trailing white space.
func (p *parser) selector(toks []token) (*Selector, bool) {
	s := &Selector{Pos: toks[0].pos}
	var comb byte
	for i := 0; i < len(toks); {
		c, n, ok := p.compound(toks[i:])
		if !ok {
			return nil, false
		}
		c.Combinator = comb
		s.Parts = append(s.Parts, c)
		if len(s.Parts) > maxCompounds {
			p.error(c.Pos, "selector too long")
			return nil, false
		}
		i += n
		ws := i < len(toks) && toks[i].kind == tWS
		if ws {
			i++
		}
		if i == len(toks) {
			break
		}
		switch t := toks[i]; {
		case t.kind == tDelim && t.text == ">":
			comb = '>'
			if i++; i < len(toks) && toks[i].kind == tWS {
				i++
			}
			if i == len(toks) {
				p.error(t.pos, `expected a selector after ">"`)
				return nil, false
			}
		case t.kind == tDelim && (t.text == "+" || t.text == "~"):
			p.errorf(t.pos, "sibling combinator %q is not supported", t.text)
			return nil, false
		case ws:
			comb = ' '
		default:
			p.errorf(t.pos, "unexpected %s in selector", t.describe())
			return nil, false
		}
	}
	return s, true
}

// compound parses simple selectors up to white space or a combinator and
// returns how many tokens it used.
func (p *parser) compound(toks []token) (Compound, int, bool) {
	c := Compound{Pos: toks[0].pos}
	n := 0
	at := func(i int) token {
		if i < len(toks) {
			return toks[i]
		}
		return token{kind: tEOF, pos: toks[len(toks)-1].pos}
	}
loop:
	for n < len(toks) {
		t := toks[n]
		switch {
		case t.kind == tIdent && n == 0:
			c.Type = strings.ToLower(t.text)
			if !isWidgetType(c.Type) {
				p.errorf(t.pos, "unknown widget type %q%s", t.text, didYouMean(c.Type, widgetTypes))
				return c, 0, false
			}
			n++
		case t.kind == tDelim && t.text == "*" && n == 0:
			c.Universal = true
			n++
		case t.kind == tHash:
			if c.ID != "" {
				p.error(t.pos, "a compound selector can have only one #id")
				return c, 0, false
			}
			if c.ID = t.text[1:]; !isIdentStart(c.ID) {
				p.errorf(t.pos, "bad id %q: must start with a letter or _", c.ID)
				return c, 0, false
			}
			n++
		case t.kind == tDelim && t.text == ".":
			if at(n+1).kind != tIdent {
				p.errorf(at(n+1).pos, "expected a class name after \".\", got %s", at(n+1).describe())
				return c, 0, false
			}
			c.Classes = append(c.Classes, at(n+1).text)
			n += 2
		case t.kind == tColon:
			name, ok := p.pseudo(at(n + 1))
			if !ok {
				return c, 0, false
			}
			c.Pseudos = append(c.Pseudos, name)
			n += 2
		case t.kind == tLBracket:
			p.error(t.pos, "attribute selectors are not supported")
			return c, 0, false
		default:
			break loop
		}
	}
	if n == 0 {
		p.errorf(toks[0].pos, "expected a selector, got %s", toks[0].describe())
		return c, 0, false
	}
	return c, n, true
}

// pseudo checks the token after a ":".
func (p *parser) pseudo(t token) (string, bool) {
	switch t.kind {
	case tIdent:
		name := strings.ToLower(t.text)
		if _, ok := slices.BinarySearch(pseudoClasses, name); !ok {
			cands := make([]string, len(pseudoClasses))
			for i, c := range pseudoClasses {
				cands[i] = ":" + c
			}
			p.errorf(t.pos, "unknown pseudo-class :%s%s", t.text, didYouMean(":"+name, cands))
			return "", false
		}
		return name, true
	case tColon:
		p.error(t.pos, "pseudo-elements are not supported")
	case tFunction:
		p.errorf(t.pos, "pseudo-class :%s() is not supported", t.text)
	default:
		p.errorf(t.pos, `expected a pseudo-class after ":", got %s`, t.describe())
	}
	return "", false
}

func isIdentStart(s string) bool {
	return s != "" && (isNameStart(s[0]) || s[0] == '-' && len(s) > 1 && !isDigit(s[1]))
}

// theme parses the prelude of @theme NAME.
func (p *parser) theme(at token, toks []token) (Cond, bool) {
	if len(toks) != 1 || toks[0].kind != tIdent {
		pos := at.pos
		if len(toks) > 0 {
			pos = toks[0].pos
		}
		p.error(pos, "@theme needs one name, as in @theme night")
		return Cond{}, false
	}
	return Cond{Theme: strings.ToLower(toks[0].text), Pos: at.pos}, true
}

// media parses the prelude of @media: queries separated by commas.
func (p *parser) media(at token, toks []token) (Cond, bool) {
	var ts []token
	for _, t := range toks {
		if t.kind != tWS {
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		p.error(at.pos, "@media needs a query, as in @media (min-width: 1000px)")
		return Cond{}, false
	}
	c := Cond{Pos: at.pos}
	for {
		q, n, ok := p.mediaQuery(ts)
		if !ok {
			return Cond{}, false
		}
		c.Media = append(c.Media, q)
		if ts = ts[n:]; len(ts) == 0 {
			return c, true
		}
		if ts[0].kind != tComma {
			p.errorf(ts[0].pos, `expected "and" or "," in media query, got %s`, ts[0].describe())
			return Cond{}, false
		}
		if ts = ts[1:]; len(ts) == 0 {
			p.errorf(at.pos, `expected a media query after ","`)
			return Cond{}, false
		}
	}
}

// mediaQuery parses an optional "screen" or "all" and features joined by
// "and", and returns how many tokens it used.
func (p *parser) mediaQuery(ts []token) (MediaQuery, int, bool) {
	q := MediaQuery{}
	i := 0
	if ts[0].kind == tIdent && (strings.EqualFold(ts[0].text, "screen") || strings.EqualFold(ts[0].text, "all")) {
		if len(ts) == 1 || !isKeyword(ts[1], "and") {
			return q, 1, true
		}
		i = 2
	}
	for {
		f, ok := p.mediaFeature(ts[i:], ts[len(ts)-1].pos)
		if !ok {
			return nil, 0, false
		}
		q = append(q, f)
		if i += 5; i < len(ts) && isKeyword(ts[i], "and") {
			i++
			continue
		}
		return q, i, true
	}
}

// mediaFeature parses "(name: value)", five tokens.
func (p *parser) mediaFeature(ts []token, end gopage.Pos) (MediaFeature, bool) {
	at := func(i int) token {
		if i < len(ts) {
			return ts[i]
		}
		return token{kind: tEOF, pos: end}
	}
	if t := at(0); t.kind != tLParen {
		p.errorf(t.pos, `expected "(" in media query, got %s`, t.describe())
		return MediaFeature{}, false
	}
	name := at(1)
	f := MediaFeature{Name: strings.ToLower(name.text)}
	if _, ok := slices.BinarySearch(mediaFeatures, f.Name); name.kind != tIdent || !ok {
		p.errorf(name.pos, "unknown media feature %s%s", name.describe(), didYouMean(f.Name, mediaFeatures))
		return MediaFeature{}, false
	}
	if t := at(2); t.kind != tColon {
		p.errorf(t.pos, `expected ":" after %s, got %s`, f.Name, t.describe())
		return MediaFeature{}, false
	}
	v := at(3)
	switch {
	case f.Name == "orientation":
		f.Keyword = strings.ToLower(v.text)
		if v.kind != tIdent || f.Keyword != "portrait" && f.Keyword != "landscape" {
			p.errorf(v.pos, "expected portrait or landscape, got %s", v.describe())
			return MediaFeature{}, false
		}
	case v.kind == tDimension && v.unit == "px", v.kind == tNumber && v.num == 0:
		f.Value = v.num
	default:
		p.errorf(v.pos, "expected a length in px, got %s", v.describe())
		return MediaFeature{}, false
	}
	if t := at(4); t.kind != tRParen {
		p.errorf(t.pos, `expected ")" in media query, got %s`, t.describe())
		return MediaFeature{}, false
	}
	return f, true
}

// mediaFeatures are the features @media can test, sorted.
var mediaFeatures = []string{"height", "max-height", "max-width", "min-height", "min-width", "orientation", "width"}

func isKeyword(t token, kw string) bool { return t.kind == tIdent && strings.EqualFold(t.text, kw) }
