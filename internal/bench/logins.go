package bench

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"pakt/internal/auth"
)

// login is a user of the benchmark with an API token.
type login struct {
	actor   *auth.Actor
	token   string
	tokenID string
}

// BenchAdminEmail is the login of the staff admin the benchmarks that
// start `pakt serve` use.
const BenchAdminEmail = "bench-admin@pakt.example"

// benchAdmin finds the admin BenchAdminEmail, or creates it, and gives it
// an API token valid for lifetime.
func benchAdmin(ctx context.Context, as *auth.Service, lifetime time.Duration) (login, error) {
	staff, err := as.Staff(ctx)
	if err != nil {
		return login{}, err
	}
	var admin *auth.Actor
	for _, u := range staff {
		if u.Email == BenchAdminEmail && u.Role == auth.RoleAdmin && !u.Disabled {
			admin = u.Actor()
		}
	}
	if admin == nil {
		email, name, role := BenchAdminEmail, "Benchmark Admin", auth.RoleAdmin
		// Nobody signs in with the password: the benchmark uses a token.
		pw := "bench-" + strconv.FormatInt(time.Now().UnixNano(), 36)
		u, err := as.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, Password: &pw})
		if err != nil {
			return login{}, fmt.Errorf("bench: admin user: %w", err)
		}
		admin = u.Actor()
	}
	return tokenFor(ctx, as, admin, lifetime)
}

// tokenFor makes an API token for a.
func tokenFor(ctx context.Context, as *auth.Service, a *auth.Actor, lifetime time.Duration) (login, error) {
	t, secret, err := as.CreateToken(ctx, a, "bench", lifetime)
	if err != nil {
		return login{}, fmt.Errorf("bench: API token for %s: %w", a.Email, err)
	}
	return login{actor: a, token: secret, tokenID: t.ID}, nil
}

// partnerAdmins creates a partner admin with an API token for each of
// the organisations, in one transaction and with one password hash.
func partnerAdmins(ctx context.Context, as *auth.Service, orgs []string, lifetime time.Duration) ([]login, error) {
	role := auth.RolePartnerAdmin
	pw := "bench-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	in := make([]auth.UserInput, len(orgs))
	for i := range orgs {
		email, name := fmt.Sprintf("bench-partner-%d@pakt.example", i), fmt.Sprintf("Benchmark Partner %d", i)
		in[i] = auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &orgs[i], Password: &pw}
	}
	users, err := as.CreateUsers(ctx, auth.System, in)
	if err != nil {
		return nil, fmt.Errorf("bench: partner admins: %w", err)
	}
	out := make([]login, len(users))
	for i, u := range users {
		if out[i], err = tokenFor(ctx, as, u.Actor(), lifetime); err != nil {
			return nil, err
		}
	}
	return out, nil
}
