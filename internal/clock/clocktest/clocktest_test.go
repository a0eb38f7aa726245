package clocktest_test

import (
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/clock/clocktest"
)

func TestStepFiresDueTimersInOrder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := clocktest.New(t0)
	a, b := c.NewTimer(30*time.Millisecond), c.NewTimer(10*time.Millisecond)
	late := c.NewTimer(time.Second)
	c.Step(20 * time.Millisecond)
	select {
	case <-a.C():
		t.Fatal("a fired 10 ms early")
	default:
	}
	if got := <-b.C(); !got.Equal(t0.Add(10 * time.Millisecond)) {
		t.Errorf("b sent %v, want its deadline", got)
	}
	c.Step(10 * time.Millisecond)
	if got := <-a.C(); !got.Equal(t0.Add(30 * time.Millisecond)) {
		t.Errorf("a sent %v", got)
	}
	if c.Timers() != 1 {
		t.Errorf("%d timers armed, want 1 (late)", c.Timers())
	}
	late.Stop()
	c.Step(time.Hour)
	select {
	case <-late.C():
		t.Error("a stopped timer fired")
	default:
	}
	if !c.Now().Equal(t0.Add(time.Hour + 30*time.Millisecond)) {
		t.Errorf("now %v", c.Now())
	}
}

func TestResetDropsStaleValue(t *testing.T) {
	c := clocktest.New(time.Unix(0, 0))
	tm := c.NewTimer(time.Millisecond)
	c.Step(time.Millisecond) // fired, not received
	tm.Reset(time.Second)
	select {
	case <-tm.C():
		t.Fatal("a stale value survived Reset")
	default:
	}
	tm.Reset(0)
	<-tm.C() // a zero reset fires at once
}

func TestWaitTimers(t *testing.T) {
	c := clocktest.New(time.Unix(0, 0))
	done := make(chan bool)
	go func() { done <- c.WaitTimers(1, time.After(10*time.Second)) }()
	c.NewTimer(time.Minute)
	if !<-done {
		t.Fatal("WaitTimers missed an armed timer")
	}
}

func TestWaitArmed(t *testing.T) {
	t0 := time.Unix(0, 0)
	c := clocktest.New(t0)
	tm := c.NewTimer(time.Hour)
	done := make(chan bool)
	go func() { done <- c.WaitArmed(t0.Add(time.Second), time.After(10*time.Second)) }()
	tm.Reset(time.Second)
	if !<-done {
		t.Fatal("WaitArmed missed a timer reset to the moment it waits for")
	}
}
