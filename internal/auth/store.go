package auth

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/db"
)

// userByEmail reads the user with the (normalised) e-mail address, else
// apperr.ErrNotFound.
func userByEmail(ctx context.Context, q db.Querier, email string) (*User, error) {
	return scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
}

// setRole changes a user's role.
func setRole(ctx context.Context, tx *sql.Tx, id string, role Role, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE users SET role = $2, updated_at = $3 WHERE id = $1`, id, string(role), now)
	return err
}

// approvers are the active partner admins of the organisation, or the
// programme's active admins when it has none.
func approvers(ctx context.Context, q db.Querier, orgID string) ([]string, error) {
	scan := func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}
	ids, err := db.Query(ctx, q, scan, `SELECT id FROM users WHERE org_id = $1 AND role = 'partner_admin' AND disabled = FALSE ORDER BY id`, orgID)
	if err != nil || len(ids) > 0 {
		return ids, err
	}
	return db.Query(ctx, q, scan, `SELECT id FROM users WHERE role = 'admin' AND disabled = FALSE ORDER BY id`)
}

// saveSSOStart keeps a sign-in under way (its state as a hash) and forgets
// those of more than a day ago.
func saveSSOStart(ctx context.Context, tx *sql.Tx, st *SSOStart, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sso_logins WHERE expires_at < $1`, now.Add(-24*time.Hour)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sso_logins (state_hash, nonce, verifier, next, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		hashToken(st.State), st.Nonce, st.Verifier, st.Next, now.Add(SSOLifetime))
	return err
}

// takeSSOStart deletes the sign-in of the state and returns it, or
// ErrSSOState when there is none or it expired.
func takeSSOStart(ctx context.Context, tx *sql.Tx, state string, now time.Time) (*SSOStart, error) {
	st := &SSOStart{State: state}
	var expires time.Time
	err := tx.QueryRowContext(ctx, `DELETE FROM sso_logins WHERE state_hash = $1 RETURNING nonce, verifier, next, expires_at`, hashToken(state)).
		Scan(&st.Nonce, &st.Verifier, &st.Next, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrSSOState
	}
	if err != nil {
		return nil, err
	}
	if !now.Before(expires) {
		return nil, ErrSSOState
	}
	return st, nil
}
