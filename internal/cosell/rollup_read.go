package cosell

import (
	"context"
	"time"
)

// PlanPerOrg returns Plan's figures of every organisation with deals in
// the plan period [from, to] (days) in currency, in two queries: the
// roll-up of all plans of a period to targets asks this once per currency
// instead of Plan once per plan. Organisations without deals are left out.
func (s *Service) PlanPerOrg(ctx context.Context, from, to time.Time, currency string) (map[string]PlanFigures, error) {
	end := to.AddDate(0, 0, 1)
	out, err := wonPerOrg(ctx, s.DB, from, end, currency)
	if err != nil {
		return nil, err
	}
	open, err := openPerOrg(ctx, s.DB, from, end, currency)
	if err != nil {
		return nil, err
	}
	for org, deals := range open {
		f := out[org]
		f.ForecastMinor = Forecast(deals)
		out[org] = f
	}
	return out, nil
}
