package style

import (
	"maps"
	"strconv"
	"strings"
	"time"
)

// Unit is the unit of a [Length].
type Unit uint8

const (
	Px      Unit = iota // design pixels
	Percent             // of the widget's own size (or, for font-size, the inherited size); render resolves it
)

func (u Unit) String() string {
	if u == Percent {
		return "%"
	}
	return "px"
}

// Length is a computed length. Set is false when no rule styled it.
type Length struct {
	Value float32
	Unit  Unit
	Set   bool
}

// String returns "12px", "50%" or "" when unset.
func (l Length) String() string {
	if !l.Set {
		return ""
	}
	return formatFloat(l.Value) + l.Unit.String()
}

// Computed is the style of one element after the cascade: every typed
// property and the custom properties. A zero or unset field means "not
// styled: the widget's default". A Computed handed out by a [Manager] is
// never changed afterwards (a recompute makes a new one), so callers may keep
// it; they must not change it, Vars included.
type Computed struct {
	Color, Background, BorderColor, Fill, Stroke Color
	BorderWidth, BorderRadius, FontSize, Padding Length
	FontWeight                                   int    // 100..900; 0 when unset
	FontFamily                                   string // "sans", "mono" or ""
	TextAlign                                    string // "left", "center", "right" or ""
	Opacity                                      float32
	Hidden                                       bool // visibility: hidden (inherited)
	DisplayNone                                  bool // display: none
	Blink                                        time.Duration
	// Vars holds the resolved custom properties, inherited, keyed by their
	// name with the leading "--". Elements that declare none share their
	// parent's map.
	Vars map[string]string
}

// initial is the style of an element that no rule styles.
var initial = Computed{Opacity: 1}

// Get returns the canonical text of one property: a typed property by name
// ("fill" → "#ff0000", "border-width" → "2px"), or a custom property
// ("--accent"). Unset properties give "", except opacity ("1") and
// visibility ("visible" or "hidden"). Unknown names give "".
func (c *Computed) Get(property string) string {
	if isCustom(property) {
		return c.Vars[property]
	}
	id, ok := lookupProp(strings.ToLower(property))
	if !ok {
		return ""
	}
	return c.get(id)
}

func (c *Computed) get(id propID) string {
	switch id {
	case pColor:
		return c.Color.String()
	case pBackground:
		return c.Background.String()
	case pBorderColor:
		return c.BorderColor.String()
	case pFill:
		return c.Fill.String()
	case pStroke:
		return c.Stroke.String()
	case pBorderWidth:
		return c.BorderWidth.String()
	case pBorderRadius:
		return c.BorderRadius.String()
	case pFontSize:
		return c.FontSize.String()
	case pPadding:
		return c.Padding.String()
	case pFontWeight:
		if c.FontWeight == 0 {
			return ""
		}
		return strconv.Itoa(c.FontWeight)
	case pFontFamily:
		return c.FontFamily
	case pTextAlign:
		return c.TextAlign
	case pOpacity:
		return formatFloat(c.Opacity)
	case pVisibility:
		if c.Hidden {
			return "hidden"
		}
		return "visible"
	case pDisplay:
		if c.DisplayNone {
			return "none"
		}
		return ""
	case pBlink:
		return formatDuration(c.Blink)
	}
	return ""
}

// set stores a parsed value of property id.
func (c *Computed) set(id propID, v value) {
	switch id {
	case pColor:
		c.Color = v.c
	case pBackground:
		c.Background = v.c
	case pBorderColor:
		c.BorderColor = v.c
	case pFill:
		c.Fill = v.c
	case pStroke:
		c.Stroke = v.c
	case pBorderWidth:
		c.BorderWidth = v.l
	case pBorderRadius:
		c.BorderRadius = v.l
	case pFontSize:
		c.FontSize = v.l
	case pPadding:
		c.Padding = v.l
	case pFontWeight:
		c.FontWeight = v.i
	case pFontFamily:
		c.FontFamily = v.s
	case pTextAlign:
		c.TextAlign = v.s
	case pOpacity:
		c.Opacity = v.f
	case pVisibility:
		c.Hidden = v.s == "hidden"
	case pDisplay:
		c.DisplayNone = v.s == "none"
	case pBlink:
		c.Blink = v.d
	}
}

