package render

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/alarms"
)

// Choices of the summary's drop-downs, in the order they show.
var (
	sortChoices   = []string{"Priority", "Time"}
	prioChoices   = []string{"All priorities", "Critical only", "High or above", "Medium or above"}
	shelveChoices = []string{"15 min", "1 hour", "8 hours"}
	shelveTimes   = []time.Duration{15 * time.Minute, time.Hour, 8 * time.Hour}
)

const allAreas = "All areas"

// summaryColumns are alarm-summary's columns; the priority (1) is drawn on
// its chip.
var summaryColumns = []column{
	{title: "Time", width: 76}, {title: "Priority", width: 96}, {title: "Area", width: 96},
	{title: "Message"}, {title: "Value", width: 76, align: fyne.TextAlignTrailing}, {title: "State", width: 104},
}

// alarmSummary is alarm-summary: a page of the board's statuses, filtered
// and ordered by the controls on top, rows selected by a tap, and buttons
// that act on the selection or the page through the board.
type alarmSummary struct {
	w      *Widget
	opts   AlarmOptions
	board  alarms.Board
	look   alarmLook
	object fyne.CanvasObject

	view     summaryView
	all      []alarms.Status // as last read from the board
	shown    []alarms.Status // all, filtered and ordered
	page     []alarms.Status // the rows on screen
	selected map[string]bool
	version  uint64
	read     bool
	off      bool // unacknowledged chips are in the off half of a flash

	header                    *alarmRow
	list                      *rowList
	sortSel, areaSel, prioSel *dropDown
	shelveSel                 *dropDown
	ackSel, ackPage           *widget.Button // the action buttons, disabled by permit (alarm_perm.go)
	shelveBtn, unshelveBtn    *widget.Button
	oos                       *widget.Button // nil without service: true
	comment                   *widget.Entry
	pager                     *pageButtons
	msg                       *message
	areas                     []string // the area drop-down's areas
	repainted                 int      // rows repainted, for tests and the benchmark
}

func newAlarmSummary(w *Widget, opts AlarmOptions, l alarmLook) *alarmSummary {
	n, z := w.Node, w.scene.zoom
	v := &alarmSummary{w: w, opts: opts, board: opts.Board, look: l, selected: map[string]bool{}, msg: newMessage(),
		view: summaryView{sort: str(n, "sort", "priority"), area: str(n, "area", ""), maxPrio: maxPriorityOf(n), size: 1}}
	if v.view.maxPrio >= alarms.Low {
		v.view.maxPrio = 0 // low or above: every priority
	}
	rowH := float32(max(num(n, "row_height", 44), 24)) * z
	v.header = newAlarmRow(summaryColumns, -1, z)
	titles := make([]string, len(summaryColumns))
	for i, c := range summaryColumns {
		titles[i] = c.title
	}
	v.header.full = titles
	v.list = newRowList(rowH, func() *alarmRow {
		r := newAlarmRow(summaryColumns, 1, z)
		i := len(v.list.rows)
		r.onTap = func() { v.tap(i) }
		return r
	}, v.fit)

	var sortBox, areaBox, prioBox, shelveBox fyne.CanvasObject
	v.sortSel, sortBox = touchSelect(z, sortChoices, func(s string) { v.setView(func(sv *summaryView) { sv.sort = lower(s) }) })
	v.sortSel.Selected = sortChoices[boolIndex(v.view.sort == "time")]
	v.areaSel, areaBox = touchSelect(z, []string{allAreas}, func(s string) {
		v.setView(func(sv *summaryView) { sv.area = areaOf(s) })
	})
	v.areaSel.Selected = allAreas
	if v.view.area != "" {
		v.areaSel.Selected = v.view.area
	}
	v.prioSel, prioBox = touchSelect(z, prioChoices, func(s string) {
		v.setView(func(sv *summaryView) { sv.maxPrio = alarms.Priority(indexOf(prioChoices, s)) })
	})
	v.prioSel.Selected = prioChoices[min(int(v.view.maxPrio), len(prioChoices)-1)]
	v.pager = newPageButtons(z, func() { v.setView(func(sv *summaryView) { sv.page-- }) },
		func() { v.setView(func(sv *summaryView) { sv.page++ }) })
	top := newStack(false, 6*z, alignCenter, sortBox, areaBox, prioBox)
	filters := container.NewBorder(nil, nil, top, v.pager.object)

	var ackSel, ackPage, shelve, unshelve fyne.CanvasObject
	v.ackSel, ackSel = touchButton(z, "Ack selected", v.ackSelected)
	v.ackPage, ackPage = touchButton(z, "Ack page", v.ackPageNow)
	v.shelveSel, shelveBox = touchSelect(z, shelveChoices, nil)
	v.shelveSel.Selected = shelveChoices[0]
	v.shelveBtn, shelve = touchButton(z, "Shelve", v.shelve)
	v.unshelveBtn, unshelve = touchButton(z, "Unshelve", v.unshelve)
	v.comment = widget.NewEntry()
	v.comment.SetPlaceHolder("Comment")
	buttons := []fyne.CanvasObject{ackSel, ackPage, shelveBox, shelve, unshelve}
	if boolean(n, "service") {
		var oos fyne.CanvasObject
		v.oos, oos = touchButton(z, "Out of service", v.service)
		buttons = append(buttons, oos)
	}
	actions := container.NewBorder(nil, nil, newStack(false, 6*z, alignCenter, buttons...), nil,
		container.New(atLeast{w: 120 * z, h: 44 * z}, v.comment))

	hdr := container.New(atLeast{h: 30 * z}, v.header)
	bottom := newStack(true, 4*z, alignStretch, actions, v.msg.t)
	v.object = container.NewBorder(newStack(true, 4*z, alignStretch, filters, hdr), bottom, nil, nil, v.list)
	if w.alarmMay != nil {
		v.permit(*w.alarmMay) // built anew (a prop changed): the user's permissions stay
	}
	return v
}

