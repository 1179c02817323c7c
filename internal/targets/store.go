package targets

import (
	"context"
	"database/sql"
	"errors"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
)

const targetColumns = `id, user_id, period, starts_on, ends_on, currency, revenue_minor, deals, certifications, recruits, updated_by, updated_at`

func scanTarget(row db.Row) (*Target, error) {
	var t Target
	err := row.Scan(&t.ID, &t.UserID, &t.Period, &t.From, &t.To, &t.Currency, &t.RevenueMinor, &t.Deals, &t.Certifications, &t.Recruits,
		&t.UpdatedBy, &t.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	t.From, t.To, t.UpdatedAt = day(t.From), day(t.To), t.UpdatedAt.UTC()
	return &t, nil
}

func listTargets(ctx context.Context, q db.Querier, period string) ([]*Target, error) {
	return db.Query(ctx, q, scanTarget, `SELECT `+targetColumns+` FROM targets WHERE period = $1 ORDER BY user_id`, period)
}

func getTarget(ctx context.Context, q db.Querier, userID, period string) (*Target, error) {
	return scanTarget(q.QueryRowContext(ctx, `SELECT `+targetColumns+` FROM targets WHERE user_id = $1 AND period = $2`, userID, period))
}

func insertTarget(ctx context.Context, q db.Querier, t *Target) error {
	_, err := q.ExecContext(ctx, `INSERT INTO targets (`+targetColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		t.ID, t.UserID, t.Period, t.From, t.To, t.Currency, t.RevenueMinor, t.Deals, t.Certifications, t.Recruits, t.UpdatedBy, t.UpdatedAt)
	return err
}

func updateTarget(ctx context.Context, q db.Querier, t *Target) error {
	_, err := q.ExecContext(ctx, `UPDATE targets SET currency = $2, revenue_minor = $3, deals = $4, certifications = $5, recruits = $6,
		updated_by = $7, updated_at = $8 WHERE id = $1`,
		t.ID, t.Currency, t.RevenueMinor, t.Deals, t.Certifications, t.Recruits, t.UpdatedBy, t.UpdatedAt)
	return err
}

// listPeriods returns the periods that have targets, latest first.
func listPeriods(ctx context.Context, q db.Querier) ([]string, error) {
	return db.Query(ctx, q, func(row db.Row) (string, error) {
		var p string
		return p, row.Scan(&p)
	}, `SELECT period FROM targets GROUP BY period ORDER BY max(starts_on) DESC, period`)
}

// person is a user who can have targets: an admin or partner manager
// (responsible for partners) or a recruiter.
type person struct {
	ID       string
	Name     string
	Role     auth.Role
	Disabled bool
}

const personColumns = `id, name, role, disabled`

func scanPerson(row db.Row) (*person, error) {
	var p person
	err := row.Scan(&p.ID, &p.Name, &p.Role, &p.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	return &p, err
}

func listPeople(ctx context.Context, q db.Querier) ([]*person, error) {
	return db.Query(ctx, q, scanPerson, `SELECT `+personColumns+` FROM users WHERE role IN ('admin', 'manager', 'recruiter') ORDER BY id`)
}

func getPerson(ctx context.Context, q db.Querier, id string) (*person, error) {
	return scanPerson(q.QueryRowContext(ctx, `SELECT `+personColumns+` FROM users WHERE id = $1 AND role IN ('admin', 'manager', 'recruiter')`, id))
}
