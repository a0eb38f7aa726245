package render

import "fyne.io/fyne/v2"

// Test hooks of the alarm widgets, for the black-box tests.

// AlarmRows returns the rows an alarm widget shows now (the banner's one
// line, a page's rows) as tap targets and texts.
func AlarmRows(w *Widget) (taps []fyne.Tappable, texts [][]string) {
	var rows []*alarmRow
	switch v := w.alarm.(type) {
	case *alarmBanner:
		rows = []*alarmRow{v.row}
	case *alarmSummary:
		rows = v.list.rows[:min(v.list.n, len(v.page))]
	case *alarmHistory:
		rows = v.list.rows[:min(v.list.n, len(v.events))]
	}
	for _, r := range rows {
		taps = append(taps, r)
		texts = append(texts, append([]string(nil), r.full...))
	}
	return taps, texts
}

// AlarmRepainted counts the rows a summary repainted since it was built.
func AlarmRepainted(w *Widget) int { return w.alarm.(*alarmSummary).repainted }

// AlarmMessage is the line under an alarm widget's buttons.
func AlarmMessage(w *Widget) string {
	switch v := w.alarm.(type) {
	case *alarmSummary:
		return v.msg.t.Text
	case *alarmHistory:
		return v.msg.t.Text
	}
	return ""
}

// AlarmChip returns the fill colour of the priority chip of a widget's i-th row.
func AlarmChip(w *Widget, i int) any {
	taps, _ := AlarmRows(w)
	return taps[i].(*alarmRow).chip.FillColor
}
