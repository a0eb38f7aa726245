package hmi

import (
	"testing"
	"time"
)

// TestIdleWatch: input came between two questions when the window
// system's idle time is shorter than the wall time since the last
// question, whatever clock paces the questions.
func TestIdleWatch(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name  string
		since time.Duration // wall time since the last question
		idle  time.Duration // the window system's idle time now
		input bool
	}{
		{"no input for long", time.Second, 10 * time.Minute, false},
		{"no input since the question", time.Second, time.Second, false},
		{"input just now", time.Second, 0, true},
		{"input right after the question", time.Second, 999 * time.Millisecond, true},
		{"a question late (a slow machine)", 30 * time.Second, 20 * time.Second, true},
		{"a question late, no input", 30 * time.Second, 45 * time.Second, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			now := t0
			w := idleWatch{wall: func() time.Time { return now }, last: t0}
			now = now.Add(tt.since)
			if got := w.input(tt.idle); got != tt.input {
				t.Errorf("input %v, want %v", got, tt.input)
			}
			if !w.last.Equal(now) {
				t.Errorf("last question at %v, want %v", w.last, now)
			}
		})
	}
}
