package auth

import (
	"context"
	"database/sql"
	"strconv"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/db"
)

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
	users := make([]*User, len(in))
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var fields []apperr.FieldError
		bad := func(i int, f apperr.FieldError) {
			f.Field = "users[" + strconv.Itoa(i) + "]." + f.Field
			fields = append(fields, f)
		}
		seen := make(map[string]bool, len(in))
		for i, ui := range in {
			u := &User{ID: db.NewID()}
			err := s.validateUser(ctx, tx, a, u, ui, true)
			if e, ok := apperr.As(err); ok && e.Code == apperr.Invalid {
				for _, f := range e.Fields {
					bad(i, f)
				}
			} else if err != nil {
				return err
			}
			// validateUser sets the address only when it is well-formed.
			if u.Email != "" {
				taken := seen[u.Email]
				if !taken {
					var n int
					if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1`, u.Email).Scan(&n); err != nil {
						return err
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
			return &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: fields}
		}

		hashes := map[string]string{}
		now := s.now()
		for i, u := range users {
			pw := *in[i].Password
			hash, ok := hashes[pw]
			if !ok {
				var err error
				if hash, err = HashPassword(pw, s.Password); err != nil {
					return err
				}
				hashes[pw] = hash
			}
			u.CreatedAt, u.UpdatedAt = now, now
			_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, role, org_id, lang, disabled, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				u.ID, u.Email, u.Name, hash, string(u.Role), db.TextArg(u.OrgID), u.Lang, u.Disabled, now, now)
			if err != nil {
				if db.IsUniqueViolation(err) {
					// Another writer took the address after it was checked.
					bad(i, apperr.FieldError{Field: "email", Key: "validation.email_taken"})
					return &apperr.Error{Code: apperr.Invalid, Key: "error.invalid", Fields: fields}
				}
				return err
			}
			if err := audit.Record(ctx, tx, now, a.Who(), "create", "user", u.ID, u.OrgID, nil, u); err != nil {
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
