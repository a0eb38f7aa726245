package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
	"github.com/gohmi/gohmi/internal/store"
	"github.com/gohmi/gohmi/internal/timearg"
)

// journalCmd is `hmi journal PROJECT [--data DIR] [--since 24h] [--until T]
// [--alarm NAME] [--area A] [--user U] [--priority P] [--json]`: the alarm
// journal's events, newest first, read-only beside a running runtime.
func journalCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("journal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data directory (default PROJECT/data)")
	since := fs.String("since", "24h", "first time: a duration before now (24h, 7d) or a time (RFC 3339, or 2026-11-29 08:00 local)")
	until := fs.String("until", "now", "end time (exclusive), as --since")
	alarm := fs.String("alarm", "", "only this alarm")
	area := fs.String("area", "", "only this area")
	user := fs.String("user", "", "only events by this user")
	prio := fs.String("priority", "", "only this priority and above (critical, high, medium, low or 1-4)")
	asJSON := fs.Bool("json", false, "print one JSON object per line")
	if err := parseFlags(fs, args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: hmi journal PROJECT [--data DIR] [--since 24h] [--until T] [--alarm NAME] [--area A] [--user U] [--priority P] [--json]")
		return 2
	}
	q := alarms.Query{Alarm: *alarm, Area: *area, User: *user}
	var err error
	if q.Since, q.Until, err = timeRange(*since, *until, time.Now()); err != nil {
		fmt.Fprintf(stderr, "hmi journal: %v\n", err)
		return 2
	}
	if *prio != "" {
		p, ok := alarms.ParsePriority(*prio)
		if !ok {
			fmt.Fprintf(stderr, "hmi journal: --priority %q: want critical, high, medium, low or 1-4\n", *prio)
			return 2
		}
		q.MaxPriority = p
	}
	r, code := openJournal("journal", fs.Arg(0), *data, stderr)
	if r == nil {
		return code
	}
	defer r.Close()
	write := printTable
	if *asJSON {
		write = printJSON
	}
	if err := eachEvent(r, q, write(stdout)); err != nil {
		fmt.Fprintf(stderr, "hmi journal: %v\n", err)
		return 1
	}
	return 0
}

// timeRange parses --since and --until, both against the same now.
func timeRange(since, until string, now time.Time) (from, to time.Time, err error) {
	if from, err = timearg.ParseTime(since, now); err != nil {
		return from, to, fmt.Errorf("--since: %w", err)
	}
	if to, err = timearg.ParseTime(until, now); err != nil {
		return from, to, fmt.Errorf("--until: %w", err)
	}
	if !from.Before(to) {
		return from, to, fmt.Errorf("--since %s is not before --until %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return from, to, nil
}

// openJournal opens the project's journal read-only; on failure it has
// printed why and returns the exit code.
func openJournal(cmd, project, data string, stderr io.Writer) (*journal.Reader, int) {
	if fi, err := os.Stat(project); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "hmi %s: %s: not a project directory\n", cmd, project)
		return nil, 1
	}
	if data == "" {
		data = filepath.Join(project, "data")
	}
	r, err := journal.OpenReader(data)
	if errors.Is(err, store.ErrNotFound) {
		fmt.Fprintf(stderr, "hmi %s: no alarm journal in %s (no runtime has journaled alarms there; see --data)\n", cmd, data)
		return nil, 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "hmi %s: %v\n", cmd, err)
		return nil, 1
	}
	return r, 0
}

// eachEvent pages through q's events, newest first, with the range fixed,
// so that events the runtime journals meanwhile shift no page.
func eachEvent(r *journal.Reader, q alarms.Query, f func([]alarms.Event) error) error {
	q.Limit = journal.MaxLimit
	for {
		evs, err := r.Events(q)
		if err != nil {
			return err
		}
		if err := f(evs); err != nil {
			return err
		}
		if len(evs) < q.Limit {
			return nil
		}
		q.Offset += len(evs)
	}
}

// jsonEvent is one line of `hmi journal --json`.
type jsonEvent struct {
	Time         time.Time  `json:"time"`
	Alarm        string     `json:"alarm"`
	EventID      uint64     `json:"event_id"`
	Action       string     `json:"action"`
	From         string     `json:"from"`
	To           string     `json:"to"`
	Value        string     `json:"value"`
	Limit        *float64   `json:"limit"` // null when the alarm has none
	Priority     string     `json:"priority"`
	Area         string     `json:"area"`
	Message      string     `json:"message"`
	User         string     `json:"user"`
	Comment      string     `json:"comment"`
	State        string     `json:"state"`
	ShelvedUntil *time.Time `json:"shelved_until,omitempty"`
	Seq          int64      `json:"seq"`
}

func printJSON(w io.Writer) func([]alarms.Event) error {
	enc := json.NewEncoder(w)
	return func(evs []alarms.Event) error {
		for _, e := range evs {
			s := e.Status
			je := jsonEvent{
				Time: e.Time.UTC(), Alarm: s.Name, EventID: s.EventID, Action: string(e.Action),
				From: e.From, To: e.To, Value: s.Value, Priority: s.Priority.String(), Area: s.Area,
				Message: s.Message, User: e.User, Comment: e.Comment, State: s.State.String(), Seq: e.Seq,
			}
			if !math.IsNaN(s.Limit) && !math.IsInf(s.Limit, 0) {
				je.Limit = &s.Limit
			}
			if s.Shelved && !s.ShelvedUntil.IsZero() {
				u := s.ShelvedUntil.UTC()
				je.ShelvedUntil = &u
			}
			if err := enc.Encode(je); err != nil {
				return err
			}
		}
		return nil
	}
}

func printTable(w io.Writer) func([]alarms.Event) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	header := false
	return func(evs []alarms.Event) error {
		if !header {
			fmt.Fprintln(tw, "TIME\tALARM\tID\tACTION\tFROM → TO\tVALUE\tPRIORITY\tUSER\tCOMMENT")
			header = true
		}
		for _, e := range evs {
			s := e.Status
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s → %s\t%s\t%s\t%s\t%s\n", e.Time.Local().Format("2006-01-02 15:04:05.000"),
				s.Name, s.EventID, e.Action, e.From, e.To, cell(s.Value), s.Priority, cell(e.User), cell(oneLine(e.Comment)))
		}
		return tw.Flush()
	}
}

func cell(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// oneLine keeps a table row on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
