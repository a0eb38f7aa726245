package render_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/trends"
)

// cachedSource answers every query with the series of its first one: a
// tick then costs the widget's work only.
type cachedSource struct {
	src *memSource
	ss  []trends.Series
}

func (c *cachedSource) Query(ctx context.Context, q trends.Query) ([]trends.Series, error) {
	if c.ss == nil || len(c.ss[0].Columns) != q.Width {
		c.ss, _ = c.src.Query(ctx, q)
	}
	return c.ss, nil
}

// BenchmarkTrendTick is one live frame of a 4-pen trend 1,280 px wide on a
// 1280x800 panel: the tick, the answer applied, the labels and the legend
// set, and the chart drawn as the window paints it (the Source's own time
// excluded).
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench TrendTick -benchmem ./render/
func BenchmarkTrendTick(b *testing.B) {
	src := &cachedSource{src: plantHistory()}
	screen := strings.NewReplacer("size: 800x480", "size: 1280x800", "w: 800", "w: 1280", "h: 480", "h: 800").Replace(trendScreen)
	opts := trendOpts(b, "day", src)
	scene, w := buildAlarms(b, screen, opts)
	w.Resize(fyne.NewSize(1280, 800))
	scene.TrendTick(t0)
	tw := scene.Widget("trend")
	render.TrendPaint(tw) // the plot's image, as the first frame makes it
	if q := src.src.last(); q.Width < 1150 {
		b.Fatalf("the plot is %d columns wide", q.Width)
	}
	b.ReportAllocs()
	now := t0
	start := time.Now()
	for b.Loop() {
		now = now.Add(100 * time.Millisecond)
		scene.TrendTick(now)
		render.TrendPaint(tw)
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(b.N), "ms/frame")
}
