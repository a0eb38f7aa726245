package gopage

import (
	"slices"
	"sort"
)

// WidgetSpec describes one widget type of the catalog.
type WidgetSpec struct {
	Type      string
	Doc       string
	Container bool       // has `children`
	Props     []PropSpec // the widget's own properties, then the common ones (x, y, w, h, visible, enabled, tooltip)
}

// PropSpec describes one property of a widget.
type PropSpec struct {
	Name     string
	Kind     Kind
	Enum     []string // allowed values of a KindEnum
	Required bool
	Doc      string
}

// Prop returns the spec of the property called name.
func (w WidgetSpec) Prop(name string) (PropSpec, bool) {
	for _, p := range w.Props {
		if p.Name == name {
			return p, true
		}
	}
	return PropSpec{}, false
}

// Widgets returns the catalog, sorted by type. The result is a copy the
// caller may change.
func Widgets() []WidgetSpec {
	out := make([]WidgetSpec, len(widgetTable))
	for i, w := range widgetTable {
		out[i] = cloneSpec(w)
	}
	return out
}

// LookupWidget returns the spec of a widget type.
func LookupWidget(typ string) (WidgetSpec, bool) {
	w := lookupWidget(typ)
	if w == nil {
		return WidgetSpec{}, false
	}
	return cloneSpec(*w), true
}

// lookupWidget returns the table's own spec; callers must not change it.
func lookupWidget(typ string) *WidgetSpec {
	i := sort.Search(len(widgetTable), func(i int) bool { return widgetTable[i].Type >= typ })
	if i < len(widgetTable) && widgetTable[i].Type == typ {
		return &widgetTable[i]
	}
	return nil
}

func cloneSpec(w WidgetSpec) WidgetSpec {
	w.Props = slices.Clone(w.Props)
	for i := range w.Props {
		w.Props[i].Enum = slices.Clone(w.Props[i].Enum)
	}
	return w
}

// widgetTypes returns every widget type, for did-you-mean.
func widgetTypes() []string {
	out := make([]string, len(widgetTable))
	for i, w := range widgetTable {
		out[i] = w.Type
	}
	return out
}

// structuralKeys are the node keys that are not props.
var structuralKeys = [...]string{"type", "id", "class", "style", "children"}

// widgetTable is the catalog, sorted by type. It is never changed after
// package initialisation: [Widgets] and [LookupWidget] hand out copies.
var widgetTable = buildCatalog()

