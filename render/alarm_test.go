package render_test

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/render"
	"github.com/gohmi/gohmi/style"
)

// fakeBoard is an in-memory alarms.Board: it records every call and
// changes its statuses roughly as the engine would.
type fakeBoard struct {
	mu          sync.Mutex
	ver         uint64
	st          []alarms.Status
	calls       []string
	needComment map[string]bool
	reads       int // Statuses calls
}

var _ alarms.Board = (*fakeBoard)(nil)

func (b *fakeBoard) Statuses() []alarms.Status {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.reads++
	return slices.Clone(b.st)
}

func (b *fakeBoard) Version() uint64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ver
}

func (b *fakeBoard) change(f func(s *alarms.Status)) {
	for i := range b.st {
		f(&b.st[i])
	}
	b.ver++
}

func (b *fakeBoard) Ack(names []string, op alarms.Op) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, n := range names {
		if b.needComment[n] && op.Comment == "" {
			return fmt.Errorf("%s needs a comment to be acknowledged", n)
		}
	}
	b.calls = append(b.calls, fmt.Sprintf("ack %s by %s %q", strings.Join(names, ","), op.User, op.Comment))
	b.change(func(s *alarms.Status) {
		if slices.Contains(names, s.Name) && s.State == alarms.ActiveUnack {
			s.State = alarms.ActiveAck
		}
	})
	return nil
}

func (b *fakeBoard) Shelve(name string, d time.Duration, op alarms.Op) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, fmt.Sprintf("shelve %s %v by %s", name, d, op.User))
	b.change(func(s *alarms.Status) { s.Shelved = s.Shelved || s.Name == name })
	return nil
}

func (b *fakeBoard) Unshelve(name string, op alarms.Op) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, fmt.Sprintf("unshelve %s by %s", name, op.User))
	b.change(func(s *alarms.Status) { s.Shelved = s.Shelved && s.Name != name })
	return nil
}

func (b *fakeBoard) SetOutOfService(name string, out bool, op alarms.Op) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.calls = append(b.calls, fmt.Sprintf("oos %s %v by %s", name, out, op.User))
	return nil
}

func (b *fakeBoard) took() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.calls)
}

// fakeHistory is an in-memory journal: events newest first, filtered as
// alarms.Query says.
type fakeHistory struct {
	mu      sync.Mutex
	evs     []alarms.Event // newest first
	queries []alarms.Query
}

func (h *fakeHistory) Events(q alarms.Query) ([]alarms.Event, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.queries = append(h.queries, q)
	var out []alarms.Event
	for _, e := range h.evs {
		switch {
		case !q.Since.IsZero() && e.Time.Before(q.Since),
			q.Area != "" && e.Status.Area != q.Area,
			q.Alarm != "" && e.Status.Name != q.Alarm:
			continue
		}
		out = append(out, e)
	}
	out = out[min(q.Offset, len(out)):]
	if q.Limit > 0 {
		out = out[:min(q.Limit, len(out))]
	}
	return out, nil
}

func (h *fakeHistory) last() alarms.Query {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.queries[len(h.queries)-1]
}

// t0 is the tests' "now", in the local zone so that the clock texts (and
// the goldens) do not depend on the machine's.
var t0 = time.Date(2026, 11, 29, 14, 30, 0, 0, time.Local)

