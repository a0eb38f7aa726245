package paint

import (
	"bytes"
	"image"
	"math"
	"slices"
	"strings"
	"unsafe"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Text is shaped once per (string, size, style, font) with go-text's
// HarfBuzz port, the way Fyne's painters shape it (same runs, tab stops,
// line height and baseline), and the same shaped string serves both
// TextSize (layout) and drawing (pixels), so they agree.

const (
	maxRunGlyphs   = 1 << 16 // shaped strings kept, in glyphs (about 40 bytes each)
	maxFaces       = 64      // parsed fonts kept; a theme has six
	tabSpaces      = 10      // Fyne's tab width unit for proportional fonts
	defaultTabs    = 4       // Fyne's default tab width in spaces
	maxTextRunes   = 1 << 16 // longer strings are cut: bounded shaping work
	maxTextObjects = 1 << 14 // text objects whose last shaping is remembered
)

// textCache holds the parsed fonts and the shaped strings.
type textCache struct {
	faces  map[fontKey]*font.Face
	runs   *cache[runKey, *shaped]
	memo   *cache[*canvas.Text, textMemo] // the last shaping of each text object
	frame  *[32]themeFace                 // the theme's fonts by styleIndex during a Paint, nil outside
	shaper shaping.HarfbuzzShaper
	seg    shaping.Segmenter
	glyphs *cache[glyphKey, *image.Alpha]
	// composed are the single-rune and pair shapings strings are put
	// together from (compose.go); spaces the line metrics of each face
	// and size.
	composed map[composeKey]*composeSet
	spaces   map[spaceKey]lineMetrics
}

func newTextCache() *textCache {
	tc := &textCache{
		memo:     newCache[*canvas.Text](maxTextObjects, func(textMemo) int { return 1 }),
		faces:    map[fontKey]*font.Face{},
		runs:     newCache[runKey](maxRunGlyphs, func(s *shaped) int { return len(s.glyphs) + 1 }),
		glyphs:   newCache[glyphKey](maxGlyphBytes, glyphCost),
		composed: map[composeKey]*composeSet{},
		spaces:   map[spaceKey]lineMetrics{},
	}
	tc.shaper.SetFontCacheSize(maxFaces) // 0 by default: HarfBuzz's font rebuilt for every string
	return tc
}

// textMemo is what a text object was shaped as: while its fields and font
// stay the same, painting it again skips hashing its string.
type textMemo struct {
	text  string
	size  float32
	style fyne.TextStyle
	font  fontKey
	s     *shaped
}

// themeFace is a theme font and its key.
type themeFace struct {
	res fyne.Resource
	key fontKey
}

// styleIndex numbers the styles a theme may give a font of its own; -1
// for one with a tab width (not remembered during a frame).
func styleIndex(s fyne.TextStyle) int {
	if s.TabWidth != 0 {
		return -1
	}
	b := func(v bool, bit int) int {
		if v {
			return 1 << bit
		}
		return 0
	}
	return b(s.Bold, 0) | b(s.Italic, 1) | b(s.Monospace, 2) | b(s.Symbol, 3) | b(s.Underline, 4)
}

// fontKey names a font resource by its name and its bytes' identity (not
// the resource value: a Resource need not be comparable).
type fontKey struct {
	name string
	data *byte
	n    int
}

func keyOf(r fyne.Resource) fontKey {
	b := r.Content()
	return fontKey{name: r.Name(), data: unsafe.SliceData(b), n: len(b)}
}

type runKey struct {
	text  string
	size  float32
	style fyne.TextStyle
	font  fontKey
}

// shaped is a string laid out on one line, in Fyne units.
type shaped struct {
	glyphs []glyph
	size   fyne.Size
	base   float32 // baseline, from the top
}

type glyph struct {
	face *font.Face
	id   font.GID
	x, y float32 // the pen, from the left end of the baseline (y down)
}

// TextSize is Fyne's driver.RenderedTextSize: the size of text in Fyne
// units and the distance from its top to its baseline.
func (pt *Painter) TextSize(text string, size float32, style fyne.TextStyle, source fyne.Resource) (fyne.Size, float32) {
	s := pt.shape(text, size, style, source)
	return s.size, s.base
}

// shapeText returns the shaping of t, remembered per object.
func (pt *Painter) shapeText(t *canvas.Text) *shaped {
	_, fk := pt.text.primary(t.TextStyle, t.FontSource)
	m, ok := pt.text.memo.get(t)
	if ok && m.text == t.Text && m.size == t.TextSize && m.style == t.TextStyle && m.font == fk {
		return m.s
	}
	s := pt.shape(t.Text, t.TextSize, t.TextStyle, t.FontSource)
	m = textMemo{text: t.Text, size: t.TextSize, style: t.TextStyle, font: fk, s: s}
	if ok {
		pt.text.memo.update(t, m)
	} else {
		pt.text.memo.put(t, m)
	}
	return s
}

// primary is the font text is shaped with first: its source, else the
// theme's font for its style (looked up once a frame during Paint).
func (tc *textCache) primary(style fyne.TextStyle, source fyne.Resource) (fyne.Resource, fontKey) {
	if source != nil {
		return source, keyOf(source)
	}
	i := styleIndex(style)
	if tc.frame != nil && i >= 0 && tc.frame[i].res != nil {
		return tc.frame[i].res, tc.frame[i].key
	}
	r := themeFont(style)
	k := keyOf(r)
	if tc.frame != nil && i >= 0 {
		tc.frame[i] = themeFace{r, k}
	}
	return r, k
}

// shape returns the cached shaping of text.
func (pt *Painter) shape(text string, size float32, style fyne.TextStyle, source fyne.Resource) *shaped {
	tc := pt.text
	primary, fk := tc.primary(style, source)
	k := runKey{text: text, size: size, style: style, font: fk}
	if s, ok := tc.runs.get(k); ok {
		return s
	}
	s := tc.composed1(text, size, primary, fk)
	if s == nil {
		s = tc.layout(text, size, style, tc.fontmap(primary, style, source != nil))
	}
	tc.runs.put(k, s)
	return s
}

// themeFont is the current theme's font for style, else Fyne's own.
func themeFont(style fyne.TextStyle) fyne.Resource {
	if style.Symbol {
		if f := theme.SymbolFont(); f != nil {
			return f
		}
		return theme.DefaultSymbolFont()
	}
	if f := theme.Current().Font(style); f != nil {
		return f
	}
	return defaultFont(style)
}

// defaultFont is Fyne's bundled font for style, the fallback for runes
// the theme's font lacks (Fyne's painters choose it the same way).
func defaultFont(style fyne.TextStyle) fyne.Resource {
	switch {
	case style.Monospace:
		return theme.DefaultTextMonospaceFont()
	case style.Bold && style.Italic:
		return theme.DefaultTextBoldItalicFont()
	case style.Bold:
		return theme.DefaultTextBoldFont()
	case style.Italic:
		return theme.DefaultTextItalicFont()
	case style.Symbol:
		return theme.DefaultSymbolFont()
	}
	return theme.DefaultTextFont()
}

// fontmap is the list of faces a string is shaped with: the primary font,
// then Fyne's default for the style, then Fyne's bundled symbol and
// monospace fonts. Fyne's own painters look for a rune missing from the
// first two among the system's fonts; a panel may have none, so gohmi
// takes the bundled DejaVu Sans Mono, which has the signs HMIs show
// (● − ▲ ▼ ✓ ⚠ ■ …), and a screen looks the same on every machine.
// Only the first font that parses is parsed now; each fallback is parsed
// when a rune first reaches it (a parsed font costs about 1.3 MB: a
// screen without signs such as ● ○ never needs the monospace one).
func (tc *textCache) fontmap(primary fyne.Resource, style fyne.TextStyle, custom bool) *faceList {
	fl := &faceList{tc: tc}
	fl.add(primary)
	if !custom || len(fl.faces) == 0 {
		fl.rest = append(fl.rest, defaultFont(style))
	}
	fl.rest = append(fl.rest, theme.DefaultSymbolFont(), theme.DefaultTextMonospaceFont())
	return fl
}

// face parses r once; nil when r is not a font.
func (tc *textCache) face(r fyne.Resource) *font.Face { return tc.faceOf(r, keyOf(r)) }

// faceOf is face, given r's key.
func (tc *textCache) faceOf(r fyne.Resource, k fontKey) *font.Face {
	if f, ok := tc.faces[k]; ok {
		return f
	}
	if len(tc.faces) >= maxFaces {
		clear(tc.faces)
		tc.runs.reset()
		tc.glyphs.reset()
		clear(tc.composed)
		clear(tc.spaces)
	}
	f, err := font.ParseTTF(bytes.NewReader(r.Content()))
	if err != nil {
		fyne.LogError("paint: font "+r.Name(), err)
		f = nil
	}
	tc.faces[k] = f
	return f
}

// faceList resolves each rune to the first face that has it, in the order
// of fontmap, parsing the fallbacks in rest only as far as a rune needs.
type faceList struct {
	tc    *textCache
	faces []*font.Face    // parsed, in order, each once
	rest  []fyne.Resource // the fallbacks not parsed yet, in order
}

// add appends r's face unless it does not parse or is there already.
func (fl *faceList) add(r fyne.Resource) {
	f := fl.tc.face(r)
	if f == nil || slices.Contains(fl.faces, f) {
		return
	}
	fl.faces = append(fl.faces, f)
}

// empty reports whether no font of the list parses.
func (fl *faceList) empty() bool {
	for len(fl.faces) == 0 && fl.more() {
	}
	return len(fl.faces) == 0
}

// more parses the next fallback; false when none is left.
func (fl *faceList) more() bool {
	if len(fl.rest) == 0 {
		return false
	}
	r := fl.rest[0]
	fl.rest = fl.rest[1:]
	fl.add(r)
	return true
}

func (fl *faceList) ResolveFace(r rune) *font.Face {
	checked := 0
	for {
		for ; checked < len(fl.faces); checked++ {
			if _, ok := fl.faces[checked].NominalGlyph(r); ok {
				return fl.faces[checked]
			}
		}
		if !fl.more() {
			break
		}
	}
	if len(fl.faces) == 0 {
		return nil
	}
	return fl.faces[0]
}

// layout shapes text on one line as Fyne's painters do: runs split by
// face and script, tabs to stops of TabWidth spaces.
func (tc *textCache) layout(text string, size float32, style fyne.TextStyle, fonts *faceList) *shaped {
	s := &shaped{}
	if fonts.empty() || !(size > 0) || size > 1e4 {
		return s
	}
	text = strings.ReplaceAll(text, "\r", "")
	runes := []rune(text)
	if len(runes) > maxTextRunes {
		runes = runes[:maxTextRunes]
	}
	fsize := fixed.Int26_6(math.Round(float64(size) * 64))
	in := shaping.Input{Direction: di.DirectionLTR, Face: fonts.ResolveFace(' '), Size: fsize}
	lm := tc.metrics(in.Face, fsize)
	s.size.Height, s.base = lm.height, lm.base
	spacew := float32(tabSpaces)
	if style.Monospace {
		spacew = lm.advance
	}
	tabs := style.TabWidth
	if tabs <= 0 {
		tabs = defaultTabs
	}
	if len(runes) == 0 || (in.Face == fonts.faces[0] && tc.compose(s, runes, in.Face, fsize)) {
		return s
	}
	tc.harfbuzz(s, in, runes, fonts, spacew*float32(tabs))
	return s
}

// harfbuzz shapes runes into s with HarfBuzz, as Fyne's painters do: runs
// split by face and script, tabs to stops every tw.
func (tc *textCache) harfbuzz(s *shaped, in shaping.Input, runes []rune, fonts *faceList, tw float32) {
	in.Text, in.RunStart, in.RunEnd = runes, 0, len(runes)
	x := float32(0)
	for _, run := range tc.seg.Split(in, fonts) {
		start := run.RunStart
		for i := run.RunStart; i < run.RunEnd; i++ {
			if runes[i] != '\t' {
				continue
			}
			x = tc.addRun(s, run, start, i, x)
			x = tw * float32(math.Floor(float64((x+tw)/tw)))
			start = i + 1
		}
		x = tc.addRun(s, run, start, run.RunEnd, x)
	}
	s.size.Width = x
}

// addRun shapes runes [from, to) of run at pen x and returns the new pen.
func (tc *textCache) addRun(s *shaped, run shaping.Input, from, to int, x float32) float32 {
	if from >= to {
		return x
	}
	run.RunStart, run.RunEnd = from, to
	out := tc.shaper.Shape(run)
	for _, g := range out.Glyphs {
		s.glyphs = append(s.glyphs, glyph{face: out.Face, id: g.GlyphID, x: x + f266(g.XOffset), y: -f266(g.YOffset)})
		x += f266(g.XAdvance)
	}
	return x
}

func f266(v fixed.Int26_6) float32 { return float32(v) / 64 }

// textPlace is where a text object's string goes, in pixels.
type textPlace struct {
	s        *shaped
	box      image.Rectangle // the text box: glyphs are clipped to it
	x0, base float32         // pen origin: left end of the baseline
}

// textBox places t at pos as Fyne's GL painter does: aligned in its width
// by its measured size, centred in its height when taller, the box one
// italic lean wider.
func (pt *Painter) textBox(t *canvas.Text, pos fyne.Position, scale float32) textPlace {
	s := pt.shapeText(t)
	bounds := t.Size()
	switch t.Alignment {
	case fyne.TextAlignTrailing:
		pos.X += bounds.Width - s.size.Width
	case fyne.TextAlignCenter:
		pos.X += (bounds.Width - s.size.Width) / 2
	}
	if bounds.Height > s.size.Height {
		pos.Y += (bounds.Height - s.size.Height) / 2
	}
	pad := float32(0)
	if t.TextStyle.Italic {
		pad = t.TextSize / 5
	}
	x, y := px(pos.X, scale), px(pos.Y, scale)
	w := clampInt(math.Ceil(float64((s.size.Width + pad) * scale)))
	h := clampInt(math.Ceil(float64(s.size.Height * scale)))
	return textPlace{
		s: s, box: image.Rect(x, y, x+w, y+h),
		x0: float32(x), base: float32(y) + float32(math.Ceil(float64(s.base*scale))),
	}
}
