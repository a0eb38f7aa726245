package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
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
	// answer is kept in its memory (keepSeries): a copy.
	for i, sr := range c.series {
		c.series[i].cols = slices.Clone(sr.cols)
	}
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
// with milliseconds) and each pen's last value in it, empty where the pen
// has none.
func writeTrendCSV(w io.Writer, c *trendChart) error {
	cw := csv.NewWriter(w)
	head := []string{"time"}
	for _, p := range c.pens {
		head = append(head, p.tag)
	}
	_ = cw.Write(head)
	n := c.rows()
	span := c.to.Sub(c.from)
	row := make([]string, len(head))
	for j := range n {
		at := c.from.Add(time.Duration(float64(span) * float64(j) / float64(n)))
		for i, s := range c.series {
			row[i+1] = ""
			if j < len(s.cols) {
				if col := &s.cols[j]; col.has {
					row[i+1] = strconv.FormatFloat(col.last, 'g', -1, 64)
				}
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
