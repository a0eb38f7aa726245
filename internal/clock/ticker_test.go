package clock_test

import (
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
)

// TestTickerKeepsItsGrid: the ticks of a Ticker fall on start + k·period
// however late the receiver re-arms it, and ticks missed meanwhile are
// dropped, not delivered in a burst.
func TestTickerKeepsItsGrid(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	ms := time.Millisecond
	for _, tt := range []struct {
		name  string
		late  []time.Duration // how long the receiver takes after each tick
		ticks []time.Duration // when the ticks are due, from t0
	}{
		{"on time", []time.Duration{0, 0, 0}, []time.Duration{100 * ms, 200 * ms, 300 * ms}},
		{"a little late", []time.Duration{30 * ms, 99 * ms, 0}, []time.Duration{100 * ms, 200 * ms, 300 * ms}},
		{"exactly one period late", []time.Duration{100 * ms, 0}, []time.Duration{100 * ms, 300 * ms}},
		{"misses two ticks", []time.Duration{250 * ms, 0}, []time.Duration{100 * ms, 400 * ms}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clk := clocktest.New(t0)
			tk := clock.NewTicker(clk, 100*ms)
			defer tk.Stop()
			for i, want := range tt.ticks {
				if !clk.WaitArmed(t0.Add(want), time.After(10*time.Second)) {
					t.Fatalf("tick %d: not armed for %v", i, want)
				}
				clk.Step(t0.Add(want).Sub(clk.Now()) - time.Nanosecond)
				select {
				case <-tk.C():
					t.Fatalf("tick %d: came before %v", i, want)
				default:
				}
				clk.Step(time.Nanosecond)
				if got := <-tk.C(); !got.Equal(t0.Add(want)) {
					t.Fatalf("tick %d at %v, want %v", i, got.Sub(t0), want)
				}
				if i < len(tt.late) {
					clk.Step(tt.late[i])
				}
				tk.Rearm()
			}
		})
	}
}

// TestTickerStop: a stopped ticker leaves no timer armed.
func TestTickerStop(t *testing.T) {
	clk := clocktest.New(time.Unix(0, 0))
	tk := clock.NewTicker(clk, time.Second)
	tk.Stop()
	if n := clk.Timers(); n != 0 {
		t.Errorf("%d timers armed after Stop", n)
	}
	clk.Step(time.Hour)
	select {
	case <-tk.C():
		t.Error("a stopped ticker ticked")
	default:
	}
}
