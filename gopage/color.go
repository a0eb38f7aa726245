package gopage

import (
	"slices"
	"strings"
)

// colorNames are the CSS colour names accepted besides #hex, sorted.
var colorNames = [...]string{
	"aqua", "black", "blue", "brown", "cyan", "darkgray", "darkgreen", "darkred",
	"fuchsia", "gold", "gray", "green", "grey", "lightblue", "lightgray", "lightgreen",
	"lime", "magenta", "maroon", "navy", "olive", "orange", "pink", "purple", "red",
	"silver", "teal", "transparent", "violet", "white", "yellow",
}

// checkColor returns "" when s is #rgb, #rrggbb, #rrggbbaa or a known colour
// name (any case), or else an error message.
func checkColor(s string) string {
	if hex, ok := strings.CutPrefix(s, "#"); ok {
		if (len(hex) == 3 || len(hex) == 6 || len(hex) == 8) && isHex(hex) {
			return ""
		}
		return `bad color "` + s + `" (want #rgb, #rrggbb or #rrggbbaa)`
	}
	if _, ok := slices.BinarySearch(colorNames[:], strings.ToLower(s)); ok {
		return ""
	}
	return `unknown color "` + s + `"` + didYouMean(strings.ToLower(s), colorNames[:])
}

func isHex(s string) bool {
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
