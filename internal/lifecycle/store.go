package lifecycle

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

const prospectColumns = `p.org_id, o.legal_name, o.kind, p.stage, p.owner_id, COALESCE(u.name, ''), p.next_step, p.notes, p.due_on, p.lost_reason, p.source, p.created_at, p.updated_at, p.stage_since`

const prospectFrom = ` FROM prospects p JOIN organisations o ON o.id = p.org_id AND o.deleted_at IS NULL LEFT JOIN users u ON u.id = p.owner_id`

func scanProspect(row interface{ Scan(...any) error }) (*Prospect, error) {
	var p Prospect
	err := row.Scan(&p.OrgID, &p.Name, &p.kind, &p.Stage, &p.OwnerID, &p.OwnerName, &p.NextStep, &p.Notes, db.NullDay(&p.DueOn), &p.LostReason, &p.Source, &p.CreatedAt, &p.UpdatedAt, &p.StageSince)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	p.CreatedAt, p.UpdatedAt, p.StageSince = p.CreatedAt.UTC(), p.UpdatedAt.UTC(), p.StageSince.UTC()
	return &p, nil
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

func loadProspect(ctx context.Context, q db.Querier, orgID string) (*Prospect, error) {
	return scanProspect(q.QueryRowContext(ctx, `SELECT `+prospectColumns+prospectFrom+` WHERE p.org_id = $1`, orgID))
}

// listProspects returns the prospects, of one owner when ownerID is set.
func listProspects(ctx context.Context, q db.Querier, ownerID string) ([]*Prospect, error) {
	query := `SELECT ` + prospectColumns + prospectFrom + ` ORDER BY p.due_on, lower(o.legal_name), p.org_id`
	args := []any{}
	if ownerID != "" {
		query = `SELECT ` + prospectColumns + prospectFrom + ` WHERE p.owner_id = $1 ORDER BY p.due_on, lower(o.legal_name), p.org_id`
		args = append(args, ownerID)
	}
	return db.Query(ctx, q, scanProspect, query, args...)
}

func insertProspect(ctx context.Context, q db.Querier, p *Prospect) error {
	_, err := q.ExecContext(ctx, `INSERT INTO prospects (org_id, stage, owner_id, next_step, notes, due_on, lost_reason, source, created_at, updated_at, stage_since)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		p.OrgID, p.Stage, p.OwnerID, p.NextStep, p.Notes, db.TimeArg(p.DueOn), p.LostReason, p.Source, p.CreatedAt, p.UpdatedAt, p.StageSince)
	return err
}

func updateProspect(ctx context.Context, q db.Querier, p *Prospect) error {
	_, err := q.ExecContext(ctx, `UPDATE prospects SET stage = $2, owner_id = $3, next_step = $4, notes = $5, due_on = $6, lost_reason = $7, updated_at = $8, stage_since = $9
		WHERE org_id = $1`,
		p.OrgID, p.Stage, p.OwnerID, p.NextStep, p.Notes, db.TimeArg(p.DueOn), p.LostReason, p.UpdatedAt, p.StageSince)
	return err
}

func insertChange(ctx context.Context, q db.Querier, c *Change, id string) error {
	// The counter's shard row stays locked until the transaction ends, so
	// the shard's numbers are taken in commit order.
	seq, err := db.Bump(ctx, q, db.ProspectChanges)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `INSERT INTO prospect_stage_changes (id, org_id, from_stage, to_stage, at, by_id, seq, override_reason, overridden)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		id, c.OrgID, c.From, c.To, c.At, c.ByID, seq, c.OverrideReason, strings.Join(c.Overridden, " "))
	return err
}

// changeCounter returns the mark of the stage changes' counter.
func changeCounter(ctx context.Context, q db.Querier) (db.Mark, error) {
	v, err := db.Counters(ctx, q, db.ProspectChanges)
	if err != nil {
		return db.Mark{}, err
	}
	return v[0], nil
}

// changesSince returns the stage changes numbered after the mark since up
// to and including upto, of every organisation, deleted ones too.
func changesSince(ctx context.Context, q db.Querier, since, upto db.Mark) ([]Change, error) {
	changed, args := db.Since("seq", since, upto, 1)
	// Numbers of different shards are not in commit order; changes at
	// the same time come in the order of their ids, which are ordered by
	// the time they were made. They come by prospect, as the history
	// keeps them, so that each prospect's are read into memory together.
	rows, err := q.QueryContext(ctx, `SELECT org_id, from_stage, to_stage, at, by_id FROM prospect_stage_changes WHERE `+changed+` ORDER BY org_id, at, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		if err := rows.Scan(&c.OrgID, &c.From, &c.To, &c.At, &c.ByID); err != nil {
			return nil, err
		}
		c.At = c.At.UTC()
		out = append(out, c)
	}
	return out, rows.Err()
}

// deletedOrganisations returns the ids of deleted organisations.
func deletedOrganisations(ctx context.Context, q db.Querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM organisations WHERE deleted_at IS NOT NULL`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// listChanges returns the stage changes of one prospect, oldest first.
func listChanges(ctx context.Context, q db.Querier, orgID string) ([]Change, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.org_id, c.from_stage, c.to_stage, c.at, c.by_id, c.override_reason, c.overridden
		FROM prospect_stage_changes c WHERE c.org_id = $1 ORDER BY c.at, c.id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	for rows.Next() {
		var c Change
		var overridden string
		if err := rows.Scan(&c.OrgID, &c.From, &c.To, &c.At, &c.ByID, &c.OverrideReason, &overridden); err != nil {
			return nil, err
		}
		c.At, c.Overridden = c.At.UTC(), strings.Fields(overridden)
		out = append(out, c)
	}
	return out, rows.Err()
}

// Owner is a user who can own prospects: an admin, a partner manager or a
// recruiter.
type Owner struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

func listOwners(ctx context.Context, q db.Querier) ([]Owner, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, role FROM users WHERE role IN ('admin', 'manager', 'recruiter') AND disabled = FALSE ORDER BY lower(name), id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Owner
	for rows.Next() {
		var o Owner
		if err := rows.Scan(&o.ID, &o.Name, &o.Role); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ownerRole returns the role of an active user, or "" when there is none.
func ownerRole(ctx context.Context, q db.Querier, id string) (string, error) {
	var role string
	err := q.QueryRowContext(ctx, `SELECT role FROM users WHERE id = $1 AND disabled = FALSE`, id).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return role, err
}

// orgKind returns the kind of an organisation, apperr.ErrNotFound when
// there is none.
func orgKind(ctx context.Context, q db.Querier, id string) (string, error) {
	var kind string
	err := q.QueryRowContext(ctx, `SELECT kind FROM organisations WHERE id = $1 AND deleted_at IS NULL`, id).Scan(&kind)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.ErrNotFound
	}
	return kind, err
}

func prospectExists(ctx context.Context, q db.Querier, id string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM prospects WHERE org_id = $1`, id).Scan(&n)
	return n > 0, err
}

// ownerEmails maps the ids of the users who can own prospects to their
// e-mail addresses, for files.
func ownerEmails(ctx context.Context, q db.Querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, email FROM users WHERE role IN ('admin', 'manager', 'recruiter')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, email string
		if err := rows.Scan(&id, &email); err != nil {
			return nil, err
		}
		out[id] = email
	}
	return out, rows.Err()
}
