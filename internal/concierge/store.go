package concierge

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

const introColumns = `id, asker_org_id, asker_user_id, target_org_id, competency_id, topic, message, status, created_at,
	requested_at, decided_by, decided_at, answered_by, answered_at, reason, withdrawn_at, outcome_asked_at,
	asker_outcome, asker_outcome_at, target_outcome, target_outcome_at, updated_at`

func scanIntro(row db.Row) (*Introduction, error) {
	var in Introduction
	err := row.Scan(&in.ID, &in.AskerOrgID, &in.AskerUserID, &in.TargetOrgID, &in.CompetencyID, &in.Topic, &in.Message, &in.Status, &in.CreatedAt,
		db.NullTime(&in.RequestedAt), &in.DecidedBy, db.NullTime(&in.DecidedAt), &in.AnsweredBy, db.NullTime(&in.AnsweredAt), &in.Reason,
		db.NullTime(&in.WithdrawnAt), db.NullTime(&in.OutcomeAskedAt), &in.AskerOutcome, db.NullTime(&in.AskerOutcomeAt), &in.TargetOutcome,
		db.NullTime(&in.TargetOutcomeAt), &in.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	in.CreatedAt, in.UpdatedAt = in.CreatedAt.UTC(), in.UpdatedAt.UTC()
	return &in, nil
}

func introValues(in *Introduction) []any {
	return []any{in.ID, in.AskerOrgID, in.AskerUserID, in.TargetOrgID, in.CompetencyID, in.Topic, in.Message, in.Status, in.CreatedAt,
		db.TimeArg(in.RequestedAt), in.DecidedBy, db.TimeArg(in.DecidedAt), in.AnsweredBy, db.TimeArg(in.AnsweredAt), in.Reason,
		db.TimeArg(in.WithdrawnAt), db.TimeArg(in.OutcomeAskedAt), in.AskerOutcome, db.TimeArg(in.AskerOutcomeAt), in.TargetOutcome,
		db.TimeArg(in.TargetOutcomeAt), in.UpdatedAt}
}

func insertIntro(ctx context.Context, q db.Querier, in *Introduction) error {
	if err := countChange(ctx, q); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO introductions (`+introColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
		$12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`, introValues(in)...)
	return err
}

// updateIntro writes the introduction's changeable columns, provided its
// status is still from: two answers given at once cannot both win.
func updateIntro(ctx context.Context, q db.Querier, in *Introduction, from string) error {
	if err := countChange(ctx, q); err != nil {
		return err
	}
	res, err := q.ExecContext(ctx, `UPDATE introductions SET status = $2, requested_at = $3, decided_by = $4, decided_at = $5,
		answered_by = $6, answered_at = $7, reason = $8, withdrawn_at = $9, outcome_asked_at = $10, asker_outcome = $11,
		asker_outcome_at = $12, target_outcome = $13, target_outcome_at = $14, updated_at = $15 WHERE id = $1 AND status = $16`,
		in.ID, in.Status, db.TimeArg(in.RequestedAt), in.DecidedBy, db.TimeArg(in.DecidedAt), in.AnsweredBy, db.TimeArg(in.AnsweredAt),
		in.Reason, db.TimeArg(in.WithdrawnAt), db.TimeArg(in.OutcomeAskedAt), in.AskerOutcome, db.TimeArg(in.AskerOutcomeAt),
		in.TargetOutcome, db.TimeArg(in.TargetOutcomeAt), in.UpdatedAt, from)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "concierge.error.changed")
	}
	return nil
}

func getIntro(ctx context.Context, q db.Querier, id string) (*Introduction, error) {
	return scanIntro(q.QueryRowContext(ctx, `SELECT `+introColumns+` FROM introductions WHERE id = $1`, id))
}

// listIntros returns the introductions an organisation is a party to (as
// asker, or as target once it was asked), or for orgID "" those of which
// staff member reader steers a side (partner.SteersSQL), newest first.
func listIntros(ctx context.Context, q db.Querier, orgID string, reader *auth.Actor, limit int) ([]*Introduction, error) {
	if orgID == "" {
		asker, args := partner.SteersSQL(reader, "asker_org_id", 2)
		target, targs := partner.SteersSQL(reader, "target_org_id", 2+len(args))
		return db.Query(ctx, q, scanIntro, `SELECT `+introColumns+` FROM introductions WHERE `+asker+` OR `+target+`
			ORDER BY created_at DESC, id DESC LIMIT $1`, append(append([]any{limit}, args...), targs...)...)
	}
	return db.Query(ctx, q, scanIntro, `SELECT `+introColumns+` FROM introductions
		WHERE asker_org_id = $1 OR (target_org_id = $1 AND requested_at IS NOT NULL)
		ORDER BY created_at DESC, id DESC LIMIT $2`, orgID, limit)
}

