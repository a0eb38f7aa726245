package modbus_test

import (
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
	modbuspeer "github.com/gohmi/gohmi/testpeers/modbus"
)

// openFDs counts the process's open file descriptors.
func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(ents)
}

// TestDeviceFailure kills, restarts, freezes and thaws a device under a
// running driver: its tags turn Bad with the reason within two scan
// periods and Good again by themselves, while another connection keeps
// running; no connection or goroutine outlives the driver.
func TestDeviceFailure(t *testing.T) {
	modbuspeer.Build(t)
	fds := openFDs(t)
	p1, p2 := modbuspeer.Start(t), modbuspeer.Start(t)
	const scan = 100 * time.Millisecond
	cfg1, cfg2 := tcpConfig(p1), tcpConfig(p2)
	cfg1.Scan, cfg1.Timeout = scan, 100*time.Millisecond
	cfg2.Name = "other"
	r1 := run(t, cfg1, tag("A", tags.Int, "hr:7"), modbus.Tag{Def: tags.Def{Name: "Slow", Type: tags.Int, Address: "hr:8"}, Scan: 10 * time.Second})
	r2 := run(t, cfg2, tag("B", tags.Int, "hr:9"))
	r1.waitFor(t, "A", 5*time.Second, good)
	r1.waitFor(t, "Slow", 5*time.Second, good)
	r2.waitFor(t, "B", 5*time.Second, good)

	// "Within two scan periods" is checked in scans, not milliseconds: the
	// scan under way when the device dies may still read it; the next one
	// must publish Bad. (Measured: 97-205 ms with this 100 ms scan.)
	for cycle := range 3 {
		// Counted from before the kill: the scan that meets the closed
		// connection may publish Bad before Stop has returned.
		from, killed := r1.log.scans("A"), time.Now()
		p1.Stop()
		v := r1.waitFor(t, "A", 5*time.Second, bad)
		if n := r1.log.scansUntilBad("A", from); n == 0 || n > 2 {
			t.Errorf("cycle %d: Bad at scan %d after the kill, want within 2", cycle, n)
		}
		t.Logf("cycle %d: Bad %v after the kill", cycle, time.Since(killed))
		if !strings.HasPrefix(v.Reason, "comm failure: ") || v.V != int64(7) {
			t.Errorf("cycle %d: A = %v, want Bad with a comm failure and the last value", cycle, v)
		}
		// The slow group turns Bad with the connection, long before its
		// own 10 s scan comes round.
		r1.waitFor(t, "Slow", 2*time.Second, bad)
		if v, _ := r2.db.Get("B"); v.Quality != tags.Good {
			t.Errorf("cycle %d: other connection: B = %v", cycle, v)
		}
		time.Sleep(300 * time.Millisecond) // a few failed reconnects, backing off
		p1.Restart()
		r1.waitFor(t, "A", 2*time.Second, good)
		r1.waitFor(t, "Slow", 2*time.Second, good)
	}

	// A device that stops answering without closing the connection.
	p1.Signal(syscall.SIGSTOP)
	from, stopped := r1.log.scans("A"), time.Now()
	v := r1.waitFor(t, "A", 5*time.Second, bad)
	if n := r1.log.scansUntilBad("A", from); n == 0 || n > 2 {
		t.Errorf("frozen device: Bad at scan %d after SIGSTOP, want within 2 (the first request that times out)", n)
	}
	t.Logf("frozen device: Bad %v after SIGSTOP", time.Since(stopped))
	if !strings.Contains(v.Reason, "timeout") {
		t.Errorf("frozen device: reason %q, want a timeout", v.Reason)
	}
	p1.Signal(syscall.SIGCONT)
	r1.waitFor(t, "A", 3*time.Second, good)

	s := r1.d.Stats()
	if s.Connects < 5 || s.Errors == 0 {
		t.Errorf("stats after 4 failures: %+v", s)
	}
	r1.stop()
	r2.stop()
	p1.Stop()
	p2.Stop()
	if n := openFDs(t); n != fds {
		t.Errorf("%d file descriptors open after the test, %d before", n, fds)
	}
}

// TestBackoff checks that reconnects to a device that is down back off
// exponentially up to MaxBackoff instead of hammering it.
func TestBackoff(t *testing.T) {
	p := modbuspeer.Start(t)
	addr := p.Addr
	p.Stop()
	cfg := modbus.Config{Name: "down", Address: addr, Scan: 5 * time.Millisecond, Timeout: 100 * time.Millisecond,
		Backoff: 20 * time.Millisecond, MaxBackoff: 80 * time.Millisecond}
	r := run(t, cfg, tag("A", tags.Int, "hr:1"))
	v := r.waitFor(t, "A", time.Second, bad)
	if !strings.Contains(v.Reason, "connection refused") {
		t.Errorf("reason %q", v.Reason)
	}
	time.Sleep(500 * time.Millisecond)
	r.stop()
	// Dials at 0, 20, 60, 140, 220, 300, 380, 460 ms: about 8, where
	// scanning every 5 ms without backoff would make 100.
	if s := r.d.Stats(); s.Connects != 0 || s.Dials < 5 || s.Dials > 12 {
		t.Errorf("want about 8 dials backing off, none successful: %+v", s)
	}
	if g := r.d.Stats().Groups[0]; g.Cycles < 50 {
		t.Errorf("only %d cycles", g.Cycles)
	}
}
