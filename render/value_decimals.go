package render

import "github.com/gohmi/gohmi/gopage"

// valueDecimals is how many decimals a value widget shows v with: its
// decimals property when set, else none for an integer (a counter of 3 is
// "3", not "3.0") and one for anything else.
func valueDecimals(n *gopage.Node, v any) int {
	if n.Props["decimals"] != nil {
		return int(num(n, "decimals", 1))
	}
	switch v.(type) {
	case int64, int, int32, uint64, uint32:
		return 0
	}
	return 1
}
