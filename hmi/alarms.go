package hmi

import (
	"context"
	"errors"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/tags"
)

// alarmPace is the longest the screen waits to show a change of the
// alarms, and the shortest time between two such updates: a flood of a
// thousand alarms becomes a few repaints, not a thousand.
const alarmPace = 100 * time.Millisecond

// alarmRoom is the runtime's alarms: the engine, its journal in the data
// directory, and the loop that carries their changes to the screen (the
// alarm widgets, the pseudo-classes of widgets showing a tag in alarm, the
// horn).
type alarmRoom struct {
	eng     *alarms.Engine
	dataDir string
	changed chan struct{} // capacity 1: the engine changed

	mu  sync.Mutex       // guards jr
	jr  *journal.Journal // nil until the project has alarms (or a journal exists)
	err error            // why the journal could not be opened

	noData bool // Options.NoData: never open a journal

	hornOn bool // what the horn tag was last written; alarm view loop only
}

// DataDir returns the runtime's data directory: journal, history, audit.
func (r *Runtime) DataDir() string { return r.alarm.dataDir }

// Alarms returns the runtime's alarm engine.
func (r *Runtime) Alarms() *alarms.Engine { return r.alarm.eng }

// newAlarmRoom makes the engine and, when the project has alarms or its data
// directory already holds a journal, opens the journal and restores the
// alarms' states from it. A journal that cannot be opened does not stop the
// panel: the alarms run unjournaled and the banner says why.
func (r *Runtime) newAlarmRoom(p *Project, dataDir string, noData bool) {
	if dataDir == "" {
		dataDir = filepath.Join(p.Dir, "data")
	}
	a := &alarmRoom{dataDir: dataDir, changed: make(chan struct{}, 1), noData: noData}
	r.alarm = a
	a.eng = alarms.NewEngine(alarms.Options{
		Clock: r.clk, Sink: a, Logger: r.log, Horn: p.Horn.Priority,
		Changed: func() {
			select {
			case a.changed <- struct{}{}:
			default:
			}
		},
	})
	if len(p.Alarms) > 0 || journalExists(dataDir) {
		if jr := r.openJournal(); jr != nil {
			last, next, err := jr.Restore()
			if err != nil {
				r.log.Error("alarm journal: restoring the alarms' states", "err", err)
			} else {
				a.eng.Restore(last, next)
			}
		}
	}
	a.eng.Configure(r.alarmPlan(p))
}

func journalExists(dataDir string) bool {
	_, err := os.Stat(store.Path(dataDir))
	return err == nil
}

// openJournal opens the journal once; later calls return it (or nil after a
// failure, which is logged once).
func (r *Runtime) openJournal() *journal.Journal {
	a := r.alarm
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.jr != nil || a.err != nil || a.noData {
		return a.jr
	}
	keep := r.project().Journal
	def := defaultJournal()
	if keep.KeepDays == 0 {
		keep.KeepDays = def.KeepDays
	}
	if keep.MaxEvents == 0 {
		keep.MaxEvents = def.MaxEvents
	}
	jr, err := journal.Open(a.dataDir, journal.Options{Clock: r.clk, Logger: r.log,
		Retention: journal.Retention{MaxAge: time.Duration(keep.KeepDays) * 24 * time.Hour, MaxRows: keep.MaxEvents}})
	if err != nil {
		a.err = err
		r.log.Error("alarm journal: alarms run without a journal", "err", err)
		return nil
	}
	a.jr = jr
	r.log.Info("alarm journal", "file", store.Path(a.dataDir))
	return jr
}

// Append implements alarms.Sink: the journal's, once it is open.
func (a *alarmRoom) Append(evs []alarms.Event) {
	a.mu.Lock()
	jr := a.jr
	a.mu.Unlock()
	if jr != nil {
		jr.Append(evs)
	}
}

// Events implements alarms.History for the alarm-history widget.
func (a *alarmRoom) Events(q alarms.Query) ([]alarms.Event, error) {
	a.mu.Lock()
	jr, err := a.jr, a.err
	a.mu.Unlock()
	if jr == nil {
		if err == nil {
			err = errors.New("the project has no alarms")
		}
		return nil, err
	}
	return jr.Events(q)
}

// closeJournal flushes and closes the journal after the engine stopped.
func (r *Runtime) closeJournal() {
	a := r.alarm
	a.mu.Lock()
	jr := a.jr
	a.jr = nil
	a.mu.Unlock()
	if jr == nil {
		return
	}
	if err := jr.Close(); err != nil {
		r.log.Error("alarm journal: closing", "err", err)
	}
}

// alarmPlan is the project's alarms compiled against its tags: the plan
// its check made, or a fresh compile.
func (r *Runtime) alarmPlan(p *Project) *alarms.Plan {
	if p.alarmPlan != nil {
		return p.alarmPlan
	}
	known := map[string]bool{}
	for _, t := range p.Tags {
		known[t.Def.Name] = true
	}
	plan, errs := alarms.Compile(p.Alarms, tags.NewEnv(p.Defs()), func(tag string) bool { return known[tag] })
	if len(errs) > 0 {
		r.log.Error("alarms left out", "err", errs.Err())
	}
	return plan
}

// configureAlarms follows a reloaded project: alarms whose definitions did
// not change keep their states, removed ones are closed in the journal.
func (r *Runtime) configureAlarms(p *Project) {
	if len(p.Alarms) > 0 {
		r.openJournal()
	}
	r.alarm.eng.Configure(r.alarmPlan(p))
}

