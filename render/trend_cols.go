package render

import (
	"time"

	"github.com/gohmi/gohmi/trends"
)

// trendSeries is one tag's answer as a trend keeps it to draw: the parts
// of trends.Series the chart, the cursor, the legend and the export read.
// A trends.Column is 224 bytes, a trendCol 64: the demo's trends screen
// (6 pens, 1,150 columns) keeps 0.4 MB instead of 1.5 MB, and the answer
// itself goes back at once to be answered into (trends.ReuseSource).
type trendSeries struct {
	tag  string
	cols []trendCol
	last trends.Sample // the latest sample at or before the range's end
}

// trendCol is one pixel column of a trendSeries: trends.Column's From,
// its First, Last, Min and Max values, whether it has any (N > 0) and
// GapBefore.
type trendCol struct {
	from                  time.Time
	first, last, min, max float64
	has, gap              bool
}

// keepSeries sets dst to the answer ss, reusing dst's memory, and returns
// it; ss is not read afterwards.
func keepSeries(dst []trendSeries, ss []trends.Series) []trendSeries {
	dst = resizeKeep(dst, len(ss))
	for i, s := range ss {
		d := &dst[i]
		d.tag, d.last, d.cols = s.Tag, s.Last, resizeKeep(d.cols, len(s.Columns))
		for j := range s.Columns {
			c := &s.Columns[j]
			d.cols[j] = trendCol{from: c.From, first: c.First.V, last: c.Last.V, min: c.Min.V, max: c.Max.V, has: c.N > 0, gap: c.GapBefore}
		}
	}
	return dst
}

// resizeKeep returns s with n elements, keeping the memory it has.
func resizeKeep[T any](s []T, n int) []T {
	if cap(s) < n {
		s = append(s[:cap(s)], make([]T, n-cap(s))...)
	}
	return s[:n]
}
