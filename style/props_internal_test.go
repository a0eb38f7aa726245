package style

import (
	"slices"
	"testing"
)

func TestPropTableTypes(t *testing.T) {
	for _, p := range props {
		for _, typ := range p.applies {
			if !isWidgetType(typ) {
				t.Errorf("%s applies to %q, not a gopage widget type", p.name, typ)
			}
		}
	}
	if len(colorNames) != 148 {
		t.Errorf("%d colour names, want 148", len(colorNames))
	}
}

// The widget groups are searched with binary search: they must be sorted
// ("value" sorts before "valve").
func TestWidgetGroupsSorted(t *testing.T) {
	for name, g := range map[string][]string{"containers": containers, "textWidgets": textWidgets, "shapes": shapes, "boxed": boxed, "padded": padded} {
		if !slices.IsSorted(g) {
			t.Errorf("%s is not sorted: %v", name, g)
		}
	}
	for i := range props {
		if a := props[i].applies; a != nil && !slices.IsSorted(a) {
			t.Errorf("%s applies to an unsorted list", props[i].name)
		}
	}
	if !AppliesTo("background", "value") || !AppliesTo("fill", "valve") {
		t.Error("AppliesTo misses value or valve")
	}
}
