package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("user", "create", "update", "change_password", "reset_password")
	_ = audit.Kind("api_token", "create", "revoke")
)

// User is an account that can log in.
type User struct {
	ID       string `json:"id"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     Role   `json:"role" enum:"role"`
	OrgID    string `json:"org_id,omitempty"`
	Lang     string `json:"lang,omitempty" enum:"lang"`
	Disabled bool   `json:"disabled"`
	// Pending says the user signed in with a company account and waits for
	// the approval of its organisation's partner admin; it is disabled
	// until then.
	Pending   bool      `json:"pending"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Actor returns the user as the caller of a request.
func (u *User) Actor() *Actor {
	return &Actor{UserID: u.ID, Name: u.Name, Email: u.Email, Role: u.Role, OrgID: u.OrgID, Lang: u.Lang}
}

// Token is an API token as listed; its secret is shown once, at creation.
type Token struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Prefix     string     `json:"prefix"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  time.Time  `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
	RevokedAt  *time.Time `json:"revoked_at,omitempty"`
}

// Service implements accounts, sessions and tokens.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Password PasswordParams
	// SessionTTL is how long a session lives without use.
	SessionTTL time.Duration
	// OrgExists reports whether an organisation id exists; set by the app so
	// that auth need not know the partner tables.
	OrgExists func(ctx context.Context, q db.Querier, id string) (bool, error)
	// Tell records a notice for an account's owner in q's transaction (the
	// inbox and an e-mail); set by the app, which has the notification
	// service. Nil tells nobody.
	Tell func(ctx context.Context, q db.Querier, n Notice) error
	// Told is called after the commit of a change that recorded notices, so
	// that their mail goes out at once.
	Told func()
	// Send sends a mail at once, in the background, without keeping it:
	// a password reset link. Set by the app; nil sends nothing.
	Send func(ctx context.Context, m Mail)
	// StaffPasswordsOff switches off pakt's own passwords for programme
	// users (admins, managers, recruiters): they sign in with their
	// company account (SSO); partner users keep their passwords.
	StaffPasswordsOff bool
	// SSO is how sign-ins with a company account become users.
	SSO SSOPolicy
	// OrgOfDomain returns the organisation that lists the e-mail domain, or
	// "" for none; set by the app so that auth need not know the partner
	// tables.
	OrgOfDomain func(ctx context.Context, q db.Querier, domain string) (string, error)
}

// Notice is what the owner of an account is told about a change to it.
type Notice struct {
	// Kind is a translation key prefix: Kind+".subject" and Kind+".body".
	Kind   string
	UserID string
	Args   []string
	// Link is the page the notice leads to; "" is the own account.
	Link string
	// FormerEmail, when set, gets the e-mail too, in the language Lang: the
	// login address the user had before it was changed.
	FormerEmail string
	Lang        string
}

// The notices about accounts.
const (
	NoticeTokensRevoked = "account.notice.tokens_revoked"
	NoticeEmailChanged  = "account.notice.email_changed"
)

// tell records n unless nobody is to be told.
func (s *Service) tell(ctx context.Context, q db.Querier, n Notice) error {
	if s.Tell == nil {
		return nil
	}
	return s.Tell(ctx, q, n)
}

// told sends the mail of recorded notices.
func (s *Service) told() {
	if s.Told != nil {
		s.Told()
	}
}

