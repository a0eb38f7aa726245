// Package symbol draws process graphics for operator screens: tanks, bar
// graphs, gauges, lamps, pumps, valves and pipes, in the ISA-101
// high-performance style.
//
// The style is deliberately quiet: a grey [Palette], dark fill for "running"
// and "open", hollow for "stopped" and "closed", and colour only for abnormal
// states (alarm red, warning amber). Data quality is always visible: a [Bad]
// value hides its value graphics, reads "BAD" (or "?" where there is no
// room) and turns the outline magenta; an [Uncertain] value is still drawn
// but its text is suffixed " ?" and its outline is amber. An operator must
// never see a stale number that looks good.
//
// Every symbol is a [fyne.Widget] drawn only from Fyne's canvas primitives
// (Rectangle, Line, Circle, Text, Polygon, Arc), so both Fyne's GL painter
// and gohmi's raster backend can paint it. Colours and text sizes come from
// the [Palette], never from the Fyne theme, so a screen looks the same
// whatever theme the application runs.
//
// # Updating
//
// The screen factory creates a symbol per node and calls its setters from
// the UI goroutine (inside fyne.Do) whenever a bound tag changes. Setters are
// cheap and idempotent: an unchanged value does nothing at all; a changed
// value updates the fields of only the canvas objects it affects and
// refreshes only those. The renderer's object list is built once, when the
// widget is constructed, and never rebuilt, so a value change damages a few
// small rectangles and never the whole symbol. Text that changes every tick
// is a single canvas.Text whose Text field is replaced.
//
//	tank := symbol.NewTank()
//	tank.SetRange(0, 100)
//	tank.SetUnit("%")
//	tank.SetLabel("T-101")
//	fyne.Do(func() {
//		tank.SetValue(62.5)
//		tank.SetStatus(symbol.Good, "")
//	})
package symbol
