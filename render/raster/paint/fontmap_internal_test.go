package paint

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/font"
)

// TestFontmapParsesFallbacksOnDemand: a string that the primary font
// covers parses that font alone (each parsed font holds about 1.3 MB);
// a rune it lacks parses the fallbacks in order as far as the first that
// has it. Every rune resolves to the same face as with every font of the
// list parsed first (the slow reference).
func TestFontmapParsesFallbacksOnDemand(t *testing.T) {
	regular, symbol, mono := theme.DefaultTextFont(), theme.DefaultSymbolFont(), theme.DefaultTextMonospaceFont()
	for _, tc := range []struct {
		name   string
		text   string
		style  fyne.TextStyle
		parsed []fyne.Resource
	}{
		{"latin", "Pump 1 running: 42.0 %", fyne.TextStyle{}, []fyne.Resource{regular}},
		{"empty", "", fyne.TextStyle{}, []fyne.Resource{regular}},
		{"a sign only the monospace font has", "Level ▲ 42", fyne.TextStyle{}, []fyne.Resource{regular, symbol, mono}},
		{"bold", "Alarm", fyne.TextStyle{Bold: true}, []fyne.Resource{theme.DefaultTextBoldFont()}},
		{"monospace", "x = 1", fyne.TextStyle{Monospace: true}, []fyne.Resource{mono}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pt := New()
			pt.shape(tc.text, 14, tc.style, nil)
			var got []string
			for k, f := range pt.text.faces {
				if f != nil {
					got = append(got, k.name)
				}
			}
			var want []string
			for _, r := range tc.parsed {
				want = append(want, r.Name())
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("parsed %v, want %v", got, want)
			}

			// The reference: every font of the list parsed before any rune.
			ref := New().text
			lazy := pt.text.fontmap(themeFont(tc.style), tc.style, false)
			var all []*font.Face
			for _, r := range []fyne.Resource{themeFont(tc.style), defaultFont(tc.style), symbol, mono} {
				if f := ref.face(r); f != nil && !slices.Contains(all, f) {
					all = append(all, f)
				}
			}
			for _, r := range tc.text + "\u0000" {
				want := all[0]
				for _, f := range all {
					if _, ok := f.NominalGlyph(r); ok {
						want = f
						break
					}
				}
				got := lazy.ResolveFace(r)
				if got == nil || got.Describe().Family != want.Describe().Family {
					t.Errorf("rune %q resolves to %v, want %s", r, describe(got), want.Describe().Family)
				}
			}
		})
	}
}

func describe(f *font.Face) string {
	if f == nil {
		return "no face"
	}
	return f.Describe().Family
}
