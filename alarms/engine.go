package alarms

import (
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/gohmi/gohmi/internal/clock"
	"github.com/gohmi/gohmi/tags"
)

// Options configure an [Engine]. The zero Options are valid.
type Options struct {
	Clock  clock.Clock  // nil: the wall clock
	Sink   Sink         // nil: events are not journaled
	Logger *slog.Logger // nil: discard
	// Changed is called after what Statuses, Horn or TagStates return
	// changed, without the engine's lock held, on whichever goroutine made
	// the change (Run's, or the caller of Ack, Shelve, Configure…). It must
	// return quickly and must not wait for the UI goroutine: a non-blocking
	// send on a capacity-1 channel is the intended use. Calls coalesce.
	Changed func()
	// MaxShelve is the longest shelve of an alarm whose Def has none.
	// Default: 8 h.
	MaxShelve time.Duration
	// Horn is the least important priority that sounds the horn: it sounds
	// when a visible alarm of priority 1…Horn becomes active and
	// unacknowledged. 0: no horn.
	Horn Priority
	// InitialGrace is the shortest on-delay of a bad-quality alarm whose
	// input never had data since the engine configured it (at start every
	// tag is Bad, [tags.WaitingReason]). Default: 10 s.
	InitialGrace time.Duration
}

// DefaultMaxShelve is the longest shelve when neither the Def nor the
// Options say otherwise.
const DefaultMaxShelve = 8 * time.Hour

// DefaultInitialGrace is the default [Options.InitialGrace].
const DefaultInitialGrace = 10 * time.Second

// ErrNeedComment is returned (wrapped, naming the alarm) by [Engine.Ack]
// when a definition requires a comment and the [Op] has none.
var ErrNeedComment = errors.New("acknowledging needs a comment")

// ErrNoAlarm is returned (wrapped, naming it) for an alarm the engine does
// not know.
var ErrNoAlarm = errors.New("no such alarm")

// TagState is what the alarms reading a tag say about it, for the style
// pseudo-classes :alarm, :alarm-unack and :shelved.
type TagState struct {
	Alarm   bool // a visible alarm on the tag is active (State.Active)
	Unack   bool // a visible alarm on the tag waits for acknowledgement
	Shelved bool // an alarm on the tag is shelved
}

// Engine evaluates a [Plan] against tag values: the ISA-18.2 state machine
// of every alarm, stepped by the clock. See the package documentation for
// the state diagram. It implements [Board]; all methods are safe for
// concurrent use.
type Engine struct {
	clk     clock.Clock
	sink    Sink
	log     *slog.Logger
	changed func()
	maxSh   time.Duration
	hornPri Priority
	grace   time.Duration
	get     func(string) (tags.Value, bool) // e.value, bound once

	wake chan struct{} // capacity 1: Configure or a Board call moved a deadline

	// mu guards every field below and every alarm and slot reachable from
	// them. Evaluation, Board calls and Configure all take it; Sink and
	// Changed are called only without it (see flush).
	mu       sync.Mutex
	gen      uint64              // bumped when a Configure changes deps: Run resubscribes
	deps     []string            // the plan's deps (never nil)
	alarms   []*alarm            // plan order
	byName   map[string]*alarm   // by Def.Name
	slots    map[string]*slot    // latest value of every dep
	listed   map[*alarm]struct{} // alarms not plain Normal: what Statuses and TagStates read
	restored map[string]Status   // from Restore, until the first Configure
	nextID   uint64              // the next activation's EventID
	heap     alarmHeap           // alarms with a deadline, earliest first
	dirty    []*alarm            // alarms to evaluate in this Eval
	evalGen  uint64              // marks alarms already in dirty
	cur      *operand            // the operand eval is evaluating, for value
	curK     int                 // the next of cur's deps value expects

	version    uint64
	hornOn     bool // a new unacked alarm sounded and was not silenced
	hornUnack  int  // visible unacked alarms at priority <= hornPri
	pending    []Event
	pendCap    int       // the size of the last slice handed to the Sink (at most 4096)
	lastAt     time.Time // the time of the last transition: event times never go back
	notify     bool      // Changed is owed
	flushing   bool      // a goroutine is handing pending to the Sink
	statusVer  uint64
	statusC    []Status
	tagVer     uint64
	tagStates  map[string]TagState
	configured bool
}