func (v *alarmSummary) restyle(l alarmLook) {
	v.look = l
	v.header.set(v.header.full, rowLook{bg: color.Transparent, text: l.header, bold: true}, l.size*0.85)
	v.list.empty.Color, v.list.empty.TextSize = l.muted, l.size
	v.list.empty.Refresh()
	v.msg.paint(l)
	v.fill()
}

// changed re-reads the board when its version moved.
func (v *alarmSummary) changed(force bool) {
	ver := v.board.Version()
	if v.read && ver == v.version && !force {
		return
	}
	v.version, v.read = ver, true
	v.all = v.w.scene.alarmStatuses(v.board, ver)
	live := make(map[string]bool, len(v.selected))
	for _, s := range v.all {
		if v.selected[s.Name] {
			live[s.Name] = true
		}
	}
	v.selected = live
	if areas := areasOf(v.all); !slices.Equal(areas, v.areas) {
		v.areas = areas
		v.areaSel.Options = append([]string{allAreas}, areas...)
		v.areaSel.Refresh()
	}
	v.fill()
}

// fit follows the number of rows that fit the widget's height.
func (v *alarmSummary) fit(n int) {
	first := v.view.page * v.view.size
	v.view.size = n
	v.view.page = first / n // keep the first row shown on the page
	v.fill()
}

// setView changes the filter, order or page and shows the result.
func (v *alarmSummary) setView(f func(*summaryView)) {
	old := v.view
	f(&v.view)
	if v.view.sort != old.sort || v.view.area != old.area || v.view.maxPrio != old.maxPrio {
		v.view.page = 0
	}
	v.fill()
}

// fill shows the view's page; only rows whose content changed repaint.
func (v *alarmSummary) fill() {
	v.shown = v.view.filter(v.all)
	v.view = v.view.clamp(len(v.shown))
	v.page = v.view.window(v.shown)
	for i, r := range v.list.rows {
		if i >= len(v.page) {
			if r.set(nil, rowLook{bg: color.Transparent}, v.look.size) {
				v.repainted++
			}
			continue
		}
		if r.set(v.texts(v.page[i]), v.rowLook(v.page[i]), v.look.size) {
			v.repainted++
		}
	}
	empty := ""
	if len(v.shown) == 0 {
		empty = "No alarms"
	}
	if v.list.empty.Text != empty {
		v.list.empty.Text = empty
		v.list.empty.Refresh()
	}
	pages := v.view.pages(len(v.shown))
	v.pager.show(fmt.Sprintf("%d/%d", v.view.page+1, pages), v.view.page > 0, v.view.page < pages-1, v.look)
}

func (v *alarmSummary) texts(s alarms.Status) []string {
	return []string{clockOf(s).Format("15:04:05"), priorityText(s.Priority), s.Area, s.Message, s.Value, stateText(s)}
}

// rowLook draws a status: muted while shelved, suppressed or out of
// service; its priority's chip, hollow once returned, in the background
// colour during the off half of a flash while unacknowledged; the row's
// background marks the selection.
func (v *alarmSummary) rowLook(s alarms.Status) rowLook {
	l := v.look
	look := rowLook{bg: color.Transparent, text: l.text}
	if v.selected[s.Name] {
		look.bg = l.selected
	}
	pc := l.priority(s.Priority)
	switch {
	case overlaid(s):
		look.text = l.muted
		look.chipFill, look.chipStroke, look.chipText = l.shelved, l.shelved, onColor(l.shelved)
	case s.State == alarms.ReturnedUnack:
		look.chipFill, look.chipStroke, look.chipText = color.Transparent, pc, l.text
	default:
		look.chipFill, look.chipStroke, look.chipText = pc, pc, onColor(pc)
	}
	if s.State.Unacked() && !overlaid(s) {
		look.bold = true
		if v.off {
			look.chipFill, look.chipText = color.Transparent, l.text
			if s.State == alarms.ReturnedUnack {
				look.chipStroke = color.Transparent
			}
		}
	}
	return look
}

