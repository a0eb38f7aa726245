package yamldec_test

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/internal/yamldec"
)

// TestSyntaxPositions checks that each syntax error points where the user
// must look. yaml.v3 alone reports these one line early at column 1 (the
// want column says where that was).
func TestSyntaxPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // "line:col: message"
		yaml      string // what yaml.v3's own line gave, for the record
	}{
		{"unclosed bracket",
			"a: 1\nb:\n  - c: [x, y\n  - d: 2\n",
			"3:8: unclosed [: no matching ] before the end of the file", "2:1"},
		{"unclosed bracket, first line",
			"a: [x, y\nb: 2\n",
			"1:4: unclosed [: no matching ] before the end of the file", "1:1"},
		{"bracket opened at the end of the file",
			"a: 1\nb: [\n",
			"2:4: unclosed [: no matching ] before the end of the file", "2:1"},
		{"unclosed brace",
			"a: 1\nb: {c: 1,\n  d: 2\n\ne: 3\n",
			"2:4: unclosed {: no matching } before the end of the file", "1:1"},
		{"unclosed double quote",
			"a: 1\nb:\n  c: \"hello\n  d: 2\n",
			"3:6: unclosed quote: no closing \" before the end of the file", "3:1"},
		{"unclosed single quote",
			"a: 1\nb: 'it\n",
			"2:4: unclosed quote: no closing ' before the end of the file", "2:1"},
		{"bad indent",
			"a:\n  - b: 1\n    c: 2\n   d: 3\n",
			"4:4: did not find expected '-' indicator", "1:1"},
		{"bad indent in mapping",
			"a:\n  b: 1\n c: 2\n",
			"3:2: did not find expected key", "1:1"},
		{"tab",
			"a:\n  b: 1\n\tc: 2\n",
			"3:1: tab character in indentation (YAML indents with spaces only)", "2:1"},
		{"mapping in a plain value",
			"a:\n  b: c: d\n",
			"2:7: mapping values are not allowed in this context", "2:1"},
		{"sequence after mapping",
			"a: 1\n- b\n",
			"2:1: did not find expected key", "1:1"},
		{"non-ASCII before the mistake counts bytes",
			"a: \"ä\"\nb: 'ö\n",
			"2:4: unclosed quote: no closing ' before the end of the file", "2:1"},
		{"JSON doubled comma",
			"{\n  \"a\": 1,\n  \"b\": [1,, 2]\n}\n",
			"3:11: JSON: invalid character ',' looking for beginning of value", "2:1"},
		{"JSON trailing comma",
			"{\n  \"a\": 1,\n}\n",
			"2:9: JSON: trailing comma before }", "accepted"},
		{"JSON trailing comma in array",
			"{\"a\": [1, 2, ]}",
			"1:12: JSON: trailing comma before ]", "accepted"},
		{"JSON missing colon",
			"{\n  \"a\" 1\n}\n",
			"2:7: JSON: missing ':' after the key (invalid character '1' after object key)", "2:1"},
		{"JSON missing comma",
			"{\n  \"a\": 1\n  \"b\": 2\n}\n",
			"3:3: JSON: missing ',' or '}' after the value (invalid character '\"' after object key:value pair)", "2:1"},
		{"JSON unclosed string",
			"{\"a\": \"b}\n",
			"1:7: JSON: unclosed \": no matching \" before the end of the file", "1:1"},
		{"JSON with byte order mark",
			"\xEF\xBB\xBF{\"a\": 1,}",
			"1:11: JSON: trailing comma before }", "accepted"},
		{"unknown anchor",
			"a: 1\nb: *nope\n",
			"2:4: unknown anchor 'nope' referenced", "no line"},
		{"unknown escape",
			"a: 1\nb: \"x\\qy\"\n",
			"2:6: found unknown escape character", "2:1"},
		{"character that cannot start a token",
			"a: 1\nb: @foo\n",
			"2:4: found character that cannot start any token", "2:1"},
		{"key indented like a list item",
			"a:\n  - b\n  c: 1\n",
			"3:3: did not find expected '-' indicator", "1:1"},
		{"extra bracket",
			"a: 1\nb: [1, 2]]\n",
			"2:10: did not find expected key", "1:1"},
		{"a file that starts with { is JSON",
			"  {a: 1}\n",
			"1:4: JSON: invalid character 'a' looking for beginning of object key string", "accepted"},
		{"two documents",
			"a: 1\n---\nb: 2\n",
			"2:1: only one document is allowed in a test file", "accepted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, errs := yamldec.Decode("f.yaml", []byte(tt.src), "test file")
			if doc == nil || doc.Ix == nil {
				t.Fatal("Decode returned no document")
			}
			if len(errs) != 1 {
				t.Fatalf("got %d errors %v, want one: %s", len(errs), errs, tt.want)
			}
			if got := errs[0].Error(); got != "f.yaml:"+tt.want {
				t.Errorf("got  %s\nwant f.yaml:%s (yaml.v3 alone: %s)", got, tt.want, tt.yaml)
			}
		})
	}
}

func TestDecodeGood(t *testing.T) {
	for _, src := range []string{"a: [1, 2]\nb: {c: \"x\"}\n", "{\"a\": [1, 2]}", "# {a: 1}\n{\"b\": 1}", ""} {
		doc, errs := yamldec.Decode("f", []byte(src), "file")
		if errs != nil {
			t.Errorf("%q: %v", src, errs)
		}
		if (doc.Root == nil) != (src == "") {
			t.Errorf("%q: root %v", src, doc.Root)
		}
	}
}

// TestSyntaxPositionLargeFile: past maxLocate, a mistake yaml.v3 reports by
// its enclosing block is placed at that block, on the right line.
func TestSyntaxPositionLargeFile(t *testing.T) {
	src := "a:\n" + strings.Repeat("  - b: 1\n", 40000) + "   c: 2\n"
	_, errs := yamldec.Decode("f.yaml", []byte(src), "file")
	want := "f.yaml:2:3: did not find expected '-' indicator in the block that starts here"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("got %v, want %s", errs, want)
	}
}

// TestJSONTree: a JSON file is read by a JSON decoder into the tree yaml.v3
// makes of JSON, with the same positions, and with what yaml.v3 refuses.
func TestJSONTree(t *testing.T) {
	src := "\xEF\xBB\xBF{\"a\": [1, 2.5, true, null],\n\t\"é\": {\"b\": \"x\\/y\\u00e9\"}}"
	doc, errs := yamldec.Decode("f", []byte(src), "file")
	if errs != nil {
		t.Fatal(errs)
	}
	var got []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		got = append(got, fmt.Sprintf("%s %s %q %v", doc.Pos(n), n.Tag, n.Value, n.Style))
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc.Root)
	want := []string{
		`f:1:4 !!map "" 32`,
		`f:1:5 !!str "a" 2`, `f:1:10 !!seq "" 32`,
		`f:1:11 !!int "1" 0`, `f:1:14 !!float "2.5" 0`, `f:1:19 !!bool "true" 0`, `f:1:25 !!null "null" 0`,
		`f:2:2 !!str "é" 2`, `f:2:8 !!map "" 32`,
		`f:2:9 !!str "b" 2`, `f:2:14 !!str "x/yé" 2`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
