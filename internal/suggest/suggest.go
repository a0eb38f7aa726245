// Package suggest finds the closest known name to a misspelt one, for the
// "did you mean" part of error messages in screens, styles and hmi.yaml.
package suggest

import (
	"strings"
	"unicode/utf8"
)

// Closest returns the candidate nearest to name by edit distance, or "" when
// none is close enough to be a plausible typo (distance above a third of the
// longer name, at least 1, at most 3). Case differences count half.
func Closest(name string, candidates []string) string {
	best, bestD := "", 0
	n := utf8.RuneCountInString(name)
	for _, c := range candidates {
		if m := utf8.RuneCountInString(c); n > m+3 || m > n+3 {
			continue // more than 3 edits apart: never close enough
		}
		d := distance(name, c)
		if best == "" || d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > limit(name, best) {
		return ""
	}
	return best
}

// DidYouMean returns `, did you mean "x"?` for the closest candidate, or "".
func DidYouMean(name string, candidates []string) string {
	if c := Closest(name, candidates); c != "" && c != name {
		return `, did you mean "` + c + `"?`
	}
	return ""
}

func limit(a, b string) int {
	n := max(len(a), len(b))/3 + 1
	return min(max(n, 1), 3) * 2
}

// distance is the Levenshtein distance doubled, where a change of case only
// costs 1 (so "level" is nearer to "Level" than to "Lever").
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = 2 * j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = 2 * i
		for j := 1; j <= len(rb); j++ {
			sub := 0
			if ra[i-1] != rb[j-1] {
				sub = 2
				if strings.EqualFold(string(ra[i-1]), string(rb[j-1])) {
					sub = 1
				}
			}
			cur[j] = min(prev[j-1]+sub, prev[j]+2, cur[j-1]+2)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
