package alarms

import (
	"math"
	"strings"
	"time"

	"github.com/gohmi/gohmi/tags"
)

// operand is a compiled expression with a fast path for the common case of
// a plain tag name, read straight from its slot.
type operand struct {
	x      *tags.Expr
	direct *slot   // the slot when x is just a tag name
	deps   []*slot // x's deps, for the sample time of a rate
}

// ref is a limit or setpoint: a constant or a tag's latest value.
type ref struct {
	c float64
	s *slot // nil: the constant
}

// get returns the reference's value, false when its tag is Bad or not a
// finite number.
func (r ref) get() (float64, bool) {
	if r.s == nil {
		return r.c, true
	}
	if r.s.v.Quality == tags.Bad {
		return 0, false
	}
	f, ok := r.s.v.Float()
	return f, ok && !math.IsNaN(f) && !math.IsInf(f, 0)
}

// eval evaluates the operand: its value, quality, source time (the latest
// of its tags) and a runtime error.
func (e *Engine) eval(o *operand) (any, tags.Quality, time.Time, error) {
	if s := o.direct; s != nil {
		return s.v.V, s.v.Quality, s.v.Time, nil
	}
	e.cur, e.curK = o, 0
	v, q, _, err := o.x.Eval(e.get)
	e.cur = nil
	var t time.Time
	for _, s := range o.deps {
		if s.v.Time.After(t) {
			t = s.v.Time
		}
	}
	return v, q, t, err
}

// evalAlarm re-evaluates one alarm after a value it reads changed: its
// suppression, then its condition through the delays. The caller holds mu.
func (e *Engine) evalAlarm(a *alarm, now time.Time) {
	if a.sup.x != nil {
		e.evalSuppress(a, now)
	}
	e.evalCond(a, now)
}

// evalCond evaluates the condition and steps the delays: an unknown
// condition (a Bad input) holds the state and cancels a pending delay.
func (e *Engine) evalCond(a *alarm, now time.Time) {
	c, known := e.condition(a, now)
	if !known {
		if !a.pendAt.IsZero() {
			a.pendAt = time.Time{}
			e.reschedule(a)
		}
		return
	}
	e.step(a, c, now)
}

// step moves the debounced condition toward c: at once without a delay,
// else when c has held for the on- or off-delay (an interruption cancels).
func (e *Engine) step(a *alarm, c bool, now time.Time) {
	if c == a.cond {
		if !a.pendAt.IsZero() {
			a.pendAt = time.Time{}
			e.reschedule(a)
		}
		return
	}
	delay := a.offDelay
	if c {
		delay = a.onDelay
		if a.kind == BadQuality && !a.hadData {
			delay = max(delay, e.grace)
		}
	}
	if delay <= 0 {
		if !a.pendAt.IsZero() {
			a.pendAt = time.Time{}
			e.reschedule(a)
		}
		e.setCond(a, c, now)
		return
	}
	if a.pendAt.IsZero() {
		a.pendAt = now.Add(delay)
		e.reschedule(a)
	}
}

// condition returns the alarm's raw condition (with deadband applied
// against the debounced one) and whether it is known.
func (e *Engine) condition(a *alarm, now time.Time) (bool, bool) {
	switch a.kind {
	case Digital:
		v, q, _, err := e.eval(&a.when)
		if err != nil {
			e.warn(a, "when", err)
			return false, false
		}
		a.lastV = v
		return tags.Truthy(v), q != tags.Bad
	case BadQuality:
		v, q, _, err := e.eval(&a.in)
		if err != nil {
			e.warn(a, "input", err)
			return false, false
		}
		a.lastV = v
		if q != tags.Bad {
			a.hadData = true
		}
		return q == tags.Bad, true
	}
	v, q, t, err := e.eval(&a.in)
	if err != nil {
		e.warn(a, "input", err)
		return false, false
	}
	a.lastV = v
	x, ok := tags.Value{V: v}.Float()
	if q == tags.Bad || !ok || math.IsNaN(x) {
		return false, false
	}
	lim, ok := a.lim.get()
	if !ok {
		return false, false
	}
	a.limV = lim
	switch a.kind {
	case Limit:
		return overLimit(x, lim, a.deadband, a.dir, a.cond), true
	case Deviation:
		sp, ok := a.sp.get()
		if !ok {
			return false, false
		}
		return beyond(x-sp, lim, a.deadband, a.dir, a.cond), true
	case Rate:
		if t.IsZero() {
			t = now
		}
		if !e.sample(a, x, t, now) {
			return false, false
		}
		return beyond(a.rate, lim, a.deadband, a.dir, a.cond), true
	}
	return false, false
}

