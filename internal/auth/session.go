package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
)

// Throttling of failed logins: after a number of free failures within
// failureWindow, each further attempt for the same account or from the same
// address must wait twice as long as the one before, up to maxDelay. An
// address gets more free failures than an account, since an office shares
// one address.
const (
	freeAccountFailures = 3
	freeAddressFailures = 10
	failureWindow       = 15 * time.Minute
	maxDelay            = 5 * time.Minute
)

// ThrottleDelay returns how long an attempt must wait after the given number
// of recent failures when free failures are allowed without delay. It is a
// pure rule: tested without a database.
func ThrottleDelay(failures, free int) time.Duration {
	if failures < free {
		return 0
	}
	d := time.Second << min(failures-free, 16)
	return min(d, maxDelay)
}

// ErrBadCredentials is the one answer for a wrong e-mail, a wrong password or
// a disabled account, so that none of them can be told apart.
var ErrBadCredentials = apperr.New(apperr.Unauthorised, "error.bad_credentials")

// Login checks e-mail and password and opens a session, returning its secret
// token for the cookie. Failed attempts are slowed down per account and per
// remote address.
func (s *Service) Login(ctx context.Context, email, password, addr string) (*User, string, error) {
	if _, bad := apperr.CleanText(apperr.Line, email); bad != "" {
		// No account has such an address, and PostgreSQL could not even
		// look it up (a NUL).
		return nil, "", ErrBadCredentials
	}
	email = NormaliseEmail(email)
	keys := []string{"account:" + email, "address:" + addr}
	free := []int{freeAccountFailures, freeAddressFailures}
	now := s.now()
	for i, k := range keys {
		var failures int
		var last time.Time
		err := s.DB.QueryRowContext(ctx, `SELECT failures, last_failure FROM login_failures WHERE key = $1`, k).Scan(&failures, &last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, "", err
		}
		if err == nil && now.Sub(last) < failureWindow {
			if wait := last.Add(ThrottleDelay(failures, free[i])).Sub(now); wait > 0 {
				return nil, "", apperr.New(apperr.TooMany, "error.login_throttled", int(wait.Seconds())+1)
			}
		}
	}
	var hash string
	u, err := scanUserWithHash(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = $1`, email), &hash)
	ok := false
	if err == nil {
		ok, err = CheckPassword(password, hash)
		if err != nil {
			return nil, "", err
		}
	} else if !errors.Is(err, apperr.ErrNotFound) {
		return nil, "", err
	} else {
		// Spend the same time on an unknown address as on a known one.
		CheckPassword(password, dummyHash())
	}
	if !ok || u.Disabled {
		if err := s.recordFailure(ctx, keys, now); err != nil {
			return nil, "", err
		}
		return nil, "", ErrBadCredentials
	}
	token := randomSecret()
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, keys[0]); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)`,
			hashToken(token), u.ID, now, now.Add(s.SessionTTL)); err != nil {
			return err
		}
		// Expired sessions of this user are cleared at each login.
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at < $2`, u.ID, now)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// dummyHash is made on first use, not at every start of the binary.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a password", DefaultPasswordParams)
	return h
})

func (s *Service) recordFailure(ctx context.Context, keys []string, now time.Time) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			// A failure after a quiet window starts counting again.
			_, err := tx.ExecContext(ctx, `INSERT INTO login_failures (key, failures, last_failure) VALUES ($1, 1, $2)
				ON CONFLICT (key) DO UPDATE SET
					failures = CASE WHEN login_failures.last_failure < $3 THEN 1 ELSE login_failures.failures + 1 END,
					last_failure = $2`, k, now, now.Add(-failureWindow))
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func scanUserWithHash(row *sql.Row, hash *string) (*User, error) {
	var u User
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.Lang, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	u.Role = Role(role)
	return &u, nil
}

// Logout ends the session with the given token.
func (s *Service) Logout(ctx context.Context, token string) error {
	_, err := s.DB.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hashToken(token))
	return err
}

// SessionActor returns the actor of a live session token. A session that
// is used is extended, at most once a minute, so an active user stays in;
// extended says it was, so that the cookie can be extended too.
func (s *Service) SessionActor(ctx context.Context, token string) (a *Actor, extended bool, err error) {
	if token == "" {
		return nil, false, apperr.ErrNotFound
	}
	now := s.now()
	var u User
	var role string
	var expires, lastSeen time.Time
	err = s.DB.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.role, COALESCE(u.org_id, ''), u.lang, s.expires_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND u.disabled = FALSE`, hashToken(token)).
		Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.Lang, &expires, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, apperr.ErrNotFound
	}
	if err != nil {
		return nil, false, err
	}
	if !expires.After(now) {
		return nil, false, apperr.ErrNotFound
	}
	if now.Sub(lastSeen) > time.Minute {
		if _, err := s.DB.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1`,
			hashToken(token), now, now.Add(s.SessionTTL)); err != nil {
			return nil, false, err
		}
		extended = true
	}
	u.Role = Role(role)
	return u.Actor(), extended, nil
}

// TokenPrefix starts every API token, so that a leaked one is recognisable.
const TokenPrefix = "pakt_"

// MaxTokenLifetime is the longest an API token may live.
const MaxTokenLifetime = 366 * 24 * time.Hour

// TokenActor returns the actor of a live, unrevoked API token and records
// its use (at most once a minute).
func (s *Service) TokenActor(ctx context.Context, token string) (*Actor, error) {
	if !strings.HasPrefix(token, TokenPrefix) {
		return nil, apperr.ErrNotFound
	}
	now := s.now()
	var u User
	var role, id string
	var expires time.Time
	var lastUsed sql.NullTime
	err := s.DB.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.role, COALESCE(u.org_id, ''), u.lang, t.id, t.expires_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = FALSE`, hashToken(token)).
		Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.Lang, &id, &expires, &lastUsed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !expires.After(now) {
		return nil, apperr.ErrNotFound
	}
	if !lastUsed.Valid || now.Sub(lastUsed.Time) > time.Minute {
		if _, err := s.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, now); err != nil {
			return nil, err
		}
	}
	u.Role = Role(role)
	return u.Actor(), nil
}

