package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
)

// journalProject is a project directory whose data directory (dataDir, or
// PROJECT/data when "") holds a journal a runtime keeps open while the
// commands read it: Tank1.High activated 2 h ago and acknowledged 1 h ago
// by alice, Pump1.Fault activated 30 h ago.
func journalProject(t *testing.T, dataDir string) (project string, now time.Time) {
	t.Helper()
	project = t.TempDir()
	if dataDir == "" {
		dataDir = filepath.Join(project, "data")
	}
	j, err := journal.Open(dataDir, journal.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	now = time.Now()
	st := func(name string, state alarms.State, at time.Time, id uint64) alarms.Status {
		return alarms.Status{Name: name, Priority: alarms.High, Area: "tanks", Message: name + " message",
			State: state, EventID: id, ActiveSince: at, Since: at, Value: "91.5", Limit: 90}
	}
	act := now.Add(-2 * time.Hour)
	j.Append([]alarms.Event{
		{Time: now.Add(-30 * time.Hour), Action: alarms.Activate, From: "normal", To: "active-unack",
			Status: st("Pump1.Fault", alarms.ActiveUnack, now.Add(-30*time.Hour), 1)},
		{Time: act, Action: alarms.Activate, From: "normal", To: "active-unack",
			Status: st("Tank1.High", alarms.ActiveUnack, act, 2)},
		{Time: now.Add(-time.Hour), Action: alarms.Acknowledge, From: "active-unack", To: "active-ack",
			User: "alice", Comment: "level\nchecked", Status: st("Tank1.High", alarms.ActiveAck, act, 2)},
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := j.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return project, now
}

func runCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return out.String(), errb.String(), code
}

func TestJournalJSON(t *testing.T) {
	project, now := journalProject(t, "")
	for _, tc := range []struct {
		name string
		args []string
		want []string // "alarm/action", newest first
	}{
		{"default 24h", nil, []string{"Tank1.High/ack", "Tank1.High/activate"}},
		{"since 2 days", []string{"--since", "2d"}, []string{"Tank1.High/ack", "Tank1.High/activate", "Pump1.Fault/activate"}},
		{"alarm", []string{"--since", "48h", "--alarm", "Pump1.Fault"}, []string{"Pump1.Fault/activate"}},
		{"user", []string{"--user", "alice"}, []string{"Tank1.High/ack"}},
		{"priority", []string{"--priority", "critical"}, nil},
		{"range", []string{"--since", now.Add(-150 * time.Minute).Format(time.RFC3339Nano),
			"--until", now.Add(-90 * time.Minute).Format(time.RFC3339Nano)}, []string{"Tank1.High/activate"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runCLI(append([]string{"journal", project, "--json"}, tc.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				if line == "" {
					continue
				}
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil {
					t.Fatalf("not a JSON object per line: %q: %v", line, err)
				}
				for _, k := range []string{"time", "alarm", "event_id", "from", "to", "value", "priority", "user", "comment", "action"} {
					if _, ok := m[k]; !ok {
						t.Errorf("no %q in %s", k, line)
					}
				}
				got = append(got, fmt.Sprintf("%s/%s", m["alarm"], m["action"]))
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("events %v, want %v", got, tc.want)
			}
		})
	}
	// One line in full.
	out, _, _ := runCLI("journal", project, "--json", "--user", "alice")
	var e jsonEvent
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	if e.EventID != 2 || e.From != "active-unack" || e.To != "active-ack" || e.Value != "91.5" || e.Priority != "high" ||
		e.Comment != "level\nchecked" || e.Limit == nil || *e.Limit != 90 || !e.Time.Equal(now.Add(-time.Hour)) {
		t.Errorf("event %+v", e)
	}
}

func TestJournalTable(t *testing.T) {
	data := filepath.Join(t.TempDir(), "elsewhere")
	project, _ := journalProject(t, data)
	out, errs, code := runCLI("journal", project, "--data", data)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "TIME") {
		t.Fatalf("want a header and 2 rows:\n%s", out)
	}
	for i, want := range [][]string{
		{"Tank1.High", "ack", "active-unack → active-ack", "alice", "level checked"},
		{"Tank1.High", "activate", "normal → active-unack", "91.5", "high"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[i+1], w) {
				t.Errorf("row %d lacks %q: %q", i+1, w, lines[i+1])
			}
		}
	}
}

func TestJournalErrors(t *testing.T) {
	project, _ := journalProject(t, "")
	empty := t.TempDir()
	for _, tc := range []struct {
		args    []string
		code    int
		wantErr string
	}{
		{[]string{"journal"}, 2, "usage: hmi journal PROJECT"},
		{[]string{"journal", empty}, 1, "no alarm journal in " + filepath.Join(empty, "data")},
		{[]string{"journal", filepath.Join(empty, "nope")}, 1, "not a project directory"},
		{[]string{"journal", project, "--since", "yesterday"}, 2, `--since: time "yesterday": want a duration`},
		{[]string{"journal", project, "--until", "25h"}, 2, "is not before --until"},
		{[]string{"journal", project, "--priority", "urgent"}, 2, `--priority "urgent"`},
		{[]string{"alarms"}, 2, "usage: hmi alarms report"},
		{[]string{"alarms", "frobnicate", project}, 2, "usage: hmi alarms report"},
		{[]string{"alarms", "report", empty}, 1, "no alarm journal in"},
		{[]string{"alarms", "report", project, "--since", "1x"}, 2, `--since: time "1x": bad duration`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			_, errs, code := runCLI(tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.wantErr) {
				t.Errorf("exit %d, stderr %q; want %d, %q", code, errs, tc.code, tc.wantErr)
			}
		})
	}
}

func TestAlarmsReport(t *testing.T) {
	project, _ := journalProject(t, "")
	out, errs, code := runCLI("alarms", "report", project, "--since", "48h", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var rep journal.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Activations != 2 || rep.Windows < 288 || len(rep.Stale) != 1 || rep.Stale[0].Alarm != "Pump1.Fault" || len(rep.KPIs) == 0 {
		t.Errorf("report %+v", rep)
	}
	out, errs, code = runCLI("alarms", "report", project)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"ISA-18.2 TARGET", "alarms per 10 min (average)", "very likely acceptable",
		"stale alarms", "Pump1.Fault  active since", "Top 10 most frequent", "1  Tank1.High"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}
