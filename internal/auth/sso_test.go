package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// The highest role any of the groups gives wins; no group of pakt's gives
// none.
func TestStaffRole(t *testing.T) {
	p := auth.SSOPolicy{Roles: []auth.RoleGroups{{Role: auth.RoleAdmin, Groups: []string{"pakt-admins"}},
		{Role: auth.RoleManager, Groups: []string{"pakt-managers", "vertrieb"}}, {Role: auth.RoleRecruiter, Groups: []string{"agentur"}}}}
	for _, tc := range []struct {
		groups []string
		want   auth.Role
	}{
		{nil, ""},
		{[]string{"staff"}, ""},
		{[]string{"vertrieb"}, auth.RoleManager},
		{[]string{"agentur", "pakt-managers"}, auth.RoleManager},
		{[]string{"agentur", "pakt-admins", "vertrieb"}, auth.RoleAdmin},
		{[]string{"Pakt-Admins"}, ""}, // group names are compared exactly
	} {
		if got := p.StaffRole(tc.groups); got != tc.want {
			t.Errorf("StaffRole(%v) = %q, want %q", tc.groups, got, tc.want)
		}
	}
	if got := (auth.SSOPolicy{}).StaffRole([]string{"pakt-admins"}); got != "" {
		t.Errorf("without a mapping: %q, want none", got)
	}
}

// When staff passwords are switched off, a reset link a manager asked for
// before stops working and the manager's password opens nothing; a
// sign-in state works once and ten minutes only.
func TestStaffPasswordsOffAndSSOState(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s, c, _ := newService(t, d)
		var link string
		s.Send = func(_ context.Context, m auth.Mail) { link = m.Link }
		if err := s.RequestReset(ctx, "eva@example.com", "10.0.0.1", "de"); err != nil || link == "" {
			t.Fatalf("reset link: %q, %v", link, err)
		}
		s.StaffPasswordsOff = true
		token := strings.TrimPrefix(link, auth.ResetPath)
		if err := s.CheckReset(ctx, token); !errors.Is(err, auth.ErrResetSSOOnly) {
			t.Errorf("the link after passwords went off: %v, want ErrResetSSOOnly", err)
		}
		if err := s.CompleteReset(ctx, token, "another-long-pw"); !errors.Is(err, auth.ErrResetSSOOnly) {
			t.Errorf("using the link: %v, want ErrResetSSOOnly", err)
		}
		if _, _, err := s.Login(ctx, "eva@example.com", evaPassword, "10.0.0.1"); !errors.Is(err, auth.ErrPasswordLoginOff) {
			t.Errorf("password login: %v, want ErrPasswordLoginOff", err)
		}

		st, err := s.BeginSSO(ctx, "/deals")
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.TakeSSO(ctx, st.State)
		if err != nil || got.Nonce != st.Nonce || got.Verifier != st.Verifier || got.Next != "/deals" {
			t.Fatalf("take: %+v, %v; want %+v", got, err, st)
		}
		if _, err := s.TakeSSO(ctx, st.State); !errors.Is(err, auth.ErrSSOState) {
			t.Errorf("the state again: %v, want ErrSSOState", err)
		}
		late, err := s.BeginSSO(ctx, "/")
		if err != nil {
			t.Fatal(err)
		}
		c.now = c.now.Add(auth.SSOLifetime + time.Second)
		if _, err := s.TakeSSO(ctx, late.State); !errors.Is(err, auth.ErrSSOState) {
			t.Errorf("a state after %v: %v, want ErrSSOState", auth.SSOLifetime, err)
		}
		if _, err := s.TakeSSO(ctx, "made-up"); !errors.Is(err, auth.ErrSSOState) {
			t.Errorf("a made-up state: %v, want ErrSSOState", err)
		}
	})
}
