package hmi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/internal/suggest"
	"github.com/gohmi/gohmi/style"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/trends"
)

// check validates what gopage cannot see alone: expressions against the tag
// database, tags written by controls, navigation targets, image files.
func (p *Project) check(errs *gopage.ErrorList, prev *Project) {
	env := tags.NewEnv(p.exprDefs()) // the User pseudo tags too: users_expr.go
	p.exprs = map[string]error{}
	if prev != nil && slices.EqualFunc(prev.Tags, p.Tags, func(a, b Tag) bool { return reflect.DeepEqual(a.Def, b.Def) }) {
		p.exprs = prev.exprs // same tags, same verdicts
	}
	c := &checker{p: p, env: env, errs: errs, screens: map[string]*Screen{}, seen: p.exprs, unsure: p.unread}
	for _, s := range p.Screens {
		if s.Page.Root == nil {
			// A file that did not parse: its name is unknown, so references
			// to screens cannot be checked without false alarms.
			c.unsure = true
		}
		if first, dup := c.screens[s.Page.Name]; dup {
			errs.Add(s.Page.Pos, fmt.Sprintf("screen %q defined twice (first in %s)", s.Page.Name, first.File))
			continue
		}
		c.screens[s.Page.Name] = s
	}
	if p.Start != "" && len(p.Screens) > 0 && c.screens[p.Start] == nil && !c.unsure {
		errs.Add(gopage.Pos{Filename: filepath.Join(p.Dir, ProjectFile), Line: 1, Col: 1},
			fmt.Sprintf("start screen %q not found%s", p.Start, suggest.DidYouMean(p.Start, p.ScreenNames())))
	}
	p.checkSignals(errs)
	p.checkAlarms(env, errs, prev)
	c.checkHorn()
	*errs = append(*errs, trends.Check(p.History, p.Defs())...)
	if p.Theme.Expr != "" {
		c.expr(p.Theme.Expr, p.Theme.ExprPos)
	}
	for _, s := range p.Screens {
		s.Page.Walk(func(n *gopage.Node) bool {
			c.node(n)
			return true
		})
	}
}

type checker struct {
	p       *Project
	env     *tags.Env
	errs    *gopage.ErrorList
	screens map[string]*Screen
	unsure  bool // a screen did not parse: do not report unknown screens
	seen    map[string]error
}

func (c *checker) node(n *gopage.Node) {
	for _, bc := range n.BoundClasses {
		c.expr(bc.Expr, bc.Pos)
	}
	c.inlineStyle(n)
	if f := n.Props["format"]; f != nil && badFormat(f.Str) {
		c.errs.Add(f.ValuePos, fmt.Sprintf("format %q does not print a number (use one verb such as %%.1f)", f.Str))
	}
	for _, name := range sortedKeys(n.Props) {
		pr := n.Props[name]
		switch pr.Kind {
		case gopage.KindExpr:
			c.expr(pr.Str, pr.ValuePos)
		case gopage.KindText:
			c.text(pr.Str, pr.ValuePos)
		case gopage.KindExprList:
			for i, src := range pr.List {
				c.expr(src, pr.ListPos[i])
			}
		case gopage.KindTag:
			c.tag(pr.Str, pr.ValuePos, n.Type == "toggle" || n.Type == "entry")
		case gopage.KindScreen:
			c.screen(pr.Str, pr.ValuePos)
		case gopage.KindAction:
			c.action(pr.Action)
		case gopage.KindNavItems:
			for _, it := range pr.Items {
				c.screen(it.Screen, it.ScreenPos)
			}
		case gopage.KindPath:
			c.path(pr.Str, pr.ValuePos)
		case gopage.KindPens:
			c.pens(pr.Pens)
		}
	}
}

// inlineStyle checks a widget's style: map like a sheet's declarations,
// and that each property applies to the widget's type.
func (c *checker) inlineStyle(n *gopage.Node) {
	if len(n.Style) == 0 {
		return
	}
	decls := make([]style.Decl, len(n.Style))
	for i, d := range n.Style {
		decls[i] = style.Decl{Property: d.Property, Value: d.Value, Pos: d.Pos, ValuePos: d.ValuePos}
		if !strings.HasPrefix(d.Property, "--") && slices.Contains(style.Properties(), strings.ToLower(d.Property)) && !style.AppliesTo(d.Property, n.Type) {
			c.errs.Add(d.Pos, fmt.Sprintf("property %q does not apply to %s", d.Property, n.Type))
		}
	}
	var list gopage.ErrorList
	if _, err := style.ParseInline(n.Pos.Filename, decls); errors.As(err, &list) {
		*c.errs = append(*c.errs, list...)
	}
}

