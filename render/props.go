package render

import (
	"fmt"
	"image/color"
	"strconv"

	"github.com/gohmi/gohmi/gopage"
	"github.com/gohmi/gohmi/tags"
)

// Static property lookups with defaults. The parser has checked kinds, so a
// missing or mistyped property simply falls back to the default.

func num(n *gopage.Node, name string, def float64) float64 {
	if p := n.Props[name]; p != nil && (p.Kind == gopage.KindNumber || p.Kind == gopage.KindInt) {
		return p.Num
	}
	return def
}

func str(n *gopage.Node, name, def string) string {
	if p := n.Props[name]; p != nil && p.Str != "" {
		return p.Str
	}
	return def
}

func boolean(n *gopage.Node, name string) bool {
	p := n.Props[name]
	return p != nil && p.Bool
}

func colorOf(n *gopage.Node, name string, def color.Color) color.Color {
	if p := n.Props[name]; p != nil {
		if c, err := gopage.ParseColor(p.Str); err == nil {
			return c
		}
	}
	return def
}

// bound reports whether a property holds an expression the binder feeds.
func bound(n *gopage.Node, name string) bool {
	p := n.Props[name]
	if p == nil || p.Kind != gopage.KindExpr && p.Kind != gopage.KindText {
		return false
	}
	if p.Kind == gopage.KindText {
		parts, err := gopage.SplitText(p.Str)
		return err == nil && (len(parts) > 1 || len(parts) == 1 && parts[0].Expr != "")
	}
	return true
}

// truthy is the one rule of what counts as true ([tags.Truthy]).
func truthy(v any) bool { return tags.Truthy(v) }

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

// formatValue renders a value for an operator: printf layout if given,
// else the value rules' [tags.Format] with a fixed number of decimals.
func formatValue(v any, layout string, decimals int) string {
	if layout != "" {
		return fmt.Sprintf(layout, v)
	}
	return tags.Format(v, decimals)
}

func toText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return formatValue(v, "", -1)
}
