package dues

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

func getSettings(ctx context.Context, q db.Querier) (*Settings, error) {
	var s Settings
	err := q.QueryRowContext(ctx, `SELECT fee_ordinary, fee_supporting, currency, due_month, due_day, remind_days, notice_months, notice_to
		FROM dues_settings WHERE id = 1`).Scan(&s.FeeOrdinary, &s.FeeSupporting, &s.Currency, &s.DueMonth, &s.DueDay, &s.RemindDays, &s.NoticeMonths, &s.NoticeTo)
	return &s, err
}

func saveSettings(ctx context.Context, q db.Querier, s *Settings) error {
	_, err := q.ExecContext(ctx, `UPDATE dues_settings SET fee_ordinary = $1, fee_supporting = $2, currency = $3, due_month = $4, due_day = $5,
		remind_days = $6, notice_months = $7, notice_to = $8 WHERE id = 1`,
		s.FeeOrdinary, s.FeeSupporting, s.Currency, s.DueMonth, s.DueDay, s.RemindDays, s.NoticeMonths, s.NoticeTo)
	return err
}

// lockSettings takes the settings' row for the transaction, so that
// processes sharing the database raise a year's fees one after another.
func lockSettings(ctx context.Context, q db.Querier) error {
	_, err := q.ExecContext(ctx, `UPDATE dues_settings SET remind_days = remind_days WHERE id = 1`)
	return err
}

const feeSelect = `SELECT f.id, f.membership_id, f.org_id, o.legal_name, f.year, f.kind, f.amount_minor, f.currency, f.due_on, f.paid_on, f.created_at
	FROM dues_fees f JOIN organisations o ON o.id = f.org_id`

func scanFee(r db.Row) (*Fee, error) {
	var f Fee
	var due time.Time
	var paid *time.Time
	if err := r.Scan(&f.ID, &f.MembershipID, &f.OrgID, &f.OrgName, &f.Year, &f.Kind, &f.AmountMinor, &f.Currency, &due, db.NullDay(&paid), &f.Created); err != nil {
		return nil, err
	}
	f.DueOn, f.Created = Date{Time: dayOf(due)}, f.Created.UTC()
	if paid != nil {
		f.PaidOn = &Date{Time: *paid}
	}
	return &f, nil
}

// listFees returns the fees of year (0: every year) of org (empty: every
// organisation not deleted), the latest year first.
func listFees(ctx context.Context, q db.Querier, year int, org string) ([]*Fee, error) {
	return db.Query(ctx, q, scanFee, feeSelect+` WHERE o.deleted_at IS NULL AND ($1 = 0 OR f.year = $1) AND ($2 = '' OR f.org_id = $2)
		ORDER BY f.year DESC, f.due_on, f.id`, year, org)
}

