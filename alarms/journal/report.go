package journal

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gohmi/gohmi/alarms"
)

// The ISA-18.2 alarm performance targets the report measures against.
// Source: ANSI/ISA-18.2-2016 (and IEC 62682), clause 16, the table of
// recommended alarm performance metrics "based upon at least 30 days of
// data", whose figures follow EEMUA 191. They are per operator position:
// a report over one console's alarms compares directly.
const (
	// Window is the period alarm rates are counted over.
	Window = 10 * time.Minute
	// AcceptablePerWindow: ~150 alarms per day, ~6 per hour, ~1 per 10
	// minutes is "very likely acceptable".
	AcceptablePerWindow = 1.0
	// ManageablePerWindow: ~300 per day, ~12 per hour, ~2 per 10 minutes
	// is the "maximum manageable".
	ManageablePerWindow = 2.0
	// FloodAbove: a 10-minute window with more activations than this is
	// in flood (the "more than 10"; ISA-18.2 also sets the maximum
	// in any 10 minutes at ≤ 10).
	FloodAbove = 10
	// TargetFloodShare: the share of 10-minute windows in flood, ~< 1 %.
	TargetFloodShare = 0.01
	// TopCount and TargetTopShare: the 10 most frequent alarms should
	// make ~1 % to at most 5 % of the load.
	TopCount       = 10
	TargetTopShare = 0.05
	// ChatterCount activations within ChatterWindow make an alarm
	// chattering; ISA-18.2's target for chattering and fleeting alarms is
	// zero.
	ChatterCount  = 3
	ChatterWindow = time.Minute
	// StaleAfter: an alarm active longer than this is stale; ISA-18.2's
	// target is fewer than TargetStale present on any day.
	StaleAfter  = 24 * time.Hour
	TargetStale = 5
)

// Report is the alarm performance over [Since, Until), computed from the
// journal. Activations count annunciated alarms: activate events, except
// those of alarms shelved, suppressed by design or out of service at the
// time (ISA-18.2 counts what the operator is shown).
type Report struct {
	Since       time.Time `json:"since"`
	Until       time.Time `json:"until"`
	Windows     int       `json:"windows"`     // 10-minute windows (aligned to the clock) that [Since, Until) touches
	Activations int64     `json:"activations"` // annunciated activations in the range

	AvgPerWindow  float64   `json:"avg_per_10min"`  // Activations per 10 minutes of the range
	PeakPerWindow int       `json:"peak_per_10min"` // the most in one window
	PeakAt        time.Time `json:"peak_at"`        // that window's start (zero when no activations)
	FloodWindows  int       `json:"flood_windows"`  // windows with more than FloodAbove
	FloodShare    float64   `json:"flood_share"`    // FloodWindows / Windows

	Top        []Count `json:"top"`        // the TopCount most frequent alarms, most first (ties by name)
	TopShare   float64 `json:"top_share"`  // their share of Activations
	Chattering []Count `json:"chattering"` // alarms with ChatterCount activations within ChatterWindow, with their activations
	// Priorities counts the activations per priority (index 1 critical … 4 low).
	Priorities [5]int64 `json:"priorities"`

	// At Until, from each alarm's last event before it:
	Stale        []Stale  `json:"stale"`          // active for more than StaleAfter and shown (not shelved, suppressed or out of service)
	Shelved      []string `json:"shelved"`        // shelved
	OutOfService []string `json:"out_of_service"` // out of service
	Suppressed   []string `json:"suppressed"`     // suppressed by design
	Shelves      int64    `json:"shelves"`        // shelve actions in the range

	// KPIs lists the figures above beside their targets, for printing.
	KPIs []KPI `json:"kpis"`
}

// Count is an alarm and how many activations it had.
type Count struct {
	Alarm string `json:"alarm"`
	Count int64  `json:"count"`
}

// Stale is an alarm active since long.
type Stale struct {
	Alarm       string    `json:"alarm"`
	ActiveSince time.Time `json:"active_since"`
}

// KPI is one figure of the report beside its ISA-18.2 target.
type KPI struct {
	Name   string `json:"name"`
	Value  string `json:"value"`
	Target string `json:"target"`
	// Verdict is "ok", "manageable" (between the acceptable and the
	// manageable rate), "over", or "info" where ISA-18.2 sets no number.
	Verdict string `json:"verdict"`
}

// Report computes the alarm performance over [since, until).
func (r *Reader) Report(ctx context.Context, since, until time.Time) (*Report, error) {
	if !since.Before(until) {
		return nil, fmt.Errorf("journal: report: since %s is not before until %s", since.Format(time.RFC3339), until.Format(time.RFC3339))
	}
	rep := &Report{Since: since.UTC(), Until: until.UTC()}
	if err := r.activations(ctx, rep); err != nil {
		return nil, fmt.Errorf("journal: report: %w", err)
	}
	if err := r.statusAt(ctx, rep); err != nil {
		return nil, fmt.Errorf("journal: report: %w", err)
	}
	err := r.db.QueryRowContext(ctx, `SELECT count(*) FROM alarm_events WHERE action = ? AND time >= ? AND time < ?`,
		string(alarms.Shelve), nanos(since), nanos(until)).Scan(&rep.Shelves)
	if err != nil {
		return nil, fmt.Errorf("journal: report: %w", err)
	}
	rep.KPIs = rep.kpis()
	return rep, nil
}

