package render

import "fyne.io/fyne/v2"

// AlarmActions are the alarm actions the panel's user may take: the
// runtime sets them (package hmi) after each login, logout and reload of
// the users, and refuses the others at the runtime as well.
type AlarmActions struct {
	Ack, Shelve, OutOfService bool
}

// SetAlarmPermission disables the buttons of an alarm summary (the widget
// must be one; others keep it for when they become one) whose action may
// does not allow: Ack selected and Ack page without Ack; the shelve
// duration, Shelve and Unshelve without Shelve; Out of service without
// OutOfService. The widget as a whole is :disabled (and :locked) through
// [Widget.SetPermission] when none of its actions is allowed; viewing,
// filtering and paging stay.
func (w *Widget) SetAlarmPermission(may AlarmActions) {
	w.alarmMay = &may
	if v, ok := w.alarm.(*alarmSummary); ok {
		v.permit(may)
	}
}

// AlarmPermission returns what SetAlarmPermission set; every action when
// it was never called.
func (w *Widget) AlarmPermission() AlarmActions {
	if w.alarmMay == nil {
		return AlarmActions{Ack: true, Shelve: true, OutOfService: true}
	}
	return *w.alarmMay
}

// permit enables the summary's action controls that may allows.
func (v *alarmSummary) permit(may AlarmActions) {
	able(v.ackSel, may.Ack)
	able(v.ackPage, may.Ack)
	able(v.shelveSel, may.Shelve)
	able(v.shelveBtn, may.Shelve)
	able(v.unshelveBtn, may.Shelve)
	if v.oos != nil {
		able(v.oos, may.OutOfService)
	}
}

// able enables or disables d, refreshing it only when that changes it.
func able(d fyne.Disableable, on bool) {
	switch {
	case on && d.Disabled():
		d.Enable()
	case !on && !d.Disabled():
		d.Disable()
	}
}
