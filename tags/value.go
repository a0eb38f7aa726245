package tags

import (
	"fmt"
	"strconv"
	"time"
)

// Quality tells how far a [Value] can be trusted, after OPC UA's status
// code classes. The zero Quality is Good.
type Quality uint8

const (
	// Good means the value is current and came from the device.
	Good Quality = iota
	// Uncertain means a value exists but may be stale or out of range.
	Uncertain
	// Bad means there is no usable value (comm failure, no data yet).
	Bad
)

// String returns "good", "uncertain" or "bad".
func (q Quality) String() string {
	switch q {
	case Good:
		return "good"
	case Uncertain:
		return "uncertain"
	case Bad:
		return "bad"
	}
	return "Quality(" + strconv.Itoa(int(q)) + ")"
}

// Value is the state of a tag at one time.
type Value struct {
	// V is the value in engineering units: bool, int64, float64 or string.
	// It is nil while a tag has never received data.
	V       any
	Quality Quality
	// Reason says why Quality is not Good, e.g. "waiting for initial data"
	// or "comm failure: connection refused". Empty when Good.
	Reason string
	// Time is the source time of V.
	Time time.Time
}

// Float returns a numeric view of v.V: numbers as float64, bools as 0 or 1.
// It returns false for strings and nil.
func (v Value) Float() (float64, bool) {
	return toFloat(v.V)
}

// String formats the value for logs and the CLI: "62.5 (good)",
// "- (bad: waiting for initial data)".
func (v Value) String() string {
	s := formatV(v.V)
	if v.Reason != "" {
		return s + " (" + v.Quality.String() + ": " + v.Reason + ")"
	}
	return s + " (" + v.Quality.String() + ")"
}

// formatV formats a tag value the way error messages and the CLI show it.
func formatV(v any) string {
	switch x := v.(type) {
	case nil:
		return "-"
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'g', -1, 32)
	case string:
		return strconv.Quote(x)
	}
	return fmt.Sprint(v)
}

// toFloat is the numeric view shared by [Value.Float], limits and expressions.
func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case int:
		return float64(x), true
	case int8:
		return float64(x), true
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float32:
		return float64(x), true
	}
	return 0, false
}

// WaitingReason is the Reason of a tag's value before its first one: the
// tag database makes every tag Bad with it, and no value.
const WaitingReason = "waiting for initial data"