func getFee(ctx context.Context, q db.Querier, id string) (*Fee, error) {
	f, err := scanFee(q.QueryRowContext(ctx, feeSelect+` WHERE f.id = $1 AND o.deleted_at IS NULL`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	return f, err
}

// feeYears returns the years fees were raised for, the latest first.
func feeYears(ctx context.Context, q db.Querier) ([]int, error) {
	return db.Query(ctx, q, func(r db.Row) (int, error) {
		var y int
		return y, r.Scan(&y)
	}, `SELECT DISTINCT year FROM dues_fees ORDER BY year DESC`)
}

// raised returns the memberships that have a fee of year.
func raised(ctx context.Context, q db.Querier, year int) (map[string]bool, error) {
	ids, err := db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT membership_id FROM dues_fees WHERE year = $1`, year)
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// insertFee adds f unless its membership has a fee of the year already;
// it reports whether it did.
func insertFee(ctx context.Context, q db.Querier, f *Fee) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO dues_fees (id, membership_id, org_id, year, kind, amount_minor, currency, due_on, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (membership_id, year) DO NOTHING`,
		f.ID, f.MembershipID, f.OrgID, f.Year, f.Kind, f.AmountMinor, f.Currency, f.DueOn.Time, f.Created)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func setPaid(ctx context.Context, q db.Querier, id string, paid *time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE dues_fees SET paid_on = $2 WHERE id = $1`, id, db.TimeArg(paid))
	return err
}

// unpaidDue returns the unpaid fees not yet reminded of that fall due
// from today up to until; overdue ones not yet told, when overdue is set.
func unpaidDue(ctx context.Context, q db.Querier, today, until time.Time, overdue bool) ([]*Fee, error) {
	if overdue {
		return db.Query(ctx, q, scanFee, feeSelect+` WHERE f.paid_on IS NULL AND f.overdue_at IS NULL AND f.due_on < $1 AND o.deleted_at IS NULL ORDER BY f.id`, today)
	}
	return db.Query(ctx, q, scanFee, feeSelect+` WHERE f.paid_on IS NULL AND f.reminded_at IS NULL AND f.overdue_at IS NULL
		AND f.due_on >= $1 AND f.due_on <= $2 AND o.deleted_at IS NULL ORDER BY f.id`, today, until)
}

// markTold records that the partner admins were told of the fee, before
// its due day or when overdue; it reports false when another process did
// already, so that each is told once.
func markTold(ctx context.Context, q db.Querier, id string, overdue bool, now time.Time) (bool, error) {
	query := `UPDATE dues_fees SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL AND overdue_at IS NULL`
	if overdue {
		query = `UPDATE dues_fees SET overdue_at = $2 WHERE id = $1 AND overdue_at IS NULL AND paid_on IS NULL`
	}
	res, err := q.ExecContext(ctx, query, id, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const resignationSelect = `SELECT r.id, r.membership_id, r.org_id, o.legal_name, r.ends_on, r.submitted_at, r.withdrawn_at, r.effected_at
	FROM dues_resignations r JOIN organisations o ON o.id = r.org_id`

func scanResignation(row db.Row) (*Resignation, error) {
	var r Resignation
	var ends time.Time
	if err := row.Scan(&r.ID, &r.MembershipID, &r.OrgID, &r.OrgName, &ends, &r.SubmittedAt, db.NullTime(&r.WithdrawnAt), db.NullTime(&r.EffectedAt)); err != nil {
		return nil, err
	}
	r.EndsOn, r.SubmittedAt = Date{Time: dayOf(ends)}, r.SubmittedAt.UTC()
	return &r, nil
}

// listResignations returns org's resignations (empty: those of every
// organisation not deleted), the latest first; only the pending ones when
// pending is set.
func listResignations(ctx context.Context, q db.Querier, org string, pending bool) ([]*Resignation, error) {
	return db.Query(ctx, q, scanResignation, resignationSelect+` WHERE o.deleted_at IS NULL AND ($1 = '' OR r.org_id = $1)
		AND ($2 = 0 OR (r.withdrawn_at IS NULL AND r.effected_at IS NULL)) ORDER BY r.submitted_at DESC, r.id`, org, boolInt(pending))
}

// dueResignations returns the pending resignations whose last day has
// come.
func dueResignations(ctx context.Context, q db.Querier, today time.Time) ([]*Resignation, error) {
	return db.Query(ctx, q, scanResignation, resignationSelect+` WHERE r.withdrawn_at IS NULL AND r.effected_at IS NULL AND r.ends_on <= $1 ORDER BY r.id`, today)
}

func insertResignation(ctx context.Context, q db.Querier, r *Resignation, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO dues_resignations (id, membership_id, org_id, ends_on, submitted_at, submitted_by) VALUES ($1, $2, $3, $4, $5, $6)`,
		r.ID, r.MembershipID, r.OrgID, r.EndsOn.Time, r.SubmittedAt, by)
	return err
}

// closeResignation withdraws (by is set) or effects a pending resignation;
// it reports false when it was no longer pending.
func closeResignation(ctx context.Context, q db.Querier, id string, now time.Time, withdrawnBy string) (bool, error) {
	query := `UPDATE dues_resignations SET effected_at = $2 WHERE id = $1 AND withdrawn_at IS NULL AND effected_at IS NULL`
	args := []any{id, now}
	if withdrawnBy != "" {
		query = `UPDATE dues_resignations SET withdrawn_at = $2, withdrawn_by = $3 WHERE id = $1 AND withdrawn_at IS NULL AND effected_at IS NULL`
		args = append(args, withdrawnBy)
	}
	res, err := q.ExecContext(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// dayOf returns t's calendar day at midnight UTC.
func dayOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
