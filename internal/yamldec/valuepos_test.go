package yamldec_test

import (
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
	"github.com/gohmi/gohmi/pos"
)

// TestValuePos: the position of a scalar's first byte of text, whatever
// its style and properties.
func TestValuePos(t *testing.T) {
	src := `plain: abc
double: "abc"
single: 'abc'
tagged: !!str abc
anchored: &x abc
both: !!str &y "abc"
literal: |
    abc
folded: >-

  abc
flow: { k: "abc" }
wide: "éé abc"
`
	want := map[string]string{
		"plain": "1:8", "double": "2:10", "single": "3:10", "tagged": "4:15", "anchored": "5:14",
		"both": "6:17", "literal": "8:5", "folded": "11:3", "wide": "13:8",
	}
	var errs pos.ErrorList
	d, root := yamldec.NewDecoder("f.yaml", []byte(src), "file", &errs, yamldec.Limits{Errors: 10, Text: 100})
	if root == nil {
		t.Fatal(errs)
	}
	d.Fields(root, "file", []string{"plain", "double", "single", "tagged", "anchored", "both", "literal", "folded", "flow", "wide"}, func(key string, _, v *yaml.Node) {
		if key == "flow" {
			v = v.Content[1]
			key, want["flow"] = "flow", "12:13"
		}
		p := d.ValuePos(v)
		if got := p.String(); got != "f.yaml:"+want[key] {
			t.Errorf("%s: %s, want %s", key, got, want[key])
		}
	})
}
