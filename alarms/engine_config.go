package alarms

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gohmi/gohmi/pos"
	"github.com/gohmi/gohmi/tags"
)

// Configure makes p the engine's plan, at start and on every reload, from
// any goroutine. An alarm whose definition is unchanged, or changed only
// in display fields (Message, Area, Priority, MaxShelve, AckComment,
// positions), keeps its state; its Status takes the new fields and, when
// not Normal, the message is rendered again with the values now. An alarm
// whose condition changed keeps its state too (an acknowledged active
// alarm stays acknowledged), made to fit the new definition (no
// unacknowledged state without Ack, no latch without Latched); its delays
// and rate history restart and a Changed event records it; the next
// evaluation, at once with the values the engine has, moves it by the new
// condition. A removed alarm is closed with a Removed event. Run
// resubscribes when the plan reads other tags. A nil plan has no alarms.
func (e *Engine) Configure(p *Plan) {
	if p == nil {
		p = &Plan{}
	}
	e.mu.Lock()
	now := e.now()
	e.configure(p, now)
	e.mu.Unlock()
	e.poke()
	e.flush()
}

func (e *Engine) configure(p *Plan, now time.Time) {
	deps := p.Deps()
	if deps == nil {
		deps = []string{}
	}
	slots := make(map[string]*slot, len(deps))
	for _, name := range deps {
		s := e.slots[name]
		if s == nil {
			s = &slot{v: tags.Value{Quality: tags.Bad, Reason: tags.WaitingReason}}
		}
		s.alarms = nil
		slots[name] = s
	}
	e.slots = slots
	byName := make(map[string]*alarm, len(p.Alarms))
	list := make([]*alarm, 0, len(p.Alarms))
	for _, c := range p.Alarms {
		a := e.byName[c.Def.Name]
		if a != nil {
			e.reconfigure(a, c, now)
		} else {
			a = e.newAlarm(c, now)
		}
		e.bind(a)
		byName[c.Def.Name] = a
		list = append(list, a)
	}
	for _, a := range e.alarms {
		if byName[a.c.Def.Name] != a {
			e.unschedule(a)
			e.removed(a.st, now)
		}
	}
	if !e.configured {
		e.closeRestored(now)
		e.configured = true
	}
	e.byName, e.alarms = byName, list
	if !slices.Equal(deps, e.deps) {
		e.deps = deps
		e.gen++
	}
	e.recountHorn()
	clear(e.listed)
	for _, a := range list {
		e.relist(a)
	}
	for _, a := range list {
		e.evalAlarm(a, now)
	}
	e.version++
	e.notify = true
}

// newAlarm makes the runtime state of an added alarm: Normal, or what
// Restore gave for it.
func (e *Engine) newAlarm(c *Compiled, now time.Time) *alarm {
	a := &alarm{c: c, hidx: -1, limV: math.NaN()}
	a.st = Status{Name: c.Def.Name, Limit: math.NaN()}
	r, ok := e.restored[c.Def.Name]
	if ok {
		delete(e.restored, c.Def.Name)
		a.st = r
		if r.State > Latched {
			a.st.State = Normal // not a state this engine wrote
		}
		a.cond = r.State == ActiveUnack || r.State == ActiveAck
	}
	a.st.Priority, a.st.Area = c.Def.Priority, c.Def.Area
	if ok {
		tr := e.begin(a)
		normalize(a)
		if a.st.Shown() != tr.from || a.st.State != r.State {
			e.commit(a, tr, now, Changed, Op{})
		}
	}
	return a
}

