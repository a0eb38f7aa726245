package alarms

import (
	"strconv"
	"time"

	"github.com/gohmi/gohmi/pos"
)

// Priority is an alarm's importance, 1 (critical) to 4 (low), as ISA-18.2
// asks a site to rank them. The zero Priority is invalid.
type Priority uint8

const (
	Critical Priority = 1
	High     Priority = 2
	Medium   Priority = 3
	Low      Priority = 4
)

var priorityNames = [...]string{"", "critical", "high", "medium", "low"}

// String returns "critical", "high", "medium" or "low".
func (p Priority) String() string {
	if p >= Critical && p <= Low {
		return priorityNames[p]
	}
	return "Priority(" + strconv.Itoa(int(p)) + ")"
}

// ParsePriority reads "critical", "high", "medium", "low" or "1"…"4".
func ParsePriority(s string) (Priority, bool) {
	for p := Critical; p <= Low; p++ {
		if s == priorityNames[p] || s == strconv.Itoa(int(p)) {
			return p, true
		}
	}
	return 0, false
}

// Kind is what condition an alarm watches.
type Kind uint8

const (
	// Limit: the input above (Dir Above) or below (Dir Below) Limit.
	Limit Kind = iota + 1
	// Digital: the expression When is true.
	Digital
	// Deviation: the input differs from Setpoint by more than Limit
	// (Dir: Above = input too high, Below = too low, Either).
	Deviation
	// Rate: the input changes faster than Limit per Per
	// (Dir: Above = rising, Below = falling, Either).
	Rate
	// BadQuality: the input's quality is Bad (an instrument diagnostic).
	BadQuality
)

var kindNames = [...]string{"", "limit", "digital", "deviation", "rate", "bad-quality"}

