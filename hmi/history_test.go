package hmi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/hmi"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/drivers"
	"github.com/gohmi/gohmi/trends"
)

const historyProject = `name: History test
start: main
connections:
  - { name: sim, type: sim, sim: { tick: 1h } }
tags:
  - { name: Tank.Level, type: float, writable: true, min: 0, max: 100, signal: { kind: memory, initial: 10 } }
  - { name: Tank.Temp, type: float, writable: true, signal: { kind: memory, initial: 20 } }
history:
  - { tags: Tank.Level }
`

const historyScreen = `screen: main
size: 800x480
root:
  type: canvas
  children:
    - { type: trend, id: trend, x: 10, y: 10, w: 780, h: 460, span: 10m, pens: [Tank.Level] }
`

// TestHistoryInTheRuntime: the tags history: names are recorded from the
// tag database, GET /history answers from them (the unflushed head
// included), other tags are not recorded, and after the runtime stops
// the data directory holds what it recorded.
//
// The clock is stepped: the historian keeps one sample a millisecond, so
// each value the test sets gets its own millisecond. The sim driver ticks
// every hour, never in the test: a tick would republish its memory value
// over the test's Uncertain one.
func TestHistoryInTheRuntime(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "screens"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte(historyProject), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "screens", "main.gopage"), []byte(historyScreen), 0o644))
	data := t.TempDir()
	p, err := hmi.Load(dir, drivers.Kinds())
	must(t, err)
	hmi.NewHeadlessApp()
	win := hmi.NewHeadlessWindow(fyne.NewSize(800, 480))
	clk := clocktest.New(time.Now().Truncate(time.Millisecond))
	rt, stop := runRuntime(t, p, win, hmi.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Watch: hmi.WatchOff, DataDir: data, Clock: clk})
	eventually(t, "start screen shown", func() bool { return rt.Current() == "main" })
	if rt.Historian() == nil {
		t.Fatal("no historian for a project with history:")
	}
	query := func(tag string) (got struct {
		Series []hmi.HistorySeries `json:"series"`
	}, code int) {
		rec := httptest.NewRecorder()
		rt.StatusHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/history?tag="+tag+"&from=-1h&to=now&points=100", nil))
		if rec.Code == 200 {
			must(t, json.Unmarshal(rec.Body.Bytes(), &got))
		}
		return got, rec.Code
	}
	// The recorder takes the latest value of a tag when it wakes: it sees
	// the initial value only if the writes wait for it.
	clk.Step(time.Millisecond) // /history's to=now ends before now
	eventually(t, "the initial value in /history", func() bool {
		got, code := query("Tank.Level")
		return code == 200 && len(got.Series) == 1 && got.Series[0].Last != nil && *got.Series[0].Last == 10
	})
	for _, v := range []float64{20, 30, 40} {
		clk.Step(time.Millisecond)
		must(t, rt.DB().Write(context.Background(), "Tank.Level", v))
		must(t, rt.DB().Write(context.Background(), "Tank.Temp", v))
	}
	eventually(t, "the last value in /history", func() bool {
		got, code := query("Tank.Level")
		return code == 200 && len(got.Series) == 1 && got.Series[0].Last != nil && *got.Series[0].Last == 40
	})
	eventually(t, "the live trend's legend showing 40", func() bool {
		clk.Step(hmi.TrendPace) // the trends follow live data every TrendPace
		return strings.Contains(shown(rt, "main", "trend"), "Tank.Level 40")
	})
	got, _ := query("Tank.Level")
	lo, hi := 1e9, -1e9
	for _, c := range got.Series[0].Points {
		lo, hi = min(lo, c.Min), max(hi, c.Max)
	}
	if lo != 10 || hi != 40 {
		t.Errorf("/history spans %v…%v, want 10…40: %+v", lo, hi, got.Series[0].Points)
	}
	// An Uncertain value (a stale device, a substituted value) is drawn,
	// and /history marks its column.
	clk.Step(time.Millisecond)
	rt.DB().Publish(tags.Update{Name: "Tank.Level", Value: tags.Value{V: 50, Quality: tags.Uncertain, Reason: "stale", Time: clk.Now()}})
	clk.Step(time.Millisecond) // /history's to=now ends before now
	eventually(t, "an Uncertain column in /history", func() bool {
		got, code := query("Tank.Level")
		for _, c := range got.Series[0].Points {
			if code == 200 && c.Uncertain && c.Max == 50 {
				return true
			}
		}
		return false
	})
	for _, c := range got.Series[0].Points {
		if c.Uncertain {
			t.Errorf("a column of Good samples marked Uncertain: %+v", c)
		}
	}
	if _, code := query(""); code != 400 {
		t.Errorf("/history without a tag: %d, want 400", code)
	}
	stop()

	r, err := trends.OpenReader(data)
	must(t, err)
	defer r.Close()
	recorded, err := r.Tags(context.Background())
	must(t, err)
	if strings.Join(recorded, ",") != "Tank.Level" {
		t.Errorf("recorded tags %v, want only Tank.Level (Tank.Temp has no history: entry)", recorded)
	}
	samples, err := r.Samples(context.Background(), "Tank.Level", clk.Now().Add(-time.Hour), clk.Now().Add(time.Minute), 0)
	must(t, err)
	if n := len(samples); n < 2 || samples[n-2].V != 40 || samples[n-2].Uncertain || samples[n-1].V != 50 || !samples[n-1].Uncertain {
		t.Errorf("stored after the stop: %+v, want it to end at 40, then 50 Uncertain", samples)
	}
}
