package style

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/gohmi/gohmi/gopage"
)

// ruleSet is sheets compiled for the cascade: rules in global order (sheet
// by sheet, rule by rule), their values parsed once, their selectors
// indexed by the subject's #id or type, as browsers' rule hashes do, so an
// element is tested only against selectors that could match it.
type ruleSet struct {
	rules  []*crule
	byID   map[string][]*centry
	byType map[string][]*centry
	other  []*centry // subjects with neither an #id nor a type
	// ancestorSensitive is set when a selector tests a class or state of an
	// ancestor (.alarm label), so that a toggle must re-match descendants.
	ancestorSensitive bool
}

// crule is a compiled rule.
type crule struct {
	rule    *Rule
	order   int
	decls   []cdecl
	active  bool // its conditions hold in the manager's Env
	entries []*centry
}

// centry is one selector of a compiled rule.
type centry struct {
	r    *crule
	idx  int // in r.entries
	sel  *Selector
	spec Specificity
}

// cdecl is a compiled declaration.
type cdecl struct {
	id        propID // pCustom for --name
	name      string // custom property name
	raw       string // the value
	important bool
	global    int  // kwInherit, kwInitial, kwUnset or kwNone
	hasVar    bool // raw holds var(): resolved in the cascade
	ok        bool // false: the declaration is invalid and ignored
	val       value
}

func compile(sheets []*Sheet, env Env) *ruleSet {
	rs := &ruleSet{byID: map[string][]*centry{}, byType: map[string][]*centry{}}
	for _, sh := range sheets {
		if sh == nil {
			continue
		}
		for _, r := range sh.Rules {
			rs.add(r, env)
		}
	}
	return rs
}

func (rs *ruleSet) add(r *Rule, env Env) {
	cr := &crule{rule: r, order: len(rs.rules), active: r.Active(env)}
	cr.decls = make([]cdecl, len(r.Decls))
	for i, d := range r.Decls {
		cr.decls[i] = compileDecl(d)
	}
	for _, s := range r.Selectors {
		if len(s.Parts) == 0 {
			continue
		}
		en := &centry{r: cr, idx: len(cr.entries), sel: s, spec: s.Specificity()}
		cr.entries = append(cr.entries, en)
		switch sub := s.Subject(); {
		case sub.ID != "":
			rs.byID[sub.ID] = append(rs.byID[sub.ID], en)
		case sub.Type != "":
			rs.byType[sub.Type] = append(rs.byType[sub.Type], en)
		default:
			rs.other = append(rs.other, en)
		}
		for _, p := range s.Parts[:len(s.Parts)-1] {
			if len(p.Classes) > 0 || len(p.Pseudos) > 0 {
				rs.ancestorSensitive = true
			}
		}
	}
	rs.rules = append(rs.rules, cr)
}

// compileDecl parses a declaration's value once. Declarations that do not
// check are kept but marked not ok, so that a bad inline value is ignored
// rather than fatal.
func compileDecl(d Decl) cdecl {
	prop := propertyName(d.Property)
	c := cdecl{name: prop, raw: d.Value, important: d.Important}
	id, ok := lookupProp(prop)
	if !ok {
		return c
	}
	c.id = id
	toks, imp := cutImportant(valueTokens(d.Value))
	c.important = c.important || imp
	if imp {
		c.raw = joinTokens(toks)
	}
	if len(toks) == 0 || slices.ContainsFunc(toks, func(t token) bool { return t.kind == tBad }) {
		return c
	}
	hasVar, e := checkParens(toks, 0)
	if e != nil {
		return c
	}
	c.hasVar, c.global, c.ok = hasVar, globalKeyword(toks), true
	if c.hasVar || c.global != kwNone || id == pCustom {
		return c
	}
	c.val, e = parseValue(id, toks)
	c.ok = e == nil
	return c
}

// valueTokens lexes a value without positions or error reports.
func valueTokens(s string) []token {
	toks := tokens(s, gopage.Pos{}, nil)
	return trimWS(toks[:len(toks)-1])
}

// match returns the active selectors matching e, in cascade order:
// ascending specificity, then source order.
func (rs *ruleSet) match(e Element, buf []*centry) []*centry {
	out := buf[:0]
	add := func(list []*centry) {
		for _, en := range list {
			if en.r.active && en.sel.Matches(e) {
				out = append(out, en)
			}
		}
	}
	if id := e.ID(); id != "" {
		add(rs.byID[id])
	}
	add(rs.byType[e.Type()])
	add(rs.other)
	slices.SortFunc(out, func(a, b *centry) int {
		if c := cmp.Compare(a.spec, b.spec); c != 0 {
			return c
		}
		return cmp.Compare(a.r.order, b.r.order)
	})
	return out
}

