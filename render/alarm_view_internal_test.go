package render

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/gohmi/gohmi/alarms"
)

func TestSummaryView(t *testing.T) {
	t0 := time.Date(2026, 11, 29, 14, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	// The board's order: unacknowledged first, then priority, then newest.
	all := []alarms.Status{
		{Name: "a", Priority: alarms.Critical, Area: "north", State: alarms.ActiveUnack, ActiveSince: at(1)},
		{Name: "b", Priority: alarms.Medium, Area: "south", State: alarms.ReturnedUnack, ActiveSince: at(5)},
		{Name: "c", Priority: alarms.High, Area: "north", State: alarms.ActiveAck, ActiveSince: at(9)},
		{Name: "d", Priority: alarms.Low, Area: "", State: alarms.ActiveAck, Since: at(3)}, // no ActiveSince: its Since
		{Name: "e", Priority: alarms.Low, Area: "south", State: alarms.ActiveAck, ActiveSince: at(9)},
	}
	for _, tc := range []struct {
		name  string
		view  summaryView
		want  []string // the page's names
		pages int
	}{
		{"board order", summaryView{size: 10}, []string{"a", "b", "c", "d", "e"}, 1},
		{"time, ties keep the board's order", summaryView{sort: "time", size: 10}, []string{"c", "e", "b", "d", "a"}, 1},
		{"area", summaryView{area: "north", size: 10}, []string{"a", "c"}, 1},
		{"area of none", summaryView{area: "west", size: 10}, []string{}, 1},
		{"max priority high", summaryView{maxPrio: alarms.High, size: 10}, []string{"a", "c"}, 1},
		{"area and priority, by time", summaryView{area: "south", maxPrio: alarms.Medium, sort: "time", size: 10}, []string{"b"}, 1},
		{"page 1 of 3", summaryView{size: 2}, []string{"a", "b"}, 3},
		{"page 3 of 3", summaryView{size: 2, page: 2}, []string{"e"}, 3},
		{"a page past the end is the last", summaryView{size: 2, page: 7}, []string{"e"}, 3},
		{"a negative page is the first", summaryView{size: 2, page: -1}, []string{"a", "b"}, 3},
		{"size 0 counts as 1", summaryView{page: 1}, []string{"b"}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shown := tc.view.filter(all)
			v := tc.view.clamp(len(shown))
			got := []string{}
			for _, s := range v.window(shown) {
				got = append(got, s.Name)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("page = %v, want %v", got, tc.want)
			}
			if p := v.pages(len(shown)); p != tc.pages {
				t.Errorf("pages = %d, want %d", p, tc.pages)
			}
		})
	}
	if got := areasOf(all); !slices.Equal(got, []string{"north", "south"}) {
		t.Errorf("areas = %v", got)
	}
	if got := unacked(all); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("unacked = %v", got)
	}
}

func TestFitText(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		s     string
		width float32
		cut   bool
	}{
		{"short", 400, false},
		{"a message far too long for its narrow column", 120, true},
		{"", 10, false},
	} {
		got := fitText(tc.s, tc.width, 15, fyne.TextStyle{})
		if cut := got != tc.s; cut != tc.cut {
			t.Errorf("fitText(%q, %v) = %q", tc.s, tc.width, got)
		}
		if tc.cut && (len(got) < 4 || got[len(got)-len("…"):] != "…") {
			t.Errorf("cut %q has no ellipsis", got)
		}
	}
}
