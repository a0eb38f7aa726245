package modbus_test

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
	modbuspeer "github.com/gohmi/gohmi/testpeers/modbus"
)

// TestDownDeviceLogging stops a device, keeps it down for ten minutes of simulated
// time, scanned four times a second: the driver logs the loss and a few
// reminders at a decreasing rate (at most one a minute), not a WARN per
// scan; when the device is back it says so once.
func TestDownDeviceLogging(t *testing.T) {
	p := modbuspeer.Start(t)
	// Each reading of the clock is one scan: it moves on 250 ms per read.
	clk := &scanClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: 250 * time.Millisecond}
	logs := &records{}
	cfg := tcpConfig(p)
	cfg.Scan, cfg.Backoff, cfg.MaxBackoff = time.Millisecond, time.Millisecond, 5*time.Millisecond
	r := runOpts(t, cfg, modbus.Options{Logger: slog.New(logs), Clock: clk}, tag("A", tags.Int, "hr:7"))
	r.waitFor(t, "A", 5*time.Second, good)
	p.Stop()
	start := clk.peek()

	const minutes = 10
	deadline := time.Now().Add(time.Minute)
	for clk.peek().Sub(start) < minutes*time.Minute {
		if time.Now().After(deadline) {
			t.Fatalf("only %v of simulated time after a minute", clk.peek().Sub(start))
		}
		time.Sleep(5 * time.Millisecond)
	}
	down := clk.peek().Sub(start)
	warns := logs.count(slog.LevelWarn, "")
	t.Logf("%v down, %d scans: %d WARN lines:\n%s", down, r.log.scans("A"), warns, logs)
	if warns < 2 || warns > 1+int(down/time.Minute) {
		t.Errorf("%d WARN lines in %v down, want the loss and at most one reminder a minute", warns, down)
	}
	if n := logs.count(slog.LevelWarn, "modbus: connection lost"); n != 1 {
		t.Errorf("connection lost logged %d times", n)
	}

	p.Restart()
	r.waitFor(t, "A", 5*time.Second, good)
	from := r.log.scans("A")
	for deadline := time.Now().Add(10 * time.Second); r.log.scans("A") < from+10; time.Sleep(time.Millisecond) { // a few good scans more
		if time.Now().After(deadline) {
			t.Fatalf("only %d good scans after the device came back", r.log.scans("A")-from)
		}
	}
	r.stop()
	if n := logs.count(slog.LevelInfo, "modbus: connection back"); n != 1 {
		t.Errorf("connection back logged %d times, want once:\n%s", n, logs)
	}
	if _, after, _ := strings.Cut(logs.String(), "connection back"); strings.Contains(after, "WARN") {
		t.Errorf("warnings after the connection is back:\n%s", after)
	}
}

// scanClock is a clock that moves on by step each time the driver reads it.
type scanClock struct {
	mu   sync.Mutex // guards now
	now  time.Time
	step time.Duration
}

func (c *scanClock) read() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

// Now is one scan's reading of the clock.
func (c *scanClock) Now() time.Time { return c.read() }

// NewTimer runs on the wall clock: the test's time moves by reads, and a
// timer only paces the loop.
func (*scanClock) NewTimer(d time.Duration) clock.Timer { return clock.Real{}.NewTimer(d) }

func (c *scanClock) peek() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// records is a slog handler that keeps every record's level and message.
type records struct {
	mu  sync.Mutex // guards got
	got []slog.Record
}

func (h *records) Enabled(context.Context, slog.Level) bool { return true }
func (h *records) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *records) WithGroup(string) slog.Handler            { return h }
func (h *records) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	h.got = append(h.got, r.Clone())
	h.mu.Unlock()
	return nil
}

// count counts the records of level whose message is msg (any message if "").
func (h *records) count(level slog.Level, msg string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, r := range h.got {
		if r.Level == level && (msg == "" || r.Message == msg) {
			n++
		}
	}
	return n
}

func (h *records) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var b strings.Builder
	for _, r := range h.got {
		b.WriteString(r.Level.String() + " " + r.Message)
		r.Attrs(func(a slog.Attr) bool {
			b.WriteString(" " + a.String())
			return true
		})
		b.WriteString("\n")
	}
	return b.String()
}