func (v *alarmSummary) blink(now time.Time) bool {
	any := false
	for _, s := range v.page {
		if s.State.Unacked() && !overlaid(s) {
			any = true
			break
		}
	}
	if off := any && v.look.off(now); off != v.off && !now.IsZero() { // zero: only counting
		v.off = off
		v.fill()
	}
	return any && v.look.blink > 0
}

// tap selects or unselects the i-th row of the page.
func (v *alarmSummary) tap(i int) {
	if i >= len(v.page) {
		return
	}
	name := v.page[i].Name
	if v.selected[name] {
		delete(v.selected, name)
	} else {
		v.selected[name] = true
	}
	v.fill()
}

// chosen returns the selected statuses that pass keep, in the board's order.
func (v *alarmSummary) chosen(keep func(alarms.Status) bool) []alarms.Status {
	var out []alarms.Status
	for _, s := range v.all {
		if v.selected[s.Name] && keep(s) {
			out = append(out, s)
		}
	}
	return out
}

func (v *alarmSummary) ackSelected() {
	v.ack(unacked(v.chosen(func(s alarms.Status) bool { return true })), "Select unacknowledged alarms first")
}

func (v *alarmSummary) ackPageNow() {
	var shown []alarms.Status // shelved, suppressed or out of service rows are not acknowledged with the page
	for _, s := range v.page {
		if !overlaid(s) {
			shown = append(shown, s)
		}
	}
	v.ack(unacked(shown), "Nothing on this page to acknowledge")
}

// ack acknowledges names; an error (a comment the alarm needs) is shown.
func (v *alarmSummary) ack(names []string, none string) {
	if len(names) == 0 {
		v.msg.set(none, false, v.look)
		return
	}
	if err := v.board.Ack(names, opOf(v.opts, v.comment.Text)); err != nil {
		v.msg.set("Not acknowledged: "+err.Error(), true, v.look)
		return
	}
	v.done(fmt.Sprintf("Acknowledged %d", len(names)))
}

func (v *alarmSummary) shelve() {
	ss := v.chosen(func(s alarms.Status) bool { return !s.Shelved })
	if len(ss) == 0 {
		v.msg.set("Select alarms to shelve", false, v.look)
		return
	}
	d := shelveTimes[max(indexOf(shelveChoices, v.shelveSel.Selected), 0)]
	v.each(ss, "Shelved %d for "+v.shelveSel.Selected, func(name string, op alarms.Op) error { return v.board.Shelve(name, d, op) })
}

func (v *alarmSummary) unshelve() {
	ss := v.chosen(func(s alarms.Status) bool { return s.Shelved })
	if len(ss) == 0 {
		v.msg.set("Select shelved alarms to unshelve", false, v.look)
		return
	}
	v.each(ss, "Unshelved %d", v.board.Unshelve)
}

// service takes the selected alarms out of service, and those out of
// service back.
func (v *alarmSummary) service() {
	ss := v.chosen(func(alarms.Status) bool { return true })
	if len(ss) == 0 {
		v.msg.set("Select alarms to take out of service or back", false, v.look)
		return
	}
	v.each(ss, "Changed the service of %d", func(name string, op alarms.Op) error {
		i := slices.IndexFunc(ss, func(s alarms.Status) bool { return s.Name == name })
		return v.board.SetOutOfService(name, !ss[i].OutOfService, op)
	})
}

// each acts on every status; the errors are shown together.
func (v *alarmSummary) each(ss []alarms.Status, ok string, act func(string, alarms.Op) error) {
	op := opOf(v.opts, v.comment.Text)
	var errs []error
	for _, s := range ss {
		if err := act(s.Name, op); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Name, err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		v.msg.set(oneLine(err.Error()), true, v.look)
		v.changed(false)
		return
	}
	v.done(fmt.Sprintf(ok, len(ss)))
}

// done reports a success: the selection and the comment are used up.
func (v *alarmSummary) done(msg string) {
	v.msg.set(msg, false, v.look)
	v.selected = map[string]bool{}
	v.comment.SetText("")
	v.changed(false)
	v.fill()
}

// Small helpers of the drop-downs.

func lower(s string) string {
	if s == "Time" {
		return "time"
	}
	return "priority"
}

func areaOf(choice string) string {
	if choice == allAreas {
		return ""
	}
	return choice
}

func indexOf(ss []string, s string) int {
	for i, x := range ss {
		if x == s {
			return i
		}
	}
	return -1
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// oneLine joins a multi-line error text.
func oneLine(s string) string {
	out := []rune(s)
	for i, r := range out {
		if r == '\n' {
			out[i] = ';'
		}
	}
	return string(out)
}