// alarm is one definition's runtime state. Guarded by Engine.mu. The
// fields evaluation reads for every update come first and copy what they
// need of the definition: benchmarking 10,000 alarms showed evaluation
// bound by cache misses, one of them the dereference of c.
type alarm struct {
	mark     uint64 // == Engine.evalGen when in Engine.dirty
	kind     Kind   // c.Def's
	dir      Dir
	cond     bool // the debounced condition: true from activation to return
	hadData  bool // bad-quality: the input was not Bad since configured
	warned   bool // an evaluation error was logged
	deadband float64
	onDelay  time.Duration
	offDelay time.Duration
	pendAt   time.Time // when the pending on/off delay ends; zero: none

	in, when, sup operand // input (limit kinds and bad-quality), digital condition, suppression
	lim, sp       ref
	lastV         any     // the input (or When) at the last evaluation
	limV          float64 // the limit at the last evaluation (NaN: none)

	// rate of change
	prevX, rate float64
	prevT       time.Time
	havePrev    bool
	haveRate    bool
	staleAt     time.Time // when the rate counts as 0 without a new sample

	due  time.Time // earliest of pendAt, ShelvedUntil, staleAt; zero: none
	hidx int       // index in Engine.heap; -1 when absent

	inTags []string // the tags Input or When read, for TagStates

	c  *Compiled
	st Status
}

// slot is the latest value of one tag that some alarm reads.
type slot struct {
	v      tags.Value
	alarms []*alarm // alarms that read the tag in any way
}

// NewEngine returns an engine with no alarms; call Configure.
func NewEngine(opts Options) *Engine {
	e := &Engine{
		clk:     clock.Or(opts.Clock),
		sink:    opts.Sink,
		log:     opts.Logger,
		changed: opts.Changed,
		maxSh:   opts.MaxShelve,
		hornPri: opts.Horn,
		grace:   opts.InitialGrace,
		wake:    make(chan struct{}, 1),
		byName:  map[string]*alarm{},
		slots:   map[string]*slot{},
		listed:  map[*alarm]struct{}{},
		deps:    []string{},
		nextID:  1,
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.maxSh <= 0 {
		e.maxSh = DefaultMaxShelve
	}
	if e.grace <= 0 {
		e.grace = DefaultInitialGrace
	}
	e.get = e.value
	return e
}

// Restore gives the engine the alarms' last statuses (the journal's last
// event of each) and the next activation's event id. Call it before the
// first Configure, which takes them over: an acknowledged active alarm
// stays acknowledged, a shelve keeps its expiry. Restored alarms that the
// first plan no longer defines and that were not plain normal are closed
// with a Removed event.
func (e *Engine) Restore(last []Status, nextEventID uint64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.restored == nil {
		e.restored = make(map[string]Status, len(last))
	}
	for _, s := range last {
		e.restored[s.Name] = s
		if s.EventID >= nextEventID {
			nextEventID = s.EventID + 1
		}
	}
	e.nextID = max(e.nextID, nextEventID)
}

// Eval applies tag updates: it fires every delay, shelve expiry and rate
// timeout due by the clock's now, stores the values and evaluates every
// alarm that reads one of them. Run calls it; tests and benchmarks may
// call it directly (Eval(nil) only fires what is due). Updates for tags no
// alarm reads are ignored.
func (e *Engine) Eval(updates []tags.Update) {
	e.mu.Lock()
	now := e.now()
	e.fireDue(now)
	e.evalGen++
	for i := range updates {
		s := e.slots[updates[i].Name]
		if s == nil {
			continue
		}
		s.v = updates[i].Value
		for _, a := range s.alarms {
			if a.mark != e.evalGen {
				a.mark = e.evalGen
				e.dirty = append(e.dirty, a)
			}
		}
	}
	for i, a := range e.dirty {
		e.evalAlarm(a, now)
		e.dirty[i] = nil
	}
	e.dirty = e.dirty[:0]
	e.mu.Unlock()
	e.flush()
}

// Horn reports whether the horn should sound: a visible alarm at or above
// Options.Horn priority became active and unacknowledged, it was not
// silenced, and some such alarm still waits for acknowledgement.
func (e *Engine) Horn() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.hornOn && e.hornUnack > 0
}

