package render

import (
	"testing"

	"github.com/gohmi/gohmi/gopage"
)

// TestParseSetpoint pins what an operator may type into a numeric entry:
// a point or a comma as decimal separator, no more decimals than the
// entry shows (refused with the allowed format, never rounded), limits.
func TestParseSetpoint(t *testing.T) {
	entry := func(props string) *gopage.Node {
		s, err := gopage.Parse("e.gopage", []byte("screen: e\nroot: {type: entry, tag: T"+props+"}\n"))
		if err != nil {
			t.Fatal(err)
		}
		return s.Root
	}
	whole, one, two := entry(", decimals: 0, min: -10, max: 100"), entry(""), entry(", decimals: 2")
	for _, tt := range []struct {
		name string
		n    *gopage.Node
		text string
		want float64
		err  string
	}{
		{"whole", whole, "50", 50, ""},
		{"whole comma", whole, "50,5", 0, "50,5: this entry takes whole numbers, e.g. 50"},
		{"whole point", whole, "50.5", 0, "50.5: this entry takes whole numbers, e.g. 50"},
		{"whole zeros", whole, "50,00", 50, ""},
		{"whole trailing separator", whole, "50.", 50, ""},
		{"whole negative", whole, "-7", -7, ""},
		{"whole below", whole, "-11", 0, "-11 is below the minimum -10"},
		{"whole above", whole, "101", 0, "101 is above the maximum 100"},
		{"one default", one, "50,5", 50.5, ""},
		{"one point", one, "50.5", 50.5, ""},
		{"one too many", one, "50,55", 0, "50,55: this entry takes at most 1 decimal, e.g. 50.5"},
		{"one trailing zero", one, "50.50", 50.5, ""},
		{"one leading point", one, ".5", 0.5, ""},
		{"one spaces", one, "  42 ", 42, ""},
		{"two", two, "0,25", 0.25, ""},
		{"two too many", two, "0.125", 0, "0.125: this entry takes at most 2 decimals, e.g. 50.25"},
		{"grouping", one, "1,000.5", 0, `"1,000.5" is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"grouping comma", one, "1.000,5", 0, `"1.000,5" is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"exponent", one, "1e3", 0, `"1e3" is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"nan", one, "NaN", 0, `"NaN" is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"inf", one, "-Inf", 0, `"-Inf" is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"sign only", one, "-", 0, `"-" is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"two signs", one, "--5", 0, `"--5" is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"separator only", one, ",", 0, `"," is not a number: type digits with at most one decimal point or comma, e.g. 50.5`},
		{"empty", one, " ", 0, "enter a number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseSetpoint(tt.text, tt.n)
			switch {
			case tt.err != "" && (err == nil || err.Error() != tt.err):
				t.Fatalf("parseSetpoint(%q) = %v, %v; want error %q", tt.text, got, err, tt.err)
			case tt.err == "" && (err != nil || got != tt.want):
				t.Fatalf("parseSetpoint(%q) = %v, %v; want %v", tt.text, got, err, tt.want)
			}
		})
	}
}
