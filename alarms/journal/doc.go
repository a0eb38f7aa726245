// Package journal is the durable alarm journal: every transition the
// alarm engine produces ([alarms.Event]) is stored in the data directory's
// SQLite database (package internal/store: WAL, synchronous=FULL), read
// back for the alarm-history widget and `hmi journal` ([alarms.History]),
// restores the alarms' states after a restart, and yields the ISA-18.2
// alarm performance report (`hmi alarms report`).
//
// # Writing: group commit
//
// [Journal.Append] is the engine's [alarms.Sink]. It numbers the events
// (Seq, continuing the file's numbering), puts them on a bounded queue and
// returns; it does not touch the disk. One writer goroutine, owned by the
// Journal (started by [Open], stopped and waited for by [Journal.Close]),
// takes everything queued (up to 4,096 events) and commits it in one
// transaction, so a commit's fsync is shared by all the events that
// arrived while the previous one was running: the busier the engine, the
// larger the groups.
// A flood therefore costs a few commits, not one per event.
//
// An event is journaled when its commit has returned: [Journal.Durable]
// is the highest Seq committed, and with synchronous=FULL every Seq up to
// it survives a kill -9 or a power cut (TestKill9 kills a flooding child
// process and checks exactly that). [Journal.Flush] waits until what was
// appended so far is durable.
//
// The queue holds Options.Queue events (default 16,384) and the writer at
// most 4,096 more in its batch, so memory is bounded. A full queue makes
// Append wait for the writer's next take (normally one commit); while the
// disk keeps up nothing is dropped. If the queue stays full for
// Options.MaxBlock (default 2 s: the disk failed or stalled) Append drops
// what does not fit rather than stall the alarm evaluation: dropped events
// keep Seq 0, so they are never reported as journaled, and are counted
// ([Journal.Dropped]) and logged. A failing commit is retried with
// backoff (50 ms doubling to 5 s); Close makes one last attempt and
// reports what could not be committed.
//
// One Journal at a time may hold a data directory: Open takes the lock
// DIR/alarms.lock (see store.Lock), so a second runtime on the same
// directory fails at start rather than hand out the same Seqs.
//
// # The table
//
// alarm_events has one row per event: seq (the Seq), time (UTC
// nanoseconds, indexed), alarm (the name, indexed), event_id, action,
// from_state and to_state (Status.Shown() before and after), value,
// limit_value (NULL when the kind has none), priority, area, message,
// user, comment, and the status after the event: state, shelved,
// shelved_until, suppressed, out_of_service, active_since, since. The
// highest event id ever journaled is kept in alarm_journal, so ids are
// never reused after pruning.
//
// # Reading and restoring
//
// [Reader.Events] filters by time range (since inclusive, until
// exclusive), alarm, area, priority and user, newest first, in pages.
// [Reader.Restore] returns each alarm's status after its last event
// (alarms closed as Removed excepted) and the next event id. A [Journal]
// embeds a Reader over its own database; [OpenReader] opens one read-only
// beside a running runtime (`hmi journal`).
//
// # Retention
//
// With Options.Retention set, the writer prunes every Options.PruneEvery
// (and once at open): events older than MaxAge, then the oldest beyond
// MaxRows. It deletes in transactions of at most 512 rows and commits the
// queued events between them, so pruning a large backlog never holds
// appends up for more than one small transaction. An alarm's last event is
// never pruned while the alarm exists: it is what Restore reads (an alarm
// shelved or acknowledged a year ago must come back so).
//
// # The report
//
// [Reader.Report] measures [since, until) against the alarm performance
// targets of ANSI/ISA-18.2-2016 (IEC 62682), clause 16, "recommended alarm
// performance metrics based upon at least 30 days of data" (whose figures
// follow EEMUA 191), per operator position:
//
//	metric                                 target                          constant
//	annunciated alarms per 10 minutes      ~1 very likely acceptable,      AcceptablePerWindow,
//	                                       ~2 maximum manageable           ManageablePerWindow
//	                                       (~150 and ~300 per day)
//	maximum alarms in 10 minutes           ≤ 10                            FloodAbove
//	10-minute windows in flood (> 10)      < ~1 %                          TargetFloodShare
//	top 10 alarms' share of the load       ~1 % to 5 % maximum             TargetTopShare
//	chattering alarms (≥ 3 in 60 s)        0                               ChatterCount, ChatterWindow
//	stale alarms (active > 24 h)           < 5 on any day                  TargetStale, StaleAfter
//	priority distribution (3 levels)       ~5 % high, ~15 % medium,        (informative; critical
//	                                       ~80 % low                       counts as high)
//	shelved, out of service, suppressed    no number: each authorized      (informative)
//	                                       and reviewed; unauthorized: 0
//
// Activations count what the operator was shown: activate events of alarms
// not shelved, suppressed or out of service at the time. Windows are
// aligned to the clock (hh:00, hh:10, …); the average divides by the
// range's length, the flood share by the windows the range touches.
// Shelved, out-of-service, suppressed and stale alarms are counted at
// until, from each alarm's last event before it.
package journal
