package steering

import (
	"context"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
)

// PlanSum adds up the plans of one period of the partners one manager is
// responsible for (organisations.manager_id), in one currency: what the
// partners plan and reached, against which targets compare the manager's
// own target. Plans in different currencies are never added together.
type PlanSum struct {
	// ManagerID is "" for the partners without a responsible manager.
	ManagerID            string
	Currency             string
	Plans                int
	TargetRevenueMinor   int64
	TargetDeals          int64
	TargetCertifications int64
	// ActualRevenueMinor and ActualDeals are entered by hand, outside
	// pakt; FromDeals adds the deals registered in pakt.
	ActualRevenueMinor   int64
	ActualDeals          int64
	ActualCertifications int64
	FromDeals            DealFigures
}

// RevenueMinor is the revenue reached: won in pakt plus further outside.
func (p *PlanSum) RevenueMinor() int64 { return p.FromDeals.WonMinor + p.ActualRevenueMinor }

// Deals is the number of deals reached: won in pakt plus further outside.
func (p *PlanSum) Deals() int64 { return p.FromDeals.WonDeals + p.ActualDeals }

// DealsPerOrg returns the DealFigures of every organisation with deals in
// a plan period [from, to] (days) in currency, as DealFigures does for
// one: the roll-up of thousands of plans asks once per currency.
type DealsPerOrg func(ctx context.Context, from, to time.Time, currency string) (map[string]DealFigures, error)

// PlanSums returns the sums of the plans of exactly period ("2027",
// "2027-Q3", …) per manager and currency, ordered by both, for staff;
// anyone else gets apperr.ErrNotFound. One aggregated query adds the
// targets and the actuals entered by hand. The deals registered in pakt
// are added as each plan's page counts them, the seam through which
// co-selling feeds the forecast: through perOrg when given, else through
// the DealFigures hook plan by plan; without either, none.
func (s *Service) PlanSums(ctx context.Context, a *auth.Actor, period string, perOrg DealsPerOrg) ([]PlanSum, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	sums, err := sumPlans(ctx, s.DB, period)
	if err != nil || s.DealFigures == nil && perOrg == nil {
		return sums, err
	}
	at := map[[2]string]int{}
	for i, p := range sums {
		at[[2]string{p.ManagerID, p.Currency}] = i
	}
	plans, err := periodPlans(ctx, s.DB, period)
	if err != nil {
		return nil, err
	}
	// All plans of a period have its days; their currencies are few.
	figures := map[string]map[string]DealFigures{}
	for _, p := range plans {
		var f DealFigures
		switch {
		case perOrg != nil:
			per, ok := figures[p.Currency]
			if !ok {
				if per, err = perOrg(ctx, p.From, p.To, p.Currency); err != nil {
					return nil, err
				}
				figures[p.Currency] = per
			}
			f = per[p.OrgID]
		default:
			if f, err = s.DealFigures(ctx, p.OrgID, p.From, p.To, p.Currency); err != nil {
				return nil, err
			}
		}
		i, ok := at[[2]string{p.ManagerID, p.Currency}]
		if !ok {
			continue // saved after the sums were read
		}
		sum := &sums[i]
		sum.FromDeals.WonDeals += f.WonDeals
		sum.FromDeals.WonMinor += f.WonMinor
		sum.FromDeals.ForecastMinor += f.ForecastMinor
	}
	return sums, nil
}
