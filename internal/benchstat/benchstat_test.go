package benchstat_test

import (
	"testing"
	"time"

	"github.com/gohmi/gohmi/internal/benchstat"
)

func TestRank(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		var ds []time.Duration
		for _, n := range ns {
			ds = append(ds, time.Duration(n)*time.Millisecond)
		}
		return ds
	}
	twenty := ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20)
	forty := append(append([]time.Duration{}, twenty...), ms(21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40)...)
	for _, tt := range []struct {
		ds   []time.Duration
		p    int
		want time.Duration
	}{
		{ms(7), 50, 7 * time.Millisecond},
		{ms(7), 95, 7 * time.Millisecond},
		{twenty, 50, 10 * time.Millisecond},
		{twenty, 95, 19 * time.Millisecond},
		{forty, 95, 38 * time.Millisecond}, // not the 39th: that is p97.5
		{forty, 100, 40 * time.Millisecond},
		{forty, 0, 1 * time.Millisecond},
	} {
		if got := benchstat.Rank(tt.ds, tt.p); got != tt.want {
			t.Errorf("Rank(%d samples, %d) = %v, want %v", len(tt.ds), tt.p, got, tt.want)
		}
	}
}
