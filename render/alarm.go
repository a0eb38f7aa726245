package render

import (
	"image/color"
	"strings"
	"time"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/render/symbol"
	"github.com/gohmi/gohmi/style"
)

// AlarmOptions are what the alarm widgets (alarm-banner, alarm-summary,
// alarm-history) read and act through. The zero value makes them show
// "alarms not available".
type AlarmOptions struct {
	// Board is the engine's live view; nil: banner and summary show
	// "alarms not available". The widgets call it on the UI goroutine: its
	// methods must return quickly, as [alarms.Board] promises.
	Board alarms.Board
	// History is the journal; nil: alarm-history shows "alarm history
	// not available". It is only called inside Async's work.
	History alarms.History
	// User names who acknowledges, shelves and unshelves ([alarms.Op]'s
	// User); nil means "operator". Called on the UI goroutine.
	User func() string
	// ExportDir is where alarm-history writes its CSV exports (the
	// runtime's data directory); "" turns the Export button off.
	ExportDir string
	// Now is the clock of alarm-history's time ranges and export names;
	// nil means time.Now.
	Now func() time.Time
	// Async runs work off the UI goroutine, on a goroutine the caller owns
	// (and waits for when it stops), then runs the function work returns on
	// the UI goroutine, or drops it once the UI has ended. alarm-history
	// queries the journal and writes exports through it, since both can be
	// slow. Nil runs work and its result at once, on the calling (UI)
	// goroutine: for tests and headless snapshots.
	Async func(work func() (apply func()))
}

// user is who acts now.
func (o AlarmOptions) user() string {
	if o.User != nil {
		if u := o.User(); u != "" {
			return u
		}
	}
	return "operator"
}

