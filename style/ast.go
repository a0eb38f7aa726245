package style

import "github.com/gohmi/gohmi/gopage"

// Sheet is one parsed style sheet. Its rules are flattened out of the
// @theme and @media blocks that held them: each [Rule] carries its own
// conditions, so the cascade and [DiffSheets] see one flat, ordered list.
type Sheet struct {
	Filename string
	Rules    []*Rule // in source order
}

// Rule is one style rule: a selector list and its declarations.
type Rule struct {
	Selectors []*Selector // the comma-separated list; never empty
	Decls     []Decl      // in source order; later ones win within the rule
	Conds     []Cond      // enclosing @theme and @media blocks, outermost first
	Pos       gopage.Pos  // position of the first selector
}

// Decl is one declaration, from a sheet or from a widget's inline style:
// map. Value is the value's text with comments removed and runs of white
// space collapsed to one space; for !important declarations it excludes the
// "!important". ValuePos, when valid, is where the value starts; errors
// about the value are reported there (at Pos when it is not valid).
type Decl struct {
	Property  string // lower case, except custom properties (--name), which are case-sensitive
	Value     string
	Important bool
	Pos       gopage.Pos // position of the property name
	ValuePos  gopage.Pos
}

// Cond is the condition of one enclosing block: @theme NAME or @media.
type Cond struct {
	Theme string       // the theme name for @theme; "" for @media
	Media []MediaQuery // for @media: the comma-separated queries, any of which may hold
	Pos   gopage.Pos   // position of the at-keyword
}

// MediaQuery holds when all its features hold (they are joined by "and").
type MediaQuery []MediaFeature

// MediaFeature is one parenthesised test on the panel: min-width,
// max-width, width, min-height, max-height, height (Value in px), or
// orientation (Keyword portrait or landscape).
type MediaFeature struct {
	Name    string
	Value   float64
	Keyword string
}

// Selector is one complex selector: compounds joined by combinators.
type Selector struct {
	Parts []Compound // left to right; the last one is the subject
	Pos   gopage.Pos
}

// Compound is a run of simple selectors without white space between them,
// such as tank.alarm#t1:stale.
type Compound struct {
	// Combinator relates this compound to the one before it: ' ' for a
	// descendant, '>' for a child; 0 for the first compound.
	Combinator byte
	Type       string // widget type, lower case; "" when absent or "*"
	Universal  bool   // written as "*"
	ID         string
	Classes    []string
	Pseudos    []string // without the colon: "pressed", "alarm-unack", "root"
	Pos        gopage.Pos
}

// Specificity is a selector's (ids, classes and pseudo-classes, types)
// weight packed into one comparable number.
type Specificity uint32

// Specificity returns the selector's weight, as in CSS: one per #id in the
// high part, one per .class or :pseudo in the middle, one per type in the
// low part. Each part saturates at 255.
func (s *Selector) Specificity() Specificity {
	var a, b, c uint32
	for _, p := range s.Parts {
		if p.ID != "" {
			a++
		}
		b += uint32(len(p.Classes) + len(p.Pseudos))
		if p.Type != "" {
			c++
		}
	}
	return Specificity(min(a, 255)<<16 | min(b, 255)<<8 | min(c, 255))
}

// Subject returns the last compound, the one that names the styled widget.
func (s *Selector) Subject() *Compound { return &s.Parts[len(s.Parts)-1] }

// Active reports whether every condition holds in env.
func (r *Rule) Active(env Env) bool {
	for _, c := range r.Conds {
		if !c.holds(env) {
			return false
		}
	}
	return true
}

func (c *Cond) holds(env Env) bool {
	if c.Media == nil {
		return c.Theme == env.Theme
	}
	for _, q := range c.Media {
		if q.holds(env) {
			return true
		}
	}
	return false
}

func (q MediaQuery) holds(env Env) bool {
	for _, f := range q {
		if !f.holds(env) {
			return false
		}
	}
	return true
}

func (f MediaFeature) holds(env Env) bool {
	switch f.Name {
	case "min-width":
		return env.Width >= f.Value
	case "max-width":
		return env.Width <= f.Value
	case "width":
		return env.Width == f.Value
	case "min-height":
		return env.Height >= f.Value
	case "max-height":
		return env.Height <= f.Value
	case "height":
		return env.Height == f.Value
	case "orientation":
		// As in CSS: portrait when the height is at least the width.
		return (f.Keyword == "portrait") == (env.Height >= env.Width)
	}
	return false
}
