// Package benchstat reports the distribution of a benchmark's samples:
// the budgets of the web view are about what a person waits for, so the
// benchmarks report the tail beside the mean. For benchmarks only.
package benchstat

import (
	"slices"
	"testing"
	"time"
)

// Report reports the mean, median, 95th percentile (nearest rank) and
// maximum of ds in ms, as ms/what, p50-ms/what, p95-ms/what and
// max-ms/what. It reports nothing for no samples.
func Report(b *testing.B, ds []time.Duration, what string) {
	if len(ds) == 0 {
		return
	}
	ds = slices.Sorted(slices.Values(ds))
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	b.ReportMetric(ms(sum/time.Duration(len(ds))), "ms/"+what)
	b.ReportMetric(ms(Rank(ds, 50)), "p50-ms/"+what)
	b.ReportMetric(ms(Rank(ds, 95)), "p95-ms/"+what)
	b.ReportMetric(ms(ds[len(ds)-1]), "max-ms/"+what)
}

// Rank returns the p-th percentile of sorted (nearest rank: the smallest
// sample with at least p % of the samples at or below it).
func Rank(sorted []time.Duration, p int) time.Duration {
	return sorted[max(0, (len(sorted)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
