package tags_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/gohmi/gohmi/tags"
)

// The value rules' answers, pinned: the database, the binder and render
// all use them, so changing one changes what every screen shows.

func TestEqual(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		a, b any
		want bool
	}{
		{1.5, 1.5, true},
		{nan, nan, true}, // a NaN that stays NaN is no change
		{nan, 0.0, false},
		{inf, inf, true},
		{inf, math.Inf(-1), false},
		{int64(1), int64(1), true},
		{int64(1), 1.0, false}, // another type can draw differently
		{1.0, int64(1), false},
		{true, true, true},
		{true, int64(1), false},
		{"false", false, false},
		{"0", int64(0), false},
		{"", "", true},
		{"", nil, false},
		{nil, nil, true},
		{nil, 0.0, false},
		{[]any{1}, []any{1}, false}, // uncomparable: always a change, never a panic
		{map[string]any{}, map[string]any{}, false},
		{func() {}, nil, false},
		{struct{ x any }{[]int{1}}, struct{ x any }{[]int{1}}, false},
		{int32(3), int32(3), true},
	} {
		t.Run(fmt.Sprintf("%#v==%#v", c.a, c.b), func(t *testing.T) {
			if got := tags.Equal(c.a, c.b); got != c.want {
				t.Errorf("Equal(%#v, %#v) = %v, want %v", c.a, c.b, got, c.want)
			}
		})
	}
}

func TestTruthy(t *testing.T) {
	for _, c := range []struct {
		v    any
		want bool
	}{
		{true, true},
		{false, false},
		{"false", false},
		{" FALSE ", false},
		{"0", false},
		{"", false},
		{"off", false},
		{"No", false},
		{"true", true},
		{"ALARM", true},
		{"1", true},
		{int64(0), false},
		{int64(-1), true},
		{0.0, false},
		{0.1, true},
		{math.NaN(), false}, // an unknown number is not "on"
		{math.Inf(1), true},
		{math.Inf(-1), true},
		{nil, false},
		{[]any{1}, false},
		{int32(2), true},
	} {
		t.Run(fmt.Sprintf("%#v", c.v), func(t *testing.T) {
			if got := tags.Truthy(c.v); got != c.want {
				t.Errorf("Truthy(%#v) = %v, want %v", c.v, got, c.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	for _, c := range []struct {
		v        any
		decimals int
		want     string
	}{
		{62.5, -1, "62.5"},
		{3.0, -1, "3"},
		{1 / 3.0, -1, "0.33"},
		{2.345, -1, "2.35"},
		{-0.001, -1, "0"},
		{1234567.0, -1, "1234567"},
		{1e300, -1, "1e+300"},
		{62.5, 0, "62"},    // an exact tie goes to even, as in the symbols
		{62.25, 1, "62.2"}, // the same
		{2.675, 2, "2.67"}, // 2.67499999... in binary
		{62.56, 1, "62.6"},
		{-0.04, 1, "0.0"}, // no minus on zero
		{-0.4, 0, "0"},
		{-1.5, 0, "-2"},
		{2.345, -1, "2.35"}, // up to two decimals: half away from zero
		{-2.345, -1, "-2.35"},
		{62.56, 1, "62.6"},
		{3.0, 2, "3.00"},
		{int64(3), -1, "3"},
		{int64(3), 0, "3"},
		{int64(3), 1, "3.0"},
		{math.NaN(), -1, "NaN"},
		{math.NaN(), 2, "NaN"},
		{math.Inf(1), 1, "+Inf"},
		{math.Inf(-1), -1, "-Inf"},
		{true, -1, "ON"},
		{false, 2, "OFF"},
		{"false", 1, "false"},
		{"", -1, ""},
		{nil, -1, "—"},
		{int32(7), -1, "7"},
		{[]any{1, 2}, -1, "[1 2]"},
	} {
		t.Run(fmt.Sprintf("%#v/%d", c.v, c.decimals), func(t *testing.T) {
			if got := tags.Format(c.v, c.decimals); got != c.want {
				t.Errorf("Format(%#v, %d) = %q, want %q", c.v, c.decimals, got, c.want)
			}
		})
	}
}
