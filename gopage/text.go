package gopage

import (
	"strconv"
	"strings"
)

// TextPart is one piece of an interpolated text: a literal or an expression.
// Exactly one of Lit and Expr is set. Offset is the byte offset inside the
// text where the piece starts: for an expression, its first non-blank byte
// after "{", so that errors inside it can be positioned.
type TextPart struct {
	Lit    string
	Expr   string
	Offset int
}

// TextError is a malformed interpolation in a text.
type TextError struct {
	Offset int // byte offset of the offending brace
	Msg    string
}

func (e *TextError) Error() string { return e.Msg + " at byte " + strconv.Itoa(e.Offset) }

// SplitText splits a text into literals and {expr} interpolations. "{{" and
// "}}" stand for literal braces. An unclosed "{", an empty "{}" and a lone
// "}" are errors.
func SplitText(s string) ([]TextPart, error) {
	var parts []TextPart
	var lit strings.Builder
	litStart := 0
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, TextPart{Lit: lit.String(), Offset: litStart})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "{{"), strings.HasPrefix(s[i:], "}}"):
			if lit.Len() == 0 {
				litStart = i
			}
			lit.WriteByte(s[i])
			i += 2
		case s[i] == '}':
			return parts, &TextError{i, `unexpected "}" in text (write "}}" for a brace)`}
		case s[i] == '{':
			end := strings.IndexByte(s[i+1:], '}')
			if end < 0 {
				return parts, &TextError{i, `unclosed "{" in text (write "{{" for a brace)`}
			}
			body := s[i+1 : i+1+end]
			e := strings.TrimSpace(body)
			if e == "" {
				return parts, &TextError{i, "empty {} in text"}
			}
			flush()
			lead := len(body) - len(strings.TrimLeft(body, " \t\r\n"))
			parts = append(parts, TextPart{Expr: e, Offset: i + 1 + lead})
			i += end + 2
		default:
			if lit.Len() == 0 {
				litStart = i
			}
			lit.WriteByte(s[i])
			i++
		}
	}
	flush()
	return parts, nil
}
