package outage_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/outage"
)

// lines is a slog handler that keeps "LEVEL message" of every record.
type lines struct {
	mu  sync.Mutex // guards got
	got []string
}

func (h *lines) Enabled(context.Context, slog.Level) bool { return true }
func (h *lines) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *lines) WithGroup(string) slog.Handler            { return h }
func (h *lines) Handle(_ context.Context, r slog.Record) error {
	s := r.Level.String() + " " + r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "failures" || a.Key == "down_for" {
			s += fmt.Sprintf(" %s=%v", a.Key, a.Value)
		}
		return true
	})
	h.mu.Lock()
	h.got = append(h.got, s)
	h.mu.Unlock()
	return nil
}

func TestLog(t *testing.T) {
	refused := errors.New("connection refused")
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	type step struct {
		at   time.Duration // since t0
		fail bool
	}
	// every returns a failure every d from from until to (exclusive).
	every := func(d, from, to time.Duration) []step {
		var s []step
		for at := from; at < to; at += d {
			s = append(s, step{at, true})
		}
		return s
	}
	tests := []struct {
		name  string
		steps []step
		want  []string
		count int // instead of want: the number of lines
	}{
		{"all good", []step{{0, false}, {time.Second, false}}, nil, 0},
		{"lost then back", []step{{0, false}, {time.Second, true}, {2 * time.Second, true}, {5 * time.Second, false}, {6 * time.Second, false}},
			[]string{"WARN m: connection lost", "INFO m: connection back down_for=4s failures=2"}, 0},
		{"down at start", []step{{0, true}, {time.Second, false}},
			[]string{"WARN m: cannot connect", "INFO m: connection back down_for=1s failures=1"}, 0},
		// Four failures a second for ten minutes: reminders after 1, 3 and
		// 7 minutes (intervals 1, 2, 4 minutes), not 2400 lines.
		{"ten minutes down", append(every(250*time.Millisecond, 0, 10*time.Minute), step{10 * time.Minute, false}),
			[]string{"WARN m: cannot connect",
				"WARN m: still down down_for=1m0s failures=241",
				"WARN m: still down down_for=3m0s failures=721",
				"WARN m: still down down_for=7m0s failures=1681",
				"INFO m: connection back down_for=10m0s failures=2400"}, 0},
		// Reminders are capped at one an hour however long it lasts.
		// Loss, reminders at 1, 3, 7, 15, 31 and 63 minutes, then hourly.
		{"a day down", every(time.Second, 0, 24*time.Hour), nil, 1 + 6 + 22},
		{"flapping", []step{{0, true}, {time.Second, false}, {2 * time.Second, true}, {3 * time.Second, false}},
			[]string{"WARN m: cannot connect", "INFO m: connection back down_for=1s failures=1",
				"WARN m: connection lost", "INFO m: connection back down_for=1s failures=1"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := &lines{}
			l := &outage.Log{Logger: slog.New(h), Msg: "m"}
			for _, s := range tt.steps {
				if s.fail {
					l.Fail(t0.Add(s.at), refused)
				} else {
					l.OK(t0.Add(s.at))
				}
			}
			if tt.count > 0 {
				if len(h.got) != tt.count {
					t.Errorf("%d lines, want %d:\n%s", len(h.got), tt.count, strings.Join(h.got, "\n"))
				}
				return
			}
			if got, want := strings.Join(h.got, "\n"), strings.Join(tt.want, "\n"); got != want {
				t.Errorf("logged:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
