package tags_test

import (
	"testing"

	"github.com/gohmi/gohmi/tags"
)

func TestUndefineAndRedefine(t *testing.T) {
	db := tags.NewDB(tags.Options{})
	if err := db.Define(tags.Def{Name: "A.Level", Type: tags.Float}, tags.Def{Name: "A.Run", Type: tags.Bool}); err != nil {
		t.Fatal(err)
	}
	sub := db.Subscribe(nil)
	defer sub.Close()
	sub.Take(nil)
	db.Publish(tags.Update{Name: "A.Level", Value: tags.Value{V: 5.0, Quality: tags.Good}})

	db.Undefine("A.Run")
	if _, ok := db.Get("A.Run"); ok {
		t.Error("A.Run still defined")
	}
	db.Publish(tags.Update{Name: "A.Run", Value: tags.Value{V: true, Quality: tags.Good}})
	if db.Stats().Unknown != 1 {
		t.Errorf("an update of a removed tag was not counted unknown: %+v", db.Stats())
	}
	// The name is free again, and so is its parent.
	if err := db.Define(tags.Def{Name: "A.Run", Type: tags.Int}); err != nil {
		t.Errorf("define after undefine: %v", err)
	}

	max := 100.0
	if err := db.Redefine(tags.Def{Name: "A.Level", Type: tags.Float, Max: &max, Unit: "%"}); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Get("A.Level"); v.V != 5.0 {
		t.Errorf("same-type redefinition lost the value: %v", v)
	}
	if d, _ := db.Def("A.Level"); d.Unit != "%" || d.Max == nil {
		t.Errorf("def not replaced: %+v", d)
	}
	if err := db.Redefine(tags.Def{Name: "A.Level", Type: tags.String}); err != nil {
		t.Fatal(err)
	}
	if v, _ := db.Get("A.Level"); v.Quality != tags.Bad || v.Reason != "redefined" {
		t.Errorf("retyped tag = %v, want Bad redefined", v)
	}
	found := false
	for _, u := range sub.Take(nil) {
		found = found || u.Name == "A.Level" && u.Value.Reason == "redefined"
	}
	if !found {
		t.Error("subscribers not told of the retyped tag")
	}
	if err := db.Redefine(tags.Def{Name: "Nope", Type: tags.Float}); err == nil {
		t.Error("redefining an unknown tag succeeded")
	}
}
