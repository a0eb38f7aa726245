package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"gauge", "label", "tank", "toggle", "Tank1.Level", "Tank2.Level"}
	for _, tt := range []struct{ in, want string }{
		{"gaguge", "gauge"},
		{"lable", "label"},
		{"tnak", "tank"},
		{"Tank1.Levle", "Tank1.Level"},
		{"tank1.level", "Tank1.Level"},
		{"zzzzzz", ""},
		{"x", ""},
	} {
		t.Run(tt.in, func(t *testing.T) {
			if got := Closest(tt.in, known); got != tt.want {
				t.Errorf("Closest(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := DidYouMean("lable", known); got != `, did you mean "label"?` {
		t.Errorf("DidYouMean = %q", got)
	}
}
