package paint_test

import (
	"image"
	"math"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render/raster/paint"
)

// FuzzPaint paints random trees (random strings, sizes, scales, clips):
// nothing panics and no pixel outside the clip changes.
//
//	CGO_ENABLED=0 go test -tags migrated_fynedo,no_emoji -run '^$' -fuzz FuzzPaint -fuzztime 1m ./render/raster/paint/
func FuzzPaint(f *testing.F) {
	f.Add(uint64(1), "42.7 °C", float32(1), 10, 10, 100, 80)
	f.Add(uint64(2), "\t\t\x00\uFFFD\u202e عربي", float32(2.5), -5, -5, 300, 300)
	f.Add(uint64(3), "", float32(0.1), 0, 0, 1, 1)
	f.Add(uint64(4), "Ŵ̸̢̛͔ȃ̶̮r̵̰͝n̴", float32(1e6), 50, 50, 60, 60)
	newApp(f)
	checkerRes = checker(f)
	p := paint.New()
	f.Fuzz(func(t *testing.T, seed uint64, s string, scale float32, x, y, w, h int) {
		const W, H = 160, 120
		r := rand.New(rand.NewPCG(seed, 11))
		roots := randomTree(r, W, H, []string{s})
		clip := image.Rect(x, y, x+w, y+h)
		dst := sentinel(W, H)
		p.Paint(dst, clip, scale, bg, roots)
		inside := clip.Intersect(dst.Rect)
		if !(scale > 0) || math.IsInf(float64(scale), 0) {
			inside = image.Rectangle{} // no scale: nothing painted
		}
		s0 := sentinel(W, H)
		for yy := 0; yy < H; yy++ {
			for xx := 0; xx < W; xx++ {
				if image.Pt(xx, yy).In(inside) {
					continue
				}
				if dst.RGBAAt(xx, yy) != s0.RGBAAt(xx, yy) {
					t.Fatalf("pixel (%d,%d) outside clip %v changed", xx, yy, clip)
				}
			}
		}
		for _, st := range []fyne.TextStyle{{}, {Bold: true, Italic: true}, {Monospace: true, TabWidth: r.IntN(9) - 2}, {Symbol: true}} {
			size, base := p.TextSize(s, scale, st, nil)
			if size.Width < 0 || size.Height < 0 || math.IsNaN(float64(base)) {
				t.Fatalf("TextSize(%q, %v) = %v, %v", s, scale, size, base)
			}
		}
	})
}
