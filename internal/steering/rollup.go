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
	switch {
	case err != nil:
		return nil, err
	case perOrg != nil:
		return s.addDealsPerOrg(ctx, period, sums, perOrg)
	case s.DealFigures == nil:
		return sums, nil
	}
	at := sumIndex(sums)
	plans, err := periodPlans(ctx, s.DB, period)
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		f, err := s.DealFigures(ctx, p.OrgID, p.From, p.To, p.Currency)
		if err != nil {
			return nil, err
		}
		addFigures(sums, at, p.ManagerID, p.Currency, f)
	}
	return sums, nil
}

// addDealsPerOrg adds to the sums the deals of every partner with deals
// in the period, read once per currency; only those partners' plans are
// read again, to find their manager.
func (s *Service) addDealsPerOrg(ctx context.Context, period string, sums []PlanSum, perOrg DealsPerOrg) ([]PlanSum, error) {
	from, to, ok := PeriodRange(period)
	if !ok {
		return sums, nil
	}
	figures := map[string]map[string]DealFigures{}
	var orgs []string
	for _, sum := range sums {
		if _, done := figures[sum.Currency]; done {
			continue
		}
		per, err := perOrg(ctx, from, to, sum.Currency)
		if err != nil {
			return nil, err
		}
		figures[sum.Currency] = per
		for org := range per {
			orgs = append(orgs, org)
		}
	}
	if len(orgs) == 0 {
		return sums, nil
	}
	plans, err := planOwners(ctx, s.DB, period, apperr.UniqueSorted(orgs))
	if err != nil {
		return nil, err
	}
	at := sumIndex(sums)
	for _, p := range plans {
		if f, ok := figures[p.Currency][p.OrgID]; ok {
			addFigures(sums, at, p.ManagerID, p.Currency, f)
		}
	}
	return sums, nil
}

// sumIndex maps each sum's manager and currency to its place.
func sumIndex(sums []PlanSum) map[[2]string]int {
	at := make(map[[2]string]int, len(sums))
	for i, p := range sums {
		at[[2]string{p.ManagerID, p.Currency}] = i
	}
	return at
}

// addFigures adds one plan's deal figures to the sum of its manager and
// currency.
func addFigures(sums []PlanSum, at map[[2]string]int, manager, currency string, f DealFigures) {
	i, ok := at[[2]string{manager, currency}]
	if !ok {
		return // saved after the sums were read
	}
	sum := &sums[i]
	sum.FromDeals.WonDeals += f.WonDeals
	sum.FromDeals.WonMinor += f.WonMinor
	sum.FromDeals.ForecastMinor += f.ForecastMinor
}
