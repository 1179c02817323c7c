package steering

import (
	"context"
	"time"

	"pakt/internal/db"
)

// sumPlans adds up the plans of period of the organisations not deleted,
// per responsible manager and currency, in one query.
func sumPlans(ctx context.Context, q db.Querier, period string) ([]PlanSum, error) {
	return db.Query(ctx, q, func(row db.Row) (PlanSum, error) {
		var p PlanSum
		err := row.Scan(&p.ManagerID, &p.Currency, &p.Plans, &p.TargetRevenueMinor, &p.TargetDeals, &p.TargetCertifications,
			&p.ActualRevenueMinor, &p.ActualDeals, &p.ActualCertifications)
		return p, err
	}, `SELECT COALESCE(o.manager_id, ''), p.currency, count(*),
		CAST(sum(p.target_revenue_minor) AS BIGINT), CAST(sum(p.target_deals) AS BIGINT), CAST(sum(p.target_certifications) AS BIGINT),
		CAST(sum(p.actual_revenue_minor) AS BIGINT), CAST(sum(p.actual_deals) AS BIGINT), CAST(sum(p.actual_certifications) AS BIGINT)
		FROM plans p JOIN organisations o ON o.id = p.org_id
		WHERE p.period = $1 AND o.deleted_at IS NULL
		GROUP BY COALESCE(o.manager_id, ''), p.currency
		ORDER BY COALESCE(o.manager_id, ''), p.currency`, period)
}

// periodPlan is what the deal figures of one plan of a roll-up are asked
// with.
type periodPlan struct {
	OrgID, ManagerID, Currency string
	From, To                   time.Time
}

// periodPlans lists the plans of period of the organisations not deleted,
// with their responsible manager.
func periodPlans(ctx context.Context, q db.Querier, period string) ([]periodPlan, error) {
	return db.Query(ctx, q, func(row db.Row) (periodPlan, error) {
		var p periodPlan
		err := row.Scan(&p.OrgID, &p.ManagerID, &p.Currency, &p.From, &p.To)
		p.From, p.To = day(p.From), day(p.To)
		return p, err
	}, `SELECT p.org_id, COALESCE(o.manager_id, ''), p.currency, p.starts_on, p.ends_on
		FROM plans p JOIN organisations o ON o.id = p.org_id
		WHERE p.period = $1 AND o.deleted_at IS NULL
		ORDER BY p.org_id`, period)
}

// planOwners lists the plans of period of the organisations orgs (not
// deleted) with their responsible manager, in parts that stay below the
// engines' limits on parameters.
func planOwners(ctx context.Context, q db.Querier, period string, orgs []string) ([]periodPlan, error) {
	const part = 500
	var out []periodPlan
	for len(orgs) > 0 {
		n := min(part, len(orgs))
		args := []any{period}
		list, err := db.Query(ctx, q, func(row db.Row) (periodPlan, error) {
			var p periodPlan
			return p, row.Scan(&p.OrgID, &p.ManagerID, &p.Currency)
		}, `SELECT p.org_id, COALESCE(o.manager_id, ''), p.currency
			FROM plans p JOIN organisations o ON o.id = p.org_id
			WHERE p.period = $1 AND o.deleted_at IS NULL AND p.org_id IN (`+db.In(&args, orgs[:n])+`)`, args...)
		if err != nil {
			return nil, err
		}
		out, orgs = append(out, list...), orgs[n:]
	}
	return out, nil
}
