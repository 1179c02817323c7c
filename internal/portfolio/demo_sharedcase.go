package portfolio

import (
	"context"
	"time"

	"pakt/internal/auth"
)

// demoCase is a business case of the demo: its assumptions, the manager's
// internal note, whether it is shared and whether the partner adjusted its
// deals per month (in tenths, 0: not adjusted).
type demoCase struct {
	investment, monthly int64
	firstDeal, deals    int
	margin              int64
	rampUp              int
	note                string
	shared              bool
	adjustedDeals       int
}

// demoCases go to the first demo organisations in turn: the showcase
// partner's is shared and adjusted by its admin, two more are shared, the
// others are the staff's alone.
var demoCases = []demoCase{
	{2_500_000, 150_000, 3, 20, 450_000, 3, "Der Geschäftsführer will erst nach dem Pilotprojekt investieren; die Abschlussrate ist eher optimistisch.", true, 12},
	{4_000_000, 250_000, 4, 15, 500_000, 4, "Zahlen aus dem Erstgespräch, noch nicht mit dem Vertrieb abgestimmt.", false, 0},
	{1_500_000, 80_000, 2, 10, 300_000, 2, "Kleiner Einstieg über das Wartungsgeschäft.", true, 0},
	{6_000_000, 300_000, 6, 10, 400_000, 6, "Rechnet sich erst im zweiten Jahr: Aufwand im Auge behalten.", false, 0},
	{1_200_000, 100_000, 3, 8, 350_000, 2, "Partner fragt nach Marketingmitteln; erst den Business Case besprechen.", true, 0},
}

// SeedBusinessCasesDemo gives the first demo organisations business cases,
// saved by their managers two months ago; three are shared with the
// partner a month ago, and the showcase partner's admin has adjusted its
// copy ten days ago.
func SeedBusinessCasesDemo(ctx context.Context, cases *BusinessCases, managers []*auth.Actor, admins map[string]*auth.Actor, orgIDs []string, now time.Time) error {
	if len(managers) == 0 {
		return nil
	}
	at := func(daysAgo int) *BusinessCases {
		c := *cases
		c.Now = func() time.Time { return now.AddDate(0, 0, -daysAgo) }
		return &c
	}
	for i, d := range demoCases {
		if i >= len(orgIDs) {
			break
		}
		org, manager := orgIDs[i], managers[i%len(managers)]
		bc := BusinessCase{Currency: DefaultCurrency, InvestmentMinor: d.investment, MonthlyCostMinor: d.monthly, MonthsToFirstDeal: d.firstDeal,
			DealsPerMonthTenths: d.deals, MarginPerDealMinor: d.margin, RampUpMonths: d.rampUp, Note: d.note}
		if _, err := at(60-i).Save(ctx, manager, org, bc); err != nil {
			return err
		}
		if !d.shared {
			continue
		}
		if _, err := at(30-i).Share(ctx, manager, org); err != nil {
			return err
		}
		if admin := admins[org]; admin != nil && d.adjustedDeals > 0 {
			adjusted := bc
			adjusted.DealsPerMonthTenths = d.adjustedDeals
			if _, err := at(10).SaveCopy(ctx, admin, org, adjusted); err != nil {
				return err
			}
		}
	}
	return nil
}
