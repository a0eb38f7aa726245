package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gohmi/gohmi/gopage"
)

// parseSetpoint reads an operator's number and checks it against the
// entry's decimals and limits.
//
// The decimal separator may be a point or a comma (50.5 or 50,5: panels
// are used where either is the custom, and the keypad types a point), at
// most one of them; digit grouping (1,000.5 or 1.000,5), exponents, NaN
// and Inf are refused. A number with more decimals than the entry shows
// (decimals, 1 when unset) is refused, not rounded: the operator sees the
// allowed format and types again, rather than the plant silently getting
// a value nobody typed. Trailing zeros do not count (50.50 is fine with
// decimals: 1).
func parseSetpoint(text string, n *gopage.Node) (float64, error) {
	typed := strings.TrimSpace(text)
	decimals := max(0, int(num(n, "decimals", 1)))
	if typed == "" {
		return 0, fmt.Errorf("enter a number")
	}
	digits, frac, ok := splitNumber(typed)
	if !ok {
		return 0, fmt.Errorf("%q is not a number: type digits with at most one decimal point or comma, e.g. %s", typed, example(decimals))
	}
	if places := len(strings.TrimRight(frac, "0")); places > decimals {
		if decimals == 0 {
			return 0, fmt.Errorf("%s: this entry takes whole numbers, e.g. %s", typed, example(0))
		}
		unit := "decimals"
		if decimals == 1 {
			unit = "decimal"
		}
		return 0, fmt.Errorf("%s: this entry takes at most %d %s, e.g. %s", typed, decimals, unit, example(decimals))
	}
	f, err := strconv.ParseFloat(digits, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", typed)
	}
	if p := n.Props["min"]; p != nil && f < p.Num {
		return 0, fmt.Errorf("%s is below the minimum %s", typed, strconv.FormatFloat(p.Num, 'g', -1, 64))
	}
	if p := n.Props["max"]; p != nil && f > p.Num {
		return 0, fmt.Errorf("%s is above the maximum %s", typed, strconv.FormatFloat(p.Num, 'g', -1, 64))
	}
	return f, nil
}

// splitNumber checks s is [+-]digits[(.|,)digits] with at least one digit
// and returns it with a point as separator, and its fraction digits.
func splitNumber(s string) (number, frac string, ok bool) {
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 {
		return "", "", false
	}
	whole, frac, _ := strings.Cut(strings.ReplaceAll(body, ",", "."), ".")
	if whole+frac == "" || strings.Trim(whole+frac, "0123456789") != "" {
		return "", "", false
	}
	number = s[:len(s)-len(body)] + whole
	if frac != "" {
		number += "." + frac
	}
	return number, frac, true
}

// example is a number with the given decimals, for messages: 50, 50.5, 50.25.
func example(decimals int) string {
	return "50" + []string{"", ".5", ".25", ".125"}[min(decimals, 3)]
}
