package raster

import (
	"testing"
	"time"
)

// TestPacer: at most one frame per interval; a frame due while held
// waits for the release, at most one interval from when it was due.
func TestPacer(t *testing.T) {
	const iv = 10 * time.Millisecond
	t0 := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	type step struct {
		now  int  // ms after t0
		held bool // a hold in flight
		want int  // when the frame may be painted, ms; -1: now (then it is painted)
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"first frame at once", []step{{now: 0, want: -1}}},
		{"one per interval", []step{{now: 0, want: -1}, {now: 3, want: 10}, {now: 10, want: -1}, {now: 25, want: -1}}},
		{"held waits for the release", []step{{now: 0, want: -1}, {now: 30, held: true, want: 40}, {now: 31, held: true, want: 40}, {now: 32, want: -1}}},
		{"held at most one interval", []step{{now: 0, want: -1}, {now: 30, held: true, want: 40}, {now: 40, held: true, want: -1}}},
		{"held after the pacing wait", []step{{now: 0, want: -1}, {now: 5, held: true, want: 10}, {now: 10, held: true, want: 20}, {now: 20, held: true, want: -1}, {now: 21, held: true, want: 30}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p pacer
			for i, s := range tt.steps {
				got := p.wait(at(s.now), iv, s.held)
				want := time.Time{}
				if s.want >= 0 {
					want = at(s.want)
				}
				if !got.Equal(want) {
					t.Fatalf("step %d at %d ms: wait %v, want %v", i, s.now, got.Sub(t0), want.Sub(t0))
				}
				if got.IsZero() {
					p.painted(at(s.now))
				}
			}
		})
	}
}
