package modbus_test

import (
	"context"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/tags"
	"github.com/gohmi/gohmi/tags/modbus"
	modbuspeer "github.com/gohmi/gohmi/testpeers/modbus"
)

// stepped is a driver running on a clock the test steps: scans happen
// only when the test steps time to them, so fault latencies are read off
// the timestamps of the values, in clock time, and never wait.
type stepped struct {
	*running
	clk *clocktest.Clock
}

func runStepped(t *testing.T, cfg modbus.Config, ts ...modbus.Tag) *stepped {
	t.Helper()
	clk := clocktest.New(time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC))
	d, err := modbus.New(cfg, ts, modbus.Options{Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	db := tags.NewDB(tags.Options{Now: clk.Now})
	for _, tg := range ts {
		if err := db.Define(tg.Def); err != nil {
			t.Fatal(err)
		}
	}
	db.Attach("plc", d)
	log := &scanLog{next: db, seen: map[string][]tags.Value{}}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := d.Run(ctx, log); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	s := &stepped{&running{d: d, db: db, log: log, stop: sync.OnceFunc(func() { cancel(); wg.Wait() })}, clk}
	t.Cleanup(s.stop)
	s.settle(t)
	return s
}

// settle waits until the scan loop waits on its timer again: everything
// due at the clock's time has been scanned and published. Real time only
// bounds how long the device may take to answer.
func (s *stepped) settle(t *testing.T) {
	t.Helper()
	if !s.clk.WaitTimers(1, time.After(10*time.Second)) {
		t.Fatal("the scan loop never waited on its timer")
	}
}

// step moves the clock on by d, one scan period p at a time, settling
// after each.
func (s *stepped) step(t *testing.T, d, p time.Duration) {
	t.Helper()
	for range d / p {
		s.clk.Step(p)
		s.settle(t)
	}
}

// TestBackoffStepped: reconnects to a device that is down back off
// exponentially up to MaxBackoff, at exactly the times the backoff says,
// while the scan goes on every 5 ms of clock time.
func TestBackoffStepped(t *testing.T) {
	p := modbuspeer.Start(t)
	addr := p.Addr
	p.Stop()
	const scan = 5 * time.Millisecond
	cfg := modbus.Config{Name: "down", Address: addr, Scan: scan, Timeout: 100 * time.Millisecond,
		Backoff: 20 * time.Millisecond, MaxBackoff: 80 * time.Millisecond}
	s := runStepped(t, cfg, tag("A", tags.Int, "hr:1"))
	t0 := s.clk.Now()
	var dials []time.Duration
	seen := uint64(0)
	for at := time.Duration(0); at < 500*time.Millisecond; at += scan {
		if n := s.d.Stats().Dials; n != seen {
			dials, seen = append(dials, s.clk.Now().Sub(t0)), n
		}
		s.step(t, scan, scan)
	}
	want := []time.Duration{0, 20, 60, 140, 220, 300, 380, 460}
	for i := range want {
		want[i] *= time.Millisecond
	}
	if !equalDurations(dials, want) {
		t.Errorf("dials at %v, want %v", dials, want)
	}
	if v, _ := s.db.Get("A"); v.Quality != tags.Bad || !strings.Contains(v.Reason, "connection refused") {
		t.Errorf("A = %+v, want Bad, connection refused", v)
	}
	if g := s.d.Stats().Groups[0]; g.Cycles != 101 || g.Overruns != 0 {
		t.Errorf("%d cycles, %d overruns in 500 ms of 5 ms scans, want 101 (0, 5, … 500 ms) and 0", g.Cycles, g.Overruns)
	}
}

// TestFaultLatencyStepped: a device that dies or freezes turns its tags
// Bad within two scan periods, read from the timestamp of the Bad value
// in clock time (a frozen device's read times out in real time, during
// which the stepped clock stands still).
func TestFaultLatencyStepped(t *testing.T) {
	modbuspeer.Build(t)
	const scan = 100 * time.Millisecond
	for _, tt := range []struct {
		name   string
		fault  func(p *modbuspeer.Peer)
		reason string
	}{
		{"killed", func(p *modbuspeer.Peer) { p.Stop() }, "comm failure: "},
		{"frozen", func(p *modbuspeer.Peer) { p.Signal(syscall.SIGSTOP) }, "timeout"}, // Stop continues it
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := modbuspeer.Start(t)
			cfg := tcpConfig(p)
			cfg.Scan, cfg.Timeout = scan, 100*time.Millisecond
			s := runStepped(t, cfg, tag("A", tags.Int, "hr:7"))
			s.step(t, 3*scan, scan)
			if v, _ := s.db.Get("A"); v.Quality != tags.Good {
				t.Fatalf("A = %+v before the fault", v)
			}
			s.step(t, scan/2, scan/2) // the fault comes between two scans
			tt.fault(p)
			faulted := s.clk.Now()
			s.step(t, 2*scan, scan/2)
			v, _ := s.db.Get("A")
			if v.Quality != tags.Bad || !strings.Contains(v.Reason, tt.reason) {
				t.Fatalf("A = %+v two scans after the fault, want Bad (%s)", v, tt.reason)
			}
			if lat := v.Time.Sub(faulted); lat <= 0 || lat > 2*scan {
				t.Errorf("Bad %v after the fault, want within two scans (%v)", lat, 2*scan)
			}
			if v.V != int64(7) {
				t.Errorf("A = %v, want the last good value kept", v.V)
			}
		})
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
