package steering

import (
	"context"

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

// PlanSums returns the sums of the plans of exactly period ("2027",
// "2027-Q3", …) per manager and currency, ordered by both, for staff;
// anyone else gets apperr.ErrNotFound. One aggregated query adds the
// targets and the actuals entered by hand; when the DealFigures hook is
// set, each plan's deals registered in pakt are added as its plan page
// counts them, the seam through which co-selling feeds the forecast.
func (s *Service) PlanSums(ctx context.Context, a *auth.Actor, period string) ([]PlanSum, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	sums, err := sumPlans(ctx, s.DB, period)
	if err != nil || s.DealFigures == nil {
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
	for _, p := range plans {
		f, err := s.DealFigures(ctx, p.OrgID, p.From, p.To, p.Currency)
		if err != nil {
			return nil, err
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
