package render

import (
	"image"
	"image/draw"
	"math"
	"testing"
	"time"

	"golang.org/x/image/vector"

	"github.com/gohmi/gohmi/trends"
)

// TestTrendDrawMatchesReference checks the fast stroker (strips, bars and
// steep joins filled directly) against the plain one: every stroke a quad
// through one rasterizer the size of the plot. Pixels may differ where a
// steep join was filled as two half bars, by less than a pixel's worth.
func TestTrendDrawMatchesReference(t *testing.T) {
	for _, tc := range []struct {
		name  string
		width int
		pen   float32
	}{{"noisy 1280", 1280, 2}, {"noisy 300 wide pen", 300, 3}, {"thin", 700, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			c := benchChart(tc.width)
			for i := range c.pens {
				c.pens[i].width = tc.pen
			}
			// A gap and an empty stretch in pen 0.
			for j := tc.width / 3; j < tc.width/3+20; j++ {
				c.series[0].cols[j].has = false
			}
			c.series[0].cols[tc.width/3+20].gap = true
			w, h := tc.width+2*trendMarginAxis, 300+trendMarginTop+trendMarginBottom
			fast := image.NewRGBA(image.Rect(0, 0, w, h))
			a := c.draw(fast, vector.NewRasterizer(1, 1))
			slow := image.NewRGBA(fast.Rect)
			c.cursor = time.Time{}
			referenceDraw(c, slow, a)
			total, off := 0, 0
			for y := a.plot.Min.Y; y < a.plot.Max.Y; y++ {
				for x := a.plot.Min.X; x < a.plot.Max.X; x++ {
					f, s := fast.RGBAAt(x, y), slow.RGBAAt(x, y)
					if f != s {
						total++
					}
					if d := max(diff(f.R, s.R), diff(f.G, s.G), diff(f.B, s.B)); d > 160 {
						off++
					}
				}
			}
			area := a.plot.Dx() * a.plot.Dy()
			t.Logf("%d of %d pixels differ, %d by more than 160", total, area, off)
			if off > area/500 {
				t.Errorf("%d pixels far from the reference (limit %d)", off, area/500)
			}
		})
	}
}

func diff(a, b uint8) int { return int(math.Abs(float64(a) - float64(b))) }

// referenceDraw is the slow, plain drawing: the same background and grid,
// then every pen's strokes as quads through one rasterizer over the plot.
func referenceDraw(c *trendChart, img *image.RGBA, a trendAxes) {
	bg := image.NewRGBA(img.Rect)
	c2 := *c
	c2.series = nil
	c2.draw(bg, vector.NewRasterizer(1, 1)) // background, grid and frame only
	draw.Draw(img, img.Rect, bg, image.Point{}, draw.Src)
	p := a.plot
	for i, pen := range c.pens {
		r := a.ranges[i]
		hw := max(pen.width/2, 0.5)
		snap := func(f float32) float32 { return float32(math.Round(float64(f-hw))) + hw }
		y := func(v float64) float32 {
			return snap(float32(float64(p.Dy()) - (v-r[0])*float64(p.Dy())/(r[1]-r[0])))
		}
		cols := c.series[i].cols
		colW := float32(p.Dx()) / float32(len(cols))
		z := vector.NewRasterizer(p.Dx(), p.Dy())
		var prevX, prevY float32
		has := false
		for j, col := range cols {
			if !col.has {
				has = has && !col.gap
				continue
			}
			x := snap((float32(j) + 0.5) * colW)
			if has && !col.gap {
				segment(z, prevX, prevY, x, y(col.first), hw)
			}
			segment(z, x, y(col.max), x, y(col.min), hw)
			prevX, prevY, has = x, y(col.last), true
		}
		z.Draw(img, p, image.NewUniform(pen.col), image.Point{})
	}
}

func TestNiceAxis(t *testing.T) {
	plot := image.Rect(0, 0, 100, 400)
	for _, tc := range []struct {
		in           [2]float64
		n            int
		fixLo, fixHi bool
		want         [2]float64
		ticks        []string
	}{
		{[2]float64{3, 97}, 5, false, false, [2]float64{0, 100}, []string{"0", "20", "40", "60", "80", "100"}},
		{[2]float64{0, 100}, 10, true, true, [2]float64{0, 100}, []string{"0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"}},
		{[2]float64{0.12, 0.31}, 4, false, false, [2]float64{0.1, 0.35}, []string{"0.10", "0.15", "0.20", "0.25", "0.30", "0.35"}},
		{[2]float64{1400, 1699}, 8, false, false, [2]float64{1400, 1700}, []string{"1400", "1450", "1500", "1550", "1600", "1650", "1700"}},
		{[2]float64{-7, 7}, 4, false, false, [2]float64{-10, 10}, []string{"-10", "-5", "0", "5", "10"}},
		{[2]float64{12, 88}, 4, true, false, [2]float64{12, 100}, []string{"20", "40", "60", "80", "100"}},
	} {
		got, ticks := niceAxis(tc.in, tc.n, plot, tc.fixLo, tc.fixHi)
		var texts []string
		for _, tk := range ticks {
			texts = append(texts, tk.text)
		}
		if math.Abs(got[0]-tc.want[0]) > 1e-9 || math.Abs(got[1]-tc.want[1]) > 1e-9 || !equalStrings(texts, tc.ticks) {
			t.Errorf("niceAxis(%v, %d) = %v %q, want %v %q", tc.in, tc.n, got, texts, tc.want, tc.ticks)
		}
		if len(ticks) > 0 && (ticks[0].at > 400 || ticks[len(ticks)-1].at < 0) {
			t.Errorf("ticks outside the plot: %v", ticks)
		}
	}
}

