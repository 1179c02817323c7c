package partner

import (
	"context"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
)

func loadOwnershipSettings(ctx context.Context, q db.Querier) (*OwnershipSettings, error) {
	var s OwnershipSettings
	err := q.QueryRowContext(ctx, `SELECT own_only FROM ownership_settings WHERE id = 1`).Scan(&s.OwnOnly)
	return &s, err
}

func saveOwnershipSettings(ctx context.Context, q db.Querier, s OwnershipSettings) error {
	_, err := q.ExecContext(ctx, `UPDATE ownership_settings SET own_only = $1 WHERE id = 1`, s.OwnOnly)
	return err
}

// setManager makes to the organisation's manager; the change number tells
// the caches.
func setManager(ctx context.Context, q db.Querier, orgID, to string, now time.Time) error {
	seq, err := db.Bump(ctx, q, db.Organisations)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE organisations SET manager_id = $2, updated_at = $3, seq = $4 WHERE id = $1`,
		orgID, db.TextArg(to), now, seq)
	return err
}

func insertHandover(ctx context.Context, q db.Querier, h Handover) error {
	_, err := q.ExecContext(ctx, `INSERT INTO handovers (id, org_id, from_id, to_id, note, by_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		h.ID, h.orgID, h.fromID, h.toID, h.Note, h.byID, h.At)
	return err
}

func deputyIDs(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT user_id FROM organisation_deputies WHERE org_id = $1 ORDER BY user_id`, orgID)
}

func deleteDeputy(ctx context.Context, q db.Querier, orgID, userID string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM organisation_deputies WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	return err
}

func saveDeputies(ctx context.Context, q db.Querier, orgID string, ids []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM organisation_deputies WHERE org_id = $1`, orgID); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := q.ExecContext(ctx, `INSERT INTO organisation_deputies (org_id, user_id) VALUES ($1, $2)`, orgID, id); err != nil {
			return err
		}
	}
	return nil
}

// loadOwnership reads o's manager, deputies and handovers with the names
// of the people, as a sees them.
func loadOwnership(ctx context.Context, q db.Querier, a *auth.Actor, o *Organisation) (*Ownership, error) {
	out := &Ownership{OrgID: o.ID, Deputies: []Person{}, Handovers: []Handover{}, CanHandOver: mayHandOver(a, o)}
	if o.ManagerID != "" {
		p := Person{ID: o.ManagerID}
		if err := q.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, o.ManagerID).Scan(&p.Name); err != nil {
			return nil, err
		}
		out.Manager = &p
	}
	deputies, err := db.Query(ctx, q, func(r db.Row) (Person, error) {
		var p Person
		return p, r.Scan(&p.ID, &p.Name)
	}, `SELECT u.id, u.name FROM organisation_deputies d JOIN users u ON u.id = d.user_id WHERE d.org_id = $1 ORDER BY lower(u.name), u.id`, o.ID)
	if err != nil {
		return nil, err
	}
	out.Deputies = append(out.Deputies, deputies...)
	handovers, err := db.Query(ctx, q, func(r db.Row) (Handover, error) {
		var h Handover
		err := r.Scan(&h.ID, &h.fromID, &h.fromName, &h.toID, &h.To.Name, &h.Note, &h.By, &h.At)
		h.To.ID = h.toID
		if h.fromID != "" {
			h.From = &Person{ID: h.fromID, Name: h.fromName}
		}
		return h, err
	}, `SELECT h.id, h.from_id, COALESCE(f.name, ''), h.to_id, COALESCE(t.name, ''), h.note, COALESCE(b.name, ''), h.at
		FROM handovers h LEFT JOIN users f ON f.id = h.from_id LEFT JOIN users t ON t.id = h.to_id LEFT JOIN users b ON b.id = h.by_id
		WHERE h.org_id = $1 ORDER BY h.at DESC, h.id`, o.ID)
	if err != nil {
		return nil, err
	}
	out.Handovers = append(out.Handovers, handovers...)
	return out, nil
}

// deputised returns the organisations the user deputises.
func deputised(ctx context.Context, q db.Querier, userID string) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT org_id FROM organisation_deputies WHERE user_id = $1`, userID)
}
