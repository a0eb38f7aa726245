package hmi_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/hmi"
)

const demo = "../screens/demo"

func TestLoadDemo(t *testing.T) {
	p, err := hmi.Load(demo)
	if err != nil {
		t.Fatalf("demo has errors:\n%v", err)
	}
	if got := p.ScreenNames(); strings.Join(got, ",") != "overview,pump,settings" {
		t.Errorf("screens = %v", got)
	}
	n := 0
	for _, s := range p.Screens {
		s.Page.Walk(func(*gopage.Node) bool { n++; return true })
	}
	if n < 100 {
		t.Errorf("demo has %d widgets, want at least 100", n)
	}
}

func errorLines(err error) []string {
	var list gopage.ErrorList
	if !errors.As(err, &list) {
		if err == nil {
			return nil
		}
		return []string{err.Error()}
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Error())
	}
	return out
}
