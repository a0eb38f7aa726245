// Package alarms is the alarm system after ISA-18.2 / IEC 62682:
// definitions ([Def]) compiled against the project's tags ([Compile] →
// [Plan]), the [Engine] that evaluates them, stepped by an injected clock,
// and the types the journal ([Sink], [History]) and the alarm widgets
// ([Board]) meet. It imports tags for values only and never Fyne.
//
// # Conditions
//
//   - limit: Dir Above (also when unset): input > limit; Below: input <
//     limit. The limit is a constant or a tag's current value.
//   - deviation: v = input − setpoint; Above: v > limit; Below: v < −limit;
//     Either (also when unset): |v| > limit.
//   - rate: v = the change between the last two distinct input samples,
//     per Def.Per (default 1 s), timed by the values' source times (the
//     engine's clock when they have none); compared like a deviation. The
//     tag database publishes only changes, so after a change the rate
//     counts as 0 once the input held still for max(Per, twice the last
//     sampling interval but at most a minute).
//   - digital: When is truthy ([tags.Truthy]).
//   - bad-quality: the input's quality is Bad.
//
// Deadband is hysteresis: once active, a limit, deviation or rate alarm
// stays so until its value is Deadband inside the limit. A high limit of
// 90 with deadband 2 activates above 90 and returns at 88 or below; the
// value at the limit itself (90) is not above it.
//
// An unknown condition holds the state: a Bad, non-numeric or NaN input,
// limit or setpoint, or a Bad When, neither activates nor returns an
// alarm, and cancels a pending delay (it restarts once the value is good).
// At start every tag is Bad ([tags.WaitingReason]), so nothing fires.
// Uncertain values count. A bad-quality alarm on an input that has had no
// good value since the alarm was configured waits at least
// Options.InitialGrace (default 10 s) before it activates: a device that
// answers within it never raises one, a device that never answers does.
//
// OnDelay: the condition must hold continuously this long before the alarm
// activates; OffDelay: be clear this long before it returns. An
// interruption cancels the delay; it starts from zero the next time. The
// event of a delayed transition is stamped with the deadline itself.
//
// # States
//
// The engine keeps the debounced condition of each alarm (true from
// activation to return) and moves its [State] so:
//
//	state              activate          return                         Ack
//	A normal           B, new EventID    -                              -
//	B active-unack     -                 D; latched: stays B;           C; latched and already
//	                                     hidden, not latched: A         returned: A (ack and reset)
//	C active-ack       -                 A; latched: E                  -
//	D returned-unack   B, new EventID    -                              A
//	E latched          B, new EventID    -                              A (the reset)
//
// Without Def.Ack an activation goes to C instead of B, so the alarm is
// never B or D, and Ack skips it; a latched one still waits in E for its
// reset (Ack). Latched: the alarm cannot disappear before an operator saw
// it; one acknowledgement of a latched alarm that already returned both
// acknowledges and resets it.
//
// Overlays hide an alarm from the operator without stopping its
// evaluation: Shelved (an operator, for at most MaxShelve), Suppressed (by
// design: the Suppress expression is truthy; a Bad one keeps the overlay
// as it was, so one that was never good does not suppress: a dead device
// must not silence alarms) and OutOfService. [Status.Shown] names the one that shows.
// A non-latched unacknowledged alarm that returns while hidden goes to
// Normal, not D: nobody saw it, nobody needs to acknowledge it. A shelve's
// expiry (ShelveExpired) makes an active acknowledged alarm
// unacknowledged again (C → B); a manual Unshelve acknowledges (B → C, or
// A when latched and returned; D → A); a latched E keeps waiting for its
// reset either way. Shelving a shelved alarm sets a new expiry.
//
// # Events
//
// Every transition is an [Event], handed to the Sink in order: its time,
// Action, From and To (Status.Shown before and after), User and Comment
// for operator actions, and the Status after it, whose Value is the input
// formatted with [tags.Format] and Limit the limit (NaN for digital and
// bad-quality alarms). Each activation has a new EventID, counting on from
// Restore's. The message's {expression} parts are rendered at activation
// (a Bad value reads "—", an error "?"). An alarm removed by a reload is
// closed with a Removed event whose To is "removed".
//
// # Reloads and restarts
//
// [Engine.Configure] keeps the state of every alarm whose definition is
// unchanged or changed only in display fields (message, area, priority,
// MaxShelve, AckComment): the status takes them, and the message of an
// alarm that is not Normal is rendered again. An alarm whose condition
// changed (kind, input, limit, delays, latch, Ack…) keeps its state too,
// made to fit the new definition (no B or D without Ack, no E without
// Latched); its delays and rate history restart, a Changed event records
// it, and it is evaluated at once with the values the engine has.
//
// [Engine.Restore], before the first Configure, gives back the journal's
// last statuses: an acknowledged active alarm stays acknowledged, a shelve
// keeps its expiry and expires at it (at once if it passed meanwhile),
// event ids continue. The horn does not sound for restored alarms.
//
// # Horn
//
// With Options.Horn set, the horn sounds when a visible alarm of priority
// 1…Horn becomes active and unacknowledged (an activation, a shelve
// expiry, the end of a suppression or of out of service), and stops when
// silenced ([Engine.Silence]) or when no visible alarm of those priorities
// waits for acknowledgement.
//
// # Concurrency
//
// Run's goroutine evaluates; Board methods and Configure come from others.
// One mutex guards the engine: a batch of 100 updates holds it for tens of
// microseconds. The Sink and Options.Changed are called without it, by
// whichever goroutine made the change, one at a time and in order; another
// goroutine that makes a change meanwhile leaves its events to the one
// already handing them over. So a Sink or Changed may call the engine
// back without deadlock, but Changed must not wait for the UI goroutine
// (an Ack from the UI may run it there).
//
// # Budget
//
// BenchmarkEval10k: 10,000 alarms of all kinds over 10,000 tags, 100,000
// updates/s in batches of 100, about 2.6 % of the updates causing a
// transition. BenchmarkRun10k adds the tag database's Publish and Take.
// BenchmarkFlood: 1,000 alarms activating, returning and acknowledged at
// once. Both report core%, the share of one core 100,000 updates/s take
// (budget ≤ 25 %).
package alarms