// sample takes a rate alarm's input sample x at t and reports whether a
// rate is known. A new value gives the change since the previous one per
// Def.Per; a sample that is not new (another tag of the alarm changed)
// keeps the rate. After a change, the rate counts as 0 once the input has
// held still for max(Per, twice the last sampling interval, at most
// maxStaleWait) after the sample arrived (staleAt: the engine's clock, not
// the source's).
func (e *Engine) sample(a *alarm, x float64, t, now time.Time) bool {
	if !a.havePrev {
		a.prevX, a.prevT, a.havePrev = x, t, true
		return a.haveRate
	}
	if x == a.prevX && !t.After(a.prevT) {
		return a.haveRate // not a new sample
	}
	dt := t.Sub(a.prevT)
	if dt <= 0 { // out of order or the same instant: restart from it
		a.prevX, a.prevT = x, t
		return a.haveRate
	}
	per := a.c.Def.Per
	if per <= 0 {
		per = time.Second
	}
	a.rate = (x - a.prevX) / dt.Seconds() * per.Seconds()
	a.haveRate = true
	a.prevX, a.prevT = x, t
	a.staleAt = time.Time{}
	if a.rate != 0 {
		a.staleAt = now.Add(max(per, min(2*dt, maxStaleWait)))
	}
	e.reschedule(a)
	return true
}

// maxStaleWait bounds how long a rate outlives its last sample when the
// samples came far apart: a jump after an hour of quiet must not hold a
// rate alarm for two more hours.
const maxStaleWait = time.Minute

// overLimit is a limit alarm's condition: above (or below) lim, and once
// active until the input is deadband inside it.
func overLimit(x, lim, deadband float64, dir Dir, active bool) bool {
	if dir == Below {
		if active {
			return x < lim+deadband
		}
		return x < lim
	}
	if active {
		return x > lim-deadband
	}
	return x > lim
}

// beyond is a deviation or rate alarm's condition on v (input minus
// setpoint, or the rate): more than lim above (Above), below (Below) or
// either way; once active until v is deadband inside.
func beyond(v, lim, deadband float64, dir Dir, active bool) bool {
	if active {
		lim -= deadband
	}
	switch dir {
	case Above:
		return v > lim
	case Below:
		return v < -lim
	}
	return math.Abs(v) > lim
}

// evalSuppress updates the suppressed-by-design overlay; a Bad
// suppression expression keeps it as it is.
func (e *Engine) evalSuppress(a *alarm, now time.Time) {
	v, q, _, err := e.eval(&a.sup)
	if err != nil {
		e.warn(a, "suppress", err)
		return
	}
	if q == tags.Bad {
		return
	}
	s := tags.Truthy(v)
	if s == a.st.Suppressed {
		return
	}
	tr := e.begin(a)
	a.st.Suppressed = s
	act := Suppress
	if !s {
		act = Unsuppress
	}
	e.commit(a, tr, now, act, Op{})
}

// render evaluates the message's {expression} parts now; a Bad value reads
// "—" and an error "?".
func (e *Engine) render(a *alarm) string {
	parts := a.c.Message
	if len(parts) == 1 && parts[0].Expr == nil {
		return parts[0].Lit
	}
	var b strings.Builder
	for _, p := range parts {
		if p.Expr == nil {
			b.WriteString(p.Lit)
			continue
		}
		v, q, _, err := p.Expr.Eval(e.get)
		switch {
		case err != nil:
			b.WriteString("?")
		case q == tags.Bad:
			b.WriteString("—")
		default:
			b.WriteString(tags.Format(v, -1))
		}
	}
	return b.String()
}

// warn logs an alarm's evaluation error once per configuration.
func (e *Engine) warn(a *alarm, what string, err error) {
	if a.warned {
		return
	}
	a.warned = true
	e.log.Warn("alarms: cannot evaluate", "alarm", a.c.Def.Name, "what", what, "at", a.c.Def.Pos.String(), "err", err)
}
