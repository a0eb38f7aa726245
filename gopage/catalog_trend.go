package gopage

// trendWidgets are the catalog's trend widgets: they read the runtime's
// historian (a trends.Source), not bound expressions.
func trendWidgets() []WidgetSpec {
	return []WidgetSpec{
		{Type: "trend", Doc: "A trend chart of tags over time: one line per pen, live (scrolling with now) or in history. " +
			"Dragging moves back into history (a Live button returns), the mouse wheel and the + and − buttons zoom the time axis, " +
			"preset buttons set the span, a tap shows a cursor with every pen's value at that time, Export writes the shown range as CSV " +
			"into the runtime's data directory. Pen colours default to the sheet's --pen-1 … --pen-8.",
			Props: []PropSpec{
				{Name: "pens", Kind: KindPens, Required: true,
					Doc: "The lines, 1 to 8: {tag, label, color, width, axis}; axis is left (shared, the default), right (shared, on the right) or own (scaled on its own)."},
				{Name: "span", Kind: KindDuration, Doc: "Time shown, e.g. 10m (the default), 1h, 7d."},
				{Name: "min", Kind: KindNumber, Doc: "Bottom of the left axis; absent: from the data."},
				{Name: "max", Kind: KindNumber, Doc: "Top of the left axis; absent: from the data."},
				{Name: "legend", Kind: KindBool, Doc: "Show the legend with the current values (default true)."},
				{Name: "presets", Kind: KindDurationList, Doc: "Span buttons, e.g. [1m, 10m, 1h, 8h, 24h] (the default); [] shows none."},
			}},
	}
}
