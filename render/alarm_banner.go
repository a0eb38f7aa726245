package render

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"

	"github.com/gohmi/gohmi/alarms"
	"github.com/gohmi/gohmi/gopage"
)

// alarmBanner is alarm-banner: one line with the most important
// unacknowledged alarm and the counts; its chip flashes while any alarm is
// unacknowledged; a tap goes to the screen its `screen` prop names,
// through the same OnAction a navigate button uses.
type alarmBanner struct {
	w       *Widget
	board   alarms.Board
	filter  summaryView
	row     *alarmRow
	look    alarmLook
	version uint64
	read    bool

	top             *alarms.Status // the alarm shown; nil when none is unacknowledged
	unacked, active int
	off             bool // the chip is in the off half of a flash
}

func newAlarmBanner(w *Widget, opts Options, l alarmLook) *alarmBanner {
	n := w.Node
	v := &alarmBanner{w: w, board: opts.Alarms.Board, look: l,
		filter: summaryView{area: str(n, "area", ""), maxPrio: maxPriorityOf(n)}}
	v.row = newAlarmRow([]column{{width: 100}, {width: 76}, {}, {width: 200, align: fyne.TextAlignTrailing}}, 0, w.scene.zoom)
	v.row.onTap = func() {
		if w.perm != Permitted {
			return // the user may not see the screen (alarm_perm.go); the runtime would refuse it
		}
		if s := str(w.Node, "screen", ""); s != "" && opts.OnAction != nil {
			opts.OnAction(w.Node, &gopage.Action{Navigate: s})
		}
	}
	return v
}

// maxPriorityOf reads a max_priority prop; 0 means every priority.
func maxPriorityOf(n *gopage.Node) alarms.Priority {
	p, _ := alarms.ParsePriority(str(n, "max_priority", ""))
	return p
}

func (v *alarmBanner) restyle(l alarmLook) {
	v.look = l
	v.paint()
}

func (v *alarmBanner) changed(force bool) {
	if v.board == nil {
		return
	}
	ver := v.board.Version()
	if v.read && ver == v.version && !force {
		return
	}
	v.version, v.read = ver, true
	v.top, v.unacked, v.active = nil, 0, 0
	for _, s := range v.filter.filter(v.w.scene.alarmStatuses(v.board, ver)) {
		if overlaid(s) {
			continue
		}
		if s.State.Active() {
			v.active++
		}
		if !s.State.Unacked() {
			continue
		}
		v.unacked++
		if v.top == nil || s.Priority < v.top.Priority || s.Priority == v.top.Priority && clockOf(s).After(clockOf(*v.top)) {
			s := s
			v.top = &s
		}
	}
	v.paint()
}

func (v *alarmBanner) paint() {
	l := v.look
	look := rowLook{bg: color.Transparent, text: l.text}
	var texts []string
	switch {
	case v.board == nil:
		look.text = l.muted
		texts = []string{"", "", "alarms not available", ""}
	case v.top == nil:
		look.text = l.muted
		texts = []string{"", "", "No unacknowledged alarms", v.counts()}
	default:
		t := v.top
		look.bold = true
		look.chipFill, look.chipStroke, look.chipText = l.priority(t.Priority), l.priority(t.Priority), onColor(l.priority(t.Priority))
		if v.off {
			look.chipFill, look.chipText = color.Transparent, l.text
		}
		texts = []string{priorityText(t.Priority), clockOf(*t).Format("15:04:05"), t.Message, v.counts()}
	}
	v.row.set(texts, look, l.size)
}

func (v *alarmBanner) counts() string {
	return fmt.Sprintf("%d unacked · %d active", v.unacked, v.active)
}

func (v *alarmBanner) blink(now time.Time) bool {
	if v.top == nil || v.look.blink <= 0 {
		if v.off {
			v.off = false
			v.paint()
		}
		return false
	}
	if now.IsZero() {
		return true // only counting (AlarmsChanged): the phase stays
	}
	if off := v.look.off(now); off != v.off {
		v.off = off
		v.paint()
	}
	return true
}
