package portfolio

import (
	"context"
	"database/sql"
	"errors"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const businessCaseColumns = `org_id, currency, investment_minor, monthly_cost_minor, months_to_first_deal,
	deals_per_month_tenths, margin_per_deal_minor, ramp_up_months, note, updated_by, updated_at`

// getBusinessCase returns the business case of an organisation, or
// apperr.ErrNotFound when it has none.
func getBusinessCase(ctx context.Context, q db.Querier, orgID string) (*BusinessCase, error) {
	var bc BusinessCase
	err := q.QueryRowContext(ctx, `SELECT `+businessCaseColumns+` FROM business_cases WHERE org_id = $1`, orgID).Scan(
		&bc.OrgID, &bc.Currency, &bc.InvestmentMinor, &bc.MonthlyCostMinor, &bc.MonthsToFirstDeal,
		&bc.DealsPerMonthTenths, &bc.MarginPerDealMinor, &bc.RampUpMonths, &bc.Note, &bc.UpdatedBy, &bc.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	bc.UpdatedAt = bc.UpdatedAt.UTC()
	return &bc, nil
}

// upsertBusinessCase writes the business case of bc.OrgID, replacing the one
// it had.
func upsertBusinessCase(ctx context.Context, q db.Querier, bc *BusinessCase) error {
	_, err := q.ExecContext(ctx, `INSERT INTO business_cases (`+businessCaseColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT (org_id) DO UPDATE SET
			currency = excluded.currency,
			investment_minor = excluded.investment_minor,
			monthly_cost_minor = excluded.monthly_cost_minor,
			months_to_first_deal = excluded.months_to_first_deal,
			deals_per_month_tenths = excluded.deals_per_month_tenths,
			margin_per_deal_minor = excluded.margin_per_deal_minor,
			ramp_up_months = excluded.ramp_up_months,
			note = excluded.note,
			updated_by = excluded.updated_by,
			updated_at = excluded.updated_at`,
		bc.OrgID, bc.Currency, bc.InvestmentMinor, bc.MonthlyCostMinor, bc.MonthsToFirstDeal,
		bc.DealsPerMonthTenths, bc.MarginPerDealMinor, bc.RampUpMonths, bc.Note, bc.UpdatedBy, bc.UpdatedAt)
	return err
}
