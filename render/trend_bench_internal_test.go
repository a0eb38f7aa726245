package render

import (
	"image"
	"math"
	"testing"
	"time"

	"golang.org/x/image/vector"

	"github.com/gohmi/gohmi/trends"
)

// benchChart is a 4-pen chart 1,280 px wide of noisy signals: every
// column has a bar and a join, the worst case for the stroker.
func benchChart(width int) *trendChart {
	t0 := time.Date(2026, 11, 29, 14, 30, 0, 0, time.UTC)
	from := t0.Add(-time.Hour)
	c := &trendChart{from: from, to: t0, lo: math.NaN(), hi: math.NaN(), scale: 1, look: trendLook{}}
	c.look = trendLookFor(false)
	step := time.Hour / time.Duration(width)
	for p := range 4 {
		c.pens = append(c.pens, trendPen{tag: "T" + string(rune('1'+p)), width: 2, col: c.look.pens[p], axis: []int{axisLeft, axisLeft, axisRight, axisOwn}[p]})
		s := trends.Series{Tag: c.pens[p].tag, Columns: make([]trends.Column, width)}
		for j := range s.Columns {
			x := float64(j)
			v := 50 + 30*math.Sin(x/(40+float64(10*p))) + 8*math.Sin(x*1.7+float64(p))
			noise := 6 + 4*math.Sin(x*0.37)
			at := from.Add(time.Duration(j) * step)
			s.Columns[j] = trends.Column{From: at, To: at.Add(step), N: 60,
				First: trends.Sample{T: at, V: v, Good: true}, Last: trends.Sample{T: at, V: v + noise/2, Good: true},
				Min: trends.Sample{V: v - noise, Good: true}, Max: trends.Sample{V: v + noise, Good: true}}
		}
		c.series = append(c.series, keepSeries(nil, []trends.Series{s})...)
	}
	return c
}

// BenchmarkTrendDraw draws one frame of a 4-pen trend 1,280 px wide (the
// plot, 400 px high): the budget is 5 ms per frame.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench TrendDraw -benchmem ./render/
func BenchmarkTrendDraw(b *testing.B) {
	w, h := 1280+2*trendMarginAxis, 400+trendMarginTop+trendMarginBottom
	c := benchChart(1280)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	z := vector.NewRasterizer(1, 1)
	if a := c.axes(w, h); a.plot.Dx() != 1280 {
		b.Fatalf("plot %v", a.plot)
	}
	b.ReportAllocs()
	start := time.Now()
	for b.Loop() {
		c.draw(img, z)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/frame")
}
