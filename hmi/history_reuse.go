package hmi

import (
	"context"
	"errors"

	"github.com/gohmi/gohmi/trends"
)

var _ trends.ReuseSource = (*historyRoom)(nil)

// QueryInto implements trends.ReuseSource: a live trend's answers reuse
// the memory of its answer before last.
func (hr *historyRoom) QueryInto(ctx context.Context, q trends.Query, ss []trends.Series, unc []trends.Uncertainty) ([]trends.Series, []trends.Uncertainty, error) {
	hr.mu.Lock()
	h, err := hr.h, hr.err
	hr.mu.Unlock()
	if h == nil {
		if err == nil {
			err = errors.New("no history: hmi.yaml's history: records none of these tags")
		}
		return nil, nil, err
	}
	return h.QueryInto(ctx, q, ss, unc)
}
