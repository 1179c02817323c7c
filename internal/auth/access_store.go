package auth

import (
	"context"
	"database/sql"
	"time"

	"pakt/internal/audit"
	"pakt/internal/db"
)

// EndOrgAccess ends the access of every user of the organisation orgID
// inside tx, when the programme ends its partnership: each active user is
// disabled, its sessions end, its API tokens and unused reset links are
// revoked, each change audited as who's. It returns how many users it
// disabled. The caller decides who may do so.
func (s *Service) EndOrgAccess(ctx context.Context, tx *sql.Tx, who audit.Who, orgID string, now time.Time) (int, error) {
	users, err := db.Query(ctx, tx, scanUser, `SELECT `+userColumns+` FROM users WHERE org_id = $1 AND disabled = FALSE ORDER BY id`, orgID)
	if err != nil {
		return 0, err
	}
	for _, before := range users {
		u := *before
		u.Disabled, u.Pending, u.UpdatedAt = true, false, now
		if _, err := tx.ExecContext(ctx, `UPDATE users SET disabled = TRUE, pending = FALSE, updated_at = $2 WHERE id = $1`, u.ID, now); err != nil {
			return 0, err
		}
		if err := audit.Record(ctx, tx, now, who, "update", "user", u.ID, orgID, before, u); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, u.ID, now); err != nil {
			return 0, err
		}
		if _, err := revokeTokens(ctx, tx, who, u.ID, orgID, now, "partnership_ended"); err != nil {
			return 0, err
		}
	}
	return len(users), nil
}

// revokeTokens revokes the user's live API tokens inside tx, each audited
// with the reason, and returns their ids.
func revokeTokens(ctx context.Context, tx *sql.Tx, who audit.Who, userID, orgID string, now time.Time, reason string) ([]string, error) {
	ids, err := db.Query(ctx, tx, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `UPDATE api_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > $2 RETURNING id`, userID, now)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if err := audit.Record(ctx, tx, now, who, "revoke", "api_token", id, orgID, nil, map[string]string{"reason": reason}); err != nil {
			return nil, err
		}
	}
	return ids, nil
}
