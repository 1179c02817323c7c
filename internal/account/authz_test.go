package account_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/account"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
)

// Everyone logs in and out and keeps an account; admins manage every user
// and read the audit log, partner admins the users of their organisation.
// Failed logins run last (the matrix sorts them), since they count against
// the test's one client address.
func TestAuthorisationMatrix(t *testing.T) {
	t.Parallel()
	apptest.Matrix(t, "account", func() []apptest.Case {
		return []apptest.Case{
			{Pattern: "GET /login", Path: apptest.Static("/login"), Want: "anon:200 *:303"},
			{Pattern: "POST /login", Path: apptest.Static("/login"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"email": {f.Unique("nobody") + "@x.example"}, "password": {"wrong"}}
			}, Want: "*:401|429"},
			// Anyone may ask for a reset link; the answer is the same for
			// every address. A link that does not exist says so to anyone.
			{Pattern: "GET /password/forgot", Path: apptest.Static("/password/forgot"), Want: "*:200"},
			{Pattern: "POST /password/forgot", Path: apptest.Static("/password/forgot"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"email": {strings.ReplaceAll(f.Unique("vergessen"), " ", "") + "@x.example"}}
			}, Want: "*:200"},
			{Pattern: "GET /password/reset", Path: apptest.Static("/password/reset?token=made-up"), Want: "*:409"},
			{Pattern: "POST /password/reset", Path: apptest.Static("/password/reset"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"token": {"made-up"}, "password": {"long-enough-1"}}
			}, Want: "*:409"},
			// Single sign-on is not configured here: its pages are not
			// found (sso_test.go runs them against a provider).
			{Pattern: "GET /login/sso", Path: apptest.Static("/login/sso"), Want: "*:404"},
			{Pattern: "GET /login/sso/callback", Path: apptest.Static("/login/sso/callback?state=x&code=y"), Want: "*:404"},
			{Pattern: "POST /logout", Path: apptest.Static("/logout"), Fresh: true, Want: "*:303"},
			{Pattern: "POST /lang", Path: apptest.Static("/lang"), Form: func(*apptest.Fixture) url.Values { return url.Values{"lang": {"en"}} }, Want: "*:303"},
			{Pattern: "GET /account", Path: apptest.Static("/account"), Want: "anon:303 *:200"},
			{Pattern: "POST /account/password", Path: apptest.Static("/account/password"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"current_password": {"wrong"}, "new_password": {"whatever-long"}}
			}, Want: "anon:401 *:422"},
			{Pattern: "POST /account/tokens", Path: apptest.Static("/account/tokens"), Form: func(*apptest.Fixture) url.Values {
				return url.Values{"name": {"t"}, "expires_in_days": {"7"}}
			}, Want: "anon:401 *:200"},
			{Pattern: "POST /account/tokens/{id}/revoke", Path: func(f *apptest.Fixture) string { return "/account/tokens/" + f.AdminToken() + "/revoke" }, Want: "admin:303 anon:401 *:404"},
			// Every signed-in person may have a calendar feed; the feed
			// needs no login, only a token that works until it is replaced
			// or revoked.
			{Pattern: "POST /account/calendar", Path: apptest.Static("/account/calendar"), Want: "anon:401 *:200"},
			{Pattern: "POST /account/calendar/revoke", Path: apptest.Static("/account/calendar/revoke"), Want: "anon:401 *:303"},
			{Pattern: "GET /calendar/{token}", Path: func(f *apptest.Fixture) string { return account.CalendarPath(calendarToken(f, false)) }, Want: "*:200"},
			{Pattern: "GET /calendar/{token}", Path: func(f *apptest.Fixture) string { return account.CalendarPath(calendarToken(f, true)) }, Want: "*:404"},
			{Pattern: "GET /calendar/{token}", Path: apptest.Static("/calendar/" + strings.Repeat("A", 43) + ".ics"), Want: "*:404"},
			{Pattern: "GET /users", Path: apptest.Static("/users"), Want: "admin,padmin,other:200 anon:303 *:404"},
			{Pattern: "GET /users/new", Path: apptest.Static("/users/new"), Want: "admin,padmin,other:200 anon:303 *:404"},
			{Pattern: "POST /users", Path: apptest.Static("/users"), Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"email": {strings.ReplaceAll(f.Unique("neu"), " ", "") + "@x.example"}, "name": {"Neu"}, "role": {"partner_member"}, "org_id": {f.A}, "password": {"long-enough-1"}}
			}, Want: "admin,padmin,other:303 anon:401 *:404"},
			{Pattern: "GET /users/{id}", Path: func(f *apptest.Fixture) string { return "/users/" + f.UserB.ID }, Want: "admin,other:200 anon:303 *:404"},
			{Pattern: "POST /users/{id}", Path: func(f *apptest.Fixture) string { return "/users/" + f.UserB.ID }, Form: func(f *apptest.Fixture) url.Values {
				return url.Values{"name": {"Umbenannt"}, "email": {f.UserB.Email}, "role": {"partner_member"}, "lang": {""}}
			}, Want: "admin,other:303 anon:401 *:404"},
			// Only who manages a user approves it; B's member waits for no
			// approval.
			{Pattern: "POST /users/{id}/approve", Path: func(f *apptest.Fixture) string { return "/users/" + f.UserB.ID + "/approve" }, Want: "admin,other:409 anon:401 *:404"},
			{Pattern: "GET /audit", Path: apptest.Static("/audit"), Want: "admin:200 anon:303 *:404"},
			{Pattern: "POST /api/v1/session", Path: apptest.Static("/api/v1/session"), JSON: func(f *apptest.Fixture) any {
				return map[string]string{"email": f.Unique("nobody") + "@x.example", "password": "wrong"}
			}, Want: "*:401|429"},
			{Pattern: "DELETE /api/v1/session", Path: apptest.Static("/api/v1/session"), Fresh: true, Want: "anon:401 *:204"},
			{Pattern: "GET /api/v1/me", Path: apptest.Static("/api/v1/me"), Want: "anon:401 *:200"},
			{Pattern: "PATCH /api/v1/me", Path: apptest.Static("/api/v1/me"), JSON: func(*apptest.Fixture) any { return map[string]string{"lang": "en"} }, Want: "anon:401 *:200"},
			{Pattern: "PUT /api/v1/me/password", Path: apptest.Static("/api/v1/me/password"), JSON: func(*apptest.Fixture) any {
				return map[string]string{"current_password": "wrong", "new_password": "whatever-long"}
			}, Want: "anon:401 *:422"},
			{Pattern: "GET /api/v1/me/tokens", Path: apptest.Static("/api/v1/me/tokens"), Want: "anon:401 *:200"},
			{Pattern: "POST /api/v1/me/tokens", Path: apptest.Static("/api/v1/me/tokens"), JSON: func(*apptest.Fixture) any { return map[string]any{"name": "t", "expires_in_days": 7} }, Want: "anon:401 *:201"},
			{Pattern: "DELETE /api/v1/me/tokens/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/me/tokens/" + f.AdminToken() }, Want: "admin:204 anon:401 *:404"},
			{Pattern: "POST /api/v1/me/calendar", Path: apptest.Static("/api/v1/me/calendar"), Want: "anon:401 *:201"},
			{Pattern: "DELETE /api/v1/me/calendar", Path: apptest.Static("/api/v1/me/calendar"), Want: "anon:401 *:204"},
			{Pattern: "GET /api/v1/users", Path: apptest.Static("/api/v1/users"), Want: "admin,padmin,other:200 anon:401 *:404"},
			{Pattern: "POST /api/v1/users", Path: apptest.Static("/api/v1/users"), JSON: func(f *apptest.Fixture) any {
				return map[string]string{"email": strings.ReplaceAll(f.Unique("api"), " ", "") + "@x.example", "name": "Neu", "role": "partner_member", "org_id": f.A, "password": "long-enough-1"}
			}, Want: "admin,padmin:201 other:422 anon:401 *:404"},
			{Pattern: "GET /api/v1/users/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/users/" + f.UserB.ID }, Want: "admin,other:200 anon:401 *:404"},
			{Pattern: "PATCH /api/v1/users/{id}", Path: func(f *apptest.Fixture) string { return "/api/v1/users/" + f.UserB.ID }, JSON: func(*apptest.Fixture) any { return map[string]string{"name": "Umbenannt"} },
				Want: "admin,other:200 anon:401 *:404"},
			{Pattern: "GET /api/v1/audit", Path: apptest.Static("/api/v1/audit"), Want: "admin:200 anon:401 *:404"},
		}
	})
}

