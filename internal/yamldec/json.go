package yamldec

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/pos"
)

// jsonError checks src as JSON. It returns the position and message of the
// first mistake, and whether there is one. A JSON decoder knows the exact
// byte where JSON stops making sense; YAML, which reads JSON too, accepts a
// trailing comma and places other mistakes a line early.
func jsonError(ix *pos.Index, file string, src []byte) (pos.Pos, string, bool) {
	body := bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	skip := len(src) - len(body)
	if json.Valid(body) {
		return pos.Pos{}, "", false
	}
	var raw json.RawMessage
	err := json.Unmarshal(body, &raw)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return pos.Pos{Filename: file, Line: 1, Col: 1}, "JSON: " + err.Error(), true
	}
	if off, c, ok := unclosedJSON(body); ok && int(se.Offset) >= len(body) {
		return ix.Offset(file, skip+off), "JSON: unclosed " + string(c) + ": no matching " + string(jsonCloser(c)) + " before the end of the file", true
	}
	off := skip + int(se.Offset) - 1
	if off < len(src) && (src[off] == '}' || src[off] == ']') {
		prev := bytes.TrimRight(src[:off], " \t\r\n")
		if len(prev) > 0 && prev[len(prev)-1] == ',' {
			return ix.Offset(file, len(prev)-1), "JSON: trailing comma before " + string(src[off]), true
		}
	}
	return ix.Offset(file, off), "JSON: " + jsonHint(se.Error()), true
}

// jsonHint names the likely mistake behind encoding/json's message.
func jsonHint(msg string) string {
	switch {
	case strings.HasSuffix(msg, "after object key"):
		return "missing ':' after the key (" + msg + ")"
	case strings.HasSuffix(msg, "after object key:value pair"):
		return "missing ',' or '}' after the value (" + msg + ")"
	case strings.HasSuffix(msg, "after array element"):
		return "missing ',' or ']' after the element (" + msg + ")"
	}
	return msg
}

// unclosedJSON returns the offset of the innermost string, object or array
// still open at the end of src.
func unclosedJSON(src []byte) (int, byte, bool) {
	var stack []int
	in := -1 // offset of the open string's quote
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case in >= 0 && c == '\\':
			i++
		case in >= 0:
			if c == '"' {
				in = -1
			}
		case c == '"':
			in = i
		case c == '{' || c == '[':
			stack = append(stack, i)
		case (c == '}' || c == ']') && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if in >= 0 {
		return in, '"', true
	}
	if len(stack) > 0 {
		off := stack[len(stack)-1]
		return off, src[off], true
	}
	return 0, 0, false
}

func jsonCloser(c byte) byte {
	switch c {
	case '{':
		return '}'
	case '[':
		return ']'
	}
	return c
}

// jsonTree builds the node tree of src, valid JSON, with a JSON decoder:
// yaml.v3 reads most JSON but not all (it refuses the escape \/), and the
// positions are the JSON decoder's. Nodes look as yaml.v3 would make them:
// strings double-quoted, numbers !!int or !!float, columns in characters.
func jsonTree(ix *pos.Index, src []byte) (*yaml.Node, error) {
	body := bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	b := jsonBuilder{ix: ix, src: src, bom: len(src) - len(body), dec: dec}
	return b.value(0)
}

type jsonBuilder struct {
	ix  *pos.Index
	src []byte
	bom int // bytes of the byte order mark before the JSON text
	dec *json.Decoder
}

// maxJSONDepth bounds nesting, as yaml.v3 does (and gopage after it).
const maxJSONDepth = 10000

// next returns the next token and the node position of its first byte.
func (b *jsonBuilder) next() (json.Token, yaml.Node, error) {
	off := b.bom + int(b.dec.InputOffset())
	for off < len(b.src) && strings.IndexByte(" \t\r\n,:", b.src[off]) >= 0 {
		off++
	}
	p := b.ix.Offset("", off)
	line := b.ix.Line(p.Line)
	from := 0
	if p.Line == 1 {
		from = b.bom // yaml.v3 does not count it, nor does pos.Index.At
	}
	col := utf8.RuneCount(line[from:max(from, min(p.Col-1, len(line)))]) + 1
	tok, err := b.dec.Token()
	return tok, yaml.Node{Line: p.Line, Column: col}, err
}

func (b *jsonBuilder) value(depth int) (*yaml.Node, error) {
	tok, n, err := b.next()
	if err != nil {
		return nil, err
	}
	return b.node(tok, n, depth)
}

func (b *jsonBuilder) node(tok json.Token, n yaml.Node, depth int) (*yaml.Node, error) {
	if depth > maxJSONDepth {
		return nil, errors.New("JSON nested too deeply")
	}
	switch t := tok.(type) {
	case json.Delim:
		return b.collection(t, n, depth)
	case string:
		n.Kind, n.Tag, n.Value, n.Style = yaml.ScalarNode, "!!str", t, yaml.DoubleQuotedStyle
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", string(t)
		if _, err := t.Int64(); err == nil {
			n.Tag = "!!int"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(t)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return &n, nil
}

func (b *jsonBuilder) collection(open json.Delim, n yaml.Node, depth int) (*yaml.Node, error) {
	n.Kind, n.Tag, n.Style = yaml.SequenceNode, "!!seq", yaml.FlowStyle
	if open == '{' {
		n.Kind, n.Tag = yaml.MappingNode, "!!map"
	}
	for {
		tok, at, err := b.next()
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			return &n, nil
		}
		item, err := b.node(tok, at, depth+1)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, item)
		if open == '{' {
			v, err := b.value(depth + 1)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, v)
		}
	}
}
