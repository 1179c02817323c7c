package auth

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
)

// InviteLifetime is how long an invitation's link to set a password works.
const InviteLifetime = 7 * 24 * time.Hour

// ErrEmailTaken refuses an invitation to an address that has an account.
var ErrEmailTaken = apperr.New(apperr.Conflict, "validation.email_taken")

// Invitation is a new user made for someone who has no password yet: the
// owner sets it through a link that is valid InviteLifetime.
type Invitation struct {
	Email string
	Name  string
	Role  Role
	OrgID string
	Lang  string
}

// EmailTaken reports whether an account has the e-mail address.
func (s *Service) EmailTaken(ctx context.Context, q db.Querier, email string) (bool, error) {
	_, err := userByEmail(ctx, q, NormaliseEmail(email))
	if errors.Is(err, apperr.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// Invite creates, in tx, the user of in without a usable password, and a
// link to set it (ResetPath and the secret) that works InviteLifetime and
// once; the page of the link welcomes the user instead of speaking of a
// reset. The caller mails the link at once and keeps it nowhere (Send).
// An address that has an account already is refused with ErrEmailTaken.
func (s *Service) Invite(ctx context.Context, tx *sql.Tx, who audit.Who, in Invitation) (*User, string, error) {
	now := s.now()
	u := &User{ID: db.NewID(), Email: NormaliseEmail(in.Email), Name: in.Name, Role: in.Role, OrgID: in.OrgID, Lang: in.Lang, CreatedAt: now, UpdatedAt: now}
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email || !u.Role.Valid() || (u.Role.IsPartnerRole() && u.OrgID == "") {
		var v apperr.Validation
		v.Add("email", "validation.email")
		return nil, "", v.Err()
	}
	if !u.Role.IsPartnerRole() {
		u.OrgID = ""
	}
	// Looked up first: a refused insert would end a PostgreSQL transaction.
	switch _, err := userByEmail(ctx, tx, u.Email); {
	case err == nil:
		return nil, "", ErrEmailTaken
	case !errors.Is(err, apperr.ErrNotFound):
		return nil, "", err
	}
	if _, err := tx.ExecContext(ctx, insertUserSQL, userRow(u, unusablePassword())...); err != nil {
		return nil, "", err
	}
	if err := audit.Record(ctx, tx, now, who, "create", "user", u.ID, u.OrgID, nil, u); err != nil {
		return nil, "", err
	}
	secret := randomSecret()
	if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, invitation) VALUES ($1, $2, $3, $4, TRUE)`,
		hashToken(secret), u.ID, now, now.Add(InviteLifetime)); err != nil {
		return nil, "", err
	}
	return u, ResetPath + secret, nil
}
