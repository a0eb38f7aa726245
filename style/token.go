package style

import "github.com/gohmi/gohmi/gopage"

// tokKind is the kind of a [token], a subset of CSS Syntax Level 3's.
type tokKind uint8

const (
	tEOF        tokKind = iota
	tWS                 // whitespace
	tComment            // /* ... */
	tIdent              // color, --accent
	tFunction           // rgb(  (the text holds the name without the parenthesis)
	tAtKeyword          // @media (the text holds "@media")
	tHash               // #fff, #t1
	tString             // "sans" (text is the source form, quotes included)
	tNumber             // 12, 0.5
	tPercentage         // 50%
	tDimension          // 12px, 1s
	tColon              // :
	tSemicolon          // ;
	tComma              // ,
	tLBrace             // {
	tRBrace             // }
	tLParen             // (
	tRParen             // )
	tLBracket           // [
	tRBracket           // ]
	tDelim              // any other single character: . > * ! + ~ / =
	tBad                // a character or construct the lexer rejected
)

var tokNames = [...]string{
	tEOF: "end of file", tWS: "whitespace", tComment: "comment", tIdent: "identifier",
	tFunction: "function", tAtKeyword: "at-keyword", tHash: "hash", tString: "string",
	tNumber: "number", tPercentage: "percentage", tDimension: "dimension",
	tColon: `":"`, tSemicolon: `";"`, tComma: `","`, tLBrace: `"{"`, tRBrace: `"}"`,
	tLParen: `"("`, tRParen: `")"`, tLBracket: `"["`, tRBracket: `"]"`, tDelim: "delimiter",
	tBad: "bad token",
}

func (k tokKind) String() string {
	if int(k) < len(tokNames) {
		return tokNames[k]
	}
	return "token?"
}

// token is one lexeme with its position. text is the exact source text,
// except for tFunction (name only) and tWS (any run of whitespace).
type token struct {
	kind tokKind
	text string
	pos  gopage.Pos
	num  float64 // tNumber, tPercentage, tDimension
	unit string  // tDimension, lower-cased
}

// describe names the token for "got ..." in messages.
func (t token) describe() string {
	switch t.kind {
	case tEOF, tWS:
		return t.kind.String()
	case tFunction:
		return `"` + t.text + `("`
	}
	return `"` + t.text + `"`
}

// source returns the token as it prints.
func (t token) source() string {
	switch t.kind {
	case tFunction:
		return t.text + "("
	case tWS:
		return " "
	case tEOF:
		return ""
	}
	return t.text
}
