package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/notify/notifytest"
	"pakt/internal/web"
)

// problemFields returns the field messages of a problem answer.
func problemFields(t *testing.T, r *apptest.Response) map[string]string {
	t.Helper()
	var p web.Problem
	r.JSON(t, &p)
	out := map[string]string{}
	for _, f := range p.Errors {
		out[f.Field] = f.Message
	}
	return out
}

// TestOwnCredentialsNeedTheCurrentPassword: a stolen session or token must
// not be enough to take an account over by changing its password or login
// e-mail. An admin resetting another user's needs no password of theirs.
func TestOwnCredentialsNeedTheCurrentPassword(t *testing.T) {
	t.Parallel()
	var smtp *notifytest.Server
	apptest.EnginesWith(t, withMail(&smtp), func(t *testing.T, s *apptest.Server) {
		u := s.CreateUser(auth.RoleManager, "")
		session := s.Login(u.Email)
		me := "/api/v1/users/" + u.ID

		// Without the current password, or with a wrong one: refused, in the
		// caller's language, and nothing changes.
		for _, tc := range []struct {
			lang string
			body map[string]string
			want string
		}{
			{"en", map[string]string{"password": "taken-over-1"}, "Please enter your current password to change your e-mail address or password."},
			{"de", map[string]string{"email": "boese@evil.example"}, "Bitte geben Sie Ihr aktuelles Passwort ein, um Ihre E-Mail-Adresse oder Ihr Passwort zu ändern."},
			{"en", map[string]string{"password": "taken-over-1", "current_password": "guessed-wrong"}, "The current password is wrong."},
			{"de", map[string]string{"email": "boese@evil.example", "current_password": "guessed-wrong"}, "Das aktuelle Passwort stimmt nicht."},
		} {
			session.Lang = tc.lang
			r := session.JSON("PATCH", me, tc.body)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("PATCH own %v: %d %s, want 422", tc.body, r.Status, r.Body)
			}
			if got := problemFields(t, r)["current_password"]; got != tc.want {
				t.Errorf("PATCH own %v (%s): current_password %q, want %q", tc.body, tc.lang, got, tc.want)
			}
		}
		session.Lang = "en"
		if r := s.Anonymous().JSON("POST", "/api/v1/session", map[string]string{"email": u.Email, "password": apptest.Password}); r.Status != http.StatusOK {
			t.Fatalf("the old login after refused changes: %d", r.Status)
		}
		// Other changes, and the e-mail as it is, need no password.
		if r := session.JSON("PATCH", me, map[string]string{"name": "Eva Neu", "email": strings.ToUpper(u.Email)}); r.Status != http.StatusOK {
			t.Fatalf("rename: %d %s", r.Status, r.Body)
		}

		// An API token cannot change them, even with the password.
		api := s.TokenClient(t, session, 1)
		for _, req := range []struct {
			method, path string
			body         map[string]string
		}{
			{"PATCH", me, map[string]string{"password": "taken-over-1", "current_password": apptest.Password}},
			{"PATCH", me, map[string]string{"email": "boese@evil.example", "current_password": apptest.Password}},
			{"PUT", "/api/v1/me/password", map[string]string{"current_password": apptest.Password, "new_password": "taken-over-1"}},
		} {
			r := api.JSON(req.method, req.path, req.body)
			var p web.Problem
			if r.Status == http.StatusForbidden {
				r.JSON(t, &p)
			}
			if r.Status != http.StatusForbidden || !strings.Contains(p.Detail, "An API token cannot change the password or the login e-mail address") {
				t.Fatalf("%s %s %v with a token: %d %s, want 403 saying why", req.method, req.path, req.body, r.Status, r.Body)
			}
		}

		// With the current password the e-mail changes; the old address is
		// told, and so is the inbox.
		newEmail := "eva.neu@test.example"
		if r := session.JSON("PATCH", me, map[string]string{"email": newEmail, "current_password": apptest.Password}); r.Status != http.StatusOK {
			t.Fatalf("change own e-mail: %d %s", r.Status, r.Body)
		}
		m := waitForMail(t, smtp, u.Email, "wurde von "+u.Email+" in "+newEmail+" geändert")
		if m.Subject != "Ihre Anmelde-E-Mail-Adresse wurde geändert" {
			t.Errorf("mail to the old address: subject %q", m.Subject)
		}
		// The inbox speaks the page's language: here German.
		session.Lang = "de"
		var inbox web.List[struct{ Title string }]
		session.Get("/api/v1/notifications").JSON(t, &inbox)
		if len(inbox.Items) == 0 || inbox.Items[0].Title != "Ihre Anmelde-E-Mail-Adresse wurde geändert" {
			t.Fatalf("inbox after the change: %+v", inbox.Items)
		}
		if r := s.Anonymous().JSON("POST", "/api/v1/session", map[string]string{"email": newEmail, "password": apptest.Password}); r.Status != http.StatusOK {
			t.Fatalf("login with the new e-mail: %d", r.Status)
		}

		// An admin changes another user's e-mail without that user's
		// password (a reset); the old address is told all the same.
		admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
		other := s.CreateUser(auth.RoleRecruiter, "")
		if r := admin.JSON("PATCH", "/api/v1/users/"+other.ID, map[string]string{"email": "neu." + other.Email, "password": "reset-by-admin-1"}); r.Status != http.StatusOK {
			t.Fatalf("admin changes another user's e-mail and password: %d %s", r.Status, r.Body)
		}
		waitForMail(t, smtp, other.Email, "in neu."+other.Email+" geändert")
	})
}

