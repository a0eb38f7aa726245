package render

import (
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gohmi/gohmi/alarms"
)

// The history's time ranges, as the range prop names them and as the
// drop-down shows them.
var (
	rangeNames   = []string{"1h", "24h", "7d"}
	rangeChoices = []string{"Last hour", "Last 24 hours", "Last 7 days"}
	rangeSpans   = []time.Duration{time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}
)

// historyColumns are alarm-history's columns; the priority (1) is drawn on
// its chip.
var historyColumns = []column{
	{title: "Time", width: 116}, {title: "Priority", width: 92}, {title: "Alarm", width: 112},
	{title: "Event", width: 92}, {title: "State", width: 104}, {title: "User", width: 72}, {title: "Message / comment"},
}

// alarmHistory is alarm-history: a page of journal events, newest first,
// over a time range and filtered by area and alarm. The journal is read
// through AlarmOptions.Async, never on the UI goroutine; at most one query
// runs at a time, and requests made meanwhile run once, after it, with the
// filter of that moment.
type alarmHistory struct {
	w      *Widget
	opts   AlarmOptions
	look   alarmLook
	object fyne.CanvasObject

	span     time.Duration
	page     int
	size     int            // rows per page
	events   []alarms.Event // the page shown
	more     bool           // a next page exists
	running  bool           // a query is out
	again    bool           // another was asked for meanwhile
	areaQ    string         // the area searched for (the entry's text at the last search)
	alarmQ   string         // the alarm searched for
	version  uint64         // the board's, when the last query started
	exported string         // the last export's path

	header      *alarmRow
	list        *rowList
	rangeSel    *dropDown
	area, alarm *widget.SelectEntry
	pager       *pageButtons
	msg         *message
	queries     int // queries started, for tests
}

func newAlarmHistory(w *Widget, opts AlarmOptions, l alarmLook) *alarmHistory {
	n, z := w.Node, w.scene.zoom
	v := &alarmHistory{w: w, opts: opts, look: l, msg: newMessage()}
	ri := max(indexOf(rangeNames, str(n, "range", "24h")), 0)
	v.span = rangeSpans[ri]
	v.header = newAlarmRow(historyColumns, -1, z)
	for i, c := range historyColumns {
		v.header.full[i] = c.title
	}
	v.list = newRowList(float32(max(num(n, "row_height", 44), 24))*z, func() *alarmRow {
		return newAlarmRow(historyColumns, 1, z)
	}, func(n int) {
		first := v.page * v.size
		v.size = n
		v.page = first / n
		v.request()
	})
	var rangeBox fyne.CanvasObject
	v.rangeSel, rangeBox = touchSelect(z, rangeChoices, func(s string) {
		if i := indexOf(rangeChoices, s); i >= 0 && rangeSpans[i] != v.span {
			v.span, v.page = rangeSpans[i], 0
			v.request()
		}
	})
	v.rangeSel.Selected = rangeChoices[ri]
	rangeBox = container.New(atLeast{w: 170 * z, h: 44 * z}, rangeBox)
	v.area = widget.NewSelectEntry(nil)
	v.area.SetPlaceHolder("Area")
	v.area.SetText(str(n, "area", ""))
	v.alarm = widget.NewSelectEntry(nil)
	v.alarm.SetPlaceHolder("Alarm")
	v.alarm.SetText(str(n, "alarm", ""))
	v.areaQ, v.alarmQ = v.area.Text, v.alarm.Text
	search := func(string) {
		v.areaQ, v.alarmQ, v.page = v.area.Text, v.alarm.Text, 0
		v.request()
	}
	v.area.OnSubmitted, v.alarm.OnSubmitted = search, search
	_, find := touchButton(z, "Search", func() { search("") })
	v.pager = newPageButtons(z, func() { v.page--; v.request() }, func() { v.page++; v.request() })
	entry := func(e *widget.SelectEntry) fyne.CanvasObject { return container.New(atLeast{w: 150 * z, h: 44 * z}, e) }
	filters := container.NewBorder(nil, nil, newStack(false, 6*z, alignCenter, rangeBox, entry(v.area), entry(v.alarm), find), nil)
	exp, expBox := touchButton(z, "Export CSV", v.export)
	if opts.ExportDir == "" {
		exp.Disable()
	}
	actions := container.NewBorder(nil, nil, v.pager.object, expBox)
	hdr := container.New(atLeast{h: 30 * z}, v.header)
	v.object = container.NewBorder(newStack(true, 4*z, alignStretch, filters, hdr),
		newStack(true, 4*z, alignStretch, actions, v.msg.t), nil, nil, v.list)
	return v
}