func (o AlarmOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// async runs work and then, on the UI goroutine, what it returns.
func (o AlarmOptions) async(work func() func()) {
	if o.Async == nil {
		if apply := work(); apply != nil {
			apply()
		}
		return
	}
	o.Async(work)
}

// alarmView is what the scene asks of an alarm widget.
type alarmView interface {
	// changed re-reads the board if its version moved (force: always).
	changed(force bool)
	// blink shows the flashing parts in the phase they have at now and
	// reports whether any part flashes.
	// A zero now only reports, leaving the phase as it is.
	blink(now time.Time) bool
}

// AlarmsChanged tells the scene's alarm widgets that the board changed: each
// re-reads [alarms.Board.Statuses] and repaints what changed, unless the
// board's Version is the one it showed. The runtime calls it on the UI
// goroutine, coalesced (at most once a frame), when Version moves. UI
// goroutine.
func (s *Scene) AlarmsChanged() {
	for _, w := range s.order {
		if w.alarm != nil {
			w.alarm.changed(false)
		}
	}
	s.countAlarmBlinks(time.Time{})
}

// alarmRead is the board's statuses as last read: a scene's alarm widgets
// share one read per version.
type alarmRead struct {
	board alarms.Board
	ver   uint64
	st    []alarms.Status
	ok    bool
}

// alarmStatuses returns the statuses of b at version ver, read once for
// every alarm widget of the scene. (Statuses read just after a change may
// be newer than ver; the next version reads them again.)
func (s *Scene) alarmStatuses(b alarms.Board, ver uint64) []alarms.Status {
	if r := &s.alarmRead; !r.ok || r.board != b || r.ver != ver {
		*r = alarmRead{board: b, ver: ver, st: b.Statuses(), ok: true}
	}
	return s.alarmRead.st
}

// countAlarmBlinks flashes the alarm widgets' unacknowledged parts in the
// phase of now (a zero now leaves the phase) and counts the widgets that
// flash, for [Scene.Blinks].
func (s *Scene) countAlarmBlinks(now time.Time) {
	n := int32(0)
	for _, w := range s.order {
		if w.alarm != nil && w.alarm.blink(now) {
			n++
		}
	}
	s.alarmBlinks.Store(n)
}

// alarmLook is the colours and sizes of an alarm widget, from its computed
// style: the priority colours come from the sheet's custom properties
// --alarm-critical, --alarm-high, --alarm-medium, --alarm-low and
// --alarm-shelved (shelved, suppressed and out-of-service rows),
// --alarm-selected (a selected row) and --alarm-blink (the flashing period
// of unacknowledged alarms, e.g. 1s; 0 stops it), with ISA-101 defaults
// for a day and a night theme.
type alarmLook struct {
	prio     [5]color.Color // by alarms.Priority; [0] for an unknown one
	shelved  color.Color
	selected color.Color
	text     color.Color
	muted    color.Color
	surface  color.Color
	header   color.Color
	size     float32
	blink    time.Duration
}

// alarmDefaults are the palettes used where a sheet sets no --alarm-*.
var alarmDefaults = map[bool]map[string]string{
	false: {"--alarm-critical": "#d32f2f", "--alarm-high": "#f57c00", "--alarm-medium": "#fbc02d",
		"--alarm-low": "#1976d2", "--alarm-shelved": "#9e9e9e", "--alarm-selected": "#a9bccf",
		"--text": "#101010", "--surface": "#e4e4e4"},
	true: {"--alarm-critical": "#e53935", "--alarm-high": "#ef6c00", "--alarm-medium": "#f9a825",
		"--alarm-low": "#1e88e5", "--alarm-shelved": "#5f6670", "--alarm-selected": "#3c5a78",
		"--text": "#d8dde4", "--surface": "#2a2e35"},
}

func (w *Widget) alarmLook(c *style.Computed, pal symbol.Palette) alarmLook {
	night := strings.Contains(strings.ToLower(w.scene.env.Theme), "night") || strings.Contains(strings.ToLower(w.scene.env.Theme), "dark")
	def := alarmDefaults[night]
	v := func(name string) color.Color {
		if col := hexColor(c.Vars[name]); col != nil {
			return col
		}
		return hexColor(def[name])
	}
	l := alarmLook{shelved: v("--alarm-shelved"), selected: v("--alarm-selected")}
	l.prio[0] = l.shelved
	for p, name := range []string{"--alarm-critical", "--alarm-high", "--alarm-medium", "--alarm-low"} {
		l.prio[p+1] = v(name)
	}
	l.text = colorOr(c.Color, v("--text"))
	l.surface = colorOr(c.Background, v("--surface"))
	l.muted = mix(l.text, l.surface, 0.45)
	l.header = mix(l.text, l.surface, 0.25)
	l.size = pal.TextSize
	if c.FontSize.Set && c.FontSize.Unit == style.Px {
		l.size = c.FontSize.Value * w.scene.zoom
	}
	l.blink = time.Second
	if b := strings.TrimSpace(c.Vars["--alarm-blink"]); b != "" {
		if d, err := time.ParseDuration(b); err == nil && d >= 0 {
			l.blink = d
		} else if b == "0" || b == "none" {
			l.blink = 0
		}
	}
	return l
}

// priority returns the colour of p.
func (l *alarmLook) priority(p alarms.Priority) color.Color {
	if int(p) < len(l.prio) {
		return l.prio[p]
	}
	return l.prio[0]
}

// off reports whether now is in the off half of a flash.
func (l *alarmLook) off(now time.Time) bool {
	if l.blink <= 0 || now.IsZero() {
		return false
	}
	return now.UnixNano()%int64(l.blink) >= int64(l.blink)/2
}

// onColor is black or white, whichever reads better on bg.
func onColor(bg color.Color) color.Color {
	r, g, b, _ := bg.RGBA()
	if 299*r+587*g+114*b > 1000*0x8000 {
		return rgb(0x10, 0x10, 0x10)
	}
	return rgb(0xff, 0xff, 0xff)
}

// priorityText is a priority as a row shows it.
func priorityText(p alarms.Priority) string {
	switch p {
	case alarms.Critical:
		return "1 Critical"
	case alarms.High:
		return "2 High"
	case alarms.Medium:
		return "3 Medium"
	case alarms.Low:
		return "4 Low"
	}
	return "?"
}

// stateText is a status's state in an operator's words.
func stateText(s alarms.Status) string {
	switch {
	case s.OutOfService:
		return "Out of service"
	case s.Shelved:
		return "Shelved"
	case s.Suppressed:
		return "Suppressed"
	}
	switch s.State {
	case alarms.ActiveUnack:
		return "Unacked"
	case alarms.ActiveAck:
		return "Acked"
	case alarms.ReturnedUnack:
		return "Returned"
	case alarms.Latched:
		return "Latched"
	}
	return "Normal"
}

// overlaid reports whether a status is hidden from operation: shelved,
// suppressed by design or out of service. Its row is drawn muted.
func overlaid(s alarms.Status) bool { return s.Shelved || s.Suppressed || s.OutOfService }

// clock is the time a status shows: when its activation began, else its
// last transition.
func clockOf(s alarms.Status) time.Time {
	if !s.ActiveSince.IsZero() {
		return s.ActiveSince
	}
	return s.Since
}