// passwordChanged ends what the old password opened: the user's sessions
// (except the one with the token keep, if any), every unused reset link and
// every live API token, each revocation audited; the owner is told how many tokens were revoked. It
// reports whether it told anything.
func (s *Service) passwordChanged(ctx context.Context, tx *sql.Tx, who audit.Who, userID, orgID, keep string, now time.Time) (bool, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID, hashToken(keep)); err != nil {
		return false, err
	}
	// A reset link asked for before the change must not undo it.
	if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL`, userID, now); err != nil {
		return false, err
	}
	ids, err := revokeTokens(ctx, tx, who, userID, orgID, now, "password_changed")
	if err != nil {
		return false, err
	}
	if len(ids) == 0 {
		return false, nil
	}
	return true, s.tell(ctx, tx, Notice{Kind: NoticeTokensRevoked, UserID: userID, Args: []string{strconv.Itoa(len(ids))}})
}

// NewService returns a Service with pakt's defaults.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{DB: d, Now: now, Password: DefaultPasswordParams, SessionTTL: 14 * 24 * time.Hour}
}

// SessionLifetime is how long an unused session lives.
func (s *Service) SessionLifetime() time.Duration { return s.SessionTTL }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// NormaliseEmail lower-cases and trims an e-mail address.
func NormaliseEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// UserInput is what a user is created or changed from. Nil fields are left
// unchanged by an update.
type UserInput struct {
	Email    *string `json:"email,omitempty"`
	Name     *string `json:"name,omitempty"`
	Role     *Role   `json:"role,omitempty" enum:"role"`
	OrgID    *string `json:"org_id,omitempty"`
	Lang     *string `json:"lang,omitempty" enum:"lang"`
	Password *string `json:"password,omitempty"`
	Disabled *bool   `json:"disabled,omitempty"`
	// CurrentPassword confirms a change of one's own password or login
	// e-mail; an admin changing another user's needs none.
	CurrentPassword *string `json:"current_password,omitempty"`
	// KeepSession is the session that changes one's own password: it
	// stays open while every other one ends.
	KeepSession string `json:"-"`
}

const userColumns = `id, email, name, role, COALESCE(org_id, ''), lang, disabled, pending, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.Lang, &u.Disabled, &u.Pending, &u.CreatedAt, &u.UpdatedAt); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.ErrNotFound
		}
		return nil, err
	}
	u.Role = Role(role)
	u.CreatedAt, u.UpdatedAt = u.CreatedAt.UTC(), u.UpdatedAt.UTC()
	return &u, nil
}

// CountUsers returns how many users exist; zero means a fresh installation.
func (s *Service) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := s.DB.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, err
}

// canManage reports whether a may see and change user u.
func canManage(a *Actor, u *User) bool {
	switch {
	case a == nil:
		return false
	case a.IsAdmin():
		return true
	case a.UserID == u.ID:
		return true
	case a.Role == RolePartnerAdmin:
		return u.OrgID == a.OrgID && u.Role.IsPartnerRole()
	}
	return false
}

// GetUser returns a user the actor may see, else apperr.ErrNotFound.
func (s *Service) GetUser(ctx context.Context, a *Actor, id string) (*User, error) {
	u, err := scanUser(s.DB.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return nil, err
	}
	if !canManage(a, u) {
		return nil, apperr.ErrNotFound
	}
	return u, nil
}

// ListUsers returns the users the actor may see, ordered by name.
func (s *Service) ListUsers(ctx context.Context, a *Actor) ([]*User, error) {
	switch {
	case a.IsAdmin():
		return db.Query(ctx, s.DB, scanUser, `SELECT `+userColumns+` FROM users ORDER BY lower(name), id`)
	case a.Role == RolePartnerAdmin:
		return db.Query(ctx, s.DB, scanUser, `SELECT `+userColumns+` FROM users WHERE org_id = $1 ORDER BY lower(name), id`, a.OrgID)
	default:
		return db.Query(ctx, s.DB, scanUser, `SELECT `+userColumns+` FROM users WHERE id = $1`, a.UserID)
	}
}

func (s *Service) validateUser(ctx context.Context, q db.Querier, a *Actor, u *User, in UserInput, creating bool) error {
	return s.checkUser(ctx, q, a, u, in, creating, s.OrgExists)
}

