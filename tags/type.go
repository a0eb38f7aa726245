package tags

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gohmi/gohmi/internal/suggest"
)

// Type is the data type of a tag, which fixes the Go type of its values:
// Bool → bool, Int → int64, Float → float64, String → string.
type Type uint8

const (
	Float  Type = iota // float64; the zero Type, as most process values are analog
	Int                // int64
	Bool               // bool
	String             // string
)

// String returns "float", "int", "bool" or "string".
func (t Type) String() string {
	switch t {
	case Float:
		return "float"
	case Int:
		return "int"
	case Bool:
		return "bool"
	case String:
		return "string"
	}
	return "Type(" + strconv.Itoa(int(t)) + ")"
}

// typeNames maps every accepted spelling to its Type. The aliases are the
// PLC and OPC UA names engineers copy from device documentation.
var typeNames = map[string]Type{
	"bool": Bool, "boolean": Bool,
	"int": Int, "int8": Int, "int16": Int, "int32": Int, "int64": Int,
	"uint8": Int, "uint16": Int, "uint32": Int, "uint64": Int,
	"float": Float, "float32": Float, "float64": Float, "double": Float, "real": Float,
	"string": String,
}

// ParseType parses a type name: bool, int, float or string, or one of the
// aliases int8…int64, uint8…uint64 (Int), float32, float64, double, real
// (Float) and boolean (Bool). Case does not matter.
func ParseType(s string) (Type, error) {
	if t, ok := typeNames[strings.ToLower(s)]; ok {
		return t, nil
	}
	return 0, fmt.Errorf("unknown type %q%s", s,
		suggest.DidYouMean(s, []string{"bool", "int", "float", "string"}))
}

// valid reports whether t is one of the four defined types.
func (t Type) valid() bool { return t <= String }

// Zero returns the zero value of t's Go representation.
func (t Type) Zero() any {
	switch t {
	case Int:
		return int64(0)
	case Bool:
		return false
	case String:
		return ""
	}
	return float64(0)
}

// Convert converts a value from an operator or a driver — bool, any Go
// integer or float type, string or json.Number — to t's Go representation.
// Strings are parsed ("12.5", "true", "on"); numbers convert to bool as
// non-zero; floats convert to Int only when they are whole numbers in range.
// Errors read like `cannot convert "abc" to float`.
func (t Type) Convert(v any) (any, error) {
	if n, ok := v.(json.Number); ok {
		v = string(n)
	}
	var (
		out any
		ok  bool
	)
	switch t {
	case Float:
		out, ok = convFloat(v)
	case Int:
		out, ok = convInt(v)
	case Bool:
		out, ok = convBool(v)
	case String:
		out, ok = convString(v)
	default:
		return nil, fmt.Errorf("cannot convert to invalid %s", t)
	}
	if !ok {
		return nil, convError(v, t)
	}
	return out, nil
}

func convError(v any, t Type) error {
	switch v.(type) {
	case string, nil, bool, float32, float64, int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64:
		return fmt.Errorf("cannot convert %s to %s", formatV(v), t)
	}
	return fmt.Errorf("cannot convert value of type %T to %s", v, t)
}

func convFloat(v any) (any, bool) {
	if s, ok := v.(string); ok {
		f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return f, err == nil
	}
	f, ok := toFloat(v)
	return f, ok
}

func convInt(v any) (any, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int:
		return int64(x), true
	case int8:
		return int64(x), true
	case int16:
		return int64(x), true
	case int32:
		return int64(x), true
	case uint:
		return int64(x), uint64(x) <= math.MaxInt64
	case uint8:
		return int64(x), true
	case uint16:
		return int64(x), true
	case uint32:
		return int64(x), true
	case uint64:
		return int64(x), x <= math.MaxInt64
	case bool:
		if x {
			return int64(1), true
		}
		return int64(0), true
	case float32:
		return floatToInt(float64(x))
	case float64:
		return floatToInt(x)
	case string:
		s := strings.TrimSpace(x)
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return i, true
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return floatToInt(f)
		}
	}
	return nil, false
}

// floatToInt accepts only whole numbers that fit in an int64: silently
// truncating 2.5 to 2 on a write to a PLC is worse than refusing it.
func floatToInt(f float64) (any, bool) {
	if f != math.Trunc(f) || f < math.MinInt64 || f >= math.MaxInt64 {
		return nil, false
	}
	return int64(f), true
}

func convBool(v any) (any, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "1", "on", "yes", "t":
			return true, true
		case "false", "0", "off", "no", "f":
			return false, true
		}
		return nil, false
	}
	f, ok := toFloat(v)
	if !ok || f != f {
		return nil, false
	}
	return f != 0, true
}

func convString(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32), true
	}
	if _, ok := toFloat(v); ok {
		return fmt.Sprint(v), true
	}
	return nil, false
}
