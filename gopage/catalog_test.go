package gopage_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

func TestCatalog(t *testing.T) {
	ws := gopage.Widgets()
	if !slices.IsSortedFunc(ws, func(a, b gopage.WidgetSpec) int { return compare(a.Type, b.Type) }) {
		t.Error("Widgets not sorted")
	}
	want := []string{"alarm-banner", "alarm-history", "alarm-summary", "bar", "button", "canvas", "column", "entry", "gauge", "grid", "image", "label", "lamp",
		"line", "navbar", "panel", "pipe", "pump", "rect", "row", "tank", "toggle", "trend", "value", "valve"}
	var got []string
	for _, w := range ws {
		got = append(got, w.Type)
		if w.Doc == "" {
			t.Errorf("%s: no Doc", w.Type)
		}
		for _, p := range w.Props {
			if p.Doc == "" {
				t.Errorf("%s.%s: no Doc", w.Type, p.Name)
			}
			if (p.Kind == gopage.KindEnum) != (len(p.Enum) > 0) {
				t.Errorf("%s.%s: kind %v with enum %v", w.Type, p.Name, p.Kind, p.Enum)
			}
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("types = %v", got)
	}
	// Callers get copies.
	ws[0].Props[0].Name = "changed"
	if w, _ := gopage.LookupWidget(ws[0].Type); w.Props[0].Name == "changed" {
		t.Error("Widgets shares the catalog")
	}
	grid, ok := gopage.LookupWidget("grid")
	if !ok || !grid.Container {
		t.Fatal("grid")
	}
	if p, ok := grid.Prop("columns"); !ok || !p.Required || p.Kind != gopage.KindInt {
		t.Errorf("grid.columns = %+v", p)
	}
	if _, ok := gopage.LookupWidget("gaguge"); ok {
		t.Error("LookupWidget(gaguge) ok")
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestSchema(t *testing.T) {
	var s struct {
		Schema      string                     `json:"$schema"`
		Required    []string                   `json:"required"`
		Additional  *bool                      `json:"additionalProperties"`
		Definitions map[string]json.RawMessage `json:"definitions"`
	}
	if err := json.Unmarshal(gopage.Schema(), &s); err != nil {
		t.Fatalf("schema is not JSON: %v", err)
	}
	if s.Schema != "http://json-schema.org/draft-07/schema#" || !slices.Equal(s.Required, []string{"root"}) || s.Additional == nil || *s.Additional {
		t.Errorf("top level: %+v", s)
	}
	var tank struct {
		Properties map[string]struct {
			Type        any      `json:"type"`
			Enum        []string `json:"enum"`
			Description string   `json:"description"`
		} `json:"properties"`
		Required   []string `json:"required"`
		Additional bool     `json:"additionalProperties"`
	}
	if err := json.Unmarshal(s.Definitions["widget_bar"], &tank); err != nil {
		t.Fatal(err)
	}
	if tank.Additional || !slices.Equal(tank.Required, []string{"value"}) {
		t.Errorf("bar: required %v additional %v", tank.Required, tank.Additional)
	}
	if p := tank.Properties["orientation"]; !slices.Equal(p.Enum, []string{"vertical", "horizontal"}) || p.Description == "" {
		t.Errorf("bar.orientation = %+v", p)
	}
	if _, ok := tank.Properties["children"]; ok {
		t.Error("bar has children")
	}
	for _, name := range []string{"x", "visible", "class", "style", "id", "type"} {
		if _, ok := tank.Properties[name]; !ok {
			t.Errorf("bar lacks %s", name)
		}
	}
	var widget struct {
		AllOf []struct {
			If struct {
				Properties struct {
					Type struct{ Const string } `json:"type"`
				} `json:"properties"`
			} `json:"if"`
			Then struct {
				Ref string `json:"$ref"`
			} `json:"then"`
		} `json:"allOf"`
	}
	if err := json.Unmarshal(s.Definitions["widget"], &widget); err != nil {
		t.Fatal(err)
	}
	if len(widget.AllOf) != len(gopage.Widgets()) {
		t.Fatalf("%d branches", len(widget.AllOf))
	}
	for _, b := range widget.AllOf {
		if b.Then.Ref != "#/definitions/widget_"+b.If.Properties.Type.Const {
			t.Errorf("branch %q -> %q", b.If.Properties.Type.Const, b.Then.Ref)
		}
		if _, ok := s.Definitions["widget_"+b.If.Properties.Type.Const]; !ok {
			t.Errorf("no definition for %q", b.If.Properties.Type.Const)
		}
	}
}
