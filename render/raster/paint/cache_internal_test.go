package paint

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

func TestCache(t *testing.T) {
	type op struct {
		put  int // key to put (cost 1), or
		get  int // key to get (put 0)
		want bool
	}
	for _, tc := range []struct {
		name  string
		limit int
		ops   []op
		size  int
	}{
		{"hit", 10, []op{{put: 1}, {get: 1, want: true}, {get: 2}}, 1},
		{"a generation holds half the limit", 4, []op{{put: 1}, {put: 2}, {put: 3}, {get: 1, want: true}, {get: 3, want: true}}, 3},
		{"two generations later an entry is gone", 4, []op{{put: 1}, {put: 2}, {put: 3}, {put: 4}, {put: 5}, {get: 1}, {get: 5, want: true}}, 3},
		{"a hit moves an entry to the current generation", 4, []op{{put: 1}, {put: 2}, {put: 3}, {get: 1, want: true}, {put: 4}, {put: 5}, {get: 1, want: true}, {get: 2}}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCache[int, int](tc.limit, func(int) int { return 1 })
			for i, o := range tc.ops {
				if o.put != 0 {
					c.put(o.put, o.put)
					continue
				}
				if v, ok := c.get(o.get); ok != o.want || (ok && v != o.get) {
					t.Errorf("op %d: get(%d) = %d, %v; want %v", i, o.get, v, ok, o.want)
				}
			}
			if c.size() != tc.size || c.size() > tc.limit {
				t.Errorf("size %d, want %d (limit %d)", c.size(), tc.size, tc.limit)
			}
		})
	}
}

// TestCachesBounded: a value that changes all day (a new string every
// frame, in texts that come and go) keeps every cache within its bound.
func TestCachesBounded(t *testing.T) {
	test.NewTempApp(t).Settings().SetTheme(theme.DefaultTheme())
	p := New()
	dst := image.NewRGBA(image.Rect(0, 0, 200, 60))
	for i := range 20000 {
		v := canvas.NewText(fmt.Sprintf("%.3f bar", float64(i)/7), color.Black)
		v.TextSize = float32(10 + i%30)
		v.Resize(fyne.NewSize(200, 40))
		p.Paint(dst, dst.Rect, 1, color.White, []fyne.CanvasObject{container.NewWithoutLayout(v)})
	}
	if s := p.text.runs.size(); s > maxRunGlyphs+64 {
		t.Errorf("shaped strings hold %d glyphs, bound %d", s, maxRunGlyphs)
	}
	if s := p.text.memo.size(); s > maxTextObjects {
		t.Errorf("text memo holds %d objects, bound %d", s, maxTextObjects)
	}
	if s := p.text.glyphs.size(); s > maxGlyphBytes+1<<16 {
		t.Errorf("glyph masks hold %d bytes, bound %d", s, maxGlyphBytes)
	}
	if p.text.runs.size() < maxRunGlyphs/4 {
		t.Errorf("shaped strings hold only %d glyphs: the cache does not keep what it may", p.text.runs.size())
	}
}