// calendarToken returns the token of a calendar feed of a person of a
// throw-away organisation, made for the case; revoked, it no longer works.
func calendarToken(f *apptest.Fixture, revoked bool) string {
	f.T.Helper()
	ctx := context.Background()
	owner := f.S.CreateUser(auth.RolePartnerMember, f.NewOrg(true)).Actor()
	nf, err := f.S.App.Calendar.Create(ctx, owner, "")
	if err != nil {
		f.T.Fatal(err)
	}
	if revoked {
		if err := f.S.App.Calendar.Revoke(ctx, owner); err != nil {
			f.T.Fatal(err)
		}
	}
	return nf.Token
}

// TestTokenAndOwnCredentialRulesForEveryRole checks, for every role, what a
// session and an API token of the user may do to the user's own account:
// the password and login e-mail change only with the current password and
// never through a token, and a token creates no tokens.
func TestTokenAndOwnCredentialRulesForEveryRole(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	f := apptest.NewFixture(t, s)
	for _, role := range apptest.Roles {
		cl := f.Clients[role]
		if role == "anon" {
			for _, req := range [][2]string{{"POST", "/api/v1/me/tokens"}, {"PUT", "/api/v1/me/password"}, {"PATCH", "/api/v1/users/" + f.UserB.ID}} {
				if r := cl.JSON(req[0], req[1], map[string]string{}); r.Status != http.StatusUnauthorized {
					t.Errorf("anon %s %s: %d, want 401", req[0], req[1], r.Status)
				}
			}
			continue
		}
		u := f.Users[role]
		own := "/api/v1/users/" + u.ID
		want := func(what string, r *apptest.Response, status int) {
			t.Helper()
			if r.Status != status {
				t.Errorf("%s as %s: %d, want %d\n%.300s", what, role, r.Status, status, r.Body)
			}
		}
		want("PATCH own e-mail without the current password", cl.JSON("PATCH", own, map[string]string{"email": "x-" + u.Email}), http.StatusUnprocessableEntity)
		want("PATCH own password without the current password", cl.JSON("PATCH", own, map[string]string{"password": "long-enough-2"}), http.StatusUnprocessableEntity)
		want("PATCH own name", cl.JSON("PATCH", own, map[string]string{"name": "Umbenannt"}), http.StatusOK)
		api := s.TokenClient(t, cl, 1)
		want("token: create a token", api.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "t", "expires_in_days": 1}), http.StatusForbidden)
		want("token: PATCH own e-mail", api.JSON("PATCH", own, map[string]string{"email": "x-" + u.Email, "current_password": apptest.Password}), http.StatusForbidden)
		want("token: PUT own password", api.JSON("PUT", "/api/v1/me/password", map[string]string{"current_password": apptest.Password, "new_password": "long-enough-2"}), http.StatusForbidden)
		want("token: PATCH own name", api.JSON("PATCH", own, map[string]string{"name": "Per Skript"}), http.StatusOK)
		want("token: POST own user form with a new e-mail", api.Form("POST", "/users/"+u.ID, url.Values{"name": {"x"}, "email": {"x-" + u.Email}, "current_password": {apptest.Password}}), http.StatusForbidden)
	}
}
