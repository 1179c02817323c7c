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

// Throttling of logins. Every attempt is counted against its account (the
// e-mail address given, whether a user has it or not) and against the
// client's address before its password is checked, in one transaction per
// attempt, so that parallel guesses each see the ones before them. The first
// failures within failureWindow are free; after them each attempt must wait
// twice as long after the last one as the one before, up to maxDelay. A
// correct password clears its account's count and takes its attempt off the
// address's count. An attempt that must wait is refused with the wait (429
// and Retry-After) without checking the password and without counting.
//
// The account limit always applies. The address limit applies only to
// attempts on accounts that are failing themselves (at least one failure in
// the window): so many failures from one address (an office or a reverse
// proxy shares one) never keep another user from logging in, while an
// attacker who guesses across many accounts from one address gets one guess
// per account and window once the address is throttled, instead of the
// account's free failures and more.
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

// Failures are the recent failed logins counted against an account or an
// address, and when the last one was.
type Failures struct {
	Count int
	Last  time.Time
}

// recent returns the failures that still count at now: none after a quiet
// window.
func (f Failures) recent(now time.Time) Failures {
	if now.Sub(f.Last) >= failureWindow {
		return Failures{}
	}
	return f
}

// wait is how long after now an attempt must wait given these failures.
func (f Failures) wait(free int, now time.Time) time.Duration {
	f = f.recent(now)
	if f.Count == 0 {
		return 0
	}
	return max(f.Last.Add(ThrottleDelay(f.Count, free)).Sub(now), 0)
}

// LoginWait returns how long a login attempt must wait, given the failures
// of its account and of its address, by the rule above; 0 lets it be
// checked. It is a pure rule: tested without a database.
func LoginWait(account, address Failures, now time.Time) time.Duration {
	if w := account.wait(freeAccountFailures, now); w > 0 {
		return w
	}
	if account.recent(now).Count == 0 {
		return 0
	}
	return address.wait(freeAddressFailures, now)
}

// ErrBadCredentials is the one answer for a wrong e-mail, a wrong password or
// a disabled account, so that none of them can be told apart.
var ErrBadCredentials = apperr.New(apperr.Unauthorised, "error.bad_credentials")

// accountKey and addressKey are the keys a login attempt counts against.
func accountKey(email string) string { return "account:" + NormaliseEmail(email) }
func addressKey(addr string) string  { return "address:" + addr }

