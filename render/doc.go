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
//
// The trend widget (trend) draws the [trends.Series] a [trends.Source]
// (the historian, in [Options].Trends: [TrendOptions]) answers for its pens,
// one M4 column per pixel, with plain Go into an image it owns: only the
// chart's raster and labels are refreshed, never the scene. While
// [Scene.HasTrends], the runtime calls [Scene.TrendTick] on the UI
// goroutine about 10 times a second; a live trend then asks for
// [now-span, now) through TrendOptions.Async, off the UI goroutine. A drag
// moves into history, the wheel and the − and + buttons zoom the time axis,
// presets set the span, a tap sets a cursor, Export writes CSV. Pens take
// the sheet's --pen-1 … --pen-8 unless they name a colour.
package render
