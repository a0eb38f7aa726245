package hmi

import (
	"context"

	"github.com/gohmi/gohmi/trends"
)

var _ trends.ReuseSource = (*historyRoom)(nil)

// QueryInto implements trends.ReuseSource: a live trend's answers reuse
// the memory of its answer before last.
func (hr *historyRoom) QueryInto(ctx context.Context, q trends.Query, ss []trends.Series, unc []trends.Uncertainty) ([]trends.Series, []trends.Uncertainty, error) {
	h, err := hr.historian()
	if err != nil {
		return nil, nil, err
	}
	return h.QueryInto(ctx, q, ss, unc)
}