func (c *checker) expr(src string, pos gopage.Pos) {
	if err := c.compile(src); err != nil {
		c.errs.Add(exprPos(pos, err), exprMsg(err))
	}
}

// compile compiles each distinct expression once: screens repeat them.
func (c *checker) compile(src string) error {
	if err, ok := c.seen[src]; ok {
		return err
	}
	_, err := c.env.Compile(src)
	c.seen[src] = err
	return err
}

func (c *checker) text(src string, pos gopage.Pos) {
	parts, err := gopage.SplitText(src)
	if err != nil {
		return // gopage reported it
	}
	for _, part := range parts {
		if part.Expr == "" {
			continue
		}
		if err := c.compile(part.Expr); err != nil {
			c.errs.Add(exprPos(offset(pos, part.Offset), err), exprMsg(err))
		}
	}
}

func (c *checker) tag(name string, pos gopage.Pos, write bool) {
	def, ok := c.def(name, pos)
	if ok && write && !def.Writable {
		c.errs.Add(pos, fmt.Sprintf("tag %s is not writable (set writable: true in %s)", name, ProjectFile))
	}
}

func (c *checker) def(name string, pos gopage.Pos) (tags.Def, bool) {
	for _, t := range c.p.Tags {
		if t.Def.Name == name {
			return t.Def, true
		}
	}
	names := make([]string, len(c.p.Tags))
	for i, t := range c.p.Tags {
		names[i] = t.Def.Name
	}
	c.errs.Add(pos, fmt.Sprintf("unknown tag %q%s", name, suggest.DidYouMean(name, names)))
	return tags.Def{}, false
}

func (c *checker) screen(name string, pos gopage.Pos) {
	if c.screens[name] == nil && !c.unsure {
		c.errs.Add(pos, fmt.Sprintf("unknown screen %q%s", name, suggest.DidYouMean(name, c.p.ScreenNames())))
	}
}

func (c *checker) action(a *gopage.Action) {
	if a == nil {
		return
	}
	if a.Write != nil {
		c.tag(a.Write.Tag, a.Write.TagPos, true)
		c.expr(a.Write.Value, a.Write.ValuePos)
		c.writeConst(a.Write)
	}
	c.role(a)
	if a.Navigate != "" {
		c.screen(a.Navigate, a.NavigatePos)
	}
}

func (c *checker) path(rel string, pos gopage.Pos) {
	if _, err := os.Stat(filepath.Join(c.p.Dir, rel)); err != nil {
		c.errs.Add(pos, fmt.Sprintf("image %q: %v", rel, unwrapPathError(err)))
	}
}

// exprPos places an expression error: pos is where the expression text
// starts; the error's byte offset moves along the line.
func exprPos(pos gopage.Pos, err error) gopage.Pos {
	var xe *tags.ExprError
	if errors.As(err, &xe) {
		return offset(pos, xe.Offset)
	}
	return pos
}

func exprMsg(err error) string {
	var xe *tags.ExprError
	if errors.As(err, &xe) {
		return xe.Msg
	}
	return err.Error()
}

func offset(pos gopage.Pos, off int) gopage.Pos {
	pos.Col += off
	return pos
}

// checkSignals validates what drivers will make of each tag (simulator
// signals, Modbus addresses), one tag at a time so that each problem is
// placed at its tag, and the connections' own settings: each kind's New,
// which starts nothing, is the check.
func (p *Project) checkSignals(errs *gopage.ErrorList) {
	conns := map[string]Connection{}
	for _, c := range p.Connections {
		conns[c.Name] = c
		if _, err := p.newDriver(c, nil, tags.KindOptions{}); err != nil {
			errs.Add(c.Pos, err.Error())
		}
	}
	for _, t := range p.Tags {
		c, ok := conns[t.Def.Conn]
		if !ok || t.Def.Name == "" {
			continue
		}
		if _, err := p.newDriver(c, []tags.KindTag{{Def: t.Def, Settings: t.Settings}}, tags.KindOptions{}); err != nil {
			errs.Add(t.Pos, err.Error())
		}
	}
}

// badFormat reports a printf layout that prints neither a float nor an
// integer cleanly (Go writes "%!" into the text instead).
func badFormat(layout string) bool {
	return strings.Contains(fmt.Sprintf(layout, 1.5), "%!") && strings.Contains(fmt.Sprintf(layout, int64(2)), "%!")
}
