package render

import (
	"bytes"
	"testing"
	"time"

	"github.com/gohmi/gohmi/trends"
)

// TestTrendCSVQuality: each pen's value in the trend export is followed
// by its quality, as `hmi history` and GET /history say it: good,
// uncertain (a sample of Uncertain quality in the column), bad (no value
// inside a gap, where the line breaks), empty where no value is recorded
// and the line joins (or after the last value, or a pen without data).
func TestTrendCSVQuality(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)
	col := func(j int, v float64, gapBefore bool) trends.Column {
		c := trends.Column{From: t0.Add(time.Duration(j) * time.Minute), To: t0.Add(time.Duration(j+1) * time.Minute), GapBefore: gapBefore}
		if v >= 0 {
			c.N, c.Last = 1, trends.Sample{T: c.From, V: v, Good: true}
		}
		return c
	}
	// A: 0 good, 1 uncertain, 2 nothing (joined), 3 good, 4-5 nothing in
	// a gap, 6 good after the gap (uncertain too), 7 nothing after the end.
	a := []trends.Column{col(0, 1, true), col(1, 2, false), col(2, -1, false), col(3, 4, false),
		col(4, -1, false), col(5, -1, false), col(6, 7, true), col(7, -1, false)}
	c := &trendChart{from: t0, to: t0.Add(8 * time.Minute), pens: []trendPen{{tag: "A"}, {tag: "B"}},
		series: keepSeries(nil, []trends.Series{{Tag: "A", Columns: a}, {Tag: "B"}}),
		unc:    []trends.Uncertainty{{Columns: []bool{false, true, false, false, false, false, true}}, {}}}
	var buf bytes.Buffer
	if err := writeTrendCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	want := `time,A,A quality,B,B quality
2026-11-29T14:00:00.000Z,1,good,,
2026-11-29T14:01:00.000Z,2,uncertain,,
2026-11-29T14:02:00.000Z,,,,
2026-11-29T14:03:00.000Z,4,good,,
2026-11-29T14:04:00.000Z,,bad,,
2026-11-29T14:05:00.000Z,,bad,,
2026-11-29T14:06:00.000Z,7,uncertain,,
2026-11-29T14:07:00.000Z,,,,
`
	if got := buf.String(); got != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", got, want)
	}
}
