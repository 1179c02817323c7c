package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// SSOPolicy is how a sign-in with a company account (single sign-on with
// OpenID Connect) becomes a pakt user. The rules, in order:
//
//  1. A user with the e-mail address (case does not matter) signs in. A
//     programme user's role follows the identity provider's groups when
//     Roles is set and the token names the groups: the highest role a
//     group gives; none refuses the sign-in. Partner users keep their role.
//  2. A new user whose groups give a programme role is created with it.
//  3. A new user whose e-mail domain an organisation lists becomes a
//     partner member of it, at once or, with ApprovePartners, after its
//     partner admin approved it.
//  4. Anyone else is refused: the organisation is not known.
type SSOPolicy struct {
	// Roles are the programme roles with the groups that give them,
	// highest role first (admin, manager, recruiter).
	Roles []RoleGroups
	// ApprovePartners makes a new partner user wait for the approval of
	// its organisation's partner admin.
	ApprovePartners bool
}

// RoleGroups are the identity provider's groups (names or ids, as the
// token carries them) that give a programme role.
type RoleGroups struct {
	Role   Role
	Groups []string
}

// StaffRole returns the highest programme role the groups give, or "".
// It is a pure rule: tested without a database.
func (p SSOPolicy) StaffRole(groups []string) Role {
	for _, rg := range p.Roles {
		for _, g := range rg.Groups {
			if slices.Contains(groups, g) {
				return rg.Role
			}
		}
	}
	return ""
}

// Identity is whom the identity provider vouches for in a verified ID
// token.
type Identity struct {
	// Subject is the provider's id of the person, for the log.
	Subject string
	Email   string
	// EmailVerified is the provider's email_verified claim; nil when the
	// token has none.
	EmailVerified *bool
	Name          string
	Groups        []string
	// HasGroups says the token carries the groups claim at all (Entra ID
	// leaves it out for people in very many groups).
	HasGroups bool
}

// The answers to a sign-in with a company account that opens no session.
var (
	ErrSSONoEmail       = apperr.New(apperr.Forbidden, "sso.error.no_email")
	ErrSSOUnverified    = apperr.New(apperr.Forbidden, "sso.error.unverified")
	ErrSSOUnknownDomain = apperr.New(apperr.Forbidden, "sso.error.unknown_domain")
	ErrSSOPending       = apperr.New(apperr.Forbidden, "sso.error.pending")
	ErrSSODisabled      = apperr.New(apperr.Forbidden, "sso.error.disabled")
	ErrSSONoRole        = apperr.New(apperr.Forbidden, "sso.error.no_role")
)

// NoticeUserPending tells a partner admin that a new user of its
// organisation waits for approval.
const NoticeUserPending = "account.notice.user_pending"

// emailOf checks the identity's e-mail address and returns it normalised.
func (id Identity) emailOf() (string, error) {
	e, bad := apperr.CleanText(apperr.Line, id.Email)
	e = NormaliseEmail(e)
	if bad != "" || e == "" {
		return "", ErrSSONoEmail
	}
	if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
		return "", ErrSSONoEmail
	}
	if id.EmailVerified != nil && !*id.EmailVerified {
		return "", ErrSSOUnverified
	}
	return e, nil
}

// nameOf is the identity's name as pakt keeps names, else the e-mail
// address's local part.
func (id Identity) nameOf(email string) string {
	name, bad := apperr.CleanText(apperr.Name, id.Name)
	name = i18n.Truncate(strings.TrimSpace(name), 200)
	if bad != "" || name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	return name
}

// SSOLogin signs in the person a verified ID token vouches for, by the
// rules of SSOPolicy, and opens a session, returning its secret token for
// the cookie. A new user is created and audited in the same transaction;
// one who must wait for approval is created and then refused with
// ErrSSOPending, its organisation's partner admins told.
func (s *Service) SSOLogin(ctx context.Context, id Identity) (*User, string, error) {
	email, err := id.emailOf()
	if err != nil {
		return nil, "", err
	}
	var u *User
	var token string
	pending, told := false, false
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		found, err := userByEmail(ctx, tx, email)
		switch {
		case errors.Is(err, apperr.ErrNotFound):
			if u, err = s.ssoCreate(ctx, tx, id, email, now); err != nil {
				return err
			}
			if u.Pending {
				pending, told = true, true
				return s.tellApprovers(ctx, tx, u)
			}
		case err != nil:
			return err
		case found.Pending:
			return ErrSSOPending
		case found.Disabled:
			return ErrSSODisabled
		default:
			if u, err = s.ssoRole(ctx, tx, found, id, now); err != nil {
				return err
			}
		}
		token, err = s.openSession(ctx, tx, u.ID, now)
		return err
	})
	if told {
		s.told()
	}
	if err != nil {
		return nil, "", err
	}
	if pending {
		return u, "", ErrSSOPending
	}
	return u, token, nil
}

