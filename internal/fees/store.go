package fees

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const ruleColumns = `recruiter_id, version, currency, stage, stage_fee_minor, won_fee_minor, clawback_months, valid_from, author_label, created_at`

func scanRule(row db.Row) (*Rule, error) {
	r := &Rule{}
	err := row.Scan(&r.RecruiterID, &r.Version, &r.Currency, &r.Stage, &r.StageFeeMinor, &r.WonFeeMinor, &r.ClawbackMonths, &r.from,
		&r.Author, &r.CreatedAt)
	if err != nil {
		return nil, err
	}
	r.from = time.Date(r.from.Year(), r.from.Month(), r.from.Day(), 0, 0, 0, 0, time.UTC)
	r.ValidFrom = r.from.Format(time.DateOnly)
	r.CreatedAt = r.CreatedAt.UTC()
	return r, nil
}

// ruleVersions returns every version of a recruiter's rule, newest first.
func ruleVersions(ctx context.Context, q db.Querier, recruiterID string) ([]*Rule, error) {
	return db.Query(ctx, q, scanRule, `SELECT `+ruleColumns+` FROM recruiter_fee_rules WHERE recruiter_id = $1 ORDER BY version DESC`, recruiterID)
}

// insertRule writes r as the next version of its recruiter's rule.
func insertRule(ctx context.Context, tx db.Querier, r *Rule, authorID string) error {
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM recruiter_fee_rules WHERE recruiter_id = $1`,
		r.RecruiterID).Scan(&r.Version); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO recruiter_fee_rules (recruiter_id, version, currency, stage, stage_fee_minor, won_fee_minor,
		clawback_months, valid_from, author_id, author_label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		r.RecruiterID, r.Version, r.Currency, r.Stage, r.StageFeeMinor, r.WonFeeMinor, r.ClawbackMonths, r.from, authorID, r.Author, r.CreatedAt)
	return err
}

// recruiterName returns the name of the recruiter with the id, not found
// for anyone else.
func recruiterName(ctx context.Context, q db.Querier, id string) (string, error) {
	var name string
	err := q.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1 AND role = 'recruiter'`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.ErrNotFound
	}
	return name, err
}

// recruiters returns the ids and names of the recruiters, disabled ones
// included (they may still be owed fees).
func recruiters(ctx context.Context, q db.Querier) ([][2]string, error) {
	return db.Query(ctx, q, func(r db.Row) ([2]string, error) {
		var p [2]string
		err := r.Scan(&p[0], &p[1])
		return p, err
	}, `SELECT id, name FROM users WHERE role = 'recruiter' ORDER BY id`)
}
