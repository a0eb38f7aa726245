package style

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gohmi/gohmi/gopage"
)

// value is one typed property value; which field holds it depends on the
// property's valueKind.
type value struct {
	c Color
	l Length
	f float32       // kOpacity
	i int           // kFontWeight
	d time.Duration // kDuration
	s string        // kFontFamily, kTextAlign, kVisibility, kDisplay
}

// valueError is a problem in a value, at the token that causes it.
type valueError struct {
	pos gopage.Pos
	msg string
}

func verr(t token, format string, args ...any) *valueError {
	return &valueError{t.pos, fmt.Sprintf(format, args...)}
}

// Global keywords, valid for every property.
const (
	kwNone = iota
	kwInherit
	kwInitial
	kwUnset
)

// globalKeyword returns which of inherit, initial and unset toks is.
func globalKeyword(toks []token) int {
	ts := significant(toks)
	if len(ts) != 1 || ts[0].kind != tIdent {
		return kwNone
	}
	switch strings.ToLower(ts[0].text) {
	case "inherit":
		return kwInherit
	case "initial":
		return kwInitial
	case "unset":
		return kwUnset
	}
	return kwNone
}

// checkDecl validates a declaration whose value is toks, reporting
// problems through errf. It returns whether the declaration is usable.
// Values holding var() are checked for var() syntax only: the rest can be
// known only in the cascade.
func checkDecl(d *Decl, toks []token, errf func(gopage.Pos, string)) bool {
	id, ok := lookupProp(d.Property)
	if !ok {
		errf(d.Pos, fmt.Sprintf("unknown property %q%s", d.Property, didYouMean(d.Property, propNames)))
		return false
	}
	if len(toks) == 0 {
		errf(d.ValuePos, "missing value for "+d.Property)
		return false
	}
	for _, t := range toks {
		switch t.kind {
		case tBad:
			return false // the lexer has said why
		case tSemicolon, tLBrace, tRBrace:
			errf(t.pos, "unexpected "+t.describe()+" in value")
			return false
		}
	}
	hasVar, e := checkParens(toks, 0)
	if e == nil && !hasVar && id != pCustom && globalKeyword(toks) == kwNone {
		_, e = parseValue(id, toks)
	}
	if e != nil {
		errf(e.pos, e.msg)
		return false
	}
	return true
}

// checkParens checks that parentheses balance, nest at most maxNest deep
// and that every var() is well formed; it reports whether toks hold var().
func checkParens(toks []token, depth int) (hasVar bool, _ *valueError) {
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case tRParen, tRBracket:
			return hasVar, verr(t, "unexpected %s", t.describe())
		case tLBracket:
			return hasVar, verr(t, "unexpected %s", t.describe())
		case tFunction, tLParen:
		default:
			continue
		}
		if depth >= maxNest {
			return hasVar, verr(t, "parentheses nested too deeply")
		}
		j := closeParen(toks, i)
		if j < 0 {
			return hasVar, verr(t, `%s has no matching ")"`, t.describe())
		}
		inner := toks[i+1 : j]
		if t.kind == tFunction && strings.EqualFold(t.text, "var") {
			hasVar = true
			_, fallback, _, ok := splitVar(inner)
			if !ok {
				return hasVar, verr(t, "var() needs a custom property name, as in var(--accent, red)")
			}
			inner = fallback
		}
		v, e := checkParens(inner, depth+1)
		hasVar = hasVar || v
		if e != nil {
			return hasVar, e
		}
		i = j
	}
	return hasVar, nil
}

