package paint

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// TestComposeMatchesHarfBuzz: a string put together from its runes'
// shapings is glyph for glyph, position for position, what HarfBuzz
// shapes, for Fyne's fonts at several sizes, over numbers with units,
// words with kerning pairs and ligatures, and random Latin-1 strings; and
// the numbers an HMI shows are composed (no HarfBuzz).
func TestComposeMatchesHarfBuzz(t *testing.T) {
	words := []string{
		"0", "12.5 °C", "-3,75 bar", "100 %", "1 234.56 m³/h", "47.11", "AV", "To", "Wa", "LT", "fi", "ff", "office",
		"Tank 1", "Pump 2 Running", "r.", "y,", "P.", "F,", "1/2", "T°", "«Ä»", "Œuvre", "ÿ", "±0.5", "×÷",
		"Ťěšť", "ǅ", "  ", " x ", "a\u00adb", "x\u0301", "ﬁ", "日本", "a\tb",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("0123456789.,-+ %°C°FbarVATWoLyfiPrm³/h()[]:;!?'\"ÄÖÜäöüßéèàçñÆæøØ×÷±µ²¹ȀɃ")
	for range 3000 {
		n := 1 + rng.IntN(12)
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		words = append(words, string(r))
	}
	mustCompose := []string{"0", "12.5 °C", "-3,75 bar", "100 %", "47.11", "Pump 2"}
	tc := newTextCache()
	styles := []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Bold: true, Italic: true}, {Monospace: true}, {Symbol: true}}
	composed, total := 0, 0
	for _, style := range styles {
		fonts := tc.fontmap(defaultFont(style), style, false)
		for _, size := range []float32{9, 12.5, 14, 18, 28, 41.3} {
			fsize := fixed.Int26_6(math.Round(float64(size) * 64))
			in := shaping.Input{Direction: di.DirectionLTR, Face: fonts.ResolveFace(' '), Size: fsize}
			for _, w := range words {
				runes := []rune(w)
				total++
				c := &shaped{}
				if in.Face != fonts.faces[0] || !tc.compose(c, runes, fonts.faces[0], fsize) {
					if !style.Symbol {
						for _, m := range mustCompose {
							if w == m {
								t.Errorf("%+v %v: %q not composed", style, size, w)
							}
						}
					}
					continue
				}
				composed++
				h := &shaped{}
				tc.harfbuzz(h, in, runes, fonts, 40)
				if !sameShaping(c, h) {
					t.Errorf("%+v %v: %q composed %+v, HarfBuzz %+v", style, size, w, c, h)
				}
			}
		}
	}
	t.Logf("%d of %d strings composed", composed, total)
	if composed < total/4 {
		t.Errorf("only %d of %d strings composed", composed, total)
	}
}

func sameShaping(a, b *shaped) bool {
	if a.size.Width != b.size.Width || len(a.glyphs) != len(b.glyphs) {
		return false
	}
	for i := range a.glyphs {
		if a.glyphs[i] != b.glyphs[i] {
			return false
		}
	}
	return true
}

