package render

// AlarmState is what the alarms say about the tags a widget shows: the
// pseudo-classes :alarm (an alarm on one of them is active and neither
// shelved, suppressed nor out of service), :alarm-unack (one waits for an
// acknowledgement) and :shelved (one is shelved).
type AlarmState struct {
	Alarm, Unack, Shelved bool
}

// SetAlarmState gives the widget the alarm state of its tags and restyles
// it (and what its style sheet makes depend on it) when that changed. UI
// goroutine.
func (w *Widget) SetAlarmState(a AlarmState) {
	if a == w.tagAlarm {
		return
	}
	w.tagAlarm = a
	if w.scene != nil {
		w.scene.Restyle(w)
	}
}

// AlarmState returns the alarm state last given by [Widget.SetAlarmState].
func (w *Widget) AlarmState() AlarmState { return w.tagAlarm }
