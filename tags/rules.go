package tags

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The value rules: when two values are the same, when a value counts as
// true, and how a value reads on a screen. The database (is an update a
// change?), the binder (did a binding's result change? is a bound class
// on?) and render (is a lamp lit? what does a display show?) all use these,
// so a value means the same thing everywhere. rules_test.go pins the answers.

// Equal reports whether a and b are the same value, so that storing b over
// a is no change. It never panics:
//   - NaN equals NaN (a NaN that stays NaN is not a change);
//   - values of different types differ, int64(1) and float64(1) included:
//     a change of type can change how the value is drawn ("1" and "1.0");
//   - nil equals only nil;
//   - values of types that cannot be compared (slices, maps, functions)
//     always differ.
func Equal(a, b any) bool {
	switch x := a.(type) {
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || (x != x && y != y))
	case int64:
		y, ok := b.(int64)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case string:
		y, ok := b.(string)
		return ok && x == y
	case nil:
		return b == nil
	}
	return equalAny(a, b)
}

// equalAny compares values of other types with ==, which panics when the
// dynamic type is not comparable; such values are always different.
func equalAny(a, b any) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

// Truthy reports whether v counts as true where a condition is expected
// (a bound class, a lamp, visible, a toggle's state):
//   - bool: itself;
//   - numbers: not zero and not NaN (an unknown number is not "on");
//   - strings: false when empty or, ignoring case and surrounding space,
//     "0", "false", "off" or "no"; any other text is true;
//   - nil and everything else: false.
func Truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "", "0", "false", "off", "no":
			return false
		}
		return true
	}
	if f, ok := toFloat(v); ok {
		return f != 0 && !math.IsNaN(f)
	}
	return false
}

// Format renders v for an operator.
//   - With decimals >= 0, numbers get exactly that many decimals, an int64
//     too (a display with decimals: 1 shows 3 as "3.0"), correctly rounded
//     as strconv and the tank, bar and gauge symbols do: the binary value
//     decides, exact ties go to even (62.25 → "62.2"); "-0.0" reads "0.0".
//   - With decimals < 0, as many as needed up to two, half away from zero
//     (62.5, 3, 0.33), with no exponent below 1e15.
//   - Booleans read ON and OFF, nil (no value) reads "—", strings are
//     shown as they are; NaN and ±Inf read "NaN", "+Inf", "-Inf".
func Format(v any, decimals int) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	case bool:
		if x {
			return "ON"
		}
		return "OFF"
	case int64:
		if decimals > 0 {
			return strconv.FormatFloat(float64(x), 'f', decimals, 64)
		}
		return strconv.FormatInt(x, 10)
	case float64:
		return formatFloat(x, decimals)
	}
	if f, ok := toFloat(v); ok {
		return formatFloat(f, decimals)
	}
	return fmt.Sprint(v)
}

func formatFloat(f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64) // NaN, +Inf, -Inf
	}
	if decimals >= 0 {
		return trimNegativeZero(strconv.FormatFloat(f, 'f', min(decimals, 15), 64))
	}
	r := math.Round(f*100) / 100
	if math.IsInf(r, 0) { // |f| near MaxFloat64
		r = f
	}
	if r == 0 {
		r = 0 // no "-0"
	}
	if math.Abs(r) >= 1e15 {
		return strconv.FormatFloat(r, 'g', -1, 64) // not 300 digits
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// trimNegativeZero turns "-0.0" (a small negative value rounded away) into
// "0.0": a minus sign on zero reads like a sensor fault.
func trimNegativeZero(s string) string {
	if strings.Trim(s, "-0.") == "" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}
