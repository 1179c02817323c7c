package auth

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
)

// userInsertColumns are the columns a new user's row is written with,
// userRow its values; every way of creating users shares them.
var userInsertColumns = []string{"id", "email", "name", "password_hash", "role", "org_id", "lang", "disabled", "pending", "created_at", "updated_at"}

var insertUserSQL = `INSERT INTO users (` + strings.Join(userInsertColumns, ", ") + `) VALUES (` + db.Placeholders(1, len(userInsertColumns)) + `)`

func userRow(u *User, hash string) []any {
	return []any{u.ID, u.Email, u.Name, hash, string(u.Role), db.TextArg(u.OrgID), u.Lang, u.Disabled, u.Pending, u.CreatedAt, u.UpdatedAt}
}

// CreateUsers creates many users in one transaction: all of them, or none
// when any is invalid. The permission and validation rules are those of
// CreateUser; field names of the returned validation error are prefixed with
// the user's position, e.g. "users[3].email". An e-mail address given twice
// in the batch, or one that exists already, is an error on the later user.
//
// Each distinct password is hashed once and its PHC string, salt included,
// is stored for every user who has that password. Users with the same
// password then share a salt, so a cracked hash opens all of them at once:
// this is acceptable for demo data and operator-run bulk imports, where the
// passwords are known to the operator anyway, but not for passwords chosen by
// the users themselves.
func (s *Service) CreateUsers(ctx context.Context, a *Actor, in []UserInput) ([]*User, error) {
	if !a.IsAdmin() && a.Role != RolePartnerAdmin {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var users []*User
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var hashes []string
		var err error
		users, hashes, err = s.newUsers(ctx, tx, a, in, s.OrgExists, true, map[string]string{})
		if err != nil {
			return err
		}
		for i, u := range users {
			if _, err := tx.ExecContext(ctx, insertUserSQL, userRow(u, hashes[i])...); err != nil {
				if db.IsUniqueViolation(err) {
					// Another writer took the address after it was checked.
					return &apperr.Error{Code: apperr.Invalid, Key: "error.invalid",
						Fields: []apperr.FieldError{{Field: "users[" + strconv.Itoa(i) + "].email", Key: "validation.email_taken"}}}
				}
				return err
			}
			if err := audit.Record(ctx, tx, u.CreatedAt, a.Who(), "create", "user", u.ID, u.OrgID, nil, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return users, nil
}

// InsertUsers creates many users through the bulk load b, for seeding and
// imports too large for CreateUsers, with its permission, validation and
// password rules, except that an address taken before the load is found
// by the database's unique index, as an error naming the row. The
// organisations in orgs are taken to exist (the caller created them in b's
// transaction); others are looked up. hashed holds the password hashes by
// password, kept by the caller across the parts of one load so that each
// distinct password is hashed once for all of them; it may be empty, not
// nil. Unlike CreateUsers it writes no audit entries.
func (s *Service) InsertUsers(ctx context.Context, b *db.Bulk, a *Actor, in []UserInput, orgs map[string]bool, hashed map[string]string) ([]*User, error) {
	if !a.IsAdmin() && a.Role != RolePartnerAdmin {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	exists := func(ctx context.Context, q db.Querier, id string) (bool, error) {
		if orgs[id] || s.OrgExists == nil {
			return true, nil
		}
		return s.OrgExists(ctx, q, id)
	}
	users, hashes, err := s.newUsers(ctx, b.Tx, a, in, exists, false, hashed)
	if err != nil {
		return nil, err
	}
	rows := make([][]any, len(users))
	for i, u := range users {
		rows[i] = userRow(u, hashes[i])
	}
	if err := b.Insert(ctx, "users", userInsertColumns, rows); err != nil {
		return nil, err
	}
	return users, nil
}

// newUsers validates in as new users for a, looking organisations up with
// orgExists and, when lookup is set, the addresses in use in q, and
// returns the users with their password hashes: one hash per distinct
// password, kept in byPassword.
func (s *Service) newUsers(ctx context.Context, q db.Querier, a *Actor, in []UserInput,
	orgExists func(context.Context, db.Querier, string) (bool, error), lookup bool, byPassword map[string]string) ([]*User, []string, error) {
	var fields []apperr.FieldError
	bad := func(i int, f apperr.FieldError) {
		f.Field = "users[" + strconv.Itoa(i) + "]." + f.Field
		fields = append(fields, f)
	}
	users := make([]*User, len(in))
	seen := make(map[string]bool, len(in))
	for i, ui := range in {
		u := &User{ID: db.NewID()}
		err := s.checkUser(ctx, q, a, u, ui, true, orgExists)
		if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
			for _, f := range e.Fields {
				bad(i, f)
			}
		} else if err != nil {
			return nil, nil, err
		}
		// checkUser sets the address only when it is well-formed.
		if u.Email != "" {
			taken := seen[u.Email]
			if !taken && lookup {
				var n int
				if err := q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1`, u.Email).Scan(&n); err != nil {
					return nil, nil, err
				}
				taken = n > 0
			}
			if taken {
				bad(i, apperr.FieldError{Field: "email", Key: "validation.email_taken"})
			}
			seen[u.Email] = true
		}
		users[i] = u
	}
	if len(fields) > 0 {
		return nil, nil, &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: fields}
	}
	hashes := make([]string, len(users))
	now := s.now()
	for i, u := range users {
		pw := *in[i].Password
		hash, ok := byPassword[pw]
		if !ok {
			var err error
			if hash, err = HashPassword(pw, s.Password); err != nil {
				return nil, nil, err
			}
			byPassword[pw] = hash
		}
		hashes[i] = hash
		u.CreatedAt, u.UpdatedAt = now, now
	}
	return users, hashes, nil
}
