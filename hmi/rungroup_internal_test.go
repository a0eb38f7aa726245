package hmi

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestRunGroupEveryGoroutineFails: Run's six goroutines may all fail; none
// blocks reporting its error (a channel of four deadlocked Run), the first
// failure is the error, and the others are cancelled.
func TestRunGroupEveryGoroutineFails(t *testing.T) {
	g := newRunGroup(context.Background())
	g.Go("first", func(context.Context) error { return errors.New("boom") })
	// The group is cancelled after the failure is recorded: waiting for the
	// function's return instead let a "late" one below win the race.
	<-g.ctx.Done()
	for i := range 7 {
		g.Go(fmt.Sprint("g", i), func(ctx context.Context) error {
			if i%2 == 0 {
				<-ctx.Done() // cancelled by the first failure
				return ctx.Err()
			}
			return errors.New("late")
		})
	}
	done := make(chan error)
	go func() { done <- g.Wait() }()
	select {
	case err := <-done:
		if err == nil || err.Error() != "first: boom" {
			t.Errorf("Wait = %v, want the first failure", err)
		}
	case <-time.After(10 * time.Second): // a bound on a deadlock, not a timing assertion
		t.Fatal("Wait never returned: a goroutine blocked reporting its error")
	}
}

// TestReloadAfterRunStartsNoDriver: once Run returned, a reload that
// restarts a connection must not start a driver nobody stops.
func TestReloadAfterRunStartsNoDriver(t *testing.T) {
	r := &Runtime{conns: map[string]*connRun{}}
	ctx, cancel := context.WithCancel(context.Background())
	r.startConns(ctx)
	cancel()
	r.stopConns()
	if r.runCtx != nil {
		t.Error("runCtx still set after Run: a reload would start drivers in a dead context")
	}
}