// allIntros returns every introduction, for the statistics.
func allIntros(ctx context.Context, q db.Querier) ([]*Introduction, error) {
	return db.Query(ctx, q, scanIntro, `SELECT `+introColumns+` FROM introductions ORDER BY created_at, id`)
}

// openIntroExists reports whether the asker has an open introduction to
// the target.
func openIntroExists(ctx context.Context, q db.Querier, asker, target string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM introductions WHERE asker_org_id = $1 AND target_org_id = $2 AND status IN ($3, $4)`,
		asker, target, StatusPendingApproval, StatusRequested).Scan(&n)
	return n > 0, err
}

// outcomeDue returns the accepted introductions answered at or before
// cutoff whose sides were not yet asked for the outcome.
func outcomeDue(ctx context.Context, q db.Querier, cutoff time.Time) ([]*Introduction, error) {
	return db.Query(ctx, q, scanIntro, `SELECT `+introColumns+` FROM introductions
		WHERE status = $1 AND outcome_asked_at IS NULL AND answered_at <= $2 ORDER BY answered_at, id LIMIT 500`, StatusAccepted, cutoff)
}

// markOutcomeAsked claims the outcome question of an introduction; false
// when another process asked already.
func markOutcomeAsked(ctx context.Context, q db.Querier, id string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE introductions SET outcome_asked_at = $2 WHERE id = $1 AND outcome_asked_at IS NULL`, id, now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// listAnswers returns every answered introduction, for responsiveness.
func listAnswers(ctx context.Context, q db.Querier) ([]Answer, error) {
	return db.Query(ctx, q, func(r db.Row) (Answer, error) {
		var a Answer
		var status string
		var requested, answered time.Time
		err := r.Scan(&a.TargetOrgID, &status, &requested, &answered)
		a.Accepted, a.Took = status == StatusAccepted, answered.Sub(requested)
		return a, err
	}, `SELECT target_org_id, status, requested_at, answered_at FROM introductions
		WHERE status IN ($1, $2) AND requested_at IS NOT NULL AND answered_at IS NOT NULL`, StatusAccepted, StatusDeclined)
}

const pinColumns = `id, org_id, competency_id, created_by, created_at`

func scanPin(r db.Row) (*Pin, error) {
	var p Pin
	err := r.Scan(&p.ID, &p.OrgID, &p.CompetencyID, &p.CreatedBy, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	p.CreatedAt = p.CreatedAt.UTC()
	return &p, err
}

func listPins(ctx context.Context, q db.Querier) ([]*Pin, error) {
	return db.Query(ctx, q, scanPin, `SELECT `+pinColumns+` FROM concierge_pins ORDER BY competency_id, created_at, id`)
}

func getPin(ctx context.Context, q db.Querier, id string) (*Pin, error) {
	return scanPin(q.QueryRowContext(ctx, `SELECT `+pinColumns+` FROM concierge_pins WHERE id = $1`, id))
}

func insertPin(ctx context.Context, q db.Querier, p *Pin) error {
	if err := countChange(ctx, q); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO concierge_pins (`+pinColumns+`) VALUES ($1, $2, $3, $4, $5)`, p.ID, p.OrgID, p.CompetencyID, p.CreatedBy, p.CreatedAt)
	if db.IsUniqueViolation(err) {
		var v apperr.Validation
		v.Add("org_id", "concierge.validation.pinned_already")
		return v.Err()
	}
	return err
}

func deletePin(ctx context.Context, q db.Querier, id string) error {
	if err := countChange(ctx, q); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM concierge_pins WHERE id = $1`, id)
	return err
}

// Settings are the programme's concierge settings.
type Settings struct {
	// ApprovalRequired makes every introduction wait for a concierge's
	// approval before the target is asked.
	ApprovalRequired bool `json:"approval_required"`
}

func loadSettings(ctx context.Context, q db.Querier) (Settings, error) {
	var s Settings
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM concierge_settings WHERE name = 'approval_required'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	}
	s.ApprovalRequired = v == "true"
	return s, err
}

func saveSettings(ctx context.Context, q db.Querier, s Settings) error {
	v := "false"
	if s.ApprovalRequired {
		v = "true"
	}
	_, err := q.ExecContext(ctx, `INSERT INTO concierge_settings (name, value) VALUES ('approval_required', $1)
		ON CONFLICT (name) DO UPDATE SET value = $1`, v)
	return err
}

// countChange moves the concierge counter inside the change's
// transaction, so that cached responsiveness and pins are reloaded.
func countChange(ctx context.Context, q db.Querier) error {
	_, err := db.Bump(ctx, q, db.Concierge)
	return err
}