// String returns "limit", "digital", "deviation", "rate" or "bad-quality".
func (k Kind) String() string {
	if k >= Limit && k <= BadQuality {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Dir is the direction of a limit, deviation or rate alarm.
type Dir uint8

const (
	Above Dir = iota + 1
	Below
	Either
)

// Ref is a limit or a setpoint: a constant, or the value of a tag when Tag
// is set.
type Ref struct {
	Value float64
	Tag   string
	Pos   pos.Pos // where it is written
}

// Def is one alarm definition, as decoded from the project (hmi.yaml's
// `alarms:` and alarms/*.yaml). A limit entry with hihi/hi/lo/lolo is
// decoded into one Def per limit. Defs are plain values compared with ==
// on everything but positions to tell which alarms a reload changed.
type Def struct {
	Name string // unique in the project; the journal's key
	Kind Kind

	// Input is the expression watched by limit, deviation, rate and
	// bad-quality alarms; usually a tag name.
	Input    string
	InputPos pos.Pos
	// When is the condition of a digital alarm.
	When    string
	WhenPos pos.Pos

	Dir      Dir
	Limit    Ref           // limit; deviation: the allowed deviation; rate: the allowed change per Per
	Setpoint Ref           // deviation only
	Per      time.Duration // rate only: time.Second or time.Minute
	// Deadband in engineering units (a % of range is converted by the
	// decoder): a limit alarm returns only when the input is Deadband
	// inside the limit.
	Deadband float64

	OnDelay  time.Duration // the condition must hold this long before the alarm activates
	OffDelay time.Duration // and be clear this long before it returns
	Latched  bool          // stays in alarm after it returns until acknowledged

	// Suppress is an expression: while true the alarm is suppressed by
	// design (e.g. "!Pump1.Running"); it keeps being evaluated.
	Suppress    string
	SuppressPos pos.Pos

	Ack        bool // needs acknowledgement (the default)
	AckComment bool // an acknowledgement needs a comment

	Priority Priority
	// Message is shown and journaled; {expression} parts are evaluated
	// when the alarm activates.
	Message    string
	MessagePos pos.Pos
	Area       string
	// MaxShelve is the longest an operator may shelve the alarm (0: the
	// engine's default).
	MaxShelve time.Duration

	Pos pos.Pos // the definition
}

// State is an alarm's place in the ISA-18.2 state diagram.
type State uint8

const (
	Normal        State = iota // A: normal
	ActiveUnack                // B: in alarm, not acknowledged
	ActiveAck                  // C: in alarm, acknowledged
	ReturnedUnack              // D: returned to normal, not acknowledged
	Latched                    // E: a latched alarm whose condition cleared, waiting for a reset (ack)
)

var stateNames = [...]string{"normal", "active-unack", "active-ack", "returned-unack", "latched"}

// String returns the state's journal name ("active-unack"…).
func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return "State(" + strconv.Itoa(int(s)) + ")"
}

// Active reports whether the alarm shows as in alarm (B, C, or latched).
func (s State) Active() bool { return s == ActiveUnack || s == ActiveAck || s == Latched }

// Unacked reports whether the alarm waits for an acknowledgement (B or D).
func (s State) Unacked() bool { return s == ActiveUnack || s == ReturnedUnack }

// Status is one alarm's state now: its ISA-18.2 state plus the shelved,
// suppressed-by-design and out-of-service overlays, which do not stop
// evaluation.
type Status struct {
	Name     string
	Priority Priority
	Area     string
	Message  string // as rendered at the last activation
	State    State

	Shelved      bool
	ShelvedUntil time.Time
	Suppressed   bool // by design
	OutOfService bool

	EventID     uint64    // the current (or last) activation; 0 before the first
	ActiveSince time.Time // when the current activation began
	Since       time.Time // the last transition
	Value       string    // the input when the last transition happened, formatted
	Limit       float64   // the limit then; NaN when the kind has none (digital, bad-quality)
}

// Shown is the one word a summary shows for the status: "out-of-service",
// "shelved" or "suppressed" when an overlay applies (in that order), else
// the state's name. Journal events record it as From and To.
func (s Status) Shown() string {
	switch {
	case s.OutOfService:
		return "out-of-service"
	case s.Shelved:
		return "shelved"
	case s.Suppressed:
		return "suppressed"
	}
	return s.State.String()
}

// Action is what caused a journal event.
type Action string

const (
	Activate       Action = "activate"       // the condition became true (after on-delay)
	Return         Action = "return"         // the condition cleared (after off-delay)
	Acknowledge    Action = "ack"            // an operator acknowledged (or reset a latched alarm)
	Shelve         Action = "shelve"         // an operator shelved it (ShelvedUntil set)
	Unshelve       Action = "unshelve"       // an operator unshelved it
	ShelveExpired  Action = "shelve-expired" // the shelve ran out
	Suppress       Action = "suppress"       // the suppression expression became true
	Unsuppress     Action = "unsuppress"     // …and false again
	RemoveService  Action = "out-of-service" // an authorized user took it out of service
	RestoreService Action = "in-service"     // …and back
	Removed        Action = "removed"        // its definition was deleted: closed in the journal
	Changed        Action = "changed"        // its definition changed in a way that restarts it
)

// Event is one transition, as journaled. Status is the alarm's status after
// the transition, so the last event of each alarm restores it after a
// restart.
type Event struct {
	Seq     int64 // the journal's row id; 0 until journaled
	Time    time.Time
	Action  Action
	From    string // Status.Shown() before
	To      string // Status.Shown() after
	User    string // who acted; "" for the process itself
	Comment string
	Status  Status
}

// Op says who performs an operator action and why. Until users and roles
// arrive the runtime passes User "operator".
type Op struct {
	User    string
	Comment string
}

// Sink receives events in order, as the engine produces them. Append must
// not block for long: a journal queues and commits in groups.
type Sink interface {
	Append(evs []Event)
}

// Query selects journal events, newest first.
type Query struct {
	Since, Until time.Time // zero: unbounded
	Alarm        string    // exact name; "" for all
	Area         string    // "" for all
	MaxPriority  Priority  // 0 for all; else priorities 1…MaxPriority
	User         string    // the acknowledger or actor; "" for all
	Limit        int       // 0: the journal's default page
	Offset       int
}

// History reads the journal (the alarm-history widget and `hmi journal`).
type History interface {
	Events(q Query) ([]Event, error)
}

// Board is what the alarm widgets and the status server read and do; the
// engine implements it. Methods are safe for concurrent use and return
// quickly (they never wait for the journal).
type Board interface {
	// Statuses returns every alarm that is not plain Normal (active,
	// unacknowledged, latched, shelved, suppressed or out of service),
	// sorted: unacknowledged first, then by priority, then newest first.
	Statuses() []Status
	// Version increases with every change of what Statuses returns, so a
	// widget can skip a repaint.
	Version() uint64
	// Ack acknowledges the named alarms (a reset for latched ones); names
	// that need no acknowledgement are skipped. It fails, changing
	// nothing, when a definition requires a comment and op has none.
	Ack(names []string, op Op) error
	// Shelve hides an alarm from the summary for d (at most its
	// MaxShelve); it keeps being evaluated.
	Shelve(name string, d time.Duration, op Op) error
	Unshelve(name string, op Op) error
	// SetOutOfService takes an alarm out of service (or back).
	SetOutOfService(name string, out bool, op Op) error
}
