package style

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Color is a computed colour: non-premultiplied 8-bit RGBA, like
// image/color.NRGBA, plus Set, false when no rule styled it (the widget
// keeps its default). "transparent" and "none" are Set with A == 0.
type Color struct {
	R, G, B, A uint8
	Set        bool
}

// NRGBA returns the colour for image/color and Fyne.
func (c Color) NRGBA() color.NRGBA { return color.NRGBA{c.R, c.G, c.B, c.A} }

// String returns "#rrggbb", "#rrggbbaa" when not opaque, or "" when unset.
func (c Color) String() string {
	if !c.Set {
		return ""
	}
	if c.A == 255 {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("#%02x%02x%02x%02x", c.R, c.G, c.B, c.A)
}

func rgb(v uint32) Color {
	return Color{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255, Set: true}
}

// sortedColorNames is every colour keyword, for did-you-mean.
var sortedColorNames = func() []string {
	out := []string{"none", "transparent"}
	for n := range colorNames {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}()

// parseColorValue parses a colour from tokens without white space.
func parseColorValue(ts []token) (value, *valueError) {
	t := ts[0]
	n := 1
	var c Color
	var e *valueError
	switch t.kind {
	case tHash:
		c, e = parseHex(t)
	case tIdent:
		name := strings.ToLower(t.text)
		if v, ok := colorNames[name]; ok {
			c = rgb(v)
		} else if name == "transparent" || name == "none" {
			c = Color{Set: true}
		} else {
			e = verr(t, "expected a colour, got %s%s", t.describe(), didYouMean(name, sortedColorNames))
		}
	case tFunction:
		j := closeParen(ts, 0)
		if j < 0 {
			return value{}, verr(t, `%s has no matching ")"`, t.describe())
		}
		c, e = parseColorFunc(t, ts[1:j])
		n = j + 1
	default:
		e = verr(t, "expected a colour, got %s", t.describe())
	}
	if e == nil && n < len(ts) {
		e = verr(ts[n], "unexpected %s after the colour", ts[n].describe())
	}
	return value{c: c}, e
}

func parseHex(t token) (Color, *valueError) {
	h := t.text[1:]
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil || len(h) != 3 && len(h) != 4 && len(h) != 6 && len(h) != 8 {
		return Color{}, verr(t, "bad colour %s: want #rgb, #rgba, #rrggbb or #rrggbbaa", t.describe())
	}
	c := Color{A: 255, Set: true}
	switch len(h) {
	case 3, 4:
		x := make([]uint8, len(h))
		for i := range x {
			d := uint8(v >> (4 * (len(h) - 1 - i)) & 0xf)
			x[i] = d<<4 | d
		}
		c.R, c.G, c.B = x[0], x[1], x[2]
		if len(h) == 4 {
			c.A = x[3]
		}
	case 6:
		c = rgb(uint32(v))
	case 8:
		c = rgb(uint32(v >> 8))
		c.A = uint8(v)
	}
	return c, nil
}

// parseColorFunc parses the arguments of rgb(), rgba(), hsl() and hsla(),
// in the comma form (rgb(1, 2, 3)) or the space form (rgb(1 2 3 / 50%)).
// Out-of-range components are clamped, as in CSS.
func parseColorFunc(fn token, args []token) (Color, *valueError) {
	name := strings.ToLower(fn.text)
	if name != "rgb" && name != "rgba" && name != "hsl" && name != "hsla" {
		return Color{}, verr(fn, "expected a colour, got %s%s", fn.describe(),
			didYouMean(name, []string{"hsl", "hsla", "rgb", "rgba"}))
	}
	var nums []token
	for _, a := range args {
		switch {
		case a.kind == tComma || a.kind == tDelim && a.text == "/":
		case a.kind == tNumber || a.kind == tPercentage || a.kind == tDimension && name[0] == 'h' && len(nums) == 0:
			nums = append(nums, a)
		default:
			return Color{}, verr(a, "unexpected %s in %s()", a.describe(), name)
		}
	}
	if len(nums) != 3 && len(nums) != 4 {
		return Color{}, verr(fn, "%s() needs 3 or 4 numbers, got %d", name, len(nums))
	}
	alpha := 1.0
	if len(nums) == 4 {
		alpha = fraction(nums[3])
	}
	a := uint8(math.Round(clamp(alpha, 0, 1) * 255))
	if name[0] == 'r' {
		ch := func(t token) uint8 {
			v := t.num
			if t.kind == tPercentage {
				v = v * 255 / 100
			}
			return uint8(math.Round(clamp(v, 0, 255)))
		}
		return Color{ch(nums[0]), ch(nums[1]), ch(nums[2]), a, true}, nil
	}
	h, e := hue(nums[0])
	if e != nil {
		return Color{}, e
	}
	c := hslToRGB(h, clamp(percent(nums[1]), 0, 1), clamp(percent(nums[2]), 0, 1))
	c.A = a
	return c, nil
}

// fraction reads an alpha: 0.5 or 50%.
func fraction(t token) float64 {
	if t.kind == tPercentage {
		return t.num / 100
	}
	return t.num
}

// percent reads saturation or lightness: 50% or, in the space form, 50.
func percent(t token) float64 { return t.num / 100 }

// hue returns degrees from a number or a deg, rad, grad or turn dimension.
func hue(t token) (float64, *valueError) {
	switch {
	case t.kind == tNumber, t.kind == tDimension && t.unit == "deg":
		return t.num, nil
	case t.kind == tDimension && t.unit == "rad":
		return t.num * 180 / math.Pi, nil
	case t.kind == tDimension && t.unit == "grad":
		return t.num * 0.9, nil
	case t.kind == tDimension && t.unit == "turn":
		return t.num * 360, nil
	}
	return 0, verr(t, "expected a hue angle, got %s", t.describe())
}

// hslToRGB converts as CSS Color 4 does.
func hslToRGB(h, s, l float64) Color {
	h = math.Mod(h, 360)
	if h < 0 {
		h += 360
	}
	f := func(n float64) uint8 {
		k := math.Mod(n+h/30, 12)
		a := s * min(l, 1-l)
		v := l - a*max(-1, min(k-3, 9-k, 1))
		return uint8(math.Round(clamp(v, 0, 1) * 255))
	}
	return Color{f(0), f(8), f(4), 255, true}
}

func clamp(v, lo, hi float64) float64 { return max(lo, min(v, hi)) }