// TestComposeBounded: the remembered shapings stay bounded whatever
// strings come.
func TestComposeBounded(t *testing.T) {
	tc := newTextCache()
	fonts := tc.fontmap(defaultFont(fyne.TextStyle{}), fyne.TextStyle{}, false)
	for size := range 2 * maxComposeKeys {
		tc.compose(&shaped{}, []rune("1.5 °C"), fonts.faces[0], fixed.Int26_6(64*(size+1)))
	}
	if len(tc.composed) > maxComposeKeys {
		t.Errorf("%d compose sets kept, at most %d", len(tc.composed), maxComposeKeys)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 4 * maxComposePairs {
		tc.compose(&shaped{}, []rune{rune(0x20 + rng.IntN(0x230)), rune(0x20 + rng.IntN(0x230))}, fonts.faces[0], 64*12)
	}
	for k, set := range tc.composed {
		if len(set.pairs) > maxComposePairs {
			t.Errorf("%v: %d pairs kept, at most %d", k, len(set.pairs), maxComposePairs)
		}
	}
}

// FuzzCompose: whatever the string, style and size, a composed shaping is
// HarfBuzz's (or the string is left to HarfBuzz).
func FuzzCompose(f *testing.F) {
	for _, s := range []string{"12.5 °C", "AVA", "office", "Tä 1,5", "x\u0301", "1\t2"} {
		f.Add(s, uint8(0), uint16(14*64))
	}
	tc := newTextCache()
	f.Fuzz(func(t *testing.T, text string, styleBits uint8, size uint16) {
		style := fyne.TextStyle{Bold: styleBits&1 != 0, Italic: styleBits&2 != 0, Monospace: styleBits&4 != 0}
		fsize := fixed.Int26_6(max(64, min(int(size), 200*64)))
		primary := defaultFont(style)
		if got := tc.composed1(text, float32(size)/64, primary, keyOf(primary)); got != nil {
			want := tc.layout(text, float32(size)/64, style, tc.fontmap(primary, style, false))
			if !sameShaping(got, want) || got.size != want.size || got.base != want.base {
				t.Fatalf("%+v %v: %q composed1 %+v, layout %+v", style, size, text, got, want)
			}
		}
		runes := []rune(text)
		if len(runes) > maxComposeRunes {
			runes = runes[:maxComposeRunes]
		}
		fonts := tc.fontmap(defaultFont(style), style, false)
		in := shaping.Input{Direction: di.DirectionLTR, Face: fonts.ResolveFace(' '), Size: fsize}
		c := &shaped{}
		if in.Face != fonts.faces[0] || !tc.compose(c, runes, fonts.faces[0], fsize) {
			return
		}
		h := &shaped{}
		tc.harfbuzz(h, in, runes, fonts, 40)
		if !sameShaping(c, h) {
			t.Fatalf("%+v %v: %q composed %+v, HarfBuzz %+v", style, fsize, text, c, h)
		}
	})
}

// TestComposableASCII: composable's shortcut for ASCII says what the
// Unicode script table says.
func TestComposableASCII(t *testing.T) {
	for r := rune(0x20); r < 0x7f; r++ {
		latin, ok := composable(r)
		script := language.LookupScript(r)
		if !ok || latin != (script == language.Latin) || (!latin && script != language.Common) {
			t.Errorf("%q: latin %v ok %v, its script %v", r, latin, ok, script)
		}
	}
}

// TestComposedOneMatchesLayout: the short way of a composable string
// (composed1) gives exactly what layout gives through the font list, for
// every style and size, and leaves to layout what it cannot do (tabs,
// CRs, runes of a fallback font, long strings, sizes out of range); the
// numbers an HMI shows take the short way.
func TestComposedOneMatchesLayout(t *testing.T) {
	words := []string{
		"", "0", "12.5 °C", "-3,75 bar", "100 %", "Pump 2", "a\tb", "a\rb", "Level ▲ 42", "日本", "\xff\xfe",
		"ﬁ", "x\u0301", string(make([]rune, maxComposeRunes)), strings.Repeat("8", maxComposeRunes), strings.Repeat("8", maxComposeRunes+1),
	}
	rng := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("0123456789.,-+ %°CbarVATWoyfiPÄéµ\t●")
	for range 500 {
		r := make([]rune, 1+rng.IntN(10))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		words = append(words, string(r))
	}
	tc := newTextCache()
	short := 0
	for _, style := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}, {Symbol: true}} {
		primary := defaultFont(style)
		fk := keyOf(primary)
		for _, size := range []float32{0, -1, float32(math.NaN()), 9, 14, 41.3, 2e4} {
			for _, w := range words {
				got := tc.composed1(w, size, primary, fk)
				if got == nil {
					continue
				}
				short++
				want := tc.layout(w, size, style, tc.fontmap(primary, style, false))
				if !sameShaping(got, want) || got.size != want.size || got.base != want.base {
					t.Errorf("%+v %v %q: composed1 %+v, layout %+v", style, size, w, got, want)
				}
			}
		}
	}
	for _, w := range []string{"0", "12.5 °C", "-3,75 bar", "100 %", "Pump 2", strings.Repeat("8", maxComposeRunes)} {
		if tc.composed1(w, 14, theme.DefaultTextFont(), keyOf(theme.DefaultTextFont())) == nil {
			t.Errorf("%q does not take the short way", w)
		}
	}
	for _, w := range []string{"a\tb", "a\rb", "Level ▲ 42", strings.Repeat("8", maxComposeRunes+1)} {
		if tc.composed1(w, 14, theme.DefaultTextFont(), keyOf(theme.DefaultTextFont())) != nil {
			t.Errorf("%q takes the short way", w)
		}
	}
	t.Logf("%d strings took the short way", short)
}
