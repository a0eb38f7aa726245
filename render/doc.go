// Package render turns a gopage screen into one Fyne scene graph and patches
// it in place as bound values change.
//
// [Build] walks a [gopage.Screen] and creates, for every node, a Fyne object:
// layouts become containers with gohmi's own layouts (design-canvas scaling,
// absolute placement, spaced stacks), process graphics come from
// render/symbol, controls are Fyne widgets. Each node's object is wrapped in a
// [Widget] whose Set and SetStatus methods are what the binder in package hmi
// calls, on the UI goroutine, when an expression bound to a property changes
// value or quality. Render knows nothing of tags or protocols: it is handed
// plain values (bool, int64, float64, string) and a [symbol.Status].
//
// The alarm widgets (alarm-banner, alarm-summary, alarm-history) are not
// bound to expressions: they read and act through the [alarms.Board] and
// [alarms.History] handed in as [Options].Alarms ([AlarmOptions]). The
// runtime calls [Scene.AlarmsChanged] on the UI goroutine when the board's
// Version moves; the widgets then read the statuses once per version and
// repaint only the rows that changed. A page holds as many rows as fit the
// widget, so 1,000 alarms never make 1,000 rows. The journal, which may be
// slow, is only read inside AlarmOptions.Async's work, off the UI
// goroutine. Rows take their colours from the sheet's --alarm-* custom
// properties, and unacknowledged ones flash with [Scene.Blink].
package render
