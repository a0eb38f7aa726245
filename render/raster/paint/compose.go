package paint

import (
	"math"

	"fyne.io/fyne/v2"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// An HMI's changing texts are numbers with a unit ("21.4 °C"): a new
// string every change, each shaped by HarfBuzz (tens of µs, most of a
// value change's frame). Such a string is put together from its runes'
// own shapings instead, when that gives what HarfBuzz gives: every rune
// a simple Latin-1 or Latin Extended one that the primary face has and
// that shapes alone to one glyph, and every pair of neighbours shaped
// together to the same two glyphs with the same advances and offsets (no
// kerning, ligature or substitution between them). Runes and pairs are
// shaped once per face, size and script and remembered, so the steady
// state of a changing number is a few map lookups and no HarfBuzz.

const (
	maxComposeRunes = 64      // longer strings go to HarfBuzz
	maxComposeKeys  = 64      // faces × sizes × scripts remembered
	maxComposePairs = 1 << 14 // pairs remembered per face, size and script
)

// composeKey names the single-rune and pair shapings of one face at one
// size, in one script (Common for digits and signs alone, Latin with a
// letter: HarfBuzz looks up a font's features per script).
type composeKey struct {
	face   *font.Face
	size   fixed.Int26_6
	script language.Script
}

// composeSet is what is known of one composeKey's runes and pairs.
type composeSet struct {
	runes map[rune]runeShape
	pairs map[[2]rune]bool // shaped together as apart
}

// runeShape is a rune shaped alone: its glyph and position (ok false: not
// one glyph, it cannot be composed).
type runeShape struct {
	id              font.GID
	adv, xoff, yoff fixed.Int26_6
	ok              bool
}

// spaceKey names a face's line metrics at a size.
type spaceKey struct {
	face *font.Face
	size fixed.Int26_6
}

// lineMetrics is what shaping a space gives layout: the line's height,
// the baseline and the space's advance; space is whether the face has a
// space (else layout takes its metrics from a fallback's).
type lineMetrics struct {
	height, base, advance float32
	space                 bool
}

// metrics returns the line metrics of face at size, shaped once.
func (tc *textCache) metrics(face *font.Face, size fixed.Int26_6) lineMetrics {
	k := spaceKey{face, size}
	if m, ok := tc.spaces[k]; ok {
		return m
	}
	out := tc.shaper.Shape(shaping.Input{Text: []rune{' '}, RunEnd: 1, Direction: di.DirectionLTR, Face: face, Size: size})
	_, space := face.NominalGlyph(' ')
	m := lineMetrics{height: f266(out.LineBounds.LineThickness()), base: f266(out.LineBounds.Ascent), advance: f266(out.Advance), space: space}
	if len(tc.spaces) >= maxComposeKeys {
		clear(tc.spaces)
	}
	tc.spaces[k] = m
	return m
}

// composed1 is layout's result for a string that compose can put
// together in the primary font (the common case: a number and its unit),
// found without building the font list, converting the string on the
// heap or looking the space up in the fonts again: the steps of a value
// change's frame that are not the composing itself. nil: layout must
// shape it (a rune the primary font lacks or that does not compose, a
// tab, a CR, a long string, a font that does not parse).
func (tc *textCache) composed1(text string, size float32, primary fyne.Resource, fk fontKey) *shaped {
	if !(size > 0) || size > 1e4 || len(text) > 4*maxComposeRunes {
		return nil
	}
	var buf [maxComposeRunes]rune
	runes := buf[:0]
	for _, r := range text {
		if len(runes) == maxComposeRunes {
			return nil
		}
		runes = append(runes, r)
	}
	face := tc.faceOf(primary, fk)
	if face == nil {
		return nil
	}
	fsize := fixed.Int26_6(math.Round(float64(size) * 64))
	lm := tc.metrics(face, fsize)
	if !lm.space { // layout's line metrics come from the fallback with a space
		return nil
	}
	s := &shaped{size: fyne.Size{Height: lm.height}, base: lm.base, glyphs: make([]glyph, 0, len(runes))}
	if !tc.compose(s, runes, face, fsize) {
		return nil
	}
	return s
}

// composable reports whether r may be composed: a printable rune below
// the combining marks (U+0300) that is not a control or a soft hyphen
// (which HarfBuzz hides), of the Common or Latin script.
func composable(r rune) (latin, ok bool) {
	if r < 0x20 || r >= 0x250 || (r >= 0x7f && r < 0xa0) || r == 0xad {
		return false, false
	}
	if r < 0x7f { // ASCII: the letters are Latin, the rest Common
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z'), true
	}
	switch language.LookupScript(r) {
	case language.Latin:
		return true, true
	case language.Common:
		return false, true
	}
	return false, false
}

// compose lays out runes (no tab, no CR) in face at size from their
// remembered shapings into s, and reports whether it could; if not, s is
// untouched and HarfBuzz shapes the string.
func (tc *textCache) compose(s *shaped, runes []rune, face *font.Face, size fixed.Int26_6) bool {
	if len(runes) > maxComposeRunes || face == nil {
		return false
	}
	script := language.Common
	for _, r := range runes {
		latin, ok := composable(r)
		if !ok {
			return false
		}
		if latin {
			script = language.Latin
		}
	}
	k := composeKey{face, size, script}
	set := tc.composed[k]
	if set == nil {
		if len(tc.composed) >= maxComposeKeys {
			clear(tc.composed)
		}
		set = &composeSet{runes: map[rune]runeShape{}, pairs: map[[2]rune]bool{}}
		tc.composed[k] = set
	}
	var shapes [maxComposeRunes]runeShape
	for i, r := range runes {
		rs, ok := set.runes[r]
		if !ok {
			rs = tc.shapeRune(r, k)
			set.runes[r] = rs
		}
		if !rs.ok {
			return false
		}
		shapes[i] = rs
		if i > 0 && !tc.pairApart(set, k, runes[i-1], r, shapes[i-1], rs) {
			return false
		}
	}
	x := float32(0)
	for i := range runes {
		rs := &shapes[i]
		s.glyphs = append(s.glyphs, glyph{face: face, id: rs.id, x: x + f266(rs.xoff), y: -f266(rs.yoff)})
		x += f266(rs.adv)
	}
	s.size.Width = x
	return true
}

// shapeRune shapes r alone as layout would shape it in a run of k's face,
// size and script: composable when the face has it and it is one glyph.
func (tc *textCache) shapeRune(r rune, k composeKey) runeShape {
	if _, has := k.face.NominalGlyph(r); !has {
		return runeShape{}
	}
	out := tc.shaper.Shape(shaping.Input{Text: []rune{r}, RunEnd: 1, Direction: di.DirectionLTR, Face: k.face, Size: k.size, Script: k.script})
	if len(out.Glyphs) != 1 {
		return runeShape{}
	}
	g := out.Glyphs[0]
	return runeShape{id: g.GlyphID, adv: g.XAdvance, xoff: g.XOffset, yoff: g.YOffset, ok: true}
}

// pairApart reports whether a then b shape together as they do apart,
// shaping the pair the first time.
func (tc *textCache) pairApart(set *composeSet, k composeKey, a, b rune, sa, sb runeShape) bool {
	p := [2]rune{a, b}
	if same, ok := set.pairs[p]; ok {
		return same
	}
	out := tc.shaper.Shape(shaping.Input{Text: p[:], RunEnd: 2, Direction: di.DirectionLTR, Face: k.face, Size: k.size, Script: k.script})
	same := len(out.Glyphs) == 2
	for i, want := range [2]runeShape{sa, sb} {
		if !same {
			break
		}
		g := out.Glyphs[i]
		same = g.GlyphID == want.id && g.XAdvance == want.adv && g.XOffset == want.xoff && g.YOffset == want.yoff
	}
	if len(set.pairs) >= maxComposePairs {
		clear(set.pairs)
	}
	set.pairs[p] = same
	return same
}
