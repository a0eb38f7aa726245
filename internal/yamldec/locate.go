package yamldec

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/gohmi/gohmi/pos"
)

// maxLocate is the largest source whose syntax errors are placed by
// decoding prefixes, which costs up to about 2*log2(lines) decodes of up to
// the whole file (BenchmarkLocateIndentAtEnd: 4 s for a 1 MB screen on a
// loaded machine). 256 KB is a 2,000-widget screen; a larger file gets
// yaml.v3's line, corrected, and the quick checks.
const maxLocate = 256 << 10

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
//
// Each step decodes a prefix, so the commonest mistakes (an unclosed
// bracket or quote, a tab) are first looked for directly in the text, on
// the line yaml.v3 names: see BenchmarkLocateAtEnd for the worst case.
func locate(ix *pos.Index, file string, src []byte, err error) (pos.Pos, string) {
	line, msg := syntaxMessage(err)
	if off, ok := quick(ix, src, line, msg); ok {
		return ix.Offset(file, off), explain(msg, src, off)
	}
	if len(src) > maxLocate {
		if strings.HasPrefix(msg, "did not find expected") {
			line++ // a parser error: yaml.v3's line is 0-based
			msg += " in the block that starts here"
		}
		b := ix.Line(line)
		return ix.Offset(file, lineStart(ix, line)+len(b)-len(bytes.TrimLeft(b, " \t"))), msg
	}
	want := err.Error()
	fails := func(n int) bool {
		for n < len(src) && !utf8.RuneStart(src[n]) {
			n++ // a cut character is an error of its own
		}
		return decodeErr(src[:n]) == want
	}
	lo := max(line-1, 1) // the mistake is not before the construct yaml.v3 names
	k := gallop(lo, ix.Lines(), func(l int) bool { return fails(ix.End(l)) })
	start := ix.End(k - 1)
	if k == 1 {
		start = 0
	}
	n := search(start+1, ix.End(k), fails)
	off := n - 1 // the prefix's last byte
	for off > start && !utf8.RuneStart(src[off]) {
		off--
	}
	first := start + len(ix.Line(k)) - len(bytes.TrimLeft(ix.Line(k), " \t"))
	switch {
	case off >= len(src) || src[off] == '\n' || src[off] == '\r':
		// The line itself is complete; the mistake is what it lacks or
		// how it is indented: point at its first character.
		off = first
	case (msg == "did not find expected key" || msg == "did not find expected '-' indicator") &&
		off >= first && bytes.IndexAny(src[first:off], " \t") < 0:
		// Found within the line's first token: the token is indented
		// wrong, not the character decoding stopped at.
		off = first
	case strings.HasPrefix(msg, "unknown anchor") || msg == "found unknown escape character":
		// Decoding stops at the end of the alias name or escape: point at
		// its start.
		mark := byte('*')
		if msg == "found unknown escape character" {
			mark = '\\'
		}
		if i := bytes.LastIndexByte(src[start:off+1], mark); i >= 0 {
			off = start + i
		}
	}
	return ix.Offset(file, off), explain(msg, src, off)
}

// quick finds the mistakes that the text around yaml.v3's line shows
// without decoding: the opener of an unclosed flow, an unclosed quote, a
// tab in an indentation.
func quick(ix *pos.Index, src []byte, line int, msg string) (int, bool) {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'":
		return flowOpener(ix, src, line, msg)
	case "found unexpected end of stream":
		// A scanner error: yaml.v3's line is the quote's own.
		if i, ok := openQuote(ix.Line(line)); ok {
			return lineStart(ix, line) + i, true
		}
	case "found a tab character that violates indentation", "found character that cannot start any token":
		for l := max(line-1, 1); l <= ix.Lines(); l++ {
			b := ix.Line(l)
			indent := bytes.TrimLeft(b, " -")
			if len(indent) > 0 && indent[0] == '\t' {
				return lineStart(ix, l) + len(b) - len(indent), true
			}
			if len(bytes.TrimSpace(b)) > 0 && l > line {
				break // a line indented with spaces: the tab is not here
			}
		}
	}
	return 0, false
}

func lineStart(ix *pos.Index, line int) int {
	if line <= 1 {
		return 0
	}
	return ix.End(line - 1)
}

// openQuote returns the offset of a quote that opens a scalar on line b and
// is not closed on it.
func openQuote(b []byte) (int, bool) {
	open := -1
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case open >= 0 && b[open] == '"' && c == '\\':
			i++
		case open >= 0 && b[open] == '\'' && c == '\'' && i+1 < len(b) && b[i+1] == '\'':
			i++ // '' is a quote inside a single-quoted scalar
		case open >= 0:
			if c == b[open] {
				open = -1
			}
		case c == '#' && (i == 0 || b[i-1] == ' ' || b[i-1] == '\t'):
			return 0, false
		case (c == '"' || c == '\'') && (i == 0 || bytes.IndexByte([]byte(" \t[{,:-?"), b[i-1]) >= 0):
			open = i
		}
	}
	return open, open >= 0
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

// gallop is [search] that tries lo, lo+1, lo+3, lo+7... first: the mistake
// is usually a few lines after the construct yaml.v3 names, so this takes
// fewer decodes than a bisection of the whole file.
func gallop(lo, hi int, ok func(int) bool) int {
	for step := 1; lo < hi; step *= 2 {
		probe := min(lo+step-1, hi)
		if ok(probe) {
			return search(lo, probe, ok)
		}
		lo = probe + 1
	}
	return hi
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
		c == '{' && msg == "did not find expected ',' or '}'",
		(c == '[' || c == '{') && msg == "did not find expected node content" && !closed(src[off:]):
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
