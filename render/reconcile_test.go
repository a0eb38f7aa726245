package render_test

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
)

const page = `
screen: p
size: 400x300
root:
  type: canvas
  children:
    - { type: label, id: title, text: "Pumps", x: 10, y: 10 }
    - { type: tank, id: tank, value: T.Level, max: 100, x: 20, y: 40, w: 100, h: 200 }
    - type: column
      id: side
      x: 200
      y: 40
      w: 180
      h: 200
      children:
        - { type: lamp, id: run, value: P.Run, label: Run }
        - { type: entry, id: sp, tag: T.SP, min: 0, max: 100 }
`

func apply(t *testing.T, scene *render.Scene, from, to string) render.ApplyResult {
	t.Helper()
	if !strings.Contains(page, from) {
		t.Fatalf("page has no %q", from)
	}
	ns, err := gopage.Parse("p.gopage", []byte(strings.Replace(page, from, to, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return scene.Apply(ns, gopage.Diff(scene.Screen, ns), render.Options{})
}

func keys(ws []*render.Widget) string {
	var k []string
	for _, w := range ws {
		k = append(k, w.Node.Key())
	}
	return strings.Join(k, " ")
}

func TestApplyPatchesInPlace(t *testing.T) {
	scene, _ := build(t, page, render.Options{})
	tank := scene.Widget("tank")
	obj := tank.Object
	res := apply(t, scene, "max: 100, x: 20", "max: 200, x: 20")
	if keys(res.Patched) != "#tank" || len(res.Built) != 0 || len(res.Removed) != 0 {
		t.Errorf("patched %q built %q removed %q, want only #tank patched", keys(res.Patched), keys(res.Built), keys(res.Removed))
	}
	if scene.Widget("tank") != tank || tank.Object != obj {
		t.Error("the tank was rebuilt, not patched")
	}
	if tank.Node.Props["max"].Num != 200 {
		t.Error("the tank's node was not updated")
	}
}

func TestApplyMovesWithoutRebuilding(t *testing.T) {
	scene, _ := build(t, page, render.Options{})
	obj := scene.Widget("tank").Object
	res := apply(t, scene, "x: 20, y: 40, w: 100", "x: 60, y: 40, w: 100")
	if scene.Widget("tank").Object != obj || len(res.Built) != 0 {
		t.Errorf("moving rebuilt: built %q", keys(res.Built))
	}
	if got := obj.Position(); got != fyne.NewPos(60, 40) {
		t.Errorf("tank at %v after the move, want (60,40)", got)
	}
}

func TestApplyAddsAndRemoves(t *testing.T) {
	scene, _ := build(t, page, render.Options{})
	res := apply(t, scene, "        - { type: lamp, id: run, value: P.Run, label: Run }\n",
		"        - { type: lamp, id: fault, value: P.Fault, label: Fault }\n")
	if keys(res.Built) != "#fault" || keys(res.Removed) != "#run" {
		t.Errorf("built %q removed %q", keys(res.Built), keys(res.Removed))
	}
	if scene.Widget("run") != nil || scene.Widget("fault") == nil {
		t.Error("scene index not updated")
	}
	side := scene.Widget("side").Object.(*fyne.Container).Objects[1].(*fyne.Container) // [background, children]
	if len(side.Objects) != 2 || side.Objects[0] != scene.Widget("fault").Object {
		t.Error("the column does not hold the new lamp first")
	}
}

func TestApplyKeepsTypedText(t *testing.T) {
	scene, _ := build(t, page, render.Options{})
	entry := find[*widget.Entry](scene.Widget("sp").Object)
	test.Type(entry, "42")
	apply(t, scene, "min: 0, max: 100 }", "min: 0, max: 50 }")
	after := find[*widget.Entry](scene.Widget("sp").Object)
	if after != entry || entry.Text != "42" {
		t.Errorf("entry rebuilt or text lost: same=%v text=%q", after == entry, entry.Text)
	}
}

func TestApplyRebuildsWhatCannotBePatched(t *testing.T) {
	scene, _ := build(t, page, render.Options{})
	res := apply(t, scene, "type: tank, id: tank", "type: gauge, id: tank")
	if keys(res.Built) != "#tank" || len(res.Removed) != 1 {
		t.Errorf("built %q removed %q, want the tank rebuilt as a gauge", keys(res.Built), keys(res.Removed))
	}
	if scene.Widget("tank").Node.Type != "gauge" {
		t.Error("not a gauge")
	}
}

func TestApplyNothing(t *testing.T) {
	scene, _ := build(t, page, render.Options{})
	if res := apply(t, scene, "Pumps", "Pumps"); res.Changes() != 0 {
		t.Errorf("an unchanged screen made %d changes", res.Changes())
	}
}
