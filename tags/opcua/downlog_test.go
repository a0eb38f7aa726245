package opcua_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// TestDownServerLogging kills the server for ten minutes of the driver's
// clock, which the test steps, retried every ten seconds, and brings it
// back: the driver warns once when the connection is lost and then at most
// once a minute, not on every retry; it says once that it is back.
func TestDownServerLogging(t *testing.T) {
	p := opcuapeer.Start(t, opcuapeer.Options{PKI: "tags"})
	clk := clocktest.New(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	cfg := faultConfig(p)
	cfg.Backoff, cfg.MaxBackoff = 5*time.Second, 10*time.Second
	r := runClock(t, cfg, clk, node("Ramp", tags.Float))
	r.waitGood("Plant.Ramp")

	p.Kill()
	r.wait("Plant.Ramp", 5*time.Second, "bad", isBad("comm failure:"))
	start := clk.Now()
	const down = 10 * time.Minute
	for clk.Now().Sub(start) < down {
		backingOff(t, clk) // the attempt due, if any, has failed
		clk.Step(5 * time.Second)
	}
	backingOff(t, clk)
	logs := r.logs.String()
	// The loss, then attempts at 5 s and every 10 s after: 5, 15, … 595 s.
	if n := count(logs, "connection failed; retrying"); n != 1+60 {
		t.Errorf("%d failures logged in %v down, want 61 (the loss and 60 retries)", n, down)
	}
	warns := count(logs, "level=WARN")
	if warns < 2 || warns > 1+int(down/time.Minute) {
		t.Errorf("%d WARN lines in %v down, want the loss and at most one reminder a minute:\n%s", warns, down, logs)
	}
	if err := p.Restart(); err != nil {
		t.Fatal(err)
	}
	r.reconnect(clk, 5*time.Second, 10*time.Second, "Plant.Ramp") // to the next attempt, at 605 s
	r.stop()
	logs = r.logs.String()
	if n := count(logs, `msg="opcua plc: connection back"`); n != 1 {
		t.Errorf("connection back logged %d times, want once:\n%s", n, logs)
	}
	if _, after, _ := strings.Cut(logs, "connection back"); strings.Contains(after, "level=WARN") {
		t.Errorf("warnings after the connection is back:\n%s", after)
	}
}

// backingOff waits until the driver waits on its backoff timer, the only
// timer of clk while no session is up.
func backingOff(t *testing.T, clk *clocktest.Clock) {
	t.Helper()
	if !clk.WaitTimers(1, time.After(10*time.Second)) {
		t.Fatal("the driver never waited for its next attempt on the clock")
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