func TestTimeTicks(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 14, 30, 0, 0, time.UTC)
	plot := image.Rect(0, 0, 700, 300)
	for _, tc := range []struct {
		span time.Duration
		want []string
	}{
		{10 * time.Minute, []string{"14:20", "14:22", "14:24", "14:26", "14:28", "14:30"}},
		{time.Minute, []string{"14:29:00", "14:29:10", "14:29:20", "14:29:30", "14:29:40", "14:29:50", "14:30:00"}},
		{8 * time.Hour, []string{"08:00", "10:00", "12:00", "14:00"}},
		{7 * 24 * time.Hour, []string{"11-23", "11-25", "11-27", "11-29"}}, // a day is 100 px: under the 110 px gap
	} {
		var got []string
		for _, tk := range timeTicks(t0.Add(-tc.span), t0, plot, 110) {
			got = append(got, tk.text)
		}
		if !equalStrings(got, tc.want) {
			t.Errorf("%v: %q, want %q", tc.span, got, tc.want)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestTrendAxesOnlyWhereUsed: an axis no pen uses gets no labels (there is
// no margin for them: the demo's trends drew right-axis labels cut by the
// widget's edge).
func TestTrendAxesOnlyWhereUsed(t *testing.T) {
	for _, tt := range []struct {
		name        string
		axes        []int
		left, right bool
	}{
		{"left only", []int{axisLeft, axisLeft}, true, false},
		{"right only", []int{axisRight}, false, true},
		{"both", []int{axisLeft, axisRight}, true, true},
	} {
		c := &trendChart{lo: math.NaN(), hi: math.NaN(), scale: 1}
		for _, ax := range tt.axes {
			c.pens = append(c.pens, trendPen{tag: "T", axis: ax})
		}
		a := c.axes(800, 300)
		if (len(a.left) > 0) != tt.left || (len(a.right) > 0) != tt.right {
			t.Errorf("%s: %d left and %d right labels", tt.name, len(a.left), len(a.right))
		}
	}
}

// TestTrendDrawUncertain: the columns holding an Uncertain sample are
// drawn faded (fainter than the same line drawn sure, yet visible), and
// the rest of the line is as without them.
func TestTrendDrawUncertain(t *testing.T) {
	const width = 600
	c := benchChart(width)
	c.pens, c.series = c.pens[:1], c.series[:1]
	w, h := width+2*trendMarginAxis, 300+trendMarginTop+trendMarginBottom
	sure := image.NewRGBA(image.Rect(0, 0, w, h))
	a := c.draw(sure, vector.NewRasterizer(1, 1))
	bg := image.NewRGBA(sure.Rect)
	c2 := *c
	c2.series = nil
	c2.draw(bg, vector.NewRasterizer(1, 1))

	u0, u1 := 200, 300 // the Uncertain columns
	cols := make([]bool, width)
	for j := u0; j < u1; j++ {
		cols[j] = true
	}
	c.unc = []trends.Uncertainty{{Columns: cols}}
	faded := image.NewRGBA(sure.Rect)
	c.draw(faded, vector.NewRasterizer(1, 1))

	// ink sums how far the pixels of columns [j0, j1) lie from the
	// background.
	ink := func(img *image.RGBA, j0, j1 int) (sum int) {
		colW := float64(a.plot.Dx()) / width
		for y := a.plot.Min.Y; y < a.plot.Max.Y; y++ {
			for x := a.plot.Min.X + int(float64(j0)*colW); x < a.plot.Min.X+int(float64(j1)*colW); x++ {
				p, b := img.RGBAAt(x, y), bg.RGBAAt(x, y)
				sum += diff(p.R, b.R) + diff(p.G, b.G) + diff(p.B, b.B)
			}
		}
		return sum
	}
	inSure, inFaded := ink(sure, u0+3, u1-3), ink(faded, u0+3, u1-3)
	if inFaded >= inSure*3/5 || inFaded <= inSure/5 {
		t.Errorf("the Uncertain stretch: %d of ink, want between a fifth and three fifths of the sure line's %d", inFaded, inSure)
	}
	for _, r := range [][2]int{{0, u0 - 3}, {u1 + 3, width}} {
		if s, f := ink(sure, r[0], r[1]), ink(faded, r[0], r[1]); s != f {
			t.Errorf("columns %d…%d, all Good: %d of ink, want %d as without Uncertain columns", r[0], r[1], f, s)
		}
	}
}
