package auth

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/db"
)

// ResetLifetime is how long a password reset link works.
const ResetLifetime = time.Hour

// NoticePasswordReset is the mail that carries a password reset link.
const NoticePasswordReset = "account.notice.password_reset"

// ResetPath is where a reset link leads; the secret follows it.
const ResetPath = "/password/reset?token="

// Mail is an e-mail to one address that is sent at once and kept nowhere,
// because its link holds a secret (a password reset link).
type Mail struct {
	To   string
	Lang string
	// Kind is a translation key prefix: Kind+".subject" and Kind+".body".
	Kind string
	Args []string
	Link string
}

// The answers to a reset link that no longer works. Each says what
// happened, so that the user knows to ask for a new link.
var (
	ErrResetInvalid = apperr.New(apperr.Conflict, "account.reset.invalid")
	ErrResetUsed    = apperr.New(apperr.Conflict, "account.reset.used")
	ErrResetExpired = apperr.New(apperr.Conflict, "account.reset.expired")
	// ErrResetSSOOnly answers a link of a programme user whose password
	// is switched off (Service.StaffPasswordsOff).
	ErrResetSSOOnly = apperr.New(apperr.Conflict, "account.reset.sso_only")
)

// Password reset requests are throttled like logins, per address asked for
// and per client address, but every request counts (none is a success that
// clears the count) and the client's limit applies always: a reset sends
// mail, and one client must not send it to many people.
const (
	freeResetRequests   = 3
	freeAddressRequests = 10
)

// ResetWait returns how long a request for a reset link must wait, given the
// recent requests for the same e-mail address and from the same client
// address; 0 lets it through. It is a pure rule: tested without a database.
func ResetWait(account, address Failures, now time.Time) time.Duration {
	return max(account.wait(freeResetRequests, now), address.wait(freeAddressRequests, now))
}

// RequestReset sends a password reset link to the account with the e-mail
// address, if there is an active one; lang is the language of the mail when
// the user chose none. The answer is the same whether or not there is such
// an account: nil, a refused address (malformed, whatever exists) or a wait
// (throttled the same for every address). The mail goes out in the
// background (Send), so that a known address takes no longer to answer.
func (s *Service) RequestReset(ctx context.Context, email, addr, lang string) error {
	var v apperr.Validation
	if v.Clean(&email, apperr.Line, "email") {
		email = NormaliseEmail(email)
		if email == "" {
			v.Add("email", "validation.required")
		} else if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
			v.Add("email", "validation.email")
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	now := s.now()
	if err := s.countAttempt(ctx, "reset:"+email, "reset-address:"+addr, now, ResetWait, "account.reset.throttled"); err != nil {
		return err
	}
	secret := randomSecret()
	var u *User
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		// Links expired a day ago say nothing any more.
		if _, err := tx.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at < $1`, now.Add(-24*time.Hour)); err != nil {
			return err
		}
		found, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
		if errors.Is(err, apperr.ErrNotFound) || (err == nil && (found.Disabled || !s.passwordsFor(found.Role))) {
			return nil
		} else if err != nil {
			return err
		}
		u = found
		_, err = tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
			hashToken(secret), u.ID, now, now.Add(ResetLifetime))
		return err
	})
	if err != nil || u == nil {
		return err
	}
	if u.Lang != "" {
		lang = u.Lang
	}
	if s.Send != nil {
		s.Send(ctx, Mail{To: u.Email, Lang: lang, Kind: NoticePasswordReset, Args: []string{u.Name}, Link: ResetPath + secret})
	}
	return nil
}

// ErrInviteExpired answers an invitation's link (Invite) that has expired.
var ErrInviteExpired = apperr.New(apperr.Conflict, "account.invite.expired")

// reset returns the user of a working reset link and whether the link is
// an invitation (Invite), or why it does not work; the invitation flag is
// set for a link that no longer works too.
func (s *Service) reset(ctx context.Context, q db.Querier, token string, now time.Time) (*User, bool, error) {
	if _, bad := apperr.CleanText(apperr.Line, token); bad != "" || token == "" {
		return nil, false, ErrResetInvalid
	}
	var userID string
	var expires time.Time
	var used sql.NullTime
	var invitation bool
	err := q.QueryRowContext(ctx, `SELECT user_id, expires_at, used_at, invitation FROM password_resets WHERE token_hash = $1`,
		hashToken(token)).Scan(&userID, &expires, &used, &invitation)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, ErrResetInvalid
	} else if err != nil {
		return nil, false, err
	}
	switch {
	case used.Valid:
		return nil, invitation, ErrResetUsed
	case !now.Before(expires) && invitation:
		return nil, invitation, ErrInviteExpired
	case !now.Before(expires):
		return nil, invitation, ErrResetExpired
	}
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, userID))
	if errors.Is(err, apperr.ErrNotFound) || (err == nil && u.Disabled) {
		return nil, invitation, ErrResetInvalid
	}
	if err == nil && !s.passwordsFor(u.Role) {
		return nil, invitation, ErrResetSSOOnly
	}
	return u, invitation, err
}

// CheckReset reports whether a reset link works: nil, or ErrResetInvalid,
// ErrResetUsed or ErrResetExpired (ErrInviteExpired for an invitation).
func (s *Service) CheckReset(ctx context.Context, token string) error {
	_, _, err := s.reset(ctx, s.DB, token, s.now())
	return err
}

// CheckLink is CheckReset that also reports whether the link is an
// invitation of a new user (Invite), whose page welcomes it.
func (s *Service) CheckLink(ctx context.Context, token string) (invitation bool, err error) {
	_, invitation, err = s.reset(ctx, s.DB, token, s.now())
	return invitation, err
}

// CompleteReset sets a new password through a reset link, under the same
// rules as a password change: it ends every session of the user, revokes
// their API tokens and makes every other reset link of theirs unusable.
// The link works once.
func (s *Service) CompleteReset(ctx context.Context, token, pw string) error {
	if err := s.CheckReset(ctx, token); err != nil {
		return err
	}
	hash, err := s.newPassword(pw, "password")
	if err != nil {
		return err
	}
	told := false
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		// Checked again in the transaction: a link used meanwhile is used.
		u, _, err := s.reset(ctx, tx, token, now)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE token_hash = $1`, hashToken(token), now); err != nil {
			return err
		}
		told, err = s.resetTo(ctx, tx, u.Actor().Who(), u, hash, map[string]string{"by": "link"})
		return err
	})
	if err == nil && told {
		s.told()
	}
	return err
}