// checkUser is validateUser with the lookup of organisations given.
func (s *Service) checkUser(ctx context.Context, q db.Querier, a *Actor, u *User, in UserInput, creating bool,
	orgExists func(ctx context.Context, q db.Querier, id string) (bool, error)) error {
	var v apperr.Validation
	if in.Email != nil {
		e := *in.Email
		if v.Clean(&e, apperr.Line, "email") {
			e = NormaliseEmail(e)
			if addr, err := mail.ParseAddress(e); e == "" {
				v.Add("email", "validation.required")
			} else if err != nil || addr.Address != e {
				v.Add("email", "validation.email")
			} else {
				u.Email = e
			}
		}
	} else if creating {
		v.Add("email", "validation.required")
	}
	v.TextInput(&u.Name, in.Name, apperr.Name, "name", 200, true, creating)
	if in.Role != nil {
		u.Role = *in.Role
	}
	if in.OrgID != nil {
		u.OrgID = *in.OrgID
		v.Clean(&u.OrgID, apperr.Line, "org_id")
	}
	if in.Lang != nil {
		u.Lang = *in.Lang
	}
	if in.Disabled != nil {
		u.Disabled = *in.Disabled
	}
	// Enabling a user who waits for approval approves it.
	u.Pending = u.Pending && u.Disabled
	switch {
	case !u.Role.Valid():
		v.Add("role", "validation.choice")
	case !a.IsAdmin() && !u.Role.IsPartnerRole() && (in.Role != nil && (creating || *in.Role != u.Role)):
		v.Add("role", "validation.role_not_allowed")
	}
	if u.Role.IsPartnerRole() {
		if u.OrgID == "" {
			v.Add("org_id", "validation.required")
		} else if orgExists != nil && !v.Has("org_id") {
			ok, err := orgExists(ctx, q, u.OrgID)
			if err != nil {
				return err
			}
			if !ok {
				v.Add("org_id", "validation.unknown_org")
			}
		}
	} else {
		u.OrgID = ""
	}
	if !a.IsAdmin() && a.Role == RolePartnerAdmin && u.OrgID != a.OrgID {
		v.Add("org_id", "validation.own_org_only")
	}
	if u.Lang != "" && u.Lang != "de" && u.Lang != "en" {
		v.Add("lang", "validation.choice")
	}
	if in.Password != nil && len([]rune(*in.Password)) < MinPasswordLength {
		v.Add("password", "validation.password_short", MinPasswordLength)
	} else if creating && in.Password == nil {
		v.Add("password", "validation.required")
	}
	return v.Err()
}

// CreateUser creates a user. Admins create any user; partner admins create
// users of their own organisation.
func (s *Service) CreateUser(ctx context.Context, a *Actor, in UserInput) (*User, error) {
	if !a.IsAdmin() && a.Role != RolePartnerAdmin {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	u := &User{ID: db.NewID()}
	var created *User
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.validateUser(ctx, tx, a, u, in, true); err != nil {
			return err
		}
		hash, err := HashPassword(*in.Password, s.Password)
		if err != nil {
			return err
		}
		now := s.now()
		u.CreatedAt, u.UpdatedAt = now, now
		_, err = tx.ExecContext(ctx, insertUserSQL, userRow(u, hash)...)
		if err != nil {
			if db.IsUniqueViolation(err) {
				var v apperr.Validation
				v.Add("email", "validation.email_taken")
				return v.Err()
			}
			return err
		}
		created = u
		return audit.Record(ctx, tx, now, a.Who(), "create", "user", u.ID, u.OrgID, nil, u)
	})
	return created, err
}

// errTokenChangesCredentials refuses a token's attempt to change its user's
// password or login e-mail: that would let a leaked token take the account.
var errTokenChangesCredentials = apperr.New(apperr.Forbidden, "error.token_changes_credentials")

