package style

import (
	"slices"
	"strings"
)

// propID names one typed property; custom properties (--name) have none.
type propID int

const (
	pColor propID = iota
	pBackground
	pBorderColor
	pBorderWidth
	pBorderRadius
	pFontSize
	pFontWeight
	pFontFamily
	pTextAlign
	pPadding
	pOpacity
	pVisibility
	pDisplay
	pFill
	pStroke
	pBlink
	numProps
	pCustom propID = -1
)

// valueKind is the grammar of a property's value.
type valueKind uint8

const (
	kColor      valueKind = iota // #rgb, #rrggbb, #rrggbbaa, rgb(), rgba(), hsl(), hsla(), a name, transparent, none
	kLength                      // 12px, 50%, 0
	kFontWeight                  // normal, bold, 100..900
	kFontFamily                  // "sans", "mono"
	kTextAlign                   // left, center, right
	kOpacity                     // 0..1 or 0%..100%
	kVisibility                  // visible, hidden
	kDisplay                     // none, block, inline, flex
	kDuration                    // 1s, 500ms, 0, none
)

// Widget groups for [propSpec.applies]: the one table that says which
// property may be styled on which widget type. A rule whose subject names a
// widget type (label { fill: red }) is checked against it; a rule without a
// type (.alarm { fill: red }) is not, because any widget may carry the class.
var (
	// containers may carry every inherited property, to pass it down.
	containers = []string{"canvas", "column", "grid", "panel", "row"}
	// textWidgets draw text: their own or a caption (label:).
	textWidgets = []string{"alarm-banner", "alarm-history", "alarm-summary", "bar", "button", "entry", "gauge", "label", "lamp", "navbar", "panel", "pump", "tank", "toggle", "trend", "value", "valve"}
	// shapes are drawn with a fill and a stroke.
	shapes = []string{"bar", "gauge", "lamp", "line", "pipe", "pump", "rect", "tank", "valve"}
	// boxed widgets have a background box with a border.
	boxed = []string{"alarm-banner", "alarm-history", "alarm-summary", "bar", "button", "canvas", "column", "entry", "gauge", "grid", "image", "label", "lamp", "navbar", "panel", "pump", "rect", "row", "tank", "toggle", "trend", "value", "valve"}
	// padded widgets have room between their border and their content.
	padded = []string{"button", "column", "entry", "grid", "label", "navbar", "panel", "row", "value"}
	// textOrContainer may use (or pass on) the inherited text properties.
	textOrContainer = union(textWidgets, containers)
)

// propSpec describes one typed property.
type propSpec struct {
	name      string
	kind      valueKind
	inherited bool     // as in CSS: color, font-*, text-align, visibility
	applies   []string // sorted widget types it applies to; nil: every type
}

// props is indexed by propID.
var props = [numProps]propSpec{
	pColor:        {"color", kColor, true, textOrContainer},
	pBackground:   {"background", kColor, false, boxed},
	pBorderColor:  {"border-color", kColor, false, boxed},
	pBorderWidth:  {"border-width", kLength, false, boxed},
	pBorderRadius: {"border-radius", kLength, false, boxed},
	pFontSize:     {"font-size", kLength, true, textOrContainer},
	pFontWeight:   {"font-weight", kFontWeight, true, textOrContainer},
	pFontFamily:   {"font-family", kFontFamily, true, textOrContainer},
	pTextAlign:    {"text-align", kTextAlign, true, textOrContainer},
	pPadding:      {"padding", kLength, false, padded},
	pOpacity:      {"opacity", kOpacity, false, nil},
	pVisibility:   {"visibility", kVisibility, true, nil},
	pDisplay:      {"display", kDisplay, false, nil},
	pFill:         {"fill", kColor, false, shapes},
	pStroke:       {"stroke", kColor, false, shapes},
	pBlink:        {"blink", kDuration, false, nil},
}

// propNames lists every typed property, sorted, for did-you-mean.
var propNames = func() []string {
	out := make([]string, numProps)
	for i := range props {
		out[i] = props[i].name
	}
	slices.Sort(out)
	return out
}()

// lookupProp returns the id of a typed property (lower-case name), pCustom
// for a custom property, or false.
func lookupProp(name string) (propID, bool) {
	if isCustom(name) {
		return pCustom, true
	}
	for i := range props {
		if props[i].name == name {
			return propID(i), true
		}
	}
	return 0, false
}

func isCustom(name string) bool { return strings.HasPrefix(name, "--") && len(name) > 2 }

// Properties returns the names of the typed properties in their canonical
// order, the order of [Patch]es for one element.
func Properties() []string {
	out := make([]string, numProps)
	for i := range props {
		out[i] = props[i].name
	}
	return out
}

// AppliesTo reports whether property may be styled on widgets of type typ.
// Custom properties apply everywhere; unknown properties and types nowhere.
// hmi uses it to check a widget's inline style: map, whose type
// [ParseInline] does not know.
func AppliesTo(property, typ string) bool {
	id, ok := lookupProp(strings.ToLower(property))
	if !ok {
		return false
	}
	if !isWidgetType(typ) {
		return false
	}
	if id == pCustom || props[id].applies == nil {
		return true
	}
	_, ok = slices.BinarySearch(props[id].applies, typ)
	return ok
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}
