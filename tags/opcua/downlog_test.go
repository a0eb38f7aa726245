package opcua_test

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// TestDownServerLogging kills the server for ten minutes of simulated
// time, retried every few seconds, and its returns: the driver warns once
// when the connection is lost and then at most once a minute, not on
// every retry, even when the reason changes; it says once that it is back.
func TestDownServerLogging(t *testing.T) {
	p := opcuapeer.Start(t, opcuapeer.Options{PKI: "tags"})
	// Each reading of the clock moves it on 5 s: a failed attempt reads it
	// twice (the Bad values, the log), so retries come every 10 s, the
	// default MaxBackoff.
	clk := &stepClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), step: 5 * time.Second}
	cfg := faultConfig(p)
	cfg.Backoff, cfg.MaxBackoff = time.Millisecond, 2*time.Millisecond
	r := runClock(t, cfg, clk.read, node("Ramp", tags.Float))
	r.waitGood("Plant.Ramp")

	p.Kill()
	r.wait("Plant.Ramp", 5*time.Second, "bad", isBad("comm failure:"))
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
	warns := count(r.logs.String(), "level=WARN")
	t.Logf("%v down: %d WARN lines, %d retries", down, warns, count(r.logs.String(), "connection failed; retrying"))
	if warns < 2 || warns > 1+int(down/time.Minute) {
		t.Errorf("%d WARN lines in %v down, want the loss and at most one reminder a minute:\n%s", warns, down, r.logs)
	}
	if err := p.Restart(); err != nil {
		t.Fatal(err)
	}
	r.waitGood("Plant.Ramp")
	r.stop()
	logs := r.logs.String()
	if n := count(logs, `msg="opcua plc: connection back"`); n != 1 {
		t.Errorf("connection back logged %d times, want once:\n%s", n, logs)
	}
	// The restart takes real seconds, simulated hours: still bounded, and
	// nothing warns once the server is back.
	total := clk.peek().Sub(start)
	if n := count(logs, "level=WARN"); n > 1+int(total/time.Minute) {
		t.Errorf("%d WARN lines in %v down", n, total)
	}
	if _, after, _ := strings.Cut(logs, "connection back"); strings.Contains(after, "level=WARN") {
		t.Errorf("warnings after the connection is back:\n%s", after)
	}
}

// count counts the lines of logs that contain s.
func count(logs, s string) int {
	n := 0
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, s) {
			n++
		}
	}
	return n
}

// stepClock is a clock that moves on by step each time the driver reads it.
type stepClock struct {
	mu   sync.Mutex // guards now
	now  time.Time
	step time.Duration
}

func (c *stepClock) read() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(c.step)
	return c.now
}

func (c *stepClock) peek() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}