// activations streams the range's annunciated activations, alarm by alarm
// in time order: rates, floods, the top list, chattering. Memory grows
// with the alarms and the busy windows, not with the rows.
func (r *Reader) activations(ctx context.Context, rep *Report) error {
	start := rep.Since.Truncate(Window)
	rep.Windows = int((rep.Until.Sub(start) + Window - 1) / Window)
	rows, err := r.db.QueryContext(ctx, `SELECT alarm, time, priority FROM alarm_events
		WHERE action = ? AND time >= ? AND time < ?
		AND to_state NOT IN ('shelved', 'suppressed', 'out-of-service')
		ORDER BY alarm, time`, string(alarms.Activate), nanos(rep.Since), nanos(rep.Until))
	if err != nil {
		return err
	}
	defer rows.Close()
	perWindow := map[int64]int{}
	var counts []Count
	var recent []time.Time // the current alarm's last ChatterCount activations
	chatter := false
	for rows.Next() {
		var name string
		var ns, prio int64
		if err := rows.Scan(&name, &ns, &prio); err != nil {
			return err
		}
		t := fromNanos(ns)
		if len(counts) == 0 || counts[len(counts)-1].Alarm != name {
			if chatter {
				rep.Chattering = append(rep.Chattering, counts[len(counts)-1])
			}
			counts = append(counts, Count{Alarm: name})
			recent, chatter = recent[:0], false
		}
		counts[len(counts)-1].Count++
		rep.Activations++
		if prio >= 1 && prio <= 4 {
			rep.Priorities[prio]++
		}
		perWindow[int64(t.Sub(start)/Window)]++
		recent = append(recent, t)
		if len(recent) > ChatterCount {
			recent = recent[1:]
		}
		if len(recent) == ChatterCount && recent[ChatterCount-1].Sub(recent[0]) <= ChatterWindow {
			chatter = true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if chatter {
		rep.Chattering = append(rep.Chattering, counts[len(counts)-1])
	}
	rep.windows(perWindow, start)
	rep.top(counts)
	return nil
}

func (rep *Report) windows(perWindow map[int64]int, start time.Time) {
	rep.AvgPerWindow = float64(rep.Activations) / (float64(rep.Until.Sub(rep.Since)) / float64(Window))
	for w, n := range perWindow {
		at := start.Add(time.Duration(w) * Window)
		if n > rep.PeakPerWindow || n == rep.PeakPerWindow && at.Before(rep.PeakAt) {
			rep.PeakPerWindow, rep.PeakAt = n, at
		}
		if n > FloodAbove {
			rep.FloodWindows++
		}
	}
	if rep.Windows > 0 {
		rep.FloodShare = float64(rep.FloodWindows) / float64(rep.Windows)
	}
}

func (rep *Report) top(counts []Count) {
	slices.SortFunc(counts, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Alarm, b.Alarm))
	})
	rep.Top = slices.Clone(counts[:min(len(counts), TopCount)])
	var n int64
	for _, c := range rep.Top {
		n += c.Count
	}
	if rep.Activations > 0 {
		rep.TopShare = float64(n) / float64(rep.Activations)
	}
	slices.SortFunc(rep.Chattering, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Alarm, b.Alarm))
	})
}

// statusAt reads each alarm's status after its last event before Until.
func (r *Reader) statusAt(ctx context.Context, rep *Report) error {
	evs, err := r.query(ctx, `SELECT `+columns+` FROM alarm_events WHERE seq IN
		(SELECT max(seq) FROM alarm_events WHERE time < ? GROUP BY alarm) ORDER BY alarm`, nanos(rep.Until))
	if err != nil {
		return err
	}
	for _, e := range evs {
		s := e.Status
		if e.Action == alarms.Removed {
			continue
		}
		if s.State.Active() && s.Shown() == s.State.String() && !s.ActiveSince.IsZero() && rep.Until.Sub(s.ActiveSince) > StaleAfter {
			rep.Stale = append(rep.Stale, Stale{Alarm: s.Name, ActiveSince: s.ActiveSince})
		}
		if s.Shelved {
			rep.Shelved = append(rep.Shelved, s.Name)
		}
		if s.OutOfService {
			rep.OutOfService = append(rep.OutOfService, s.Name)
		}
		if s.Suppressed {
			rep.Suppressed = append(rep.Suppressed, s.Name)
		}
	}
	return nil
}