// reconfigure gives an alarm its new compiled definition.
func (e *Engine) reconfigure(a *alarm, c *Compiled, now time.Time) {
	old := a.c.Def
	a.c = c
	a.st.Priority, a.st.Area = c.Def.Priority, c.Def.Area
	if old.Message != c.Def.Message && a.st.State != Normal {
		a.st.Message = e.render(a)
	}
	if condKey(old) == condKey(c.Def) {
		return
	}
	tr := e.begin(a)
	a.pendAt, a.staleAt = time.Time{}, time.Time{}
	a.havePrev, a.haveRate, a.rate = false, false, 0
	a.warned = false
	if old.Input != c.Def.Input || old.Kind != c.Def.Kind {
		a.hadData = false
	}
	normalize(a)
	e.commit(a, tr, now, Changed, Op{})
}

// bind resolves the alarm's operands against the slots and registers it
// with the tags it reads. The caller holds mu.
func (e *Engine) bind(a *alarm) {
	c := a.c
	d := &c.Def
	a.kind, a.dir, a.deadband, a.onDelay, a.offDelay = d.Kind, d.Dir, d.Deadband, d.OnDelay, d.OffDelay
	a.in, a.when, a.sup = e.operand(c.Input), e.operand(c.When), e.operand(c.Suppress)
	a.lim, a.sp = e.ref(c.Def.Limit), e.ref(c.Def.Setpoint)
	a.limV = math.NaN()
	if c.Def.Kind != Digital && c.Def.Kind != BadQuality && a.lim.s == nil {
		a.limV = a.lim.c
	}
	for _, t := range c.Deps {
		s := e.slot(t)
		s.alarms = append(s.alarms, a)
	}
	a.inTags = a.inTags[:0]
	for _, x := range [...]*tags.Expr{c.Input, c.When} {
		if x != nil {
			a.inTags = append(a.inTags, x.Deps...)
		}
	}
	e.reschedule(a)
}

func (e *Engine) operand(x *tags.Expr) operand {
	if x == nil {
		return operand{}
	}
	o := operand{x: x}
	for _, t := range x.Deps {
		o.deps = append(o.deps, e.slot(t))
	}
	if len(x.Deps) == 1 && strings.TrimSpace(x.Src) == x.Deps[0] {
		o.direct = o.deps[0]
	}
	return o
}

func (e *Engine) ref(r Ref) ref {
	if r.Tag == "" {
		return ref{c: r.Value}
	}
	return ref{s: e.slot(r.Tag)}
}

// slot returns the slot of a tag, made when a hand-built plan lacks it.
func (e *Engine) slot(name string) *slot {
	s := e.slots[name]
	if s == nil {
		s = &slot{v: tags.Value{Quality: tags.Bad, Reason: tags.WaitingReason}}
		e.slots[name] = s
	}
	return s
}

// removed journals the end of an alarm whose definition is gone: From is
// its last Shown, To is "removed", Status its last status. The caller
// recounts the horn.
func (e *Engine) removed(st Status, now time.Time) {
	e.version++
	e.notify = true
	if e.sink == nil {
		return
	}
	from := st.Shown()
	st.Since = now
	e.lastAt = now
	e.pending = append(e.pending, Event{Time: now, Action: Removed, From: from, To: string(Removed), Status: st})
}

// closeRestored closes restored alarms that the first plan does not
// define, unless they were plain normal (nothing to close).
func (e *Engine) closeRestored(now time.Time) {
	names := make([]string, 0, len(e.restored))
	for name, st := range e.restored {
		if st.State != Normal || st.Shelved || st.Suppressed || st.OutOfService {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, name := range names {
		e.removed(e.restored[name], now)
	}
	e.restored = nil
}

// condKey is a definition without its display fields and positions: two
// definitions with the same key raise and clear alarms alike.
func condKey(d Def) Def {
	d.InputPos, d.WhenPos, d.SuppressPos, d.MessagePos, d.Pos = pos.Pos{}, pos.Pos{}, pos.Pos{}, pos.Pos{}, pos.Pos{}
	d.Limit.Pos, d.Setpoint.Pos = pos.Pos{}, pos.Pos{}
	d.Message, d.Area, d.Priority, d.MaxShelve, d.AckComment = "", "", 0, 0, false
	return d
}