// Silence turns the horn off until the next new unacknowledged alarm at or
// above Options.Horn priority. It is not journaled; op is for the audit
// trail of a later issue.
func (e *Engine) Silence(op Op) {
	e.mu.Lock()
	if e.hornOn {
		e.hornOn = false
		e.notify = true
	}
	e.mu.Unlock()
	e.flush()
}

// TagStates returns what the alarms say about the tags their Input or
// When read (see [TagState]), by tag name. Tags whose alarms are all
// normal and unshelved are left out: a lookup gives the zero TagState.
// Only alarms that are not plain normal are visited, so the cost follows
// the alarms standing, not the plant's size (benchmarking 10,000 alarms
// showed a full map costing 8 ms per change). The map is rebuilt after a
// change and shared between callers until the next one: do not modify it.
func (e *Engine) TagStates() map[string]TagState {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.tagStates != nil && e.tagVer == e.version {
		return e.tagStates
	}
	m := make(map[string]TagState)
	for a := range e.listed {
		vis := visible(&a.st)
		alarm, unack := vis && a.st.State.Active(), vis && a.st.State.Unacked()
		if !alarm && !unack && !a.st.Shelved {
			continue
		}
		for _, tag := range a.inTags {
			ts := m[tag]
			ts.Alarm = ts.Alarm || alarm
			ts.Unack = ts.Unack || unack
			ts.Shelved = ts.Shelved || a.st.Shelved
			m[tag] = ts
		}
	}
	e.tagStates, e.tagVer = m, e.version
	return m
}

// relist keeps the alarm in listed exactly when it is not plain Normal.
// The caller holds mu.
func (e *Engine) relist(a *alarm) {
	if s := &a.st; s.State != Normal || s.Shelved || s.Suppressed || s.OutOfService {
		e.listed[a] = struct{}{}
	} else {
		delete(e.listed, a)
	}
}

// now is the clock's time, or the last transition's when the clock is
// behind it (a deadline's event was stamped with the deadline, a wall
// clock stepped back), so that the journal's times never go back. The
// caller holds mu: reading the clock under it orders the times of
// changes made by different goroutines.
func (e *Engine) now() time.Time {
	return laterOf(e.clk.Now(), e.lastAt)
}

func laterOf(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// value is the get function of expressions: the latest value of a dep.
// While eval runs an operand, its deps come from the operand's slots in
// the order Expr.Eval asks for them (checked, so any order stays correct),
// saving a map lookup per dep. The caller holds mu.
func (e *Engine) value(name string) (tags.Value, bool) {
	if o, k := e.cur, e.curK; o != nil && k < len(o.deps) && o.x.Deps[k] == name {
		e.curK++
		return o.deps[k].v, true
	}
	s := e.slots[name]
	if s == nil {
		return tags.Value{}, false
	}
	return s.v, true
}

// visible reports whether no overlay hides the alarm from the operator.
func visible(s *Status) bool { return !s.Shelved && !s.Suppressed && !s.OutOfService }

// flush hands pending events to the Sink and calls Changed, in order and
// without mu held. One goroutine flushes at a time; another that finds a
// flush under way leaves its events to it, so events reach the Sink in
// the order they were produced, and a Sink or Changed that calls back into
// the engine cannot deadlock.
func (e *Engine) flush() {
	e.mu.Lock()
	if e.flushing {
		e.mu.Unlock()
		return
	}
	e.flushing = true
	for {
		evs, notify := e.pending, e.notify
		e.pending, e.notify = nil, false
		if len(evs) > 0 {
			e.pendCap = min(len(evs), 4096)
		}
		if len(evs) == 0 && !notify {
			e.flushing = false
			e.mu.Unlock()
			return
		}
		e.mu.Unlock()
		if len(evs) > 0 && e.sink != nil {
			e.sink.Append(evs)
		}
		if notify && e.changed != nil {
			e.changed()
		}
		e.mu.Lock()
	}
}

// poke wakes Run to re-arm its timer or resubscribe.
func (e *Engine) poke() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}