// closeParen returns the index of the ")" closing the function or "(" at
// toks[i], or -1.
func closeParen(toks []token, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch toks[j].kind {
		case tFunction, tLParen:
			depth++
		case tRParen:
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return -1
}

// splitVar splits the inside of var(): a custom property name, then
// optionally a comma and a fallback (which may be empty).
func splitVar(inner []token) (name string, fallback []token, hasFallback, ok bool) {
	ts := trimWS(inner)
	if len(ts) == 0 || ts[0].kind != tIdent || !isCustom(ts[0].text) {
		return "", nil, false, false
	}
	rest := trimWS(ts[1:])
	if len(rest) == 0 {
		return ts[0].text, nil, false, true
	}
	if rest[0].kind != tComma {
		return "", nil, false, false
	}
	return ts[0].text, trimWS(rest[1:]), true, true
}

// significant returns toks without white space.
func significant(toks []token) []token {
	if !slices.ContainsFunc(toks, func(t token) bool { return t.kind == tWS }) {
		return toks
	}
	out := make([]token, 0, len(toks))
	for _, t := range toks {
		if t.kind != tWS {
			out = append(out, t)
		}
	}
	return out
}

// parseValue parses toks, free of var(), as a value of property id.
func parseValue(id propID, toks []token) (value, *valueError) {
	ts := significant(toks)
	if len(ts) == 0 {
		return value{}, &valueError{msg: "missing value"}
	}
	kind := props[id].kind
	if kind == kColor {
		return parseColorValue(ts)
	}
	if len(ts) > 1 {
		return value{}, verr(ts[1], "unexpected %s after the value of %s", ts[1].describe(), props[id].name)
	}
	t := ts[0]
	var v value
	var e *valueError
	switch kind {
	case kLength:
		v.l, e = parseLength(t, props[id].name)
	case kFontWeight:
		v.i, e = parseFontWeight(t)
	case kFontFamily:
		v.s, e = parseFontFamily(t)
	case kTextAlign:
		v.s, e = keyword(t, "left", "center", "right")
	case kOpacity:
		v.f, e = parseOpacity(t)
	case kVisibility:
		v.s, e = keyword(t, "visible", "hidden")
	case kDisplay:
		v.s, e = keyword(t, "none", "block", "inline", "flex")
	case kDuration:
		v.d, e = parseDuration(t)
	}
	return v, e
}

// keyword returns t's lower-cased text when it is one of kws.
func keyword(t token, kws ...string) (string, *valueError) {
	s := strings.ToLower(t.text)
	if t.kind == tIdent && slices.Contains(kws, s) {
		return s, nil
	}
	return "", verr(t, "expected %s, got %s%s", oneOf(kws), t.describe(), didYouMean(s, kws))
}

// oneOf returns "a, b or c".
func oneOf(kws []string) string {
	if len(kws) == 1 {
		return kws[0]
	}
	return strings.Join(kws[:len(kws)-1], ", ") + " or " + kws[len(kws)-1]
}

func parseLength(t token, prop string) (Length, *valueError) {
	var l Length
	switch {
	case t.kind == tDimension && t.unit == "px":
		l = Length{Value: float32(t.num), Unit: Px, Set: true}
	case t.kind == tPercentage:
		l = Length{Value: float32(t.num), Unit: Percent, Set: true}
	case t.kind == tNumber && t.num == 0:
		l = Length{Unit: Px, Set: true}
	case t.kind == tNumber:
		return l, verr(t, "expected a length, got %s (add px)", t.describe())
	case t.kind == tDimension:
		return l, verr(t, "unsupported unit %q in %s (use px or %%)", t.unit, t.describe())
	default:
		return l, verr(t, "expected a length in px or %%, got %s", t.describe())
	}
	if l.Value < 0 {
		return Length{}, verr(t, "%s must not be negative", prop)
	}
	if l.Value > 1e6 {
		return Length{}, verr(t, "%s is out of range", t.describe())
	}
	return l, nil
}

func parseFontWeight(t token) (int, *valueError) {
	switch {
	case t.kind == tIdent && strings.EqualFold(t.text, "normal"):
		return 400, nil
	case t.kind == tIdent && strings.EqualFold(t.text, "bold"):
		return 700, nil
	case t.kind == tNumber && t.num >= 100 && t.num <= 900 && math.Mod(t.num, 100) == 0:
		return int(t.num), nil
	}
	return 0, verr(t, "expected normal, bold or 100, 200, ... 900, got %s", t.describe())
}

// fontFamilies are the bundled fonts.
var fontFamilies = []string{"mono", "sans"}

func parseFontFamily(t token) (string, *valueError) {
	s := t.text
	switch t.kind {
	case tString:
		s = unquote(t.text)
	case tIdent:
	default:
		return "", verr(t, "expected a font family (sans or mono), got %s", t.describe())
	}
	s = strings.ToLower(s)
	if !slices.Contains(fontFamilies, s) {
		return "", verr(t, "unknown font family %q (bundled: sans, mono)%s", s, didYouMean(s, fontFamilies))
	}
	return s, nil
}

func parseOpacity(t token) (float32, *valueError) {
	v := t.num
	switch t.kind {
	case tNumber:
	case tPercentage:
		v /= 100
	default:
		return 0, verr(t, "expected a number between 0 and 1, got %s", t.describe())
	}
	if v < 0 || v > 1 {
		return 0, verr(t, "opacity must be between 0 and 1, got %s", t.describe())
	}
	return float32(v), nil
}

func parseDuration(t token) (time.Duration, *valueError) {
	var secs float64
	switch {
	case t.kind == tIdent && strings.EqualFold(t.text, "none"):
		return 0, nil
	case t.kind == tNumber && t.num == 0:
		return 0, nil
	case t.kind == tDimension && t.unit == "s":
		secs = t.num
	case t.kind == tDimension && t.unit == "ms":
		secs = t.num / 1000
	default:
		return 0, verr(t, "expected a duration in s or ms, got %s", t.describe())
	}
	if secs < 0 || secs > 3600 {
		return 0, verr(t, "duration %s out of range (0 to 1 hour)", t.describe())
	}
	return time.Duration(math.Round(secs * 1e9)), nil
}