// plant is a board in every state a summary shows, in the board's order.
func plant() *fakeBoard {
	at := func(m int) time.Time { return t0.Add(time.Duration(-m) * time.Minute) }
	return &fakeBoard{ver: 1, needComment: map[string]bool{"PUMP2_FAULT": true}, st: []alarms.Status{
		{Name: "TANK1_HIHI", Priority: alarms.Critical, Area: "Tanks", Message: "Tank 1 level high-high", Value: "96.2", State: alarms.ActiveUnack, ActiveSince: at(2), Since: at(2)},
		{Name: "PUMP2_FAULT", Priority: alarms.High, Area: "Pumps", Message: "Pump 2 motor fault", Value: "true", State: alarms.ActiveUnack, ActiveSince: at(5), Since: at(5)},
		{Name: "TANK2_LO", Priority: alarms.Medium, Area: "Tanks", Message: "Tank 2 level low", Value: "12.5", State: alarms.ReturnedUnack, ActiveSince: at(30), Since: at(9)},
		{Name: "FLOW_DEV", Priority: alarms.High, Area: "Pumps", Message: "Discharge flow deviates from setpoint", Value: "41.0", State: alarms.ActiveAck, ActiveSince: at(12), Since: at(11)},
		{Name: "PRESS_HI", Priority: alarms.Low, Area: "Header", Message: "Header pressure high", Value: "6.4", State: alarms.ActiveAck, ActiveSince: at(40), Since: at(38)},
		{Name: "COMM_PLC2", Priority: alarms.Medium, Area: "Comms", Message: "PLC 2 communication lost", Value: "Bad", State: alarms.ActiveUnack, Shelved: true, ShelvedUntil: t0.Add(time.Hour), ActiveSince: at(50), Since: at(45)},
		{Name: "MIXER_VIB", Priority: alarms.Low, Area: "Tanks", Message: "Mixer vibration high", Value: "7.9", State: alarms.ActiveAck, OutOfService: true, ActiveSince: at(90), Since: at(80)},
	}}
}

// journal is a day of events of the plant's alarms, newest first.
func journal() *fakeHistory {
	b := plant()
	var evs []alarms.Event
	for i := range 40 {
		s := b.st[i%len(b.st)]
		e := alarms.Event{Seq: int64(100 - i), Time: t0.Add(time.Duration(-7*i) * time.Minute), Status: s}
		switch i % 3 {
		case 0:
			e.Action, e.From, e.To = alarms.Activate, "normal", "active-unack"
		case 1:
			e.Action, e.From, e.To, e.User = alarms.Acknowledge, "active-unack", "active-ack", "operator"
			if i%2 == 1 {
				e.Comment = "checked on site"
			}
		case 2:
			e.Action, e.From, e.To = alarms.Return, "active-ack", "normal"
		}
		e.Status.EventID = uint64(50 - i/3)
		evs = append(evs, e)
	}
	return &fakeHistory{evs: evs}
}

// alarmScreen is an 800x480 panel: the banner over the summary.
const alarmScreen = `
screen: alarms
size: 800x480
root:
  type: canvas
  children:
    - { type: alarm-banner, id: banner, screen: overview, x: 0, y: 0, w: 800, h: 44 }
    - { type: alarm-summary, id: summary, x: 0, y: 48, w: 800, h: 432 }
`

const historyScreen = `
screen: history
size: 800x480
root:
  type: canvas
  children:
    - { type: alarm-history, id: history, x: 0, y: 0, w: 800, h: 480 }
`

// demoSheets are the demo's style sheets: the --alarm-* palette of day and night.
func demoSheets(t testing.TB) []*style.Sheet {
	t.Helper()
	src, err := os.ReadFile("../screens/demo/styles/isa101.css")
	if err != nil {
		t.Fatal(err)
	}
	sh, err := style.Parse("isa101.css", src)
	if err != nil {
		t.Fatal(err)
	}
	return []*style.Sheet{sh}
}

func alarmOpts(t testing.TB, theme string, b alarms.Board, h alarms.History) render.Options {
	return render.Options{Sheets: demoSheets(t), Env: style.Env{Theme: theme, Width: 800, Height: 480},
		Alarms: render.AlarmOptions{Board: b, History: h, Now: func() time.Time { return t0 }}}
}

// buildAlarms builds src into an 800x480 window under the theme of the
// scene's sheets.
func buildAlarms(t testing.TB, src string, opts render.Options) (*render.Scene, fyne.Window) {
	t.Helper()
	scene, w := build(t, src, opts)
	fyne.CurrentApp().Settings().SetTheme(scene.WindowTheme())
	w.Resize(fyne.NewSize(800, 480))
	render.Relayout(scene.Root)
	return scene, w
}

func TestAlarmWidgetsGolden(t *testing.T) {
	for _, theme := range []string{"day", "night"} {
		t.Run(theme, func(t *testing.T) {
			b := plant()
			scene, w := buildAlarms(t, alarmScreen, alarmOpts(t, theme, b, nil))
			sum := scene.Widget("summary")
			taps, _ := render.AlarmRows(sum)
			test.Tap(taps[3]) // FLOW_DEV selected
			test.AssertImageMatches(t, "alarm_summary_"+theme+".png", w.Canvas().Capture())

			hs, hw := buildAlarms(t, historyScreen, alarmOpts(t, theme, b, journal()))
			if _, rows := render.AlarmRows(hs.Widget("history")); len(rows) == 0 {
				t.Fatal("history shows no rows")
			}
			test.AssertImageMatches(t, "alarm_history_"+theme+".png", hw.Canvas().Capture())
		})
	}
}

