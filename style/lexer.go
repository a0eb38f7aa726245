package style

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gohmi/gohmi/gopage"
)

// lexer turns source text into tokens, in the manner of go/scanner: no
// goroutine, one pass, every token positioned. Line and column are 1-based;
// columns count bytes, like gopage and go/token. Errors go to err.
type lexer struct {
	src       string
	off       int
	base      gopage.Pos // position of src[0]
	line, col int
	err       func(pos gopage.Pos, msg string)
}

func newLexer(src string, base gopage.Pos, err func(gopage.Pos, string)) *lexer {
	if !base.IsValid() {
		base.Line, base.Col = 1, 1
	}
	if base.Col == 0 {
		base.Col = 1
	}
	if err == nil {
		err = func(gopage.Pos, string) {}
	}
	return &lexer{src: src, base: base, line: base.Line, col: base.Col, err: err}
}

// tokenize returns every token of src, comments included, ending in tEOF.
func tokenize(src string, base gopage.Pos, err func(gopage.Pos, string)) []token {
	lx := newLexer(src, base, err)
	out := make([]token, 0, len(src)/2+2) // white space included, CSS averages 2 to 3 bytes a token
	for {
		t := lx.next()
		out = append(out, t)
		if t.kind == tEOF {
			return out
		}
	}
}

func (lx *lexer) pos() gopage.Pos {
	return gopage.Pos{Filename: lx.base.Filename, Line: lx.line, Col: lx.col}
}

// advance moves past n bytes, counting lines. Only "\n" ends a line, as in
// go/scanner and in the editors engineers use, so that "\r\n" files work
// and a stray "\r" or "\f" does not shift every later position.
func (lx *lexer) advance(n int) {
	for i := 0; i < n && lx.off < len(lx.src); i++ {
		if lx.src[lx.off] == '\n' {
			lx.line++
			lx.col = 1
		} else {
			lx.col++
		}
		lx.off++
	}
}

func (lx *lexer) peek(i int) byte {
	if lx.off+i < len(lx.src) {
		return lx.src[lx.off+i]
	}
	return 0
}

func (lx *lexer) next() token {
	pos, start := lx.pos(), lx.off
	tok := func(k tokKind, n int) token {
		lx.advance(n)
		return token{kind: k, text: lx.src[start:lx.off], pos: pos}
	}
	if lx.off >= len(lx.src) {
		return token{kind: tEOF, pos: pos}
	}
	c := lx.src[lx.off]
	switch {
	case isSpace(c):
		n := 0
		for isSpace(lx.peek(n)) {
			n++
		}
		return tok(tWS, n)
	case c == '/' && lx.peek(1) == '*':
		end := strings.Index(lx.src[lx.off+2:], "*/")
		if end < 0 {
			lx.err(pos, "comment not terminated")
			return tok(tComment, len(lx.src)-lx.off)
		}
		return tok(tComment, end+4)
	case c == '"' || c == '\'':
		return lx.str(pos, c)
	case c == '#':
		if n := lx.nameLen(1); n > 0 {
			return tok(tHash, 1+n)
		}
		return tok(tDelim, 1)
	case c == '@':
		if lx.startsIdent(1) {
			return tok(tAtKeyword, 1+lx.nameLen(1))
		}
		return tok(tDelim, 1)
	case lx.startsNumber():
		return lx.number(pos)
	case lx.startsIdent(0):
		n := lx.nameLen(0)
		if lx.peek(n) == '(' {
			t := tok(tFunction, n+1)
			t.text = t.text[:n]
			return t
		}
		return tok(tIdent, n)
	}
	switch c {
	case ':':
		return tok(tColon, 1)
	case ';':
		return tok(tSemicolon, 1)
	case ',':
		return tok(tComma, 1)
	case '{':
		return tok(tLBrace, 1)
	case '}':
		return tok(tRBrace, 1)
	case '(':
		return tok(tLParen, 1)
	case ')':
		return tok(tRParen, 1)
	case '[':
		return tok(tLBracket, 1)
	case ']':
		return tok(tRBracket, 1)
	}
	if c < utf8.RuneSelf {
		if c < ' ' || c == 0x7f || c == '\\' {
			lx.err(pos, "illegal character "+strconv.QuoteRune(rune(c)))
			return tok(tBad, 1)
		}
		return tok(tDelim, 1)
	}
	r, w := utf8.DecodeRuneInString(lx.src[lx.off:])
	if r == utf8.RuneError {
		lx.err(pos, "invalid UTF-8 encoding")
		return tok(tBad, 1)
	}
	return tok(tDelim, w)
}