// CreateToken makes an API token for the actor, valid for the given
// lifetime, and returns it with its secret, which is never shown again.
func (s *Service) CreateToken(ctx context.Context, a *Actor, name string, lifetime time.Duration) (*Token, string, error) {
	var v apperr.Validation
	v.Text(&name, apperr.Line, "name", 100, true)
	if lifetime <= 0 || lifetime > MaxTokenLifetime {
		v.Add("expires_in_days", "validation.range", 1, 366)
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	secret := TokenPrefix + randomSecret()
	now := s.now()
	t := &Token{ID: db.NewID(), Name: name, Prefix: secret[:len(TokenPrefix)+6], CreatedAt: now, ExpiresAt: now.Add(lifetime)}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			t.ID, a.UserID, t.Name, hashToken(secret), t.Prefix, t.CreatedAt, t.ExpiresAt); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "api_token", t.ID, a.OrgID, nil, t)
	})
	if err != nil {
		return nil, "", err
	}
	return t, secret, nil
}

// ListTokens returns the actor's own tokens, newest first.
func (s *Service) ListTokens(ctx context.Context, a *Actor) ([]*Token, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT id, name, prefix, created_at, expires_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, a.UserID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Token
	for rows.Next() {
		var t Token
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &t.ExpiresAt, &used, &revoked); err != nil {
			return nil, err
		}
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		if revoked.Valid {
			t.RevokedAt = &revoked.Time
		}
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken revokes one of the actor's own tokens.
func (s *Service) RevokeToken(ctx context.Context, a *Actor, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL`, id, a.UserID, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.ErrNotFound
		}
		return audit.Record(ctx, tx, now, a.Who(), "revoke", "api_token", id, a.OrgID, nil, nil)
	})
}