// alarmViewLoop carries the engine's changes to the screen, at most once
// per alarmPace: the tags' alarm states to the binder (pseudo-classes),
// the alarm widgets of the scene on show, and the horn.
func (r *Runtime) alarmViewLoop(ctx context.Context) error {
	a := r.alarm
	t := r.clk.NewTimer(alarmPace)
	t.Stop()
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-a.changed:
		}
		r.showAlarms()
		// Pace: whatever changes meanwhile is shown once, after the pause.
		t.Reset(alarmPace)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C():
		}
	}
}

// showAlarms hands the engine's state to the binder, the alarm widgets and
// the horn tag.
func (r *Runtime) showAlarms() {
	eng := r.alarm.eng
	ts := eng.TagStates()
	m := make(map[string]render.AlarmState, len(ts))
	for tag, s := range ts {
		m[tag] = render.AlarmState{Alarm: s.Alarm, Unack: s.Unack, Shelved: s.Shelved}
	}
	r.binder.SetAlarmTags(m)
	r.ui(func() {
		if sc := r.Scene(r.Current()); sc != nil {
			sc.AlarmsChanged()
		}
	})
	r.soundHorn(eng.Horn())
}

// soundHorn writes the project's horn tag when the horn's state changed.
func (r *Runtime) soundHorn(on bool) {
	a := r.alarm
	tag := r.project().Horn.Tag
	if tag == "" || on == a.hornOn {
		return
	}
	a.hornOn = on
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := r.db.Write(ctx, tag, on); err != nil {
		r.log.Warn("alarm horn: write refused", "tag", tag, "err", err)
		a.hornOn = !on // try again at the next change
	}
}

// alarmOptions are what the alarm widgets read and act through.
func (r *Runtime) alarmOptions() render.AlarmOptions {
	o := render.AlarmOptions{
		Board: r.boardFor(r.alarm.eng), History: r.alarm, ExportDir: r.alarm.dataDir,
		Now: r.now, Async: r.async, User: r.panelUser, // users_enforce.go
	}
	if r.alarm.noData {
		o.History, o.ExportDir = nil, "" // no journal: "alarm history not available"
	}
	return o
}

// AlarmsStatus is what GET /alarms serves: the alarms that are active,
// unacknowledged or shelved (and suppressed or out of service), most
// important first.
type AlarmsStatus struct {
	Active       int           `json:"active"`
	Unacked      int           `json:"unacknowledged"`
	Shelved      int           `json:"shelved"`
	Suppressed   int           `json:"suppressed"`
	OutOfService int           `json:"out_of_service"`
	Alarms       []AlarmStatus `json:"alarms"`
}

// AlarmStatus is one alarm in /alarms.
type AlarmStatus struct {
	Name         string     `json:"name"`
	State        string     `json:"state"` // Status.Shown: active-unack, shelved…
	Priority     string     `json:"priority"`
	Area         string     `json:"area,omitempty"`
	Message      string     `json:"message"`
	Value        string     `json:"value,omitempty"`
	Limit        *float64   `json:"limit,omitempty"`
	EventID      uint64     `json:"event_id"`
	ActiveSince  *time.Time `json:"active_since,omitempty"`
	Since        time.Time  `json:"since"`
	ShelvedUntil *time.Time `json:"shelved_until,omitempty"`
}

// AlarmsStatus returns the alarms as GET /alarms serves them.
func (r *Runtime) AlarmsStatus() AlarmsStatus {
	out := AlarmsStatus{Alarms: []AlarmStatus{}}
	for _, s := range r.alarm.eng.Statuses() {
		a := AlarmStatus{Name: s.Name, State: s.Shown(), Priority: s.Priority.String(), Area: s.Area,
			Message: s.Message, Value: s.Value, EventID: s.EventID, Since: s.Since.UTC()}
		if !math.IsNaN(s.Limit) {
			l := s.Limit
			a.Limit = &l
		}
		if s.State.Active() && !s.ActiveSince.IsZero() {
			t := s.ActiveSince.UTC()
			a.ActiveSince = &t
		}
		if s.Shelved {
			t := s.ShelvedUntil.UTC()
			a.ShelvedUntil = &t
			out.Shelved++
		}
		if s.Suppressed {
			out.Suppressed++
		}
		if s.OutOfService {
			out.OutOfService++
		}
		if s.State.Active() {
			out.Active++
		}
		if s.State.Unacked() {
			out.Unacked++
		}
		out.Alarms = append(out.Alarms, a)
	}
	return out
}

func (r *Runtime) serveAlarms(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, r.AlarmsStatus())
}

// async runs work on the runtime's worker goroutine and what it returns on
// the UI goroutine: the alarm history's journal queries and exports, the
// trends' queries. Each widget keeps at most one job out; when
// the worker is busy with as many jobs as it queues, work is dropped and
// logged: a panel never stalls on its journal.
func (r *Runtime) async(work func() func()) {
	select {
	case r.jobs <- work:
	default:
		r.log.Warn("background work dropped: the worker is busy")
	}
}

// workLoop runs the jobs async queues until ctx is done.
func (r *Runtime) workLoop(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case work := <-r.jobs:
			if apply := work(); apply != nil {
				r.ui(apply)
			}
		}
	}
}

// JournalDurable returns the Seq of the last alarm event the journal has
// committed durably (0 without a journal).
func (r *Runtime) JournalDurable() int64 {
	a := r.alarm
	a.mu.Lock()
	jr := a.jr
	a.mu.Unlock()
	if jr == nil {
		return 0
	}
	return jr.Durable()
}