func TestAlarmBanner(t *testing.T) {
	b := plant()
	var went []string
	opts := alarmOpts(t, "day", b, nil)
	opts.OnAction = func(n *gopage.Node, a *gopage.Action) { went = append(went, n.Key()+"→"+a.Navigate) }
	scene, _ := buildAlarms(t, alarmScreen, opts)
	banner := scene.Widget("banner")
	taps, rows := render.AlarmRows(banner)
	want := []string{"1 Critical", "14:28:00", "Tank 1 level high-high", "3 unacked · 4 active"}
	if !slices.Equal(rows[0], want) {
		t.Errorf("banner = %q, want %q", rows[0], want)
	}
	test.Tap(taps[0])
	if !slices.Equal(went, []string{"#banner→overview"}) {
		t.Errorf("tap went %v, want [#banner→overview]", went)
	}

	if !scene.Blinks() {
		t.Error("a scene built with unacknowledged alarms does not ask for Blink")
	}
	// It flashes while an alarm is unacknowledged: the chip is the
	// priority colour in the first half of a second, empty in the second.
	if !scene.Blink(t0) || !scene.Blinks() {
		t.Error("the banner does not flash with unacknowledged alarms")
	}
	on := render.AlarmChip(banner, 0)
	scene.Blink(t0.Add(600 * time.Millisecond))
	if off := render.AlarmChip(banner, 0); off == on {
		t.Errorf("chip %v in both halves of a flash", on)
	}

	// Acknowledged everywhere: no alarm to show, nothing flashes.
	b.mu.Lock()
	b.change(func(s *alarms.Status) {
		if s.State == alarms.ActiveUnack || s.State == alarms.ReturnedUnack {
			s.State = alarms.ActiveAck
		}
	})
	b.mu.Unlock()
	scene.AlarmsChanged()
	if _, rows := render.AlarmRows(banner); rows[0][2] != "No unacknowledged alarms" || rows[0][3] != "0 unacked · 5 active" {
		t.Errorf("banner after acks = %q", rows[0])
	}
	if scene.Blink(t0) || scene.Blinks() {
		t.Error("flashing with every alarm acknowledged")
	}
}

func TestAlarmsNotAvailable(t *testing.T) {
	scene, w := buildAlarms(t, alarmScreen, alarmOpts(t, "day", nil, nil))
	if _, rows := render.AlarmRows(scene.Widget("banner")); rows[0][2] != "alarms not available" {
		t.Errorf("banner without a board = %q", rows[0])
	}
	scene.AlarmsChanged() // no board: nothing to read, nothing panics
	found := 0
	for _, o := range test.LaidOutObjects(w.Content()) {
		if textOf(o) == "alarms not available" {
			found++
		}
	}
	if found != 2 {
		t.Errorf("banner and summary say \"alarms not available\" %d times, want 2", found)
	}
	_, hw := buildAlarms(t, historyScreen, alarmOpts(t, "day", nil, nil))
	for _, o := range test.LaidOutObjects(hw.Content()) {
		if textOf(o) == "alarm history not available" {
			return
		}
	}
	t.Error("the history without a journal does not say so")
}

