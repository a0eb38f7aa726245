package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/gohmi/gohmi/trends"
)

// exportCSV writes the range shown as CSV into the export directory, off
// the UI goroutine, and says where.
func (u *trendUI) exportCSV() {
	v := u.v
	dir := v.opts.ExportDir
	if dir == "" || v.shown.Width == 0 {
		u.msg.set("Nothing to export", true, u.alarmLook())
		return
	}
	c := v.chart()
	// The export reads the answer off the UI goroutine, and the next
	// answer is kept in its memory (keepSeries, the spare uncertainty): a
	// copy.
	for i, sr := range c.series {
		c.series[i].cols = slices.Clone(sr.cols)
	}
	unc := make([]trends.Uncertainty, len(c.unc))
	for i, u := range c.unc {
		unc[i] = u
		unc[i].Columns = slices.Clone(u.Columns)
	}
	c.unc = unc
	name := "trend-" + v.opts.now().Format("20060102-150405")
	u.msg.set("Exporting…", false, u.alarmLook())
	v.opts.async(func() func() {
		path, err := writeExport(dir, name, func(w io.Writer) error { return writeTrendCSV(w, c) })
		return func() {
			if err != nil {
				u.msg.set("Export failed: "+err.Error(), true, u.alarmLook())
				return
			}
			u.msg.set(fmt.Sprintf("Wrote %d rows to %s", c.rows(), path), false, u.alarmLook())
		}
	})
}

// rows is how many columns the chart's series have.
func (c *trendChart) rows() int {
	n := 0
	for _, s := range c.series {
		n = max(n, len(s.cols))
	}
	return n
}

// writeTrendCSV writes one row per pixel column: its start time (RFC 3339
// with milliseconds), and for each pen its last value in it, empty where
// the pen has none, and that value's quality, as `hmi history` and GET
// /history tell it (see [csvQuality]).
func writeTrendCSV(w io.Writer, c *trendChart) error {
	cw := csv.NewWriter(w)
	head := []string{"time"}
	for _, p := range c.pens {
		head = append(head, p.tag, p.tag+" quality")
	}
	_ = cw.Write(head)
	n := c.rows()
	span := c.to.Sub(c.from)
	row := make([]string, len(head))
	quality := make([][]string, len(c.series))
	for i, s := range c.series {
		var unc []bool
		if i < len(c.unc) {
			unc = c.unc[i].Columns
		}
		quality[i] = csvQuality(s.cols, unc)
	}
	for j := range n {
		at := c.from.Add(time.Duration(float64(span) * float64(j) / float64(n)))
		for i, s := range c.series {
			row[2*i+1], row[2*i+2] = "", ""
			if j < len(s.cols) {
				if col := &s.cols[j]; col.has {
					row[2*i+1] = strconv.FormatFloat(col.last, 'g', -1, 64)
				}
				row[2*i+2] = quality[i][j]
				if !s.cols[j].from.IsZero() {
					at = s.cols[j].from
				}
			}
		}
		row[0] = at.Format("2006-01-02T15:04:05.000Z07:00")
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// csvQuality is the quality of each column of a pen, as the export writes
// it: "good" or "uncertain" (a sample in it was of Uncertain quality) where
// it has a value; "bad" where it has none inside a gap, where the line
// breaks (the tag was Bad, or nothing was recorded: the next column with a
// value has GapBefore); empty where it has none and the line joins its
// neighbours (nothing changed: the value held), or after the last value.
// unc may be shorter than cols (a source that does not tell).
func csvQuality(cols []trendCol, unc []bool) []string {
	out := make([]string, len(cols))
	gap := false // the next column with a value follows a gap
	for j := len(cols) - 1; j >= 0; j-- {
		switch c := &cols[j]; {
		case c.has && j < len(unc) && unc[j]:
			out[j], gap = "uncertain", c.gap
		case c.has:
			out[j], gap = "good", c.gap
		case gap:
			out[j] = "bad"
		}
	}
	return out
}
