package style

import "github.com/gohmi/gohmi/internal/suggest"

// didYouMean is suggest.DidYouMean with the candidates that cannot be
// close filtered out first: suggest accepts at most three edits, so a
// length difference above three rules a candidate out. Benchmarking the
// fuzzer's inputs showed the unfiltered search over the 150 colour names
// dominating the parse of a sheet full of errors.
func didYouMean(name string, candidates []string) string {
	if len(name) > 64 {
		return ""
	}
	var near []string
	for _, c := range candidates {
		if d := len(c) - len(name); d >= -3 && d <= 3 {
			near = append(near, c)
		}
	}
	return suggest.DidYouMean(name, near)
}