// ssoRole keeps a programme user's role in line with its groups (see
// SSOPolicy), auditing a change.
func (s *Service) ssoRole(ctx context.Context, tx *sql.Tx, u *User, id Identity, now time.Time) (*User, error) {
	if u.Role.IsPartnerRole() || len(s.SSO.Roles) == 0 || !id.HasGroups {
		return u, nil
	}
	role := s.SSO.StaffRole(id.Groups)
	if role == "" {
		return nil, ErrSSONoRole
	}
	if role == u.Role {
		return u, nil
	}
	after := *u
	after.Role, after.UpdatedAt = role, now
	if err := setRole(ctx, tx, u.ID, role, now); err != nil {
		return nil, err
	}
	return &after, audit.Record(ctx, tx, now, audit.Who{Label: "sso"}, "update", "user", u.ID, "", u, after)
}

// ssoCreate creates the user of a first sign-in, or refuses an unknown
// organisation.
func (s *Service) ssoCreate(ctx context.Context, tx *sql.Tx, id Identity, email string, now time.Time) (*User, error) {
	u := &User{ID: db.NewID(), Email: email, Name: id.nameOf(email), Role: s.SSO.StaffRole(id.Groups), CreatedAt: now, UpdatedAt: now}
	if u.Role == "" {
		_, domain, _ := strings.Cut(email, "@")
		org := ""
		if s.OrgOfDomain != nil {
			var err error
			if org, err = s.OrgOfDomain(ctx, tx, domain); err != nil {
				return nil, err
			}
		}
		if org == "" {
			return nil, ErrSSOUnknownDomain
		}
		u.Role, u.OrgID = RolePartnerMember, org
		u.Pending = s.SSO.ApprovePartners
		u.Disabled = u.Pending
	}
	if _, err := tx.ExecContext(ctx, insertUserSQL, userRow(u, unusablePassword())...); err != nil {
		return nil, err
	}
	return u, audit.Record(ctx, tx, now, audit.Who{ID: u.ID, Label: u.Email}, "create", "user", u.ID, u.OrgID, nil, u)
}

// tellApprovers tells the partner admins of a pending user's organisation
// (the programme's admins when it has none) that the user waits for them.
func (s *Service) tellApprovers(ctx context.Context, tx *sql.Tx, u *User) error {
	ids, err := approvers(ctx, tx, u.OrgID)
	if err != nil {
		return err
	}
	for _, to := range ids {
		if err := s.tell(ctx, tx, Notice{Kind: NoticeUserPending, UserID: to, Args: []string{u.Name, u.Email}, Link: "/users/" + u.ID}); err != nil {
			return err
		}
	}
	return nil
}

// unusablePassword is the password hash of a user made by a sign-in: a
// well-formed hash of no password anyone knows, so that password login
// fails for it as for a wrong password until the user sets one through a
// reset link.
func unusablePassword() string {
	b := make([]byte, 48)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	enc, p := base64.RawStdEncoding, DefaultPasswordParams
	return fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$%s$%s", p.Memory, p.Time, p.Threads, enc.EncodeToString(b[:16]), enc.EncodeToString(b[16:]))
}

// SSOLifetime is how long a sign-in at the identity provider may take.
const SSOLifetime = 10 * time.Minute

// SSOStart is a sign-in with a company account under way: the state that
// comes back with the answer, the nonce the ID token must carry, the PKCE
// verifier of the code, and the page to go to afterwards.
type SSOStart struct {
	State, Nonce, Verifier, Next string
}

// ErrSSOState refuses an answer of the identity provider whose state is
// unknown, used or older than SSOLifetime: a replayed or forged answer, or
// a sign-in left too long.
var ErrSSOState = apperr.New(apperr.Unauthorised, "sso.error.failed")

// BeginSSO starts a sign-in with a company account that goes to next
// afterwards; sign-ins of more than a day ago are forgotten.
func (s *Service) BeginSSO(ctx context.Context, next string) (*SSOStart, error) {
	st := &SSOStart{State: randomSecret(), Nonce: randomSecret(), Verifier: randomSecret(), Next: next}
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		return saveSSOStart(ctx, tx, st, now)
	})
	return st, err
}

// TakeSSO returns the sign-in of the state, once: a second answer with
// the same state, an unknown one or a late one is ErrSSOState.
func (s *Service) TakeSSO(ctx context.Context, state string) (*SSOStart, error) {
	if _, bad := apperr.CleanText(apperr.Line, state); bad != "" || state == "" {
		return nil, ErrSSOState
	}
	var st *SSOStart
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		st, err = takeSSOStart(ctx, tx, state, s.now())
		return err
	})
	return st, err
}
