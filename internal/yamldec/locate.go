package yamldec

import (
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/pos"
)

// maxLocate is the largest source whose syntax errors are relocated; larger
// sources (only possible when a caller sets no file size limit) keep
// yaml.v3's line. Relocating costs about log2(len(src)) decodes.
const maxLocate = 4 << 20

// locate turns a yaml.v3 syntax error into the position where the user must
// look, and its message.
//
// yaml.v3 reports the line of the construct that was open when decoding
// failed (for parser errors 0-based, so one line too early), never the
// column. The place of the mistake is where the file stops making sense: the
// shortest prefix of src that fails with the very same error. Decoding is a
// single pass, so once a prefix contains the mistake every longer prefix
// fails the same way, and a shorter one either decodes or fails differently
// (an unclosed construct it cuts is reported on another line): the shortest
// failing prefix is found by bisection, first over lines, then over the
// bytes of the line. For an unclosed quote or bracket that prefix ends at
// the opening quote or bracket, which is where the user must look.
func locate(ix *pos.Index, file string, src []byte, err error) (pos.Pos, string) {
	line, msg := syntaxMessage(err)
	at := ix.At(file, line, 1)
	if len(src) > maxLocate {
		return at, msg
	}
	want := err.Error()
	fails := func(n int) bool { return decodeErr(src[:n]) == want }
	lo := max(line-1, 1) // the mistake is not before the construct yaml.v3 names
	k := search(lo, ix.Lines(), func(l int) bool { return fails(ix.End(l)) })
	start := ix.End(k - 1)
	if k == 1 {
		start = 0
	}
	n := search(start+1, ix.End(k), fails)
	off := n - 1 // the prefix's last byte
	for off > start && !utf8.RuneStart(src[off]) {
		off--
	}
	if off >= len(src) || src[off] == '\n' || src[off] == '\r' {
		// The line itself is complete; the mistake is what it lacks or
		// how it is indented: point at its first character.
		off = start + len(ix.Line(k)) - len(bytes.TrimLeft(ix.Line(k), " \t"))
	}
	if o, ok := flowOpener(ix, src, line, msg); ok {
		off = o
	}
	return ix.Offset(file, off), explain(msg, src, off)
}

// flowOpener finds the unclosed '[' or '{' that yaml.v3's "did not find
// expected ',' or ']'" is about. yaml.v3 names the opener's line (0-based,
// or the line of the problem when the opener is on the first line); a
// prefix that cuts the flow fails differently, so the bisection lands
// after the opener.
func flowOpener(ix *pos.Index, src []byte, line int, msg string) (int, bool) {
	var c byte
	switch msg {
	case "did not find expected ',' or ']'":
		c = '['
	case "did not find expected ',' or '}'":
		c = '{'
	default:
		return 0, false
	}
	for _, l := range []int{line + 1, 1} {
		b := ix.Line(l)
		start := ix.End(l - 1)
		if l == 1 {
			start = 0
		}
		for i := len(b) - 1; i >= 0; i-- {
			if b[i] == c && !closed(src[start+i:]) {
				return start + i, true
			}
		}
	}
	return 0, false
}

// search returns the smallest n in [lo, hi] with ok(n), assuming ok(hi) and
// that ok stays true once it is.
func search(lo, hi int, ok func(int) bool) int {
	for lo < hi {
		mid := lo + (hi-lo)/2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi
}

// decodeErr decodes up to two documents of src and returns the first error
// text, or "" when there is none.
func decodeErr(src []byte) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = "panic"
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for range 2 {
		var n yaml.Node
		if err := dec.Decode(&n); err != nil {
			if errors.Is(err, io.EOF) {
				return ""
			}
			return err.Error()
		}
	}
	return ""
}

// explain rewrites the messages of yaml.v3 that name a symptom rather than
// the mistake, given the byte at which the mistake was found.
func explain(msg string, src []byte, off int) string {
	c := byte(0)
	if off < len(src) {
		c = src[off]
	}
	switch {
	case msg == "found a tab character that violates indentation" && c == '\t',
		msg == "found character that cannot start any token" && c == '\t':
		return "tab character in indentation (YAML indents with spaces only)"
	case msg == "found unexpected end of stream" && (c == '"' || c == '\''):
		return "unclosed quote: no closing " + string(c) + " before the end of the file"
	case c == '[' && msg == "did not find expected ',' or ']'",
		c == '{' && msg == "did not find expected ',' or '}'":
		if !closed(src[off:]) {
			return "unclosed " + string(c) + ": no matching " + string(closer(c)) + " before the end of the file"
		}
		return msg + " in the " + string(c) + " opened here"
	}
	return msg
}

func closer(c byte) byte {
	if c == '[' {
		return ']'
	}
	return '}'
}

// closed reports whether the bracket that src starts with is matched later,
// counting brackets outside quotes and comments.
func closed(src []byte) bool {
	depth := 0
	var quote byte
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'' && (i == 0 || bytes.IndexByte([]byte(" \t[{,:"), src[i-1]) >= 0):
			quote = c
		case c == '#' && i > 0 && (src[i-1] == ' ' || src[i-1] == '\t'):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return true
			}
		}
	}
	return false
}