// str scans a quoted string. A backslash escapes the next character; an
// unescaped line break ends the string with an error, as in CSS.
func (lx *lexer) str(pos gopage.Pos, q byte) token {
	start := lx.off
	i := lx.off + 1
	for ; i < len(lx.src); i++ {
		switch c := lx.src[i]; {
		case c == q:
			lx.advance(i + 1 - lx.off)
			return token{kind: tString, text: lx.src[start:lx.off], pos: pos}
		case c == '\\' && i+1 < len(lx.src) && !isNewline(lx.src[i+1]):
			i++
		case isNewline(c) || c == '\\':
			lx.advance(i - lx.off)
			lx.err(pos, "string not terminated")
			return token{kind: tBad, text: lx.src[start:lx.off], pos: pos}
		}
	}
	lx.advance(len(lx.src) - lx.off)
	lx.err(pos, "string not terminated")
	return token{kind: tBad, text: lx.src[start:lx.off], pos: pos}
}

func (lx *lexer) number(pos gopage.Pos) token {
	start := lx.off
	n := 0
	if c := lx.peek(0); c == '+' || c == '-' {
		n++
	}
	n += digits(lx.src[lx.off+n:])
	if lx.peek(n) == '.' && isDigit(lx.peek(n+1)) {
		n++
		n += digits(lx.src[lx.off+n:])
	}
	if c := lx.peek(n); c == 'e' || c == 'E' {
		m := n + 1
		if c := lx.peek(m); c == '+' || c == '-' {
			m++
		}
		if isDigit(lx.peek(m)) {
			n = m + digits(lx.src[lx.off+m:])
		}
	}
	numText := lx.src[start : start+n]
	v, err := strconv.ParseFloat(numText, 64)
	if err != nil {
		lx.err(pos, "number out of range: "+numText)
	}
	kind, unit := tNumber, ""
	switch {
	case lx.peek(n) == '%':
		kind = tPercentage
		n++
	case lx.startsIdent(n):
		kind = tDimension
		m := lx.nameLen(n)
		unit = strings.ToLower(lx.src[start+n : start+n+m])
		n += m
	}
	if err != nil {
		kind = tBad // so that nothing holding it prints as +Inf
	}
	lx.advance(n)
	return token{kind: kind, text: lx.src[start:lx.off], pos: pos, num: v, unit: unit}
}

func (lx *lexer) startsNumber() bool {
	i := 0
	if c := lx.peek(0); c == '+' || c == '-' {
		i++
	}
	return isDigit(lx.peek(i)) || lx.peek(i) == '.' && isDigit(lx.peek(i+1))
}

// startsIdent reports whether an identifier starts i bytes ahead: a name
// character that is not a digit, or "-" followed by one, or "--".
func (lx *lexer) startsIdent(i int) bool {
	if lx.peek(i) == '-' {
		if lx.peek(i+1) == '-' {
			return true
		}
		i++
	}
	return isNameStart(lx.peek(i)) && lx.nameLen(i) > 0
}

// nameLen returns the length of the run of name characters i bytes ahead.
func (lx *lexer) nameLen(i int) int {
	n := 0
	for {
		c := lx.peek(i + n)
		if c >= utf8.RuneSelf {
			r, w := utf8.DecodeRuneInString(lx.src[lx.off+i+n:])
			if r == utf8.RuneError {
				return n
			}
			n += w
			continue
		}
		if !isNameStart(c) && !isDigit(c) && c != '-' {
			return n
		}
		n++
	}
}

func digits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func isSpace(c byte) bool   { return c == ' ' || c == '\t' || isNewline(c) }
func isNewline(c byte) bool { return c == '\n' || c == '\r' || c == '\f' }
func isDigit(c byte) bool   { return '0' <= c && c <= '9' }
func isNameStart(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c >= utf8.RuneSelf
}

// unquote returns the value of a tString token's text.
func unquote(s string) string {
	if len(s) < 2 {
		return ""
	}
	s = s[1 : len(s)-1]
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