// TestOwnUserFormAsksForTheCurrentPassword: the user form shows the field
// on one's own user only, and refuses a new e-mail without it.
func TestOwnUserFormAsksForTheCurrentPassword(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	admin := s.CreateUser(auth.RoleAdmin, "")
	other := s.CreateUser(auth.RoleManager, "")
	c := s.Login(admin.Email)
	if r := c.Get("/users/" + admin.ID); !strings.Contains(r.Body, `name="current_password"`) {
		t.Fatal("the own user form has no current password field")
	}
	if r := c.Get("/users/" + other.ID); strings.Contains(r.Body, `name="current_password"`) {
		t.Fatal("another user's form asks for a current password")
	}
	form := url.Values{"name": {admin.Name}, "email": {"chefin@test.example"}, "lang": {""}, "password": {""}, "current_password": {""}}
	r := c.Form("POST", "/users/"+admin.ID, form)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Please enter your current password to change your e-mail address or password.") {
		t.Fatalf("own e-mail without the password: %d, want 422 with the message", r.Status)
	}
	form.Set("current_password", apptest.Password)
	if r := c.Form("POST", "/users/"+admin.ID, form); r.Status != http.StatusSeeOther {
		t.Fatalf("own e-mail with the password: %d, want 303", r.Status)
	}
	// The admin resets another user's e-mail without any password.
	if r := c.Form("POST", "/users/"+other.ID, url.Values{"name": {other.Name}, "email": {"neu@test.example"}, "role": {"manager"}, "lang": {""}}); r.Status != http.StatusSeeOther {
		t.Fatalf("admin changes another user's e-mail: %d", r.Status)
	}
}

// Changing one's own password on one's user page keeps that session open
// and ends the others, as the account page does.
func TestOwnPasswordChangeKeepsThisSession(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	u := s.CreateUser(auth.RoleManager, "")
	here, elsewhere := s.Login(u.Email), s.Login(u.Email)
	res := here.Form("POST", "/users/"+u.ID, url.Values{"name": {u.Name}, "email": {u.Email}, "lang": {""},
		"password": {"a-new-password-1"}, "current_password": {apptest.Password}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("change: %d\n%s", res.Status, res.Body)
	}
	if r := here.Get("/account"); r.Status != http.StatusOK {
		t.Errorf("the session that changed the password: %d, want 200", r.Status)
	}
	if r := elsewhere.Get("/account"); r.Status != http.StatusSeeOther {
		t.Errorf("another session after the change: %d, want 303 to the login", r.Status)
	}
}

// Guessing the current password from a stolen session is slowed down as
// failed logins are, and counts against the account's logins too.
func TestCurrentPasswordGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	u := s.CreateUser(auth.RoleManager, "")
	c := s.Login(u.Email)
	var last *apptest.Response
	for i := range 4 {
		last = c.JSON("PUT", "/api/v1/me/password", map[string]string{"current_password": "guess-" + strings.Repeat("x", i), "new_password": "taken-over-12"})
	}
	if last.Status != http.StatusTooManyRequests || last.Header.Get("Retry-After") == "" {
		t.Fatalf("the fourth guess in a row: %d, Retry-After %q, want 429 with a wait", last.Status, last.Header.Get("Retry-After"))
	}
	if r := s.Anonymous().JSON("POST", "/api/v1/session", map[string]string{"email": u.Email, "password": "guess-again"}); r.Status != http.StatusTooManyRequests {
		t.Errorf("a login guess right after: %d, want 429", r.Status)
	}
}