func (v *alarmHistory) restyle(l alarmLook) {
	v.look = l
	v.header.set(v.header.full, rowLook{bg: color.Transparent, text: l.header, bold: true}, l.size*0.85)
	v.list.empty.Color, v.list.empty.TextSize = l.muted, l.size
	v.list.empty.Refresh()
	v.msg.paint(l)
	v.fill()
}

// changed follows the board: the first page is read again when the board
// changed (new events are likely); other pages stay as the operator left
// them. force (the build) only offers the board's names to the filters:
// the first query waits for the page size.
func (v *alarmHistory) changed(force bool) {
	b := v.opts.Board
	if b == nil {
		return
	}
	ver := b.Version()
	if ver == v.version && !force {
		return
	}
	v.version = ver
	var areas, names []string
	for _, s := range v.w.scene.alarmStatuses(b, ver) {
		names = append(names, s.Name)
		if s.Area != "" {
			areas = append(areas, s.Area)
		}
	}
	slices.Sort(areas)
	slices.Sort(names)
	v.area.SetOptions(slices.Compact(areas))
	v.alarm.SetOptions(slices.Compact(names))
	if !force && v.page == 0 && v.size > 0 {
		v.request()
	}
}

func (v *alarmHistory) blink(time.Time) bool { return false }

// query is what the page shown asks of the journal: one event more than
// fits, to know whether a next page exists.
func (v *alarmHistory) query() alarms.Query {
	return alarms.Query{Since: v.opts.now().Add(-v.span), Area: v.areaQ, Alarm: v.alarmQ,
		Limit: v.size + 1, Offset: v.page * v.size}
}

// request reads the page from the journal, off the UI goroutine.
func (v *alarmHistory) request() {
	if v.size == 0 {
		return // not laid out yet
	}
	if v.running {
		v.again = true
		return
	}
	v.page = max(v.page, 0)
	v.running = true
	v.queries++
	q, h := v.query(), v.opts.History
	v.msg.set("Loading…", false, v.look)
	v.opts.async(func() func() {
		evs, err := h.Events(q)
		return func() { v.show(q, evs, err) }
	})
}

// show puts a query's result on screen (UI goroutine).
func (v *alarmHistory) show(q alarms.Query, evs []alarms.Event, err error) {
	v.running = false
	// A result is shown even when another query was asked for meanwhile:
	// under a flood of changes the first page must still appear.
	switch {
	case err != nil:
		v.msg.set("Journal: "+oneLine(err.Error()), true, v.look)
	case len(evs) == 0 && q.Offset > 0 && !v.again:
		v.page-- // the page emptied meanwhile: show the last one
		v.again = true
	default:
		v.more = len(evs) > q.Limit-1
		v.events = evs[:min(len(evs), q.Limit-1)]
		v.msg.set("", false, v.look)
		if v.exported != "" {
			v.msg.set("Wrote "+v.exported, false, v.look)
		}
		v.fill()
	}
	if v.again {
		v.again = false
		v.request()
	}
}

func (v *alarmHistory) fill() {
	for i, r := range v.list.rows {
		if i >= len(v.events) {
			r.set(nil, rowLook{bg: color.Transparent}, v.look.size)
			continue
		}
		r.set(eventTexts(v.events[i]), v.eventLook(v.events[i]), v.look.size)
	}
	empty := ""
	if len(v.events) == 0 && !v.running {
		empty = "No events in this range"
	}
	if v.list.empty.Text != empty {
		v.list.empty.Text = empty
		v.list.empty.Refresh()
	}
	v.pager.show(fmt.Sprintf("Page %d", v.page+1), v.page > 0, v.more, v.look)
}

// eventTexts are an event's cells: its comment, when it has one, follows
// the message.
func eventTexts(e alarms.Event) []string {
	text := e.Status.Message
	if e.Comment != "" {
		text += " — " + e.Comment
	}
	return []string{e.Time.Format("01-02 15:04:05"), priorityText(e.Status.Priority), e.Status.Name,
		string(e.Action), e.To, e.User, text}
}

// eventLook draws an event with its priority's chip; events that leave an
// alarm shelved, suppressed or out of service are muted.
func (v *alarmHistory) eventLook(e alarms.Event) rowLook {
	l := v.look
	pc := l.priority(e.Status.Priority)
	look := rowLook{bg: color.Transparent, text: l.text, chipFill: pc, chipStroke: pc, chipText: onColor(pc)}
	if overlaid(e.Status) {
		look.text = l.muted
		look.chipFill, look.chipStroke, look.chipText = l.shelved, l.shelved, onColor(l.shelved)
	}
	return look
}
