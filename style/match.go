package style

// Element is what selectors match: render's live widgets (render.Widget)
// implement it.
// Elements are map keys in a [Manager], so they must be comparable and
// stay the same value for the life of the widget (a pointer, typically).
type Element interface {
	Type() string              // the gopage widget type: "tank", "label", ...
	ID() string                // "" when the widget has none
	HasClass(name string) bool // static classes and bound classes now true
	// State reports a pseudo-class without its colon: widget state
	// (pressed, hover, disabled, focus, checked) or data state
	// (bad-quality, uncertain, stale, alarm, alarm-unack, shelved).
	State(pseudo string) bool
	Parent() Element // nil at the root
}

// Matches reports whether the selector matches e, looking at e's ancestors
// for combinators.
func (s *Selector) Matches(e Element) bool {
	if len(s.Parts) <= 2 {
		return matchFrom(s.Parts, len(s.Parts)-1, e)
	}
	var chain []Element
	for x := e; x != nil; x = x.Parent() {
		chain = append(chain, x)
	}
	m := matcher{parts: s.Parts, chain: chain, failed: make([]bool, len(s.Parts)*len(chain))}
	return m.match(len(s.Parts)-1, 0)
}

// matcher matches long selectors. Plain backtracking over descendant
// combinators is exponential (a 30-compound selector against a 40-deep
// tree tries every way to place the compounds); remembering which
// (compound, ancestor) pairs failed makes it O(compounds × depth²).
type matcher struct {
	parts  []Compound
	chain  []Element // the element, its parent, ... the root
	failed []bool    // [i*len(chain)+d]: parts[:i+1] cannot match with parts[i] on chain[d]
}

func (m *matcher) match(i, d int) bool {
	k := i*len(m.chain) + d
	if m.failed[k] {
		return false
	}
	ok := m.parts[i].Matches(m.chain[d]) && m.rest(i, d)
	m.failed[k] = !ok
	return ok
}

// rest matches parts[:i] against the ancestors of chain[d].
func (m *matcher) rest(i, d int) bool {
	if i == 0 {
		return true
	}
	if m.parts[i].Combinator == '>' {
		return d+1 < len(m.chain) && m.match(i-1, d+1)
	}
	for a := d + 1; a < len(m.chain); a++ {
		if m.match(i-1, a) {
			return true
		}
	}
	return false
}

// matchFrom matches parts[:i+1] with parts[i] on e, right to left as
// browsers do: the subject first, which fails fast for most elements.
func matchFrom(parts []Compound, i int, e Element) bool {
	if !parts[i].Matches(e) {
		return false
	}
	if i == 0 {
		return true
	}
	p := e.Parent()
	if parts[i].Combinator == '>' {
		return p != nil && matchFrom(parts, i-1, p)
	}
	for ; p != nil; p = p.Parent() {
		if matchFrom(parts, i-1, p) {
			return true
		}
	}
	return false
}

// Matches reports whether e itself satisfies every simple selector of c.
func (c *Compound) Matches(e Element) bool {
	if c.Type != "" && e.Type() != c.Type || c.ID != "" && e.ID() != c.ID {
		return false
	}
	for _, cl := range c.Classes {
		if !e.HasClass(cl) {
			return false
		}
	}
	for _, ps := range c.Pseudos {
		if ps == "root" {
			if e.Parent() != nil {
				return false
			}
		} else if !e.State(ps) {
			return false
		}
	}
	return true
}