// checkCurrentPassword checks the current password a gave to change its own
// password or login e-mail, adding to v what is wrong with it. A caller
// that authenticated with an API token is refused outright.
func (s *Service) checkCurrentPassword(ctx context.Context, a *Actor, current *string, v *apperr.Validation) error {
	if a.ByToken() {
		return errTokenChangesCredentials
	}
	if current == nil || *current == "" {
		v.Add("current_password", "validation.current_password_needed")
		return nil
	}
	// Guesses here count against the account as failed logins do, so that
	// a stolen session cannot try passwords at hashing speed.
	account, session := accountKey(a.Email), "user:"+a.UserID
	if err := s.countAttempt(ctx, account, session, s.now(), LoginWait, "error.login_throttled"); err != nil {
		return err
	}
	var hash string
	if err := s.DB.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, a.UserID).Scan(&hash); err != nil {
		return err
	}
	ok, err := CheckPassword(*current, hash)
	if err != nil {
		return err
	}
	if !ok {
		v.Add("current_password", "validation.password_wrong")
		return nil
	}
	_, err = s.DB.ExecContext(ctx, `DELETE FROM login_failures WHERE key IN ($1, $2)`, account, session)
	return err
}

// confirmOwnCredentials asks for the current password when in changes the
// actor's own password or login e-mail (see checkCurrentPassword).
func (s *Service) confirmOwnCredentials(ctx context.Context, a *Actor, id string, in UserInput) error {
	if a.UserID != id || (in.Password == nil && in.Email == nil) {
		return nil
	}
	if in.Password == nil {
		var email string
		if err := s.DB.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, id).Scan(&email); err != nil {
			return err
		}
		if NormaliseEmail(*in.Email) == email {
			return nil
		}
	}
	var v apperr.Validation
	if err := s.checkCurrentPassword(ctx, a, in.CurrentPassword, &v); err != nil {
		return err
	}
	return v.Err()
}

