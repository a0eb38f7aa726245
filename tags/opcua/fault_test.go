package opcua_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/opcua"
	opcuapeer "github.com/gohmi/gohmi/testpeers/opcua"
)

// Fault tests: a server that dies, comes back, or hangs. Each uses a peer
// of its own, as it stops it.

func faultConfig(p *opcuapeer.Peer) opcua.Config {
	return opcua.Config{Endpoint: p.Endpoint, Timeout: time.Second, Backoff: 100 * time.Millisecond, MaxBackoff: time.Second}
}

func isBad(prefix string) func(tags.Value) bool {
	return func(v tags.Value) bool { return v.Quality == tags.Bad && strings.HasPrefix(v.Reason, prefix) }
}

// TestServerKilledAndRestarted: a killed server turns every tag Bad and
// refuses writes with the reason; the driver's reconnect attempts (on its
// clock, which the test steps) meet a closed port, and once the server is
// back the next attempt brings values and writes back.
func TestServerKilledAndRestarted(t *testing.T) {
	before := goleak.IgnoreCurrent()
	p := opcuapeer.Start(t, opcuapeer.Options{PKI: "tags"})
	clk := clocktest.New(clockStart)
	cfg := faultConfig(p)
	r := runClock(t, cfg, clk, node("Ramp", tags.Float), node("Double", tags.Float))
	r.waitGood("Plant.Ramp", "Plant.Double")
	// attempt steps the clock to the driver's next reconnect attempt.
	attempt := func() {
		t.Helper()
		backingOff(t, clk)
		clk.Step(cfg.MaxBackoff)
	}

	p.Kill()
	killed := time.Now()
	v := r.wait("Plant.Ramp", 5*time.Second, "bad", isBad("comm failure:"))
	t.Logf("Bad %s after the kill: %q", time.Since(killed).Round(time.Millisecond), v.Reason)
	r.wait("Plant.Double", time.Second, "bad", isBad("comm failure:"))
	err := r.db.Write(context.Background(), "Plant.Double", 2)
	if err == nil || !strings.Contains(err.Error(), "not connected (comm failure:") {
		t.Errorf("write while the server is down: %v", err)
	}
	// Reconnect attempts meet a closed port: the reason says so.
	attempt()
	r.wait("Plant.Ramp", 5*time.Second, "connection refused", func(v tags.Value) bool {
		return v.Quality == tags.Bad && strings.Contains(v.Reason, "connection refused")
	})

	if err := p.Restart(); err != nil {
		t.Fatal(err)
	}
	restarted := time.Now()
	attempt()
	r.waitGood("Plant.Ramp", "Plant.Double")
	t.Logf("Good %s after the restart", time.Since(restarted).Round(time.Millisecond))
	// Values flow again, and writes work again.
	first, _ := r.db.Get("Plant.Ramp")
	r.wait("Plant.Ramp", 3*time.Second, "changing", func(v tags.Value) bool { return v.Quality == tags.Good && v.V != first.V })
	if err := r.db.Write(context.Background(), "Plant.Double", 1.5); err != nil {
		t.Errorf("write after reconnect: %v", err)
	}

	r.stop()
	p.Stop()
	goleak.VerifyNone(t, before)
}

// TestConnectDisconnectCycles starts and stops drivers repeatedly, with
// the server up and down, and checks nothing is left running.
func TestConnectDisconnectCycles(t *testing.T) {
	p := peer(t)
	before := goleak.IgnoreCurrent()
	for range 5 {
		r := run(t, opcua.Config{Endpoint: p.Endpoint}, node("Ramp", tags.Float))
		r.waitGood("Plant.Ramp")
		r.stop()
	}
	// A driver stopped while it is backing off from a closed port.
	clk := clocktest.New(clockStart)
	r := runClock(t, opcua.Config{Endpoint: "opc.tcp://127.0.0.1:1", Timeout: time.Second}, clk, node("Ramp", tags.Float))
	r.wait("Plant.Ramp", 5*time.Second, "bad", isBad("comm failure:"))
	backingOff(t, clk)
	r.stop()
	if n := clk.Timers(); n != 0 {
		t.Errorf("%d timers left armed by a stopped driver", n)
	}
	goleak.VerifyNone(t, before)
}
