package hmi

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gohmi/gohmi/hmi/audit"
	"github.com/gohmi/gohmi/internal/clock/clocktest"
	"github.com/gohmi/gohmi/internal/store"
)

// TestDataGuard: the run ends, naming the file, when the data directory's
// database is deleted, moved away or replaced under an open store (its
// writes would go where nothing finds them again); it goes on when the
// file stays, and when no store is open. Stepped clock, real files.
func TestDataGuard(t *testing.T) {
	tests := []struct {
		name  string
		open  bool
		do    func(t *testing.T, data string)
		stops bool
	}{
		{"untouched", true, func(*testing.T, string) {}, false},
		{"directory removed", true, func(t *testing.T, data string) { must(t, os.RemoveAll(data)) }, true},
		{"file removed", true, func(t *testing.T, data string) { must(t, os.Remove(store.Path(data))) }, true},
		{"directory moved away", true, func(t *testing.T, data string) { must(t, os.Rename(data, data+".old")) }, true},
		{"replaced by a copy", true, func(t *testing.T, data string) {
			b, err := os.ReadFile(store.Path(data))
			must(t, err)
			must(t, os.Rename(data, data+".old"))
			must(t, os.Mkdir(data, 0o755))
			must(t, os.WriteFile(store.Path(data), b, 0o644))
		}, true},
		{"nothing open", false, func(t *testing.T, data string) { must(t, os.RemoveAll(data)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := filepath.Join(t.TempDir(), "data")
			clk := clocktest.New(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
			log := slog.New(slog.DiscardHandler)
			r := &Runtime{alarm: &alarmRoom{dataDir: data}, clk: clk, log: log}
			if tt.open {
				tr, err := audit.Open(data, audit.Options{Clock: clk, Logger: log})
				must(t, err)
				defer tr.Close()
				r.users.trail = tr
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- r.dataGuard(ctx) }()
			if !clk.WaitArmed(clk.Now().Add(dataGuardEvery), time.After(10*time.Second)) {
				t.Fatal("the guard never waited")
			}
			tt.do(t, data)
			clk.Step(dataGuardEvery)
			// Stopped, or waiting for the next check: either comes at once.
			limit := make(chan time.Time)
			defer close(limit)
			armed := make(chan bool, 1)
			go func() { armed <- clk.WaitArmed(clk.Now().Add(dataGuardEvery), limit) }()
			var err error
			select {
			case err = <-done:
			case <-armed:
				cancel()
				err = <-done
			}
			switch {
			case tt.stops && !errors.Is(err, errDataGone):
				t.Errorf("the run goes on (%v), want it stopped", err)
			case tt.stops && err.Error()[:len(store.Path(data))] != store.Path(data):
				t.Errorf("error %q does not name %s first", err, store.Path(data))
			case !tt.stops && err != nil:
				t.Errorf("stopped: %v", err)
			}
		})
	}
}
