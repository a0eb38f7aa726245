package alarms

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

var _ Board = (*Engine)(nil)

// Statuses returns every alarm that is not plain Normal, sorted:
// unacknowledged first, then by priority, then newest activation first,
// then by name. The slice is the caller's. Only the alarms standing are
// visited, not every definition.
func (e *Engine) Statuses() []Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.statusC == nil || e.statusVer != e.version {
		e.statusC = e.statusC[:0]
		for a := range e.listed {
			e.statusC = append(e.statusC, a.st)
		}
		slices.SortFunc(e.statusC, compareStatus)
		e.statusVer = e.version
	}
	return slices.Clone(e.statusC)
}

func compareStatus(a, b Status) int {
	if ua, ub := a.State.Unacked(), b.State.Unacked(); ua != ub {
		if ua {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.Priority, b.Priority); c != 0 {
		return c
	}
	if c := b.ActiveSince.Compare(a.ActiveSince); c != 0 {
		return c
	}
	if c := b.Since.Compare(a.Since); c != 0 {
		return c
	}
	return strings.Compare(a.Name, b.Name)
}

// Version increases with every change of what Statuses returns.
func (e *Engine) Version() uint64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.version
}

// Ack acknowledges the named alarms in one call (one alarm, a page, all
// visible): ActiveUnack → ActiveAck, ReturnedUnack → Normal, Latched →
// Normal (the reset), each journaled with op. Alarms that need nothing are
// skipped. When one of them requires a comment and op has none (blank), it
// returns an error wrapping [ErrNeedComment] and changes nothing. Unknown
// names (removed by a reload meanwhile) do not stop the others; the error
// then wraps [ErrNoAlarm] and names them.
func (e *Engine) Ack(names []string, op Op) error {
	e.mu.Lock()
	now := e.now()
	var unknown []string
	for _, name := range names {
		a := e.byName[name]
		if a == nil {
			unknown = append(unknown, name)
			continue
		}
		if needsAck(a) && a.c.Def.AckComment && strings.TrimSpace(op.Comment) == "" {
			e.mu.Unlock()
			return fmt.Errorf("alarms: %s: %w", name, ErrNeedComment)
		}
	}
	for _, name := range names {
		a := e.byName[name]
		if a == nil || !needsAck(a) {
			continue
		}
		tr := e.begin(a)
		ack(a)
		e.commit(a, tr, now, Acknowledge, op)
	}
	e.mu.Unlock()
	e.flush()
	if unknown != nil {
		return fmt.Errorf("alarms: %w: %s", ErrNoAlarm, strings.Join(unknown, ", "))
	}
	return nil
}

// Shelve hides an alarm from the operator for d, at most its Def's
// MaxShelve (else Options.MaxShelve); it keeps being evaluated. Shelving a
// shelved alarm sets a new expiry. At the expiry (ShelveExpired) an
// active acknowledged alarm becomes unacknowledged again.
func (e *Engine) Shelve(name string, d time.Duration, op Op) error {
	e.mu.Lock()
	now := e.now()
	a := e.byName[name]
	var err error
	switch {
	case a == nil:
		err = fmt.Errorf("alarms: %w: %s", ErrNoAlarm, name)
	case d <= 0:
		err = fmt.Errorf("alarms: %s: shelve for %v: the duration must be positive", name, d)
	case d > e.maxShelve(a):
		err = fmt.Errorf("alarms: %s: shelve for %v: longer than the maximum %v", name, d, e.maxShelve(a))
	default:
		tr := e.begin(a)
		a.st.Shelved, a.st.ShelvedUntil = true, now.Add(d)
		e.commit(a, tr, now, Shelve, op)
		e.reschedule(a)
	}
	e.mu.Unlock()
	e.poke()
	e.flush()
	return err
}

// Unshelve shows a shelved alarm again, acknowledged: the operator chose
// to see it (ActiveUnack → ActiveAck, ReturnedUnack → Normal; a Latched
// alarm still needs its reset).
func (e *Engine) Unshelve(name string, op Op) error {
	e.mu.Lock()
	now := e.now()
	a := e.byName[name]
	var err error
	switch {
	case a == nil:
		err = fmt.Errorf("alarms: %w: %s", ErrNoAlarm, name)
	case !a.st.Shelved:
		err = fmt.Errorf("alarms: %s: not shelved", name)
	default:
		tr := e.begin(a)
		a.st.Shelved, a.st.ShelvedUntil = false, time.Time{}
		if a.st.State.Unacked() {
			ack(a)
		}
		e.commit(a, tr, now, Unshelve, op)
		e.reschedule(a)
	}
	e.mu.Unlock()
	e.poke()
	e.flush()
	return err
}

// SetOutOfService takes an alarm out of service (out) or back. It keeps
// being evaluated; see the package documentation for what a return while
// out of service does. Setting the state it already has does nothing.
func (e *Engine) SetOutOfService(name string, out bool, op Op) error {
	e.mu.Lock()
	now := e.now()
	a := e.byName[name]
	if a == nil {
		e.mu.Unlock()
		return fmt.Errorf("alarms: %w: %s", ErrNoAlarm, name)
	}
	if a.st.OutOfService != out {
		tr := e.begin(a)
		a.st.OutOfService = out
		act := RemoveService
		if !out {
			act = RestoreService
		}
		e.commit(a, tr, now, act, op)
	}
	e.mu.Unlock()
	e.flush()
	return nil
}

func (e *Engine) maxShelve(a *alarm) time.Duration {
	if a.c.Def.MaxShelve > 0 {
		return a.c.Def.MaxShelve
	}
	return e.maxSh
}

// Status returns one alarm's status, Normal ones included.
func (e *Engine) Status(name string) (Status, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.byName[name]
	if a == nil {
		return Status{}, false
	}
	return a.st, true
}
