package style

import (
	"slices"
	"strings"
)

// DiffSheets returns the rules whose change can change a computed style:
// rules of old that are gone (as in old), rules of new that are added,
// whose declarations changed, or that moved relative to the others (as in
// new). Rules are the same when their conditions and selectors print the
// same; their n-th occurrences pair up. Positions do not count, so
// inserting a line or a comment changes nothing.
func DiffSheets(old, new []*Sheet) []*Rule {
	changed, _ := diffRules(flatten(old), flatten(new))
	return changed
}

// diffRules also returns, for each old rule, the index of its new
// counterpart or -1.
func diffRules(old, new []*Rule) (changed []*Rule, pair []int) {
	queue := map[string][]int{}
	for i, r := range old {
		k := ruleKey(r)
		queue[k] = append(queue[k], i)
	}
	pair = make([]int, len(old))
	for i := range pair {
		pair[i] = -1
	}
	from := make([]int, len(new)) // new index → old index or -1
	for j, r := range new {
		from[j] = -1
		k := ruleKey(r)
		if q := queue[k]; len(q) > 0 {
			from[j], pair[q[0]] = q[0], j
			queue[k] = q[1:]
		}
	}
	for i, r := range old {
		if pair[i] < 0 {
			changed = append(changed, r)
		}
	}
	// The paired rules on a longest increasing run of old indices kept
	// their order relative to each other; the others moved, which can change
	// which of two equally specific rules wins.
	kept := increasing(from)
	for j, r := range new {
		if i := from[j]; i < 0 || !kept[j] || !declsEqual(old[i].Decls, r.Decls) {
			changed = append(changed, r)
		}
	}
	return changed, pair
}

func ruleKey(r *Rule) string {
	var b strings.Builder
	for i := range r.Conds {
		b.WriteString(r.Conds[i].String())
		b.WriteByte('{')
	}
	b.WriteString(selectorList(r.Selectors))
	return b.String()
}

func declsEqual(a, b []Decl) bool {
	return slices.EqualFunc(a, b, func(x, y Decl) bool {
		return x.Property == y.Property && x.Value == y.Value && x.Important == y.Important
	})
}

// increasing marks the members of one longest strictly increasing
// subsequence of the non-negative values of seq (patience sorting).
func increasing(seq []int) []bool {
	var tails []int // indices into seq of the smallest tail of each length
	prev := make([]int, len(seq))
	for j, v := range seq {
		prev[j] = -1
		if v < 0 {
			continue
		}
		k, _ := slices.BinarySearchFunc(tails, v, func(t, v int) int { return seq[t] - v })
		if k > 0 {
			prev[j] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, j)
		} else {
			tails[k] = j
		}
	}
	out := make([]bool, len(seq))
	if len(tails) > 0 {
		for j := tails[len(tails)-1]; j >= 0; j = prev[j] {
			out[j] = true
		}
	}
	return out
}
