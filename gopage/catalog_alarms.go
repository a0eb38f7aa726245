package gopage

// alarmWidgets are the catalog's alarm widgets: they read the runtime's
// alarm board and journal, not bound expressions.
func alarmWidgets() []WidgetSpec {
	prio := []string{"critical", "high", "medium", "low"}
	area := PropSpec{Name: "area", Kind: KindString, Doc: "Show only alarms of this area; empty shows every area."}
	maxPrio := PropSpec{Name: "max_priority", Kind: KindEnum, Enum: prio,
		Doc: "Show only alarms of this priority or a more important one; absent shows every priority."}
	rowHeight := PropSpec{Name: "row_height", Kind: KindNumber,
		Doc: "Height of one row in design pixels (default 44, a finger's touch target; at least 24); the page holds as many rows as fit."}
	return []WidgetSpec{
		{Type: "alarm-banner", Doc: "One line: the most important unacknowledged alarm (priority, time, message) and the counts " +
			"of unacknowledged and active alarms; it flashes while any is unacknowledged (--alarm-blink). A tap goes to its screen.",
			Props: []PropSpec{
				{Name: "screen", Kind: KindScreen, Doc: "Screen a tap goes to, usually the alarm summary's, e.g. alarms."},
				area, maxPrio}},
		{Type: "alarm-summary", Doc: "The alarms that are not normal: time, priority, area, message, value and state, " +
			"coloured by priority (--alarm-critical … --alarm-low, --alarm-shelved), unacknowledged rows flashing. " +
			"Rows are selected by tapping; buttons acknowledge the selection or the page, shelve (15m, 1h, 8h) and unshelve; " +
			"a comment field appears when an alarm needs one. Sorted and filtered by the props and the controls on top; paged.",
			Props: []PropSpec{
				{Name: "sort", Kind: KindEnum, Enum: []string{"priority", "time"},
					Doc: "Initial order: priority (unacknowledged first, then most important, then newest; the default) or time (newest first)."},
				area, maxPrio, rowHeight,
				{Name: "service", Kind: KindBool,
					Doc: "Show an Out of service button: it takes the selected alarms out of service, or those out of service back. For screens only authorized users reach."}}},
		{Type: "alarm-history", Doc: "The alarm journal: events newest first over a time range (1h, 24h, 7d), filtered by area and alarm name, " +
			"paged; Export writes the page shown as CSV into the runtime's data directory and says where.",
			Props: []PropSpec{
				{Name: "range", Kind: KindEnum, Enum: []string{"1h", "24h", "7d"}, Doc: "Initial time range back from now (default 24h)."},
				area,
				{Name: "alarm", Kind: KindString, Doc: "Show only events of this alarm (its exact name); empty shows every alarm."},
				rowHeight}},
	}
}
