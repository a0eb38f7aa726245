package hmi_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/tags"
)

// floodProject has n digital alarms, one per memory tag, and a screen with
// the banner and the summary.
func floodProject(b *testing.B, n int) string {
	dir := b.TempDir()
	var y strings.Builder
	y.WriteString("name: Flood\nstart: main\nconnections:\n  - { name: sim, type: sim }\ntags:\n")
	for i := range n {
		fmt.Fprintf(&y, "  - { name: F.A%d, type: bool, signal: { kind: memory, initial: false } }\n", i)
	}
	y.WriteString("alarms:\n")
	for i := range n {
		fmt.Fprintf(&y, "  - { when: F.A%d, priority: %d, area: A%d }\n", i, 1+i%4, i%7)
	}
	if err := os.MkdirAll(filepath.Join(dir, "screens"), 0o755); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hmi.yaml"), []byte(y.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	screen := `screen: main
size: 1280x800
root:
  type: canvas
  children:
    - { type: alarm-banner, id: banner, x: 10, y: 10, w: 1260, h: 40 }
    - { type: alarm-summary, id: summary, x: 10, y: 60, w: 1260, h: 520 }
`
	var lamps strings.Builder
	for i := range min(n, 200) { // lamps on the first tags keep the binder busy during the flood
		fmt.Fprintf(&lamps, "    - { type: lamp, id: l%d, value: F.A%d, x: %d, y: %d, w: 20, h: 20 }\n", i, i, 10+(i%40)*30, 600+(i/40)*30)
	}
	screen += lamps.String()
	if err := os.WriteFile(filepath.Join(dir, "screens", "main.gopage"), []byte(screen), 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkAlarmFlood: 1,000 alarms activate in one publish, as when a
// device's whole I/O faults at once. Reported: the time until every
// activation is durable in the journal (budget ≤ 1 s), until the banner
// counts them all (≤ 1 s), and the binder's batches per second meanwhile
// (≤ 60). Each iteration returns and acknowledges them again.
func BenchmarkAlarmFlood(b *testing.B) {
	const n = 1000
	dir := floodProject(b, n)
	rt, _ := runAlarmProject(b, dir, b.TempDir())
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("F.A%d", i)
	}
	publish := func(v bool) {
		ups := make([]tags.Update, n)
		now := time.Now()
		for i, name := range names {
			ups[i] = tags.Update{Name: name, Value: tags.Value{V: v, Time: now}}
		}
		rt.DB().Publish(ups...)
	}
	var journalMS, screenMS, batchesPerS float64
	for b.Loop() {
		before := rt.JournalDurable()
		batches0 := rt.Binder().Stats().Batches
		t0 := time.Now()
		publish(true)
		var journaled, onScreen time.Duration
		for journaled == 0 || onScreen == 0 {
			if journaled == 0 && rt.JournalDurable() >= before+n {
				journaled = time.Since(t0)
			}
			if onScreen == 0 && strings.Contains(shown(rt, "main", "banner"), fmt.Sprintf("%d unacked", n)) {
				onScreen = time.Since(t0)
			}
			if time.Since(t0) > 30*time.Second {
				b.Fatalf("flood not through after 30 s: journal %v, screen %v", journaled, onScreen)
			}
			time.Sleep(time.Millisecond)
		}
		elapsed := time.Since(t0)
		batchesPerS += float64(rt.Binder().Stats().Batches-batches0) / elapsed.Seconds()
		journalMS += float64(journaled.Milliseconds())
		screenMS += float64(onScreen.Milliseconds())
		b.StopTimer()
		publish(false)
		all := make([]string, 0, n)
		for _, s := range rt.Alarms().Statuses() {
			all = append(all, s.Name)
		}
		if err := rt.Alarms().Ack(all, alarms.Op{User: "bench"}); err != nil {
			b.Fatal(err)
		}
		for len(rt.Alarms().Statuses()) > 0 {
			time.Sleep(time.Millisecond)
		}
		b.StartTimer()
	}
	b.ReportMetric(journalMS/float64(b.N), "ms-to-journal")
	b.ReportMetric(screenMS/float64(b.N), "ms-to-banner")
	b.ReportMetric(batchesPerS/float64(b.N), "binder-batches/s")
}
