package journal_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/alarms/journal"
)

func TestReport(t *testing.T) {
	m := time.Minute
	act := func(at time.Duration, name string) alarms.Event { return ev(at, name, alarms.Activate, 1) }
	shelvedAct := func(at time.Duration, name string) alarms.Event {
		e := act(at, name)
		e.Status.Shelved, e.To = true, "shelved"
		return e
	}
	var flood []alarms.Event
	flood = append(flood, act(0, "C"), act(20*time.Second, "C"), act(50*time.Second, "C"))
	for i := 1; i <= 9; i++ {
		flood = append(flood, act(time.Duration(i)*m/2+2*m, fmt.Sprintf("D%d", i)))
	}
	flood = append(flood, act(10*m, "E"), act(11*m+30*time.Second, "E"), act(12*m, "E"),
		shelvedAct(13*m, "G"), act(-m, "Before"), act(30*m, "After"),
		act(20*m, "F"), act(20*m+30*time.Second, "F"), act(21*m, "F")) // exactly 60 s: chattering

	for _, tc := range []struct {
		name         string
		evs          []alarms.Event
		since, until time.Duration
		want         journal.Report // KPIs not compared
	}{
		{
			name:  "quiet hour",
			evs:   []alarms.Event{act(0, "A"), act(15*m, "B"), ev(16*m, "B", alarms.Acknowledge, 1), act(40*m, "A")},
			since: 0, until: time.Hour,
			want: journal.Report{
				Windows: 6, Activations: 3, AvgPerWindow: 0.5, PeakPerWindow: 1, PeakAt: t0,
				Top:        []journal.Count{{"A", 2}, {"B", 1}},
				TopShare:   1,
				Priorities: [5]int64{2: 3},
			},
		},
		{
			name:  "flood and chattering",
			evs:   flood,
			since: 0, until: 30 * m,
			want: journal.Report{
				Windows: 3, Activations: 18, AvgPerWindow: 6, PeakPerWindow: 12, PeakAt: t0,
				FloodWindows: 1, FloodShare: 1.0 / 3,
				Top: []journal.Count{{"C", 3}, {"E", 3}, {"F", 3}, {"D1", 1}, {"D2", 1}, {"D3", 1},
					{"D4", 1}, {"D5", 1}, {"D6", 1}, {"D7", 1}},
				TopShare:   16.0 / 18,
				Chattering: []journal.Count{{"C", 3}, {"F", 3}},
				Priorities: [5]int64{2: 18},
				// At the end: every alarm's last event is its activation.
				Stale:   nil,
				Shelved: []string{"G"},
			},
		},
		{
			name: "unaligned range",
			evs:  []alarms.Event{act(5*m, "A"), act(14*m, "A"), act(16*m, "B")},
			// [t0+5m, t0+15m) touches windows 0 and 1; 10 minutes long.
			since: 5 * m, until: 15 * m,
			want: journal.Report{
				Windows: 2, Activations: 2, AvgPerWindow: 2, PeakPerWindow: 1, PeakAt: t0,
				Top: []journal.Count{{"A", 2}}, TopShare: 1, Chattering: nil,
				Priorities: [5]int64{2: 2},
			},
		},
		{
			name: "stale and overlays at the end",
			evs: []alarms.Event{
				act(-time.Hour, "S"),                          // active 49 h at the end: stale
				act(47*time.Hour, "T"),                        // 1 h: not stale
				ev(25*time.Hour, "T2", alarms.Acknowledge, 1), // active 23 h: not stale
				ev(time.Hour, "U", alarms.Shelve, 1),          // shelved
				ev(2*time.Hour, "V", alarms.RemoveService, 0),
				act(3*time.Hour, "W"), ev(4*time.Hour, "W", alarms.Removed, 1),
				act(48*time.Hour, "X"), // at the end: outside
			},
			since: 0, until: 48 * time.Hour,
			want: journal.Report{
				Windows: 288, Activations: 2, AvgPerWindow: 2.0 / 288, PeakPerWindow: 1, PeakAt: t0.Add(3 * time.Hour),
				Top: []journal.Count{{"T", 1}, {"W", 1}}, TopShare: 1,
				Priorities:   [5]int64{2: 2},
				Stale:        []journal.Stale{{"S", t0.Add(-time.Hour)}},
				Shelved:      []string{"U"},
				OutOfService: []string{"V"},
				Shelves:      1,
			},
		},
		{
			name:  "empty",
			since: 0, until: 24 * time.Hour,
			want: journal.Report{Windows: 144},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := open(t, t.TempDir(), journal.Options{})
			defer j.Close()
			if len(tc.evs) > 0 {
				j.Append(tc.evs)
				flush(t, j)
			}
			got, err := j.Report(context.Background(), t0.Add(tc.since), t0.Add(tc.until))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.KPIs) == 0 {
				t.Error("no KPIs")
			}
			got.KPIs = nil
			want := tc.want
			want.Since, want.Until = t0.Add(tc.since), t0.Add(tc.until)
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("\n got %+v\nwant %+v", *got, want)
			}
		})
	}
}

func TestReportKPIs(t *testing.T) {
	j := open(t, t.TempDir(), journal.Options{})
	defer j.Close()
	var evs []alarms.Event
	for i := range 15 { // 15 in the first 10 minutes of an hour: 2.5 per 10 min, a flood
		evs = append(evs, ev(time.Duration(i)*30*time.Second, fmt.Sprintf("A%02d", i), alarms.Activate, 1))
	}
	j.Append(evs)
	flush(t, j)
	rep, err := j.Report(context.Background(), t0, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]string{
		"alarms per 10 min (average)": {"2.50", "over"},
		"alarms per 10 min (peak)":    {"15", "over"},
		"10-min windows in flood":     {"16.7% (1 of 6)", "over"},
		"top 10 alarms' share":        {"66.7%", "over"},
		"chattering alarms":           {"0", "ok"},
		"stale alarms":                {"0", "ok"},
	}
	for _, k := range rep.KPIs {
		if w, ok := want[k.Name]; ok {
			if k.Value != w[0] || k.Verdict != w[1] {
				t.Errorf("%s: %q %s, want %q %s", k.Name, k.Value, k.Verdict, w[0], w[1])
			}
			delete(want, k.Name)
		}
		if k.Target == "" {
			t.Errorf("%s: no target", k.Name)
		}
	}
	for name := range want {
		t.Errorf("KPI %q missing", name)
	}
	if _, err := j.Report(context.Background(), t0, t0); err == nil {
		t.Error("an empty range was accepted")
	}
}
