package auth

import (
	"fmt"
	"testing"
	"time"
)

// TestPlacesBounded: failures with unknown names from ever new places keep
// at most maxPlaces counters; the newest place stays counted, and counters
// quiet for max-backoff go first.
func TestPlacesBounded(t *testing.T) {
	a := New(&Config{Session: DefaultSession()}, Options{})
	s := a.cfg.Session
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 5 * maxPlaces {
		now = now.Add(time.Millisecond)
		a.charge(a.places, fmt.Sprint("web ", i), now, s)
		if len(a.places) > maxPlaces {
			t.Fatalf("%d places kept after %d", len(a.places), i+1)
		}
	}
	newest := fmt.Sprint("web ", 5*maxPlaces-1)
	if f := a.places[newest]; f == nil || f.n != 1 {
		t.Fatalf("newest place not counted: %+v", f)
	}
	// Quiet for max-backoff: a full map drops every forgotten counter at once.
	now = now.Add(s.MaxBackoff + time.Hour)
	a.charge(a.places, "web new", now, s)
	if len(a.places) != 1 {
		t.Errorf("%d places after the quiet time, want 1", len(a.places))
	}
}

// TestBackoff is the lockout after each failure past the limit.
func TestBackoff(t *testing.T) {
	s := SessionSettings{Failures: 3, Backoff: 30 * time.Second, MaxBackoff: 5 * time.Minute}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for k, w := range want {
		if got := backoff(k, s); got != w {
			t.Errorf("backoff(%d) = %s, want %s", k, got, w)
		}
	}
	if got := backoff(1000, s); got != 5*time.Minute {
		t.Errorf("backoff(1000) = %s", got)
	}
}
