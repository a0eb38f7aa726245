package style

import "testing"

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
