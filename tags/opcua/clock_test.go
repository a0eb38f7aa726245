package opcua_test

import (
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/opcua"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// Tests on a clock the test steps: the driver's backoff and watchdog wait
// on it, so they act only when the test steps time to them, and fault
// latencies are read off the timestamps of the Bad values, in clock time.
// Real time only bounds how long the server (a real process) may take.

var clockStart = time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)

// TestBackoffOnClock: after the server dies, the driver retries at exactly
// the times its backoff gives on its clock, doubling from Backoff up to
// MaxBackoff, and at no other; each refused attempt turns the tag Bad,
// stamped with the attempt's time. A session that came up again starts
// the delay afresh.
func TestBackoffOnClock(t *testing.T) {
	p := opcuapeer.Start(t, opcuapeer.Options{PKI: "tags"})
	clk := clocktest.New(clockStart)
	const ms = time.Millisecond
	cfg := opcua.Config{Endpoint: p.Endpoint, Timeout: time.Second, Backoff: 100 * ms, MaxBackoff: 400 * ms}
	r := runClock(t, cfg, clk, node("Ramp", tags.Float))
	r.waitGood("Plant.Ramp")

	p.Kill()
	r.wait("Plant.Ramp", 5*time.Second, "bad", isBad("comm failure:"))
	failures := func() int { return count(r.logs.String(), "connection failed; retrying") }
	at := clk.Now() // the loss
	for i, delay := range []time.Duration{100 * ms, 200 * ms, 400 * ms, 400 * ms, 400 * ms} {
		next := at.Add(delay)
		if !clk.WaitArmed(next, time.After(10*time.Second)) {
			t.Fatalf("after failure %d at %v the driver did not wait for %v", i+1, at.Sub(clockStart), next.Sub(clockStart))
		}
		if n := failures(); n != i+1 {
			t.Fatalf("%d failures by %v, want %d", n, at.Sub(clockStart), i+1)
		}
		if v, _ := r.db.Get("Plant.Ramp"); v.Quality != tags.Bad || !v.Time.Equal(at) {
			t.Errorf("failure %d: Ramp = %s, want Bad at %v", i+1, v, at.Sub(clockStart))
		} else if i > 0 && !strings.Contains(v.Reason, "connection refused") {
			t.Errorf("failure %d: reason %q, want connection refused", i+1, v.Reason)
		}
		clk.Step(delay - time.Nanosecond)
		if n := failures(); n != i+1 {
			t.Fatalf("an attempt before %v, its time", next.Sub(clockStart))
		}
		clk.Step(time.Nanosecond)
		at = next
	}

	if err := p.Restart(); err != nil {
		t.Fatal(err)
	}
	if !clk.WaitArmed(at.Add(400*ms), time.After(10*time.Second)) {
		t.Fatal("the driver did not wait for its next attempt")
	}
	r.reconnect(clk, 400*ms, 400*ms, "Plant.Ramp")
	p.Kill()
	r.wait("Plant.Ramp", 5*time.Second, "bad", isBad("comm failure:"))
	if back := clk.Now().Add(100 * ms); !clk.WaitArmed(back, time.After(10*time.Second)) {
		t.Errorf("after a session that came up, the first retry is not Backoff (100 ms) on")
	}
}

// TestServerHangs: a server that stops answering but keeps its connection
// open is found out by the watchdog, which reads the server's clock when
// no data came for half the timeout of the driver's clock: the tag turns
// Bad ("not answering") within two timeouts of clock time after the hang.
// The read itself times out in real time, while the stepped clock stands
// still. When the server answers again, the driver reconnects.
func TestServerHangs(t *testing.T) {
	before := goleak.IgnoreCurrent()
	p := opcuapeer.Start(t, opcuapeer.Options{PKI: "tags"})
	clk := clocktest.New(clockStart)
	cfg := faultConfig(p) // Timeout 1 s: the watchdog looks every 500 ms
	r := runClock(t, cfg, clk, node("Ramp", tags.Float))
	r.waitGood("Plant.Ramp")
	// step moves the clock on and waits until the driver waits on it again
	// (its watchdog, or its backoff once the session failed).
	step := func(d time.Duration) {
		t.Helper()
		clk.Step(d)
		if !clk.WaitTimers(1, time.After(10*time.Second)) {
			t.Fatal("the driver never waited on its clock again")
		}
	}
	for range 4 { // data flows: the watchdog never fails
		step(250 * time.Millisecond)
	}
	if v, _ := r.db.Get("Plant.Ramp"); v.Quality != tags.Good {
		t.Fatalf("Ramp = %s while the server answers", v)
	}

	p.Pause() // the TCP connection stays open; nothing answers
	paused := clk.Now()
	var v tags.Value
	for v.Quality != tags.Bad && clk.Now().Sub(paused) < 4*cfg.Timeout {
		step(250 * time.Millisecond)
		v, _ = r.db.Get("Plant.Ramp")
	}
	if v.Quality != tags.Bad || !strings.Contains(v.Reason, "not answering") {
		t.Fatalf("Ramp = %s %v after the server hung, want Bad: not answering", v, clk.Now().Sub(paused))
	}
	if lat := v.Time.Sub(paused); lat <= 0 || lat > 2*cfg.Timeout {
		t.Errorf("Bad %v after the server hung, want within two timeouts (%v)", lat, 2*cfg.Timeout)
	}
	p.Resume()
	step(cfg.Backoff)
	r.waitGood("Plant.Ramp")

	r.stop()
	p.Stop()
	goleak.VerifyNone(t, before)
}