// UpdateUser changes a user the actor may manage. Changing one's own role is
// refused so that the last admin cannot lock the programme out by mistake;
// changing one's own password or login e-mail needs the current password
// and a person, not an API token. A changed login e-mail is told to the
// former address as well.
func (s *Service) UpdateUser(ctx context.Context, a *Actor, id string, in UserInput) (*User, error) {
	// The password is checked before the transaction: hashing is slow, and
	// on SQLite a transaction holds the write lock.
	if err := s.confirmOwnCredentials(ctx, a, id, in); err != nil {
		return nil, err
	}
	var out *User
	told := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
		if err != nil {
			return err
		}
		if !canManage(a, before) {
			return apperr.ErrNotFound
		}
		if a.UserID == id && ((in.Role != nil && *in.Role != before.Role) || (in.Disabled != nil && *in.Disabled) || (in.OrgID != nil && *in.OrgID != before.OrgID)) {
			var v apperr.Validation
			v.Add("role", "validation.not_on_self")
			return v.Err()
		}
		u := *before
		if err := s.validateUser(ctx, tx, a, &u, in, false); err != nil {
			return err
		}
		u.UpdatedAt = s.now()
		_, err = tx.ExecContext(ctx, `UPDATE users SET email = $2, name = $3, role = $4, org_id = $5, lang = $6, disabled = $7, pending = $8, updated_at = $9 WHERE id = $1`,
			u.ID, u.Email, u.Name, string(u.Role), db.TextArg(u.OrgID), u.Lang, u.Disabled, u.Pending, u.UpdatedAt)
		if err != nil {
			if db.IsUniqueViolation(err) {
				var v apperr.Validation
				v.Add("email", "validation.email_taken")
				return v.Err()
			}
			return err
		}
		if in.Password != nil {
			hash, err := HashPassword(*in.Password, s.Password)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2 WHERE id = $1`, id, hash); err != nil {
				return err
			}
			keep := ""
			if a.UserID == id {
				keep = in.KeepSession
			}
			if told, err = s.passwordChanged(ctx, tx, a.Who(), u.ID, u.OrgID, keep, u.UpdatedAt); err != nil {
				return err
			}
		}
		if u.Disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return err
			}
		}
		if u.Email != before.Email {
			if err := s.tell(ctx, tx, Notice{Kind: NoticeEmailChanged, UserID: u.ID, Args: []string{before.Email, u.Email}, FormerEmail: before.Email, Lang: u.Lang}); err != nil {
				return err
			}
			told = true
		}
		out = &u
		return audit.Record(ctx, tx, u.UpdatedAt, a.Who(), "update", "user", u.ID, u.OrgID, before, u)
	})
	if err == nil && told {
		s.told()
	}
	return out, err
}

// SetLanguage stores the user's preferred language ("de", "en", or "" to
// follow the browser).
func (s *Service) SetLanguage(ctx context.Context, a *Actor, lang string) error {
	_, err := s.UpdateUser(ctx, a, a.UserID, UserInput{Lang: &lang})
	return err
}

// ChangePassword sets a new password after checking the current one, ends
// every other session of the user and revokes their API tokens. A caller
// that authenticated with an API token is refused.
func (s *Service) ChangePassword(ctx context.Context, a *Actor, current, next string, keepSession string) error {
	var v apperr.Validation
	if err := s.checkCurrentPassword(ctx, a, &current, &v); err != nil {
		return err
	}
	if len([]rune(next)) < MinPasswordLength {
		v.Add("new_password", "validation.password_short", MinPasswordLength)
	}
	if err := v.Err(); err != nil {
		return err
	}
	newHash, err := HashPassword(next, s.Password)
	if err != nil {
		return err
	}
	told := false
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, a.UserID, newHash, now); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "change_password", "user", a.UserID, a.OrgID, nil, nil); err != nil {
			return err
		}
		told, err = s.passwordChanged(ctx, tx, a.Who(), a.UserID, a.OrgID, keepSession, now)
		return err
	})
	if err == nil && told {
		s.told()
	}
	return err
}

// ResetPassword sets a user's password without knowing the old one, ends
// their sessions and revokes their API tokens; it is the operator's `pakt
// user reset-password`.
func (s *Service) ResetPassword(ctx context.Context, email, pw string) error {
	hash, err := s.newPassword(pw, "password")
	if err != nil {
		return err
	}
	told := false
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var id, org string
		err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(org_id, '') FROM users WHERE email = $1`, NormaliseEmail(email)).Scan(&id, &org)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound
		} else if err != nil {
			return err
		}
		told, err = s.resetTo(ctx, tx, System.Who(), &User{ID: id, OrgID: org, Email: email}, hash, nil)
		return err
	})
	if err == nil && told {
		s.told()
	}
	return err
}

// newPassword checks a new password against the policy and hashes it; a
// refusal names field.
func (s *Service) newPassword(pw, field string) (string, error) {
	if len([]rune(pw)) < MinPasswordLength {
		var v apperr.Validation
		v.Add(field, "validation.password_short", MinPasswordLength)
		return "", v.Err()
	}
	return HashPassword(pw, s.Password)
}

// resetTo sets the password hash of u, who forgot the password: its failed
// logins are forgotten, the reset is audited (with what, when not nil) and
// what the old password opened is ended (passwordChanged, whose report it
// returns).
func (s *Service) resetTo(ctx context.Context, tx *sql.Tx, who audit.Who, u *User, hash string, what any) (bool, error) {
	now := s.now()
	if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, u.ID, hash, now); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, accountKey(u.Email)); err != nil {
		return false, err
	}
	if err := audit.Record(ctx, tx, now, who, "reset_password", "user", u.ID, u.OrgID, nil, what); err != nil {
		return false, err
	}
	return s.passwordChanged(ctx, tx, who, u.ID, u.OrgID, "", now)
}

// NewSecret returns a random secret for a private link and the hash under
// which it is kept (HashSecret): the secret itself is given out once.
func NewSecret() (secret, hash string) {
	secret = randomSecret()
	return secret, hashToken(secret)
}

// HashSecret returns the hash under which a secret of NewSecret is kept.
func HashSecret(secret string) string { return hashToken(secret) }

func randomSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// Staff returns the active admins and partner managers, who can be
// responsible for a partner.
func (s *Service) Staff(ctx context.Context) ([]*User, error) {
	return db.Query(ctx, s.DB, scanUser, `SELECT `+userColumns+` FROM users WHERE role IN ('admin', 'manager') AND disabled = FALSE ORDER BY lower(name), id`)
}
