package alarms

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
)

// Plan is a set of definitions compiled against the project's tags: what
// an engine evaluates. It is immutable.
type Plan struct {
	Alarms []*Compiled // in definition order
	deps   []string
}

// Compiled is one definition with its expressions compiled.
type Compiled struct {
	Def      Def
	Input    *tags.Expr // nil for digital alarms
	When     *tags.Expr // digital alarms only
	Suppress *tags.Expr // nil when the definition has none
	Message  []MessagePart
	Deps     []string // every tag the alarm reads (inputs, limits, setpoint, suppression, message), sorted
}

// MessagePart is a literal or an {expression} of a message.
type MessagePart struct {
	Lit  string
	Expr *tags.Expr
}

// Deps returns every tag some alarm of the plan reads, sorted.
func (p *Plan) Deps() []string { return p.deps }

// Compile checks defs and compiles their expressions against env. Every
// problem is reported at its position: an expression error at the byte
// where it starts, an unknown tag of a limit or setpoint at the reference,
// a duplicate name at the second definition. The plan holds the alarms that
// compiled; a caller that got errors should not run it.
func Compile(defs []Def, env *tags.Env, known func(tag string) bool) (*Plan, pos.ErrorList) {
	var errs pos.ErrorList
	p := &Plan{}
	names := make(map[string]pos.Pos, len(defs))
	all := map[string]bool{}
	// The limits of one entry share their input and message: each distinct
	// source is compiled once (BenchmarkDecodeCompile; an Expr is safe to
	// share, it evaluates from a pool).
	exprs := map[string]exprResult{}
	for i := range defs {
		d := defs[i]
		if first, dup := names[d.Name]; dup {
			addErr(&errs, d.Pos, fmt.Sprintf("alarm %q is defined twice (first at %s)", d.Name, first))
			continue
		}
		names[d.Name] = d.Pos
		c := &Compiled{Def: d}
		ok := true
		deps := map[string]bool{}
		expr := func(src string, at pos.Pos, what string) *tags.Expr {
			r, seen := exprs[src]
			if !seen {
				r.x, r.err = env.Compile(src)
				exprs[src] = r
			}
			x, err := r.x, r.err
			if err != nil {
				ok = false
				addErr(&errs, exprPos(at, err), what+": "+exprMsg(err))
				return nil
			}
			for _, t := range x.Deps {
				deps[t] = true
			}
			return x
		}
		ref := func(r Ref, what string) {
			if r.Tag == "" {
				if math.IsNaN(r.Value) || math.IsInf(r.Value, 0) {
					ok = false
					addErr(&errs, r.Pos, what+" must be a finite number")
				}
				return
			}
			if !known(r.Tag) {
				ok = false
				msg := fmt.Sprintf("unknown tag %q", r.Tag)
				if _, err := env.Compile(r.Tag); err != nil {
					msg = exprMsg(err) // the same words, with a did-you-mean
				}
				addErr(&errs, r.Pos, what+": "+msg)
				return
			}
			deps[r.Tag] = true
		}
		switch d.Kind {
		case Digital:
			c.When = expr(d.When, d.WhenPos, "when")
		case Limit, Deviation, Rate, BadQuality:
			c.Input = expr(d.Input, d.InputPos, "input")
			if d.Kind != BadQuality {
				ref(d.Limit, "limit")
			}
			if d.Kind == Deviation {
				ref(d.Setpoint, "setpoint")
			}
		default:
			ok = false
			addErr(&errs, d.Pos, fmt.Sprintf("alarm %q has no kind", d.Name))
		}
		if d.Suppress != "" {
			c.Suppress = expr(d.Suppress, d.SuppressPos, "suppress")
		}
		parts, err := gopage.SplitText(d.Message)
		var te *gopage.TextError
		if errors.As(err, &te) {
			ok = false
			addErr(&errs, d.MessagePos.Add(te.Offset), "message: "+te.Msg)
		}
		for _, part := range parts {
			if part.Expr == "" {
				c.Message = append(c.Message, MessagePart{Lit: part.Lit})
				continue
			}
			if x := expr(part.Expr, d.MessagePos.Add(part.Offset), "message"); x != nil {
				c.Message = append(c.Message, MessagePart{Expr: x})
			}
		}
		if !ok {
			continue
		}
		for t := range deps {
			c.Deps = append(c.Deps, t)
			all[t] = true
		}
		slices.Sort(c.Deps)
		p.Alarms = append(p.Alarms, c)
	}
	for t := range all {
		p.deps = append(p.deps, t)
	}
	slices.Sort(p.deps)
	return p, errs
}

// exprResult is one source's compilation.
type exprResult struct {
	x   *tags.Expr
	err error
}

func exprPos(at pos.Pos, err error) pos.Pos {
	var xe *tags.ExprError
	if errors.As(err, &xe) {
		return at.Add(xe.Offset)
	}
	return at
}

func exprMsg(err error) string {
	var xe *tags.ExprError
	if errors.As(err, &xe) {
		return xe.Msg
	}
	return err.Error()
}

// addErr adds an error while the list holds fewer than [pos.MaxErrors]: a
// plant file of thousands of definitions with the same mistake must not
// print thousands of lines.
func addErr(errs *pos.ErrorList, at pos.Pos, msg string) {
	if len(*errs) < pos.MaxErrors {
		errs.Add(at, msg)
	}
}
