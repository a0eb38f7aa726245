package gopage_test

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// errorList returns the errors of a Parse result, failing on other errors.
func errorList(t testing.TB, err error) gopage.ErrorList {
	t.Helper()
	if err == nil {
		return nil
	}
	var list gopage.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error is %T, want gopage.ErrorList: %v", err, err)
	}
	return list
}

// stripPos returns a deep copy of s with every position cleared, so that
// screens parsed from different text can be compared.
func stripPos(s *gopage.Screen) *gopage.Screen {
	c := *s
	c.Pos = gopage.Pos{}
	c.Root = stripNode(s.Root)
	return &c
}

func stripNode(n *gopage.Node) *gopage.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Pos = gopage.Pos{}
	c.BoundClasses = nil
	for _, b := range n.BoundClasses {
		b.Pos = gopage.Pos{}
		c.BoundClasses = append(c.BoundClasses, b)
	}
	c.Style = nil
	for _, d := range n.Style {
		d.Pos, d.ValuePos = gopage.Pos{}, gopage.Pos{}
		c.Style = append(c.Style, d)
	}
	if n.Props != nil {
		c.Props = make(map[string]*gopage.Prop, len(n.Props))
		for k, p := range n.Props {
			c.Props[k] = stripProp(p)
		}
	}
	c.Children = nil
	for _, ch := range n.Children {
		c.Children = append(c.Children, stripNode(ch))
	}
	return &c
}

func stripProp(p *gopage.Prop) *gopage.Prop {
	c := *p
	c.Pos, c.ValuePos, c.ListPos = gopage.Pos{}, gopage.Pos{}, nil
	if p.Action != nil {
		a := *p.Action
		a.Pos, a.NavigatePos, a.RolePos = gopage.Pos{}, gopage.Pos{}, gopage.Pos{}
		if a.Write != nil {
			w := *a.Write
			w.TagPos, w.ValuePos = gopage.Pos{}, gopage.Pos{}
			a.Write = &w
		}
		c.Action = &a
	}
	c.Items = nil
	for _, it := range p.Items {
		it.Pos, it.ScreenPos = gopage.Pos{}, gopage.Pos{}
		c.Items = append(c.Items, it)
	}
	c.Pens = nil
	for _, pen := range p.Pens {
		pen.Pos, pen.TagPos = gopage.Pos{}, gopage.Pos{}
		c.Pens = append(c.Pens, pen)
	}
	return &c
}

// roundTrip checks that a clean screen survives Marshal and Parse.
func roundTrip(t testing.TB, filename string, s *gopage.Screen) {
	t.Helper()
	out, err := gopage.Marshal(s)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	s2, err := gopage.Parse(filename, out)
	if err != nil {
		t.Fatalf("Parse(Marshal(s)): %v\n%s", err, out)
	}
	if a, b := stripPos(s), stripPos(s2); !reflect.DeepEqual(a, b) {
		out2, _ := gopage.Marshal(s2)
		t.Fatalf("Parse(Marshal(s)) != s\nfirst:\n%s\nsecond:\n%s", out, out2)
	}
	out2, _ := gopage.Marshal(s2)
	if !bytes.Equal(out, out2) {
		t.Fatalf("Marshal not stable:\n%s\n---\n%s", out, out2)
	}
}
