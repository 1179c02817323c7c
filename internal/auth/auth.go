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
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
)

// User is an account that can log in.
type User struct {
	ID        string    `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	OrgID     string    `json:"org_id,omitempty"`
	Lang      string    `json:"lang,omitempty"`
	Disabled  bool      `json:"disabled"`
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
	Role     *Role   `json:"role,omitempty"`
	OrgID    *string `json:"org_id,omitempty"`
	Lang     *string `json:"lang,omitempty"`
	Password *string `json:"password,omitempty"`
	Disabled *bool   `json:"disabled,omitempty"`
}

const userColumns = `id, email, name, role, COALESCE(org_id, ''), lang, disabled, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var role string
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &role, &u.OrgID, &u.Lang, &u.Disabled, &u.CreatedAt, &u.UpdatedAt); err != nil {
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
	switch {
	case !u.Role.Valid():
		v.Add("role", "validation.choice")
	case !a.IsAdmin() && !u.Role.IsPartnerRole() && (in.Role != nil && (creating || *in.Role != u.Role)):
		v.Add("role", "validation.role_not_allowed")
	}
	if u.Role.IsPartnerRole() {
		if u.OrgID == "" {
			v.Add("org_id", "validation.required")
		} else if s.OrgExists != nil && !v.Has("org_id") {
			ok, err := s.OrgExists(ctx, q, u.OrgID)
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
		_, err = tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, role, org_id, lang, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			u.ID, u.Email, u.Name, hash, string(u.Role), nullable(u.OrgID), u.Lang, u.Disabled, now, now)
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

// UpdateUser changes a user the actor may manage. Changing one's own role is
// refused so that the last admin cannot lock the programme out by mistake.
func (s *Service) UpdateUser(ctx context.Context, a *Actor, id string, in UserInput) (*User, error) {
	var out *User
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
		_, err = tx.ExecContext(ctx, `UPDATE users SET email = $2, name = $3, role = $4, org_id = $5, lang = $6, disabled = $7, updated_at = $8 WHERE id = $1`,
			u.ID, u.Email, u.Name, string(u.Role), nullable(u.OrgID), u.Lang, u.Disabled, u.UpdatedAt)
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
		}
		if u.Disabled || in.Password != nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
				return err
			}
		}
		out = &u
		return audit.Record(ctx, tx, u.UpdatedAt, a.Who(), "update", "user", u.ID, u.OrgID, before, u)
	})
	return out, err
}

// SetLanguage stores the user's preferred language ("de", "en", or "" to
// follow the browser).
func (s *Service) SetLanguage(ctx context.Context, a *Actor, lang string) error {
	_, err := s.UpdateUser(ctx, a, a.UserID, UserInput{Lang: &lang})
	return err
}

// ChangePassword sets a new password after checking the current one, and
// ends every other session of the user.
func (s *Service) ChangePassword(ctx context.Context, a *Actor, current, next string, keepSession string) error {
	var hash string
	if err := s.DB.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, a.UserID).Scan(&hash); err != nil {
		return err
	}
	ok, err := CheckPassword(current, hash)
	if err != nil {
		return err
	}
	var v apperr.Validation
	if !ok {
		v.Add("current_password", "validation.password_wrong")
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
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, a.UserID, newHash, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, a.UserID, hashToken(keepSession)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "change_password", "user", a.UserID, a.OrgID, nil, nil)
	})
}

// ResetPassword sets a user's password without knowing the old one; it is
// the operator's `pakt user reset-password`.
func (s *Service) ResetPassword(ctx context.Context, email, pw string) error {
	if len([]rune(pw)) < MinPasswordLength {
		var v apperr.Validation
		v.Add("password", "validation.password_short", MinPasswordLength)
		return v.Err()
	}
	hash, err := HashPassword(pw, s.Password)
	if err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var id, org string
		err := tx.QueryRowContext(ctx, `SELECT id, COALESCE(org_id, '') FROM users WHERE email = $1`, NormaliseEmail(email)).Scan(&id, &org)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.ErrNotFound
		} else if err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`, id, hash, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, "account:"+NormaliseEmail(email)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, System.Who(), "reset_password", "user", id, org, nil, nil)
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

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