// copyProp copies property id from src.
func (c *Computed) copyProp(id propID, src *Computed) {
	switch id {
	case pColor:
		c.Color = src.Color
	case pBackground:
		c.Background = src.Background
	case pBorderColor:
		c.BorderColor = src.BorderColor
	case pFill:
		c.Fill = src.Fill
	case pStroke:
		c.Stroke = src.Stroke
	case pBorderWidth:
		c.BorderWidth = src.BorderWidth
	case pBorderRadius:
		c.BorderRadius = src.BorderRadius
	case pFontSize:
		c.FontSize = src.FontSize
	case pPadding:
		c.Padding = src.Padding
	case pFontWeight:
		c.FontWeight = src.FontWeight
	case pFontFamily:
		c.FontFamily = src.FontFamily
	case pTextAlign:
		c.TextAlign = src.TextAlign
	case pOpacity:
		c.Opacity = src.Opacity
	case pVisibility:
		c.Hidden = src.Hidden
	case pDisplay:
		c.DisplayNone = src.DisplayNone
	case pBlink:
		c.Blink = src.Blink
	}
}

// eq reports whether c and o hold the same value of property id; it is the
// allocation-free fast path of comparing [Computed.get].
func (c *Computed) eq(o *Computed, id propID) bool {
	var a, b Computed
	a.copyProp(id, c)
	b.copyProp(id, o)
	a.Vars, b.Vars = nil, nil
	return a.typedEqual(&b)
}

func (c *Computed) typedEqual(o *Computed) bool {
	return c.Color == o.Color && c.Background == o.Background && c.BorderColor == o.BorderColor &&
		c.Fill == o.Fill && c.Stroke == o.Stroke && c.BorderWidth == o.BorderWidth &&
		c.BorderRadius == o.BorderRadius && c.FontSize == o.FontSize && c.Padding == o.Padding &&
		c.FontWeight == o.FontWeight && c.FontFamily == o.FontFamily && c.TextAlign == o.TextAlign &&
		c.Opacity == o.Opacity && c.Hidden == o.Hidden && c.DisplayNone == o.DisplayNone && c.Blink == o.Blink
}

// inheritedEqual reports whether c and o pass the same values to children.
func (c *Computed) inheritedEqual(o *Computed) bool {
	return c.Color == o.Color && c.FontSize == o.FontSize && c.FontWeight == o.FontWeight &&
		c.FontFamily == o.FontFamily && c.TextAlign == o.TextAlign && c.Hidden == o.Hidden &&
		sameVars(c.Vars, o.Vars)
}

func sameVars(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	return maps.Equal(a, b)
}

// diff appends a patch for every typed property whose value differs.
// Custom properties make no patches: they matter only through the typed
// properties that use them, which are compared here.
func diff(patches []Patch, e Element, old, cur *Computed) []Patch {
	if old == nil {
		old = &initial
	}
	if old.typedEqual(cur) {
		return patches
	}
	for id := range numProps {
		if old.eq(cur, id) {
			continue
		}
		if a, b := old.get(id), cur.get(id); a != b {
			patches = append(patches, Patch{Element: e, Property: props[id].name, Old: a, New: b})
		}
	}
	return patches
}

func formatFloat(f float32) string { return strconv.FormatFloat(float64(f), 'g', -1, 32) }

// formatDuration returns "1s", "1.5s", "500ms", or "" for zero.
func formatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return ""
	case d >= time.Second:
		return strconv.FormatFloat(d.Seconds(), 'g', -1, 64) + "s"
	}
	return strconv.FormatFloat(float64(d)/1e6, 'g', -1, 64) + "ms"
}