// cascade computes an element's style from its matched selectors, its
// inline declarations and its parent's style (nil at a root). The order of
// precedence, lowest first: normal sheet declarations by specificity and
// source order, normal inline declarations, !important sheet declarations,
// !important inline declarations.
func cascade(matched []*centry, inline []cdecl, parent *Computed) *Computed {
	var win [numProps]*cdecl
	var custom map[string]*cdecl
	apply := func(d *cdecl, important bool) {
		if !d.ok || d.important != important {
			return
		}
		if d.id == pCustom {
			if custom == nil {
				custom = map[string]*cdecl{}
			}
			custom[d.name] = d
			return
		}
		win[d.id] = d
	}
	for _, imp := range [2]bool{false, true} {
		for _, en := range matched {
			for i := range en.r.decls {
				apply(&en.r.decls[i], imp)
			}
		}
		for i := range inline {
			apply(&inline[i], imp)
		}
	}
	if parent == nil {
		parent = &initial
	}
	c := &Computed{Vars: parent.Vars}
	if custom != nil {
		c.Vars = resolveCustom(custom, parent.Vars)
	}
	for id := range numProps {
		c.resolve(id, win[id], parent)
	}
	return c
}

// resolve sets property id from its winning declaration d (nil: none).
func (c *Computed) resolve(id propID, d *cdecl, parent *Computed) {
	g, v := kwUnset, value{}
	if d != nil {
		g, v = d.global, d.val
		if d.hasVar {
			g = kwUnset // invalid at computed-value time, as in CSS
			if s, ok := substitute(d.raw, c.Vars, 0); ok {
				toks := valueTokens(s)
				if kw := globalKeyword(toks); kw != kwNone {
					g = kw
				} else if pv, e := parseValue(id, toks); e == nil && len(toks) > 0 {
					g, v = kwNone, pv
				}
			}
		}
	}
	switch {
	case g == kwNone:
		c.set(id, v)
	case g == kwInherit, g == kwUnset && props[id].inherited:
		c.copyProp(id, parent)
	default:
		c.copyProp(id, &initial)
	}
}

// maxVarLen bounds a resolved custom property, against values that double
// at each reference (--b: var(--a) var(--a); --c: var(--b) var(--b) ...).
const maxVarLen = 1 << 16

// resolveCustom resolves an element's own custom properties over the
// inherited ones. A reference cycle makes its members invalid, as in CSS.
func resolveCustom(decls map[string]*cdecl, parent map[string]string) map[string]string {
	out := make(map[string]string, len(parent)+len(decls))
	maps.Copy(out, parent)
	const inProgress, done = 1, 2
	state := make(map[string]int, len(decls))
	var lookup func(name string) (string, bool)
	lookup = func(name string) (string, bool) {
		d, own := decls[name]
		if !own {
			v, ok := parent[name]
			return v, ok
		}
		switch state[name] {
		case inProgress:
			return "", false
		case done:
			v, ok := out[name]
			return v, ok
		}
		state[name] = inProgress
		v, ok := d.raw, true
		switch {
		case d.global == kwInherit || d.global == kwUnset:
			v, ok = parent[name]
		case d.global == kwInitial:
			ok = false
		case d.hasVar:
			v, ok = substituteFunc(d.raw, lookup, 0)
		}
		state[name] = done
		if ok {
			out[name] = v
		} else {
			delete(out, name)
		}
		return v, ok
	}
	for name := range decls {
		lookup(name)
	}
	return out
}

// substitute replaces every var() in raw from vars, using fallbacks for
// missing variables; it fails when a variable without fallback is missing.
func substitute(raw string, vars map[string]string, depth int) (string, bool) {
	return substituteFunc(raw, func(n string) (string, bool) {
		v, ok := vars[n]
		return v, ok
	}, depth)
}

func substituteFunc(raw string, lookup func(string) (string, bool), depth int) (string, bool) {
	if depth > maxNest {
		return "", false
	}
	toks := valueTokens(raw)
	var b strings.Builder
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != tFunction || !strings.EqualFold(t.text, "var") {
			b.WriteString(t.source())
			continue
		}
		j := closeParen(toks, i)
		if j < 0 {
			return "", false
		}
		name, fallback, hasFallback, ok := splitVar(toks[i+1 : j])
		if !ok {
			return "", false
		}
		v, found := lookup(name)
		if !found && hasFallback {
			v, found = substituteFunc(joinTokens(fallback), lookup, depth+1)
		}
		if !found {
			return "", false
		}
		b.WriteString(v)
		if b.Len() > maxVarLen {
			return "", false
		}
		i = j
	}
	return b.String(), true
}
