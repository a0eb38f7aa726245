package alarms

import (
	"time"

	"github.com/gohmi/gohmi/tags"
)

// transition is what commit needs to know about an alarm before a change.
type transition struct {
	from string // Status.Shown() before
	horn bool   // counted in hornUnack before
	visB bool   // visible and ActiveUnack before
}

// begin notes the alarm's status before a change; commit journals it.
func (e *Engine) begin(a *alarm) transition {
	return transition{from: a.st.Shown(), horn: e.hornable(a), visB: visible(&a.st) && a.st.State == ActiveUnack}
}

// commit finishes a transition: stamps the status, keeps the horn's count,
// bumps the version and queues the event. The caller holds mu.
func (e *Engine) commit(a *alarm, tr transition, at time.Time, act Action, op Op) {
	e.lastAt = at
	a.st.Since = at
	a.st.Value = tags.Format(a.lastV, -1)
	a.st.Limit = a.limV
	h := e.hornable(a)
	switch {
	case h && !tr.horn:
		e.hornUnack++
	case !h && tr.horn:
		e.hornUnack--
	}
	if h && a.st.State == ActiveUnack && (!tr.visB || act == Activate) {
		e.hornOn = true
	}
	if e.hornUnack <= 0 {
		e.hornOn = false
	}
	e.relist(a)
	e.version++
	e.notify = true
	if e.sink != nil {
		if e.pending == nil {
			// The Sink keeps each slice it gets; start the next one at the
			// size of the last, so that a flood does not grow it step by step.
			e.pending = make([]Event, 0, e.pendCap)
		}
		e.pending = append(e.pending, Event{
			Time: at, Action: act, From: tr.from, To: a.st.Shown(),
			User: op.User, Comment: op.Comment, Status: a.st,
		})
	}
}

// hornable reports whether the alarm counts for the horn: visible, waiting
// for acknowledgement, at or above the horn's priority.
func (e *Engine) hornable(a *alarm) bool {
	return e.hornPri > 0 && a.st.Priority <= e.hornPri && visible(&a.st) && a.st.State.Unacked()
}

// recountHorn recounts hornUnack after a reconfiguration.
func (e *Engine) recountHorn() {
	e.hornUnack = 0
	for _, a := range e.alarms {
		if e.hornable(a) {
			e.hornUnack++
		}
	}
	if e.hornUnack == 0 {
		e.hornOn = false
	}
}

// setCond activates (c) or returns the alarm, after its delays.
//
//	activate: any state → ActiveUnack (ActiveAck without Def.Ack), new EventID
//	return:   ActiveUnack → ReturnedUnack; latched: stays ActiveUnack;
//	          hidden (shelved, suppressed, out of service), not latched: → Normal
//	          ActiveAck → Normal; latched: → Latched
func (e *Engine) setCond(a *alarm, c bool, at time.Time) {
	tr := e.begin(a)
	d := &a.c.Def
	a.cond = c
	if c {
		a.st.EventID = e.nextID
		e.nextID++
		a.st.ActiveSince = at
		a.st.Message = e.render(a)
		a.st.State = ActiveAck
		if d.Ack {
			a.st.State = ActiveUnack
		}
		e.commit(a, tr, at, Activate, Op{})
		return
	}
	switch a.st.State {
	case ActiveUnack:
		switch {
		case d.Latched:
		case !visible(&a.st):
			a.st.State = Normal
		default:
			a.st.State = ReturnedUnack
		}
	case ActiveAck:
		a.st.State = Normal
		if d.Latched {
			a.st.State = Latched
		}
	}
	e.commit(a, tr, at, Return, Op{})
}

// needsAck reports whether Ack would change the alarm.
func needsAck(a *alarm) bool {
	return a.st.State.Unacked() || a.st.State == Latched
}

// ack applies an acknowledgement: ActiveUnack → ActiveAck (→ Normal when
// a latched alarm's condition already cleared: the ack is also the reset),
// ReturnedUnack → Normal, Latched → Normal (the reset).
func ack(a *alarm) {
	switch a.st.State {
	case ActiveUnack:
		a.st.State = ActiveAck
		if !a.cond {
			a.st.State = Normal
		}
	case ReturnedUnack, Latched:
		a.st.State = Normal
	}
}

// normalize makes a state fit its (changed or restored) definition: no
// unacknowledged state without Def.Ack, no latch without Def.Latched, no
// suppression without Def.Suppress.
func normalize(a *alarm) {
	d := &a.c.Def
	if !d.Latched {
		switch {
		case a.st.State == Latched:
			a.st.State = Normal
		case a.st.State == ActiveUnack && !a.cond:
			a.st.State = ReturnedUnack
		}
	}
	if !d.Ack {
		switch a.st.State {
		case ActiveUnack:
			a.st.State = ActiveAck
			if !a.cond {
				a.st.State = Normal
			}
		case ReturnedUnack:
			a.st.State = Normal
		}
	}
	if d.Suppress == "" {
		a.st.Suppressed = false
	}
}

// fire runs an alarm's deadlines due at at: the end of a delay, a rate
// that went stale, a shelve's expiry. The caller holds mu.
func (e *Engine) fire(a *alarm, at time.Time) {
	if !a.pendAt.IsZero() && !a.pendAt.After(at) {
		a.pendAt = time.Time{}
		e.setCond(a, !a.cond, at)
	}
	if !a.staleAt.IsZero() && !a.staleAt.After(at) {
		a.staleAt = time.Time{}
		a.rate = 0
		e.evalCond(a, at)
	}
	if a.st.Shelved && !a.st.ShelvedUntil.After(at) {
		tr := e.begin(a)
		a.st.Shelved, a.st.ShelvedUntil = false, time.Time{}
		if a.st.State == ActiveAck && a.c.Def.Ack {
			a.st.State = ActiveUnack
		}
		e.commit(a, tr, at, ShelveExpired, Op{})
	}
	e.reschedule(a)
}

// fireDue fires every deadline due by now, earliest first, each at its own
// time. The caller holds mu.
func (e *Engine) fireDue(now time.Time) {
	for len(e.heap) > 0 && !e.heap[0].due.After(now) {
		a := e.heap[0]
		e.fire(a, laterOf(a.due, e.lastAt))
	}
}
