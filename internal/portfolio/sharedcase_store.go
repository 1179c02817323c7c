package portfolio

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

// getSharedCase returns the shared business case of an organisation with
// the manager's version and the partner's copy, or apperr.ErrNotFound when
// its case is not shared.
func getSharedCase(ctx context.Context, q db.Querier, orgID string) (*SharedCase, error) {
	c := &SharedCase{}
	var hasCopy bool
	var cp BusinessCase
	var copyAt *time.Time
	err := q.QueryRowContext(ctx, `SELECT org_id, shared_by, shared_by_id, shared_at, has_copy, copy_currency,
			copy_investment_minor, copy_monthly_cost_minor, copy_months_to_first_deal, copy_deals_per_month_tenths,
			copy_margin_per_deal_minor, copy_ramp_up_months, copy_updated_by, copy_updated_at
		FROM shared_business_cases WHERE org_id = $1`, orgID).Scan(
		&c.OrgID, &c.SharedBy, &c.SharedByID, &c.SharedAt, &hasCopy, &cp.Currency,
		&cp.InvestmentMinor, &cp.MonthlyCostMinor, &cp.MonthsToFirstDeal, &cp.DealsPerMonthTenths,
		&cp.MarginPerDealMinor, &cp.RampUpMonths, &cp.UpdatedBy, db.NullTime(&copyAt))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	c.SharedAt = c.SharedAt.UTC()
	m, err := getBusinessCase(ctx, q, orgID)
	if err != nil {
		return nil, err
	}
	c.Manager = *m
	if hasCopy {
		cp.OrgID = orgID
		if copyAt != nil {
			cp.UpdatedAt = *copyAt
		}
		c.Copy = &cp
	}
	return c, nil
}

// insertSharedCase records that an organisation's business case is shared,
// without a copy.
func insertSharedCase(ctx context.Context, q db.Querier, c *SharedCase) error {
	_, err := q.ExecContext(ctx, `INSERT INTO shared_business_cases (org_id, shared_by, shared_by_id, shared_at)
		VALUES ($1, $2, $3, $4)`, c.OrgID, c.SharedBy, c.SharedByID, c.SharedAt)
	return err
}

// deleteSharedCase ends the sharing of an organisation's business case,
// its copy with it.
func deleteSharedCase(ctx context.Context, q db.Querier, orgID string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM shared_business_cases WHERE org_id = $1`, orgID)
	return err
}

// saveSharedCopy writes the partner's copy of a shared case; a nil copy
// removes it (the partner then reads the manager's version again).
func saveSharedCopy(ctx context.Context, q db.Querier, orgID string, cp *BusinessCase) error {
	if cp == nil {
		_, err := q.ExecContext(ctx, `UPDATE shared_business_cases SET has_copy = FALSE, copy_currency = '',
			copy_investment_minor = 0, copy_monthly_cost_minor = 0, copy_months_to_first_deal = 0,
			copy_deals_per_month_tenths = 0, copy_margin_per_deal_minor = 0, copy_ramp_up_months = 0,
			copy_updated_by = '', copy_updated_at = NULL WHERE org_id = $1`, orgID)
		return err
	}
	_, err := q.ExecContext(ctx, `UPDATE shared_business_cases SET has_copy = TRUE, copy_currency = $2,
		copy_investment_minor = $3, copy_monthly_cost_minor = $4, copy_months_to_first_deal = $5,
		copy_deals_per_month_tenths = $6, copy_margin_per_deal_minor = $7, copy_ramp_up_months = $8,
		copy_updated_by = $9, copy_updated_at = $10 WHERE org_id = $1`,
		orgID, cp.Currency, cp.InvestmentMinor, cp.MonthlyCostMinor, cp.MonthsToFirstDeal,
		cp.DealsPerMonthTenths, cp.MarginPerDealMinor, cp.RampUpMonths, cp.UpdatedBy, cp.UpdatedAt)
	return err
}

// orgAdminCount counts the active partner admins of an organisation: the
// people who read its shared business case.
func orgAdminCount(ctx context.Context, q db.Querier, orgID string) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE org_id = $1 AND role = 'partner_admin' AND disabled = FALSE`, orgID).Scan(&n)
	return n, err
}

// orgLegalName returns an organisation's legal name.
func orgLegalName(ctx context.Context, q db.Querier, orgID string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT legal_name FROM organisations WHERE id = $1`, orgID).Scan(&name)
	return name, err
}