func buildCatalog() []WidgetSpec {
	common := []PropSpec{
		{Name: "x", Kind: KindNumber, Doc: "Left edge in design pixels, used by a canvas parent."},
		{Name: "y", Kind: KindNumber, Doc: "Top edge in design pixels, used by a canvas parent."},
		{Name: "w", Kind: KindNumber, Doc: "Width in design pixels; by default the widget's natural width."},
		{Name: "h", Kind: KindNumber, Doc: "Height in design pixels; by default the widget's natural height."},
		{Name: "visible", Kind: KindExpr, Doc: "Expression: the widget is shown while it is true."},
		{Name: "enabled", Kind: KindExpr, Doc: "Expression: the widget accepts input while it is true."},
		{Name: "tooltip", Kind: KindText, Doc: "Text shown on hover or long press; {expr} is interpolated."},
	}
	num := func(name, doc string) PropSpec { return PropSpec{Name: name, Kind: KindNumber, Doc: doc} }
	str := func(name, doc string) PropSpec { return PropSpec{Name: name, Kind: KindString, Doc: doc} }
	integer := func(name, doc string) PropSpec { return PropSpec{Name: name, Kind: KindInt, Doc: doc} }
	expr := func(name, doc string) PropSpec { return PropSpec{Name: name, Kind: KindExpr, Doc: doc} }
	color := func(name, doc string) PropSpec { return PropSpec{Name: name, Kind: KindColor, Doc: doc} }
	enum := func(name, doc string, vals ...string) PropSpec {
		return PropSpec{Name: name, Kind: KindEnum, Enum: vals, Doc: doc}
	}
	req := func(p PropSpec) PropSpec { p.Required = true; return p }

	spacing := num("spacing", "Gap between children in design pixels.")
	padding := num("padding", "Space inside the border in design pixels.")
	align := enum("align", "How children are aligned across the main axis.", "start", "center", "end", "stretch")
	textAlign := enum("align", "Horizontal alignment of the text.", "left", "center", "right")
	value := req(expr("value", "Expression giving the displayed value."))
	minP, maxP := num("min", "Value shown as empty."), num("max", "Value shown as full.")
	unit, label := str("unit", "Engineering unit shown after the value, e.g. \"m³\"."), str("label", "Caption shown with the widget.")
	decimals := integer("decimals", "Digits after the decimal point.")
	size := num("size", "Text size in design pixels.")
	fault := expr("fault", "Expression: the device is in fault while it is true.")
	points := PropSpec{Name: "points", Kind: KindPoints, Required: true, Doc: "Corner points as [x, y] pairs in design pixels, at least two."}

	ws := []WidgetSpec{
		{Type: "column", Container: true, Doc: "Stacks its children top to bottom.", Props: []PropSpec{spacing, padding, align}},
		{Type: "row", Container: true, Doc: "Places its children left to right.", Props: []PropSpec{spacing, padding, align}},
		{Type: "grid", Container: true, Doc: "Places its children in a grid, filling rows left to right.", Props: []PropSpec{
			req(integer("columns", "Number of columns, at least 1.")), spacing, padding}},
		{Type: "canvas", Container: true, Doc: "Places its children at absolute positions given by their x, y, w and h: process graphics."},
		{Type: "panel", Container: true, Doc: "A titled group box whose children stack in a column.", Props: []PropSpec{
			{Name: "title", Kind: KindText, Doc: "Title shown on the frame; {expr} is interpolated."}, padding}},

		{Type: "label", Doc: "Static or interpolated text.", Props: []PropSpec{
			{Name: "text", Kind: KindText, Required: true, Doc: "The text; {expr} is replaced by the expression's value, {{ and }} are literal braces."},
			textAlign, size, {Name: "bold", Kind: KindBool, Doc: "Bold text."}}},
		{Type: "value", Doc: "A live value with optional unit and caption.", Props: []PropSpec{
			value, str("format", "printf-style format, e.g. \"%.1f\"; overrides decimals."), decimals, unit, label, textAlign, size}},
		{Type: "lamp", Doc: "An indicator lamp, on while its value is true.", Props: []PropSpec{
			value, label, color("on_color", "Colour while on."), color("off_color", "Colour while off.")}},
		{Type: "bar", Doc: "A bar graph of a value between min and max.", Props: []PropSpec{
			value, minP, maxP, enum("orientation", "Direction the bar grows.", "vertical", "horizontal"), unit, label, decimals}},
		{Type: "tank", Doc: "A tank whose fill level shows a value between min and max.", Props: []PropSpec{
			value, minP, maxP, unit, label, decimals}},
		{Type: "gauge", Doc: "A round dial showing a value between min and max.", Props: []PropSpec{
			value, minP, maxP, unit, label, decimals}},
		{Type: "pump", Doc: "A pump symbol showing running and fault state.", Props: []PropSpec{
			req(expr("running", "Expression: the pump runs while it is true.")), fault, label}},
		{Type: "valve", Doc: "A valve symbol showing open and fault state.", Props: []PropSpec{
			req(expr("open", "Expression: the valve is open while it is true.")), fault, label,
			enum("orientation", "Direction of the pipe through the valve.", "horizontal", "vertical")}},
		{Type: "rect", Doc: "A rectangle.", Props: []PropSpec{
			color("fill", "Fill colour."), color("stroke", "Border colour."),
			num("stroke_width", "Border width in design pixels."), num("radius", "Corner radius in design pixels.")}},
		{Type: "line", Doc: "A polyline.", Props: []PropSpec{
			points, color("stroke", "Line colour."), num("width", "Line width in design pixels.")}},
		{Type: "pipe", Doc: "A process pipe along points, animated while flow is true.", Props: []PropSpec{
			points, expr("flow", "Expression: medium flows while it is true."), num("width", "Pipe width in design pixels.")}},
		{Type: "image", Doc: "A picture from the project directory.", Props: []PropSpec{
			{Name: "src", Kind: KindPath, Required: true, Doc: "Image file relative to the project: .png, .svg or .jpg."},
			enum("fill", "How the image fills its box.", "contain", "stretch", "original")}},

		{Type: "button", Doc: "A push button that runs an action.", Props: []PropSpec{
			{Name: "text", Kind: KindText, Required: true, Doc: "Button caption; {expr} is interpolated."},
			{Name: "on_press", Kind: KindAction, Required: true, Doc: "What pressing does: {write: {tag, value}} and/or {navigate: screen}, or {login: true|pin}, {logout: true}; optional confirm and role."}}},
		{Type: "toggle", Doc: "A switch that writes a boolean tag.", Props: []PropSpec{
			{Name: "tag", Kind: KindTag, Required: true, Doc: "Tag written when switched."},
			str("text", "Caption."), expr("value", "Expression for the shown state; defaults to the tag."),
			str("confirm", "When set, ask this question before switching.")}},
		{Type: "entry", Doc: "A numeric input that writes a tag.", Props: []PropSpec{
			{Name: "tag", Kind: KindTag, Required: true, Doc: "Tag written on enter."},
			num("min", "Smallest value accepted."), num("max", "Largest value accepted."), decimals, unit, label}},
		{Type: "navbar", Doc: "Buttons that switch screens.", Props: []PropSpec{
			{Name: "items", Kind: KindNavItems, Doc: "Entries as {screen, text}; empty or absent means every screen."}}},
	}
	ws = append(ws, alarmWidgets()...)
	ws = append(ws, trendWidgets()...)
	for i := range ws {
		ws[i].Props = append(ws[i].Props, common...)
	}
	sort.Slice(ws, func(i, j int) bool { return ws[i].Type < ws[j].Type })
	return ws
}
