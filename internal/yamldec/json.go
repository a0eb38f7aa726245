package yamldec

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

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
