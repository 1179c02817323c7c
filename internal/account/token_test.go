package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/notify/notifytest"
	"pakt/internal/web"
)

// TestTokensCannotMintTokens: a leaked one-day token must not become a
// token for a year. Only a signed-in person creates tokens.
func TestTokensCannotMintTokens(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		u := s.CreateUser(auth.RoleManager, "")
		session := s.Login(u.Email)
		api := s.TokenClient(t, session, 1)
		for _, days := range []int{366, 1} {
			r := api.JSON("POST", "/api/v1/me/tokens", map[string]any{"name": "longer", "expires_in_days": days})
			var p web.Problem
			if r.Status == http.StatusForbidden {
				r.JSON(t, &p)
			}
			if r.Status != http.StatusForbidden || !strings.Contains(p.Detail, "cannot create further tokens") {
				t.Fatalf("a token creates a %d-day token: %d %s, want 403 saying why", days, r.Status, r.Body)
			}
		}
		if r := api.Form("POST", "/account/tokens", url.Values{"name": {"form"}, "expires_in_days": {"366"}}); r.Status != http.StatusForbidden {
			t.Fatalf("a token posts the token form: %d, want 403", r.Status)
		}
		var list web.List[auth.Token]
		session.Get("/api/v1/me/tokens").JSON(t, &list)
		if list.Total != 1 {
			t.Fatalf("the user has %d tokens, want only the one made in the session", list.Total)
		}
		// The token still works for everything else.
		if r := api.Get("/api/v1/me"); r.Status != http.StatusOK {
			t.Fatalf("GET /me with the token: %d", r.Status)
		}
	})
}

// TestPasswordChangesRevokeTokens: whoever sets a new password — the user,
// an admin for another user, or the operator's `pakt user reset-password` —
// ends the user's API tokens, and the user is told by e-mail and in the
// inbox how many were revoked.
func TestPasswordChangesRevokeTokens(t *testing.T) {
	t.Parallel()
	var smtp *notifytest.Server
	apptest.EnginesWith(t, withMail(&smtp), func(t *testing.T, s *apptest.Server) {
		const newPassword = "another-long-1"
		// revoked checks that the scripts' tokens stopped working and that
		// the user, signed in with the new password, was told.
		revoked := func(u *auth.User, count string, scripts ...*apptest.Client) {
			t.Helper()
			for i, api := range scripts {
				if r := api.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
					t.Fatalf("%s's token %d after the new password: %d, want 401", u.Email, i+1, r.Status)
				}
			}
			// A user without a chosen language reads German, pakt's first.
			waitForMail(t, smtp, u.Email, "deshalb wurden alle Ihre API-Tokens widerrufen: insgesamt "+count+".")
			c := s.Anonymous()
			if r := c.JSON("POST", "/api/v1/session", map[string]string{"email": u.Email, "password": newPassword}); r.Status != http.StatusOK {
				t.Fatalf("%s logs in with the new password: %d", u.Email, r.Status)
			}
			// The inbox speaks the page's language: here German.
			c.Lang = "de"
			var inbox web.List[struct{ Title string }]
			c.Get("/api/v1/notifications").JSON(t, &inbox)
			if len(inbox.Items) == 0 || inbox.Items[0].Title != "Ihre API-Tokens wurden widerrufen" {
				t.Fatalf("%s's inbox: %+v", u.Email, inbox.Items)
			}
			var list web.List[auth.Token]
			c.Get("/api/v1/me/tokens").JSON(t, &list)
			for _, tok := range list.Items {
				if tok.RevokedAt == nil {
					t.Fatalf("%s's token %s is not shown as revoked", u.Email, tok.Name)
				}
			}
		}

		// The user's own change keeps the session it was made in.
		eva := s.CreateUser(auth.RoleManager, "")
		session := s.Login(eva.Email)
		one, two := s.TokenClient(t, session, 30), s.TokenClient(t, session, 1)
		if r := session.JSON("PUT", "/api/v1/me/password", map[string]string{"current_password": apptest.Password, "new_password": newPassword}); r.Status != http.StatusNoContent {
			t.Fatalf("change password: %d %s", r.Status, r.Body)
		}
		if r := session.Get("/api/v1/me"); r.Status != http.StatusOK {
			t.Fatalf("the session that changed the password: %d, want it kept", r.Status)
		}
		revoked(eva, "2", one, two)

		// An admin sets another user's password.
		admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
		tim := s.CreateUser(auth.RoleManager, "")
		script := s.TokenClient(t, s.Login(tim.Email), 90)
		if r := admin.JSON("PATCH", "/api/v1/users/"+tim.ID, map[string]string{"password": newPassword}); r.Status != http.StatusOK {
			t.Fatalf("admin sets a password: %d %s", r.Status, r.Body)
		}
		revoked(tim, "1", script)
		var log web.List[map[string]any]
		admin.Get("/api/v1/audit?object_type=api_token&action=revoke").JSON(t, &log)
		if log.Total != 3 {
			t.Fatalf("the audit log has %d token revocations, want 3 (two of Eva's, one of Tim's)", log.Total)
		}

		// The operator resets a password on the command line; the running
		// server sends the mail.
		ina := s.CreateUser(auth.RoleRecruiter, "")
		script = s.TokenClient(t, s.Login(ina.Email), 7)
		if code, out := apptest.CLI("user", "reset-password", "--database", s.App.Config.Database, "--email", ina.Email, "--password", newPassword); code != 0 {
			t.Fatalf("pakt user reset-password: exit %d %s", code, out)
		}
		s.App.Notify.Kick() // instead of waiting for the next delivery round
		revoked(ina, "1", script)
	})
}

// withMail gives each engine's server its own mail server, kept in *smtp.
func withMail(smtp **notifytest.Server) func(t *testing.T, c *app.Config) {
	return func(t *testing.T, c *app.Config) {
		*smtp = notifytest.Start(t)
		c.SMTP = (*smtp).Config()
	}
}

// waitForMail waits until a mail to addr arrived whose body contains text.
func waitForMail(t *testing.T, smtp *notifytest.Server, addr, text string) notifytest.Message {
	t.Helper()
	return smtp.WaitFor(t, addr, text, 10*time.Second)
}
