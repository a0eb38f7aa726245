package style_test

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/style"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// elem is a fake widget for the tests.
type elem struct {
	typ, id string
	classes map[string]bool
	states  map[string]bool
	parent  *elem
}

var _ style.Element = (*elem)(nil)

func (e *elem) Type() string              { return e.typ }
func (e *elem) ID() string                { return e.id }
func (e *elem) HasClass(name string) bool { return e.classes[name] }
func (e *elem) State(pseudo string) bool  { return e.states[pseudo] }
func (e *elem) Parent() style.Element {
	if e.parent == nil {
		return nil // not a typed nil
	}
	return e.parent
}

func (e *elem) setClass(name string, on bool) {
	if e.classes == nil {
		e.classes = map[string]bool{}
	}
	e.classes[name] = on
}

func (e *elem) setState(name string, on bool) {
	if e.states == nil {
		e.states = map[string]bool{}
	}
	e.states[name] = on
}

// tree is a small screen:
//
//	column#root
//	  panel#p1.group
//	    label#l1.heading
//	    tank#t1
//	  row#r1
//	    label#l2
//	    button#b1
type tree struct {
	all  []*elem // parents before children
	byID map[string]*elem
}

func newTree() *tree {
	t := &tree{byID: map[string]*elem{}}
	add := func(typ, id, parent string, classes ...string) {
		e := &elem{typ: typ, id: id, parent: t.byID[parent]}
		for _, c := range classes {
			e.setClass(c, true)
		}
		t.all = append(t.all, e)
		t.byID[id] = e
	}
	add("column", "root", "")
	add("panel", "p1", "root", "group")
	add("label", "l1", "p1", "heading")
	add("tank", "t1", "p1")
	add("row", "r1", "root")
	add("label", "l2", "r1")
	add("button", "b1", "r1")
	return t
}

func (t *tree) manager(sheets []*style.Sheet, env style.Env, inline map[string][]style.Decl) *style.Manager {
	m := style.NewManager(sheets, env)
	for _, e := range t.all {
		m.Add(e, inline[e.id])
	}
	return m
}

func mustParse(t testing.TB, css string) *style.Sheet {
	t.Helper()
	s, err := style.Parse("test.css", []byte(css))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

var dayEnv = style.Env{Theme: "day", Width: 1280, Height: 800}