// button finds the button with the given text under o.
func button(t *testing.T, o fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if b, ok := x.(*widget.Button); ok && b.Text == text {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// selectWith finds the Select of the drop-down that offers choice.
func selectWith(t *testing.T, o fyne.CanvasObject, choice string) *widget.Select {
	t.Helper()
	s, _ := render.DropDownSelect(dropDownWith(t, o, choice))
	return s
}

// dropDownWith finds the drop-down that offers choice (lay it out or walk
// it, not its Select: that one is a part of it, with no renderer of its
// own).
func dropDownWith(t *testing.T, o fyne.CanvasObject, choice string) fyne.CanvasObject {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if s, ok := render.DropDownSelect(x); ok && slices.Contains(s.Options, choice) {
			return x
		}
	}
	t.Fatalf("no drop-down offers %q", choice)
	return nil
}

func entryOf(t *testing.T, o fyne.CanvasObject, placeholder string) *widget.Entry {
	t.Helper()
	for _, x := range test.LaidOutObjects(o) {
		if e, ok := x.(*widget.Entry); ok && e.PlaceHolder == placeholder {
			return e
		}
	}
	t.Fatalf("no entry %q", placeholder)
	return nil
}

// names are the alarm names a page shows, found by message.
func messages(w *render.Widget) []string {
	_, rows := render.AlarmRows(w)
	var out []string
	for _, r := range rows {
		out = append(out, r[3])
	}
	return out
}

func TestAlarmSummaryActs(t *testing.T) {
	b := plant()
	opts := alarmOpts(t, "day", b, nil)
	opts.Alarms.User = func() string { return "alice" }
	scene, w := buildAlarms(t, alarmScreen, opts)
	sum := scene.Widget("summary")
	tap := func(i int) {
		taps, _ := render.AlarmRows(sum)
		test.Tap(taps[i])
	}
	root := w.Content()

	// Ack page: the unacknowledged rows of the page, one call; PUMP2_FAULT
	// needs a comment, so the board refuses and the widget says why.
	test.Tap(button(t, root, "Ack page"))
	if got := b.took(); len(got) != 0 {
		t.Errorf("calls = %q, want none (refused)", got)
	}
	if msg := render.AlarmMessage(sum); !strings.Contains(msg, "PUMP2_FAULT needs a comment") {
		t.Errorf("message = %q, want the board's error", msg)
	}
	test.Type(entryOf(t, root, "Comment"), "seen")
	test.Tap(button(t, root, "Ack page"))
	want := []string{`ack TANK1_HIHI,PUMP2_FAULT,TANK2_LO by alice "seen"`}
	if got := b.took(); !slices.Equal(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
	if msg := render.AlarmMessage(sum); msg != "Acknowledged 3" {
		t.Errorf("message = %q", msg)
	}
	if e := entryOf(t, root, "Comment"); e.Text != "" {
		t.Errorf("comment %q kept after the ack", e.Text)
	}

	// Selection by tap; Shelve 1 hour the selected; Unshelve the selected shelved.
	tap(0) // TANK1_HIHI
	tap(3) // FLOW_DEV
	tap(3) // … and not FLOW_DEV after all
	tap(4) // PRESS_HI
	selectWith(t, root, "1 hour").SetSelected("1 hour")
	test.Tap(button(t, root, "Shelve"))
	tap(5) // COMM_PLC2, shelved
	test.Tap(button(t, root, "Unshelve"))
	want = append(want, "shelve TANK1_HIHI 1h0m0s by alice", "shelve PRESS_HI 1h0m0s by alice", "unshelve COMM_PLC2 by alice")
	if got := b.took(); !slices.Equal(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
	// No Out of service button unless the screen asks for one.
	for _, o := range test.LaidOutObjects(root) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Out of service" {
			t.Error("an Out of service button without service: true")
		}
	}
	// Ack selected with nothing unacknowledged selected calls nothing.
	tap(0)
	test.Tap(button(t, root, "Ack selected"))
	if got := b.took(); len(got) != len(want) {
		t.Errorf("ack of an acknowledged alarm called the board: %q", got[len(want):])
	}
}

func TestAlarmSummaryOutOfService(t *testing.T) {
	b := plant()
	src := strings.Replace(alarmScreen, "id: summary,", "id: summary, service: true,", 1)
	scene, w := buildAlarms(t, src, alarmOpts(t, "day", b, nil))
	sum := scene.Widget("summary")
	test.Tap(button(t, w.Content(), "Next ▶"))
	taps, _ := render.AlarmRows(sum)
	test.Tap(taps[0]) // MIXER_VIB, out of service
	test.Tap(button(t, w.Content(), "◀ Prev"))
	taps, _ = render.AlarmRows(sum)
	test.Tap(taps[4]) // PRESS_HI, in service
	test.Tap(button(t, w.Content(), "Out of service"))
	want := []string{"oos PRESS_HI true by operator", "oos MIXER_VIB false by operator"}
	if got := b.took(); !slices.Equal(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
}

func TestAlarmSummaryRefreshesOnVersion(t *testing.T) {
	b := plant()
	scene, _ := buildAlarms(t, alarmScreen, alarmOpts(t, "day", b, nil))
	sum := scene.Widget("summary")
	reads, painted := b.reads, render.AlarmRepainted(sum)
	scene.AlarmsChanged() // same version: nothing read, nothing painted
	if b.reads != reads || render.AlarmRepainted(sum) != painted {
		t.Errorf("same version read the board %d times and repainted %d rows", b.reads-reads, render.AlarmRepainted(sum)-painted)
	}
	b.mu.Lock()
	b.change(func(s *alarms.Status) {
		if s.Name == "PRESS_HI" {
			s.Value = "6.6"
		}
	})
	b.mu.Unlock()
	scene.AlarmsChanged()
	if got := render.AlarmRepainted(sum) - painted; got != 1 {
		t.Errorf("one changed value repainted %d rows, want 1", got)
	}
	if _, rows := render.AlarmRows(sum); rows[4][4] != "6.6" {
		t.Errorf("row = %q", rows[4])
	}
}

func TestAlarmSummaryViews(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(t *testing.T, root fyne.CanvasObject)
		want []string // messages of the first page
	}{
		{"board order", func(*testing.T, fyne.CanvasObject) {}, []string{
			"Tank 1 level high-high", "Pump 2 motor fault", "Tank 2 level low", "Discharge flow deviates from setpoint",
			"Header pressure high", "PLC 2 communication lost"}},
		{"by time", func(t *testing.T, root fyne.CanvasObject) { selectWith(t, root, "Time").SetSelected("Time") }, []string{
			"Tank 1 level high-high", "Pump 2 motor fault", "Discharge flow deviates from setpoint", "Tank 2 level low",
			"Header pressure high", "PLC 2 communication lost"}},
		{"area", func(t *testing.T, root fyne.CanvasObject) { selectWith(t, root, "Tanks").SetSelected("Tanks") }, []string{
			"Tank 1 level high-high", "Tank 2 level low", "Mixer vibration high"}},
		{"high or above", func(t *testing.T, root fyne.CanvasObject) {
			selectWith(t, root, "High or above").SetSelected("High or above")
		}, []string{"Tank 1 level high-high", "Pump 2 motor fault", "Discharge flow deviates from setpoint"}},
		{"next page", func(t *testing.T, root fyne.CanvasObject) { test.Tap(button(t, root, "Next ▶")) }, []string{"Mixer vibration high"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			scene, w := buildAlarms(t, alarmScreen, alarmOpts(t, "day", plant(), nil))
			tc.do(t, w.Content())
			if got := messages(scene.Widget("summary")); !slices.Equal(got, tc.want) {
				t.Errorf("page = %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestAlarmSummaryPageFitsHeight(t *testing.T) {
	b := &fakeBoard{ver: 1}
	for i := range 1000 {
		b.st = append(b.st, alarms.Status{Name: fmt.Sprintf("A%04d", i), Priority: alarms.Priority(1 + i%4),
			Message: fmt.Sprintf("alarm %d", i), State: alarms.ActiveAck, Since: t0})
	}
	scene, w := buildAlarms(t, alarmScreen, alarmOpts(t, "day", b, nil))
	sum := scene.Widget("summary")
	_, rows := render.AlarmRows(sum)
	if len(rows) != 6 {
		t.Errorf("%d rows on a 432 px summary, want 6", len(rows))
	}
	rowObjects := 0
	for _, o := range test.LaidOutObjects(w.Content()) {
		if _, ok := o.(fyne.Tappable); ok && fmt.Sprintf("%T", o) == "*render.alarmRow" {
			rowObjects++
		}
	}
	if rowObjects > 8 { // the page's rows and the banner
		t.Errorf("%d row objects for 1,000 alarms", rowObjects)
	}
	for range 3 {
		test.Tap(button(t, w.Content(), "Next ▶"))
	}
	if got := messages(sum); got[0] != "alarm 18" {
		t.Errorf("page 4 starts with %q, want alarm 18", got[0])
	}
}

func TestAlarmHistoryQueriesAndPages(t *testing.T) {
	h := journal()
	scene, w := buildAlarms(t, historyScreen, alarmOpts(t, "day", plant(), h))
	hist := scene.Widget("history")
	_, rows := render.AlarmRows(hist)
	n := len(rows)
	if n < 5 {
		t.Fatalf("%d rows on a 480 px history", n)
	}
	q := h.last()
	if want := (alarms.Query{Since: t0.Add(-24 * time.Hour), Limit: n + 1}); q != want {
		t.Errorf("query = %+v, want %+v", q, want)
	}
	if rows[0][2] != "TANK1_HIHI" || rows[0][3] != "activate" {
		t.Errorf("first row %q", rows[0])
	}
	test.Tap(button(t, w.Content(), "Next ▶"))
	if q := h.last(); q.Offset != n || q.Limit != n+1 {
		t.Errorf("next page query %+v", q)
	}
	selectWith(t, w.Content(), "Last hour").SetSelected("Last hour")
	if q := h.last(); !q.Since.Equal(t0.Add(-time.Hour)) || q.Offset != 0 {
		t.Errorf("last hour query %+v", q)
	}
	if _, rows := render.AlarmRows(hist); len(rows) != min(9, n) { // every 7 minutes: 0…56
		t.Errorf("last hour shows %d events, want %d", len(rows), min(9, n))
	}
	if n < 9 {
		test.Tap(button(t, w.Content(), "Next ▶"))
		if _, rows := render.AlarmRows(hist); len(rows) != 9-n {
			t.Errorf("last hour's second page shows %d events, want %d", len(rows), 9-n)
		}
		if !button(t, w.Content(), "Next ▶").Disabled() {
			t.Error("Next enabled on the last page")
		}
	}
	for _, e := range test.LaidOutObjects(w.Content()) {
		if se, ok := e.(*widget.SelectEntry); ok && se.PlaceHolder == "Area" {
			test.Type(se, "Pumps")
			se.OnSubmitted(se.Text)
		}
	}
	if q := h.last(); q.Area != "Pumps" {
		t.Errorf("area filter query %+v", q)
	}
	if _, rows := render.AlarmRows(hist); len(rows) == 0 || rows[0][2] != "PUMP2_FAULT" {
		t.Errorf("Pumps rows %q", rows)
	}
}

func TestAlarmHistoryExportsCSV(t *testing.T) {
	h := &fakeHistory{evs: []alarms.Event{
		{Time: t0, Action: alarms.Acknowledge, From: "active-unack", To: "active-ack", User: "alice", Comment: "valve, closed",
			Status: alarms.Status{Name: "TANK1_HIHI", Priority: alarms.Critical, Area: "Tanks", Message: "Tank 1 level \"high\"", Value: "96.2", Limit: 95, EventID: 7}},
		{Time: t0.Add(-time.Minute), Action: alarms.Activate, From: "normal", To: "active-unack",
			Status: alarms.Status{Name: "TANK1_HIHI", Priority: alarms.Critical, Area: "Tanks", Message: "Tank 1 level \"high\"", Value: "96.2", Limit: 95, EventID: 7}},
	}}
	dir := t.TempDir()
	opts := alarmOpts(t, "day", nil, h)
	opts.Alarms.ExportDir = dir
	scene, w := buildAlarms(t, historyScreen, opts)
	test.Tap(button(t, w.Content(), "Export CSV"))
	test.Tap(button(t, w.Content(), "Export CSV")) // a second export never overwrites the first
	path := dir + "/alarm-history-20261129-143000.csv"
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ts := func(d time.Duration) string { return t0.Add(d).Format(time.RFC3339) }
	want := "time,alarm,event_id,action,from,to,priority,area,message,value,limit,user,comment\n" +
		ts(0) + `,TANK1_HIHI,7,ack,active-unack,active-ack,critical,Tanks,"Tank 1 level ""high""",96.2,95,alice,"valve, closed"` + "\n" +
		ts(-time.Minute) + `,TANK1_HIHI,7,activate,normal,active-unack,critical,Tanks,"Tank 1 level ""high""",96.2,95,,` + "\n"
	if string(got) != want {
		t.Errorf("%s:\n%s\nwant\n%s", path, got, want)
	}
	second := dir + "/alarm-history-20261129-143000-2.csv"
	if _, err := os.Stat(second); err != nil {
		t.Errorf("second export: %v", err)
	}
	if msg := render.AlarmMessage(scene.Widget("history")); msg != "Wrote 2 events to "+second {
		t.Errorf("message = %q", msg)
	}
}

// TestAlarmHistoryAsync: the journal is read off the UI goroutine; the
// page appears when the runtime hands the result back, and a request made
// meanwhile runs after it with the filter of that moment.
func TestAlarmHistoryAsync(t *testing.T) {
	h := journal()
	gate := make(chan struct{})
	slow := historyFunc(func(q alarms.Query) ([]alarms.Event, error) {
		<-gate
		return h.Events(q)
	})
	applies := make(chan func(), 4)
	var wg sync.WaitGroup
	defer wg.Wait()
	opts := alarmOpts(t, "day", plant(), slow)
	opts.Alarms.Async = func(work func() func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			applies <- work()
		}()
	}
	scene, w := buildAlarms(t, historyScreen, opts)
	hist := scene.Widget("history")
	if msg := render.AlarmMessage(hist); msg != "Loading…" {
		t.Errorf("message while the journal reads = %q", msg)
	}
	selectWith(t, w.Content(), "Last hour").SetSelected("Last hour") // asked while the first runs
	close(gate)
	(<-applies)() // the first result shows, then the second query starts
	(<-applies)()
	if q := h.last(); !q.Since.Equal(t0.Add(-time.Hour)) || len(h.queries) != 2 {
		t.Errorf("queries %+v", h.queries)
	}
	if _, rows := render.AlarmRows(hist); len(rows) != 7 {
		t.Errorf("%d rows, want a page (7) of the last hour's 9", len(rows))
	}
}

type historyFunc func(alarms.Query) ([]alarms.Event, error)

func (f historyFunc) Events(q alarms.Query) ([]alarms.Event, error) { return f(q) }

// BenchmarkAlarmSummaryRefresh measures a summary of 1,000 alarms taking
// one change of the board: reading the statuses, filtering, paging and
// repainting the rows that changed.
//
//	go test -tags migrated_fynedo,no_emoji -run '^$' -bench AlarmSummaryRefresh ./render
func BenchmarkAlarmSummaryRefresh(b *testing.B) {
	for _, sortBy := range []string{"priority", "time"} {
		b.Run(sortBy, func(b *testing.B) {
			board := &fakeBoard{ver: 1}
			for i := range 1000 {
				board.st = append(board.st, alarms.Status{Name: fmt.Sprintf("A%04d", i), Priority: alarms.Priority(1 + i%4),
					Area: fmt.Sprintf("area%d", i%10), Message: fmt.Sprintf("alarm %d", i), Value: "1.0",
					State: alarms.ActiveAck, ActiveSince: t0.Add(time.Duration(i) * time.Second)})
			}
			src := strings.Replace(alarmScreen, "id: summary,", "id: summary, sort: "+sortBy+",", 1)
			scene, _ := buildAlarms(b, src, alarmOpts(b, "day", board, nil))
			sum := scene.Widget("summary")
			painted := render.AlarmRepainted(sum)
			b.ReportAllocs()
			start := time.Now()
			i := 0
			for b.Loop() {
				board.mu.Lock()
				board.st[i%1000].Value = fmt.Sprint(i) // one alarm changes, as in a running plant
				board.ver++
				board.mu.Unlock()
				scene.AlarmsChanged()
				i++
			}
			b.ReportMetric(float64(time.Since(start).Microseconds())/1000/float64(i), "ms/refresh")
			b.ReportMetric(float64(render.AlarmRepainted(sum)-painted)/float64(i), "rows/refresh")
		})
	}
}

// TestAlarmSummaryFlashes: unacknowledged rows flash their priority chip
// at --alarm-blink (1s in the demo's sheet); acknowledged rows and
// shelved ones stay steady.
func TestAlarmSummaryFlashes(t *testing.T) {
	scene, _ := buildAlarms(t, alarmScreen, alarmOpts(t, "day", plant(), nil))
	sum := scene.Widget("summary")
	on := []any{render.AlarmChip(sum, 0), render.AlarmChip(sum, 3), render.AlarmChip(sum, 5)}
	if !scene.Blink(t0.Add(600 * time.Millisecond)) {
		t.Fatal("Blink: nothing flashes")
	}
	off := []any{render.AlarmChip(sum, 0), render.AlarmChip(sum, 3), render.AlarmChip(sum, 5)}
	if off[0] == on[0] {
		t.Errorf("unacknowledged TANK1_HIHI's chip %v does not flash", on[0])
	}
	if off[1] != on[1] || off[2] != on[2] {
		t.Errorf("acknowledged or shelved chips flash: %v → %v", on[1:], off[1:])
	}
	scene.Blink(t0.Add(time.Second))
	if got := render.AlarmChip(sum, 0); got != on[0] {
		t.Errorf("chip %v after a full period, want %v", got, on[0])
	}
}

// TestAlarmWidgetsReload: a hot reload that moves an alarm widget patches
// it (its selection survives); one that changes its own props builds it
// anew with the new options.
func TestAlarmWidgetsReload(t *testing.T) {
	b := plant()
	opts := alarmOpts(t, "day", b, nil)
	scene, _ := buildAlarms(t, alarmScreen, opts)
	reload := func(from, to string) render.ApplyResult {
		t.Helper()
		ns, err := gopage.Parse("alarms.gopage", []byte(strings.Replace(alarmScreen, from, to, 1)))
		if err != nil {
			t.Fatal(err)
		}
		return scene.Apply(ns, gopage.Diff(scene.Screen, ns), opts)
	}
	sum := scene.Widget("summary")
	taps, _ := render.AlarmRows(sum)
	test.Tap(taps[0])
	res := reload("x: 0, y: 48, w: 800, h: 432", "x: 0, y: 50, w: 800, h: 430")
	if keys(res.Patched) != "#summary" || len(res.Built) != 0 || scene.Widget("summary") != sum {
		t.Errorf("a move: patched %q built %q", keys(res.Patched), keys(res.Built))
	}
	res = reload("id: summary,", "id: summary, sort: time,")
	if keys(res.Built) != "#summary" {
		t.Errorf("a new sort: patched %q built %q, want #summary built", keys(res.Patched), keys(res.Built))
	}
	if got := messages(scene.Widget("summary")); len(got) < 3 || got[2] != "Discharge flow deviates from setpoint" {
		t.Errorf("after the reload the page is %q, want the time order", got)
	}
	b.mu.Lock()
	b.change(func(s *alarms.Status) {
		if s.Name == "TANK1_HIHI" {
			s.Value = "97.0"
		}
	})
	b.mu.Unlock()
	scene.AlarmsChanged() // reaches the widget built by the reload
	if _, rows := render.AlarmRows(scene.Widget("summary")); rows[0][4] != "97.0" {
		t.Errorf("rebuilt summary's first row %q after a change", rows[0])
	}
}

// TestAlarmThemeSwitch: switching a live scene from day to night restyles
// the alarm widgets into the very pixels of a scene built at night.
func TestAlarmThemeSwitch(t *testing.T) {
	scene, w := buildAlarms(t, alarmScreen, alarmOpts(t, "day", plant(), nil))
	taps, _ := render.AlarmRows(scene.Widget("summary"))
	test.Tap(taps[3])
	scene.SetEnv(style.Env{Theme: "night", Width: 800, Height: 480})
	fyne.CurrentApp().Settings().SetTheme(scene.WindowTheme())
	test.AssertImageMatches(t, "alarm_summary_night.png", w.Canvas().Capture())
}

// TestAlarmColoursFollowCustomProperties: a sheet edit that changes only
// an --alarm-* variable (no typed property, so no style patch) recolours
// the rows.
func TestAlarmColoursFollowCustomProperties(t *testing.T) {
	const css = `:root { --alarm-critical: #d32f2f; --alarm-blink: 0; } alarm-summary { color: #000000; }`
	opts := alarmOpts(t, "day", plant(), nil)
	opts.Sheets = sheet(t, css)
	scene, w := buildAlarms(t, alarmScreen, opts)
	green := color.NRGBA{0, 0xff, 0, 0xff}
	if hasColor(w.Canvas().Capture(), image.Rect(0, 0, 800, 480), green) {
		t.Fatal("green before the edit")
	}
	scene.SetSheets(sheet(t, strings.Replace(css, "#d32f2f", "#00ff00", 1)))
	if !hasColor(w.Canvas().Capture(), image.Rect(0, 0, 800, 480), green) {
		t.Error("no critical row turned green after --alarm-critical changed")
	}
}
