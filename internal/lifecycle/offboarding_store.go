package lifecycle

import (
	"context"
	"database/sql"
	"errors"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const offboardingColumns = `f.id, f.org_id, f.reason, f.note, f.unpublished_at, f.handed_over_at, f.handover_note, f.ended_at, f.users_ended,
	f.started_by, COALESCE(s.name, ''), f.ended_by, COALESCE(e.name, ''), f.started_at`

const offboardingFrom = ` FROM offboardings f LEFT JOIN users s ON s.id = f.started_by LEFT JOIN users e ON e.id = f.ended_by`

func scanOffboarding(row db.Row) (*Offboarding, error) {
	var o Offboarding
	err := row.Scan(&o.ID, &o.OrgID, &o.Reason, &o.Note, db.NullTime(&o.UnpublishedAt), db.NullTime(&o.HandedOverAt), &o.HandoverNote,
		db.NullTime(&o.EndedAt), &o.UsersEnded, &o.StartedByID, &o.StartedByName, &o.EndedByID, &o.EndedByName, &o.StartedAt)
	if err != nil {
		return nil, err
	}
	o.StartedAt = o.StartedAt.UTC()
	return &o, nil
}

// listOffboardings returns an organisation's offboardings, newest first.
func listOffboardings(ctx context.Context, q db.Querier, orgID string) ([]*Offboarding, error) {
	return db.Query(ctx, q, scanOffboarding, `SELECT `+offboardingColumns+offboardingFrom+` WHERE f.org_id = $1 ORDER BY f.started_at DESC, f.id DESC`, orgID)
}

func insertOffboarding(ctx context.Context, q db.Querier, o *Offboarding) error {
	_, err := q.ExecContext(ctx, `INSERT INTO offboardings (id, org_id, reason, note, started_by, started_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		o.ID, o.OrgID, o.Reason, o.Note, o.StartedByID, o.StartedAt)
	return err
}

func updateOffboarding(ctx context.Context, q db.Querier, o *Offboarding) error {
	_, err := q.ExecContext(ctx, `UPDATE offboardings SET unpublished_at = $2, handed_over_at = $3, handover_note = $4, ended_at = $5, users_ended = $6, ended_by = $7
		WHERE id = $1`, o.ID, db.TimeArg(o.UnpublishedAt), db.TimeArg(o.HandedOverAt), o.HandoverNote, db.TimeArg(o.EndedAt), o.UsersEnded, o.EndedByID)
	return err
}

// offboardee reads what offboarding needs of an organisation: its name,
// kind, status and manager.
func offboardee(ctx context.Context, q db.Querier, orgID string) (name, kind, status, managerID string, err error) {
	err = q.QueryRowContext(ctx, `SELECT legal_name, kind, status, COALESCE(manager_id, '') FROM organisations WHERE id = $1 AND deleted_at IS NULL`, orgID).
		Scan(&name, &kind, &status, &managerID)
	if errors.Is(err, sql.ErrNoRows) {
		err = apperr.ErrNotFound
	}
	return name, kind, status, managerID, err
}
