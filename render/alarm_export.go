package render

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/gohmi/gohmi/alarms"
)

// csvHeader is the first line of an alarm-history export.
var csvHeader = []string{"time", "alarm", "event_id", "action", "from", "to", "priority", "area",
	"message", "value", "limit", "user", "comment"}

// export writes the events shown to a new CSV file in the export
// directory, off the UI goroutine, and says where.
func (v *alarmHistory) export() {
	dir := v.opts.ExportDir
	if dir == "" {
		v.msg.set("Export is not available", true, v.look)
		return
	}
	evs := slices.Clone(v.events)
	name := "alarm-history-" + v.opts.now().Format("20060102-150405")
	v.msg.set("Exporting…", false, v.look)
	v.opts.async(func() func() {
		path, err := writeEventsCSV(dir, name, evs)
		return func() {
			if err != nil {
				v.msg.set("Export failed: "+err.Error(), true, v.look)
				return
			}
			v.exported = fmt.Sprintf("%d events to %s", len(evs), path)
			v.msg.set("Wrote "+v.exported, false, v.look)
		}
	})
}

// writeEventsCSV writes evs to dir/name.csv, or name-2.csv… when that
// exists: an export never overwrites an earlier one. It returns the path.
func writeEventsCSV(dir, name string, evs []alarms.Event) (string, error) {
	return writeExport(dir, name, func(w io.Writer) error { return writeCSV(w, evs) })
}

// writeExport creates dir/name.csv, or name-2.csv… when that exists (an
// export never overwrites an earlier one), writes it with write and
// returns its path.
func writeExport(dir, name string, write func(io.Writer) error) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for i := 1; i < 100; i++ {
		path := filepath.Join(dir, name+".csv")
		if i > 1 {
			path = filepath.Join(dir, name+"-"+strconv.Itoa(i)+".csv")
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		err = write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		return path, nil
	}
	return "", fmt.Errorf("%s: 99 exports with this name exist", filepath.Join(dir, name+".csv"))
}

// writeCSV writes evs as CSV with [csvHeader], times in RFC 3339.
func writeCSV(w io.Writer, evs []alarms.Event) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(csvHeader)
	for _, e := range evs {
		s := e.Status
		limit := ""
		if !math.IsNaN(s.Limit) {
			limit = strconv.FormatFloat(s.Limit, 'g', -1, 64)
		}
		_ = cw.Write([]string{e.Time.Format(time.RFC3339), s.Name, strconv.FormatUint(s.EventID, 10), string(e.Action),
			e.From, e.To, s.Priority.String(), s.Area, s.Message, s.Value, limit, e.User, e.Comment})
	}
	cw.Flush()
	return cw.Error()
}