// Login checks e-mail and password and opens a session, returning its secret
// token for the cookie. Attempts are throttled per account and per client
// address (see LoginWait).
func (s *Service) Login(ctx context.Context, email, password, addr string) (*User, string, error) {
	if _, bad := apperr.CleanText(apperr.Line, email); bad != "" {
		// No account has such an address, and PostgreSQL could not even
		// look it up (a NUL).
		return nil, "", ErrBadCredentials
	}
	email = NormaliseEmail(email)
	now := s.now()
	if err := s.countAttempt(ctx, accountKey(email), addressKey(addr), now, LoginWait, "error.login_throttled"); err != nil {
		return nil, "", err
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
		// The attempt was counted as a failure before the check.
		return nil, "", ErrBadCredentials
	}
	if !s.passwordsFor(u.Role) {
		// Only who knows the password learns that it is not taken.
		return nil, "", ErrPasswordLoginOff
	}
	var token string
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, accountKey(email)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = failures - 1 WHERE key = $1 AND failures > 0`, addressKey(addr)); err != nil {
			return err
		}
		token, err = s.openSession(ctx, tx, u.ID, now)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}

// openSession opens a session of the user in tx and returns its secret
// token for the cookie; every way of logging in ends here.
func (s *Service) openSession(ctx context.Context, tx *sql.Tx, userID string, now time.Time) (string, error) {
	token := randomSecret()
	if _, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $3)`,
		hashToken(token), userID, now, now.Add(s.SessionTTL)); err != nil {
		return "", err
	}
	// Expired sessions of this user are cleared at each login.
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND expires_at < $2`, userID, now)
	return token, err
}

// ErrPasswordLoginOff refuses the password of a programme user (admin,
// manager, recruiter) when local passwords are switched off for them: they
// sign in with their company account.
var ErrPasswordLoginOff = apperr.New(apperr.Forbidden, "error.password_login_off")

// passwordsFor reports whether users of the role may log in with a password
// of pakt's own: partner users always, programme users unless
// StaffPasswordsOff.
func (s *Service) passwordsFor(r Role) bool { return r.IsPartnerRole() || !s.StaffPasswordsOff }

// countAttempt counts a login attempt as a failure of its account and
// address before the password is checked, or refuses it with the wait
// the rule (LoginWait, ResetWait) asks for, saying so with the message key. The two counters are locked in one transaction (on
// PostgreSQL by the upsert, on SQLite by the immediate transaction), always
// account first, so parallel attempts are counted one after the other.
func (s *Service) countAttempt(ctx context.Context, account, address string, now time.Time, rule func(account, address Failures, now time.Time) time.Duration, key string) error {
	var wait time.Duration
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		lock := func(key string) (Failures, error) {
			var f Failures
			err := tx.QueryRowContext(ctx, `INSERT INTO login_failures (key, failures, last_failure) VALUES ($1, 0, $2)
				ON CONFLICT (key) DO UPDATE SET failures = login_failures.failures
				RETURNING failures, last_failure`, key, now).Scan(&f.Count, &f.Last)
			return f.recent(now), err
		}
		accountFailures, err := lock(account)
		if err != nil {
			return err
		}
		addressFailures, err := lock(address)
		if err != nil {
			return err
		}
		if wait = rule(accountFailures, addressFailures, now); wait > 0 {
			return errRefused
		}
		for _, c := range []struct {
			key string
			f   Failures
		}{{account, accountFailures}, {address, addressFailures}} {
			if _, err := tx.ExecContext(ctx, `UPDATE login_failures SET failures = $2, last_failure = $3 WHERE key = $1`, c.key, c.f.Count+1, now); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errRefused) {
		return apperr.Throttled(key, wait)
	}
	return err
}

// errRefused rolls back the counting of an attempt that must wait.
var errRefused = errors.New("login attempt must wait")

// dummyHash is made on first use, not at every start of the binary.
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("not a password", DefaultPasswordParams)
	return h
})

func scanUserWithHash(row *sql.Row, hash *string) (*User, error) {
	var u User
	var role string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.Lang, &u.Disabled, &u.Pending, &u.CreatedAt, &u.UpdatedAt, hash)
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
	a = u.Actor()
	a.Via = ViaSession
	return a, extended, nil
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
	var lastUsed *time.Time
	err := s.DB.QueryRowContext(ctx, `SELECT u.id, u.email, u.name, u.role, COALESCE(u.org_id, ''), u.lang, t.id, t.expires_at, t.last_used_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled = FALSE`, hashToken(token)).
		Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.Lang, &id, &expires, db.NullTime(&lastUsed))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !expires.After(now) {
		return nil, apperr.ErrNotFound
	}
	if lastUsed == nil || now.Sub(*lastUsed) > time.Minute {
		if _, err := s.DB.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, now); err != nil {
			return nil, err
		}
	}
	u.Role = Role(role)
	a := u.Actor()
	a.Via = ViaToken
	return a, nil
}

// errTokenMintsToken refuses a token's attempt to make tokens: one leaked
// short-lived token must not turn into long-lived ones.
var errTokenMintsToken = apperr.New(apperr.Forbidden, "error.token_creates_token")

// CreateToken makes an API token for the actor, valid for the given
// lifetime, and returns it with its secret, which is never shown again.
// Only a person makes tokens: a caller that authenticated with a token is
// refused.
func (s *Service) CreateToken(ctx context.Context, a *Actor, name string, lifetime time.Duration) (*Token, string, error) {
	if a.ByToken() {
		return nil, "", errTokenMintsToken
	}
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
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &t.ExpiresAt, db.NullTime(&t.LastUsedAt), db.NullTime(&t.RevokedAt)); err != nil {
			return nil, err
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
