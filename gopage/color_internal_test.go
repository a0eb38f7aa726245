package gopage

import (
	"slices"
	"testing"
)

func TestCheckColor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"#fff", ""},
		{"#FfFfFf", ""},
		{"#00ff0080", ""},
		{"red", ""},
		{"Red", ""},
		{"transparent", ""},
		{"#12", `bad color "#12" (want #rgb, #rrggbb or #rrggbbaa)`},
		{"#12345", `bad color "#12345" (want #rgb, #rrggbb or #rrggbbaa)`},
		{"#ggg", `bad color "#ggg" (want #rgb, #rrggbb or #rrggbbaa)`},
		{"#", `bad color "#" (want #rgb, #rrggbb or #rrggbbaa)`},
		{"gren", `unknown color "gren", did you mean "green"?`},
		{"spaceship", `unknown color "spaceship"`},
		{"", `unknown color ""`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := checkColor(tt.in); got != tt.want {
				t.Errorf("checkColor(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if !slices.IsSorted(colorNames[:]) {
		t.Error("colorNames not sorted: binary search fails")
	}
	if len(colorValues) != len(colorNames) {
		t.Errorf("%d colour values for %d names", len(colorValues), len(colorNames))
	}
}

func TestLineIndex(t *testing.T) {
	ix := newLineIndex([]byte("a\r\nbä c\rd\n"))
	if ix.lines() != 4 {
		t.Fatalf("lines = %d", ix.lines())
	}
	if p := ix.at("f", 2, 3); p.Col != 4 { // 'ä' is 2 bytes
		t.Errorf("byte col = %d, want 4", p.Col)
	}
	if p := ix.at("f", 99, 1); p.Line != 4 {
		t.Errorf("clamped line = %d", p.Line)
	}
}
