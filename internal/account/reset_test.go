package account_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/notify/notifytest"
)

// resetLink returns the path of the reset link in a mail.
var resetLinkPattern = regexp.MustCompile(`http://[^/\s]+(/password/reset\?token=[A-Za-z0-9_-]+)`)

func resetLink(t *testing.T, m notifytest.Message) string {
	t.Helper()
	match := resetLinkPattern.FindStringSubmatch(m.Body)
	if match == nil {
		t.Fatalf("no reset link in the mail:\n%s", m.Body)
	}
	return match[1]
}

// ask posts the form that asks for a reset link.
func ask(c *apptest.Client, email string) *apptest.Response {
	return c.Form("POST", "/password/forgot", url.Values{"email": {email}})
}

// TestPasswordResetByMail walks the whole way of a user who forgot the
// password: from the login page to a link by mail, a new password and a
// login with it; the old password, the old sessions and API tokens, the
// link once used and an expired link no longer work; an unknown address
// gets the same answer and no mail.
func TestPasswordResetByMail(t *testing.T) {
	t.Parallel()
	var smtp *notifytest.Server
	clk := apptest.NewClock(time.Now().UTC())
	apptest.EnginesWith(t, func(t *testing.T, c *app.Config) {
		withMail(&smtp)(t, c)
		c.Now = clk.Now
	}, func(t *testing.T, s *apptest.Server) {
		// Each engine starts after the last one's waits.
		clk.Advance(2 * time.Hour)
		u := s.CreateUser(auth.RoleManager, "")
		session := s.Login(u.Email)
		api := s.TokenClient(t, session, 7)
		visitor := s.Anonymous()

		login := visitor.Get("/login")
		if !strings.Contains(login.Body, `href="/password/forgot"`) || !strings.Contains(login.Body, "Forgot your password?") {
			t.Fatalf("the login page has no way to a reset:\n%s", login.Body)
		}
		if r := visitor.Get("/password/forgot"); r.Status != http.StatusOK || !strings.Contains(r.Body, `name="email"`) {
			t.Fatalf("GET /password/forgot: %d\n%.500s", r.Status, r.Body)
		}

		// The address is found however it is written; an unknown address
		// gets the very same page.
		known := ask(visitor, "  "+strings.ToUpper(u.Email)+" ")
		unknown := ask(visitor, "nobody-"+u.ID+"@test.example")
		const sent = "If an account exists for this address, we have sent you a link to set a new password."
		if known.Status != http.StatusOK || !strings.Contains(known.Body, sent) {
			t.Fatalf("asking for a known address: %d\n%.800s", known.Status, known.Body)
		}
		if unknown.Status != known.Status || unknown.Body != known.Body {
			t.Fatalf("an unknown address is answered differently: %d vs %d\n%s\n---\n%s", unknown.Status, known.Status, unknown.Body, known.Body)
		}

		m := waitForMail(t, smtp, u.Email, "/password/reset?token=")
		if m.Subject != "Set a new password for pakt" || !strings.Contains(m.Body, u.Name) || !strings.Contains(m.Body, "within one hour") {
			t.Errorf("the mail reads %q:\n%s", m.Subject, m.Body)
		}
		link := resetLink(t, m)

		page := visitor.Get(link)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `name="password"`) {
			t.Fatalf("GET the link: %d\n%.800s", page.Status, page.Body)
		}
		token := strings.TrimPrefix(link, "/password/reset?token=")
		// The password policy is that of a password change.
		r := visitor.Form("POST", "/password/reset", url.Values{"token": {token}, "password": {"too-short"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "At least 10 characters.") {
			t.Fatalf("a short password: %d\n%.800s", r.Status, r.Body)
		}
		r = visitor.Form("POST", "/password/reset", url.Values{"token": {token}, "password": {"a-new-secret-2026"}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
			t.Fatalf("setting the new password: %d %s\n%.800s", r.Status, r.Header.Get("Location"), r.Body)
		}
		if after := visitor.Get("/login"); !strings.Contains(after.Body, "Your new password is set. Please log in with it.") {
			t.Errorf("the login page after the reset does not say so:\n%.800s", after.Body)
		}

		// What the old password opened is closed.
		if r := session.Get("/account"); r.Status != http.StatusSeeOther {
			t.Errorf("the old session after the reset: %d, want 303 to the login", r.Status)
		}
		if r := api.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Errorf("the API token after the reset: %d, want 401", r.Status)
		}
		if r := loginForm(s.Anonymous(), u.Email, apptest.Password, ""); r.Status != http.StatusUnauthorized {
			t.Errorf("login with the old password: %d, want 401", r.Status)
		}
		if r := loginForm(s.Anonymous(), u.Email, "a-new-secret-2026", ""); r.Status != http.StatusSeeOther {
			t.Errorf("login with the new password: %d, want 303\n%.500s", r.Status, r.Body)
		}

		// The link works once.
		const used = "This link has already been used"
		if r := visitor.Get(link); r.Status != http.StatusConflict || !strings.Contains(r.Body, used) || strings.Contains(r.Body, `name="password"`) ||
			!strings.Contains(r.Body, `href="/password/forgot"`) {
			t.Errorf("the link once more: %d\n%.800s", r.Status, r.Body)
		}
		r = visitor.Form("POST", "/password/reset", url.Values{"token": {token}, "password": {"taken-over-2026"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, used) {
			t.Errorf("the used link posted again: %d\n%.800s", r.Status, r.Body)
		}
		if r := loginForm(s.Anonymous(), u.Email, "taken-over-2026", ""); r.Status != http.StatusUnauthorized {
			t.Errorf("the used link changed the password: login %d", r.Status)
		}
		if r := visitor.Get("/password/reset?token=made-up"); r.Status != http.StatusConflict || !strings.Contains(r.Body, "This link is not valid.") {
			t.Errorf("a made-up link: %d\n%.800s", r.Status, r.Body)
		}

		// A link expires after an hour; in German it says so in German.
		clk.Advance(20 * time.Minute)
		de := s.Anonymous()
		de.Lang = "de"
		if r := ask(de, u.Email); r.Status != http.StatusOK || !strings.Contains(r.Body, "Falls zu dieser Adresse ein Konto besteht") {
			t.Fatalf("asking in German: %d\n%.800s", r.Status, r.Body)
		}
		var second notifytest.Message
		deadline := time.Now().Add(10 * time.Second)
		for second.Subject == "" {
			for _, m := range smtp.To(u.Email) {
				if m.Subject == "Neues Passwort für pakt festlegen" {
					second = m
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("no German reset mail arrived: %+v", smtp.To(u.Email))
			}
			time.Sleep(20 * time.Millisecond)
		}
		if !strings.Contains(second.Body, "innerhalb einer Stunde") {
			t.Errorf("the German mail reads:\n%s", second.Body)
		}
		expired := resetLink(t, second)
		clk.Advance(time.Hour + time.Second)
		if r := de.Get(expired); r.Status != http.StatusConflict || !strings.Contains(r.Body, "Dieser Link ist abgelaufen") || strings.Contains(r.Body, `name="password"`) {
			t.Errorf("an expired link: %d\n%.800s", r.Status, r.Body)
		}
		r = de.Form("POST", "/password/reset", url.Values{"token": {strings.TrimPrefix(expired, "/password/reset?token=")}, "password": {"too-late-but-long"}})
		if r.Status != http.StatusConflict || !strings.Contains(r.Body, "Dieser Link ist abgelaufen") {
			t.Errorf("an expired link posted: %d\n%.800s", r.Status, r.Body)
		}

		// No mail went to the unknown address; the known one got two links
		// and, as after any password change, word of its revoked token.
		if got := smtp.To("nobody-" + u.ID + "@test.example"); len(got) != 0 {
			t.Errorf("the unknown address got mail: %+v", got)
		}
		links := 0
		for _, m := range smtp.To(u.Email) {
			if strings.Contains(m.Body, "/password/reset?token=") {
				links++
			}
		}
		if links != 2 {
			t.Errorf("%d mails with a link to the user, want 2", links)
		}
		// The user chose no language: pakt's first one.
		waitForMail(t, smtp, u.Email, "alle Ihre API-Tokens widerrufen: insgesamt 1")
	})
}

// TestResetLinksAreThrottledAlikeAndEndWithAPasswordChange: asking too
// often for one address is slowed down the same whether an account has it
// or not, and a password changed otherwise makes an open link unusable.
func TestResetLinksAreThrottledAlikeAndEndWithAPasswordChange(t *testing.T) {
	t.Parallel()
	var smtp *notifytest.Server
	apptest.EnginesWith(t, func(t *testing.T, c *app.Config) {
		withMail(&smtp)(t, c)
		stopped(c)
	}, func(t *testing.T, s *apptest.Server) {
		u := s.CreateUser(auth.RolePartnerAdmin, s.Org("Reset GmbH"))
		c := s.Anonymous()
		for _, email := range []string{u.Email, "unknown-" + u.Email} {
			for i := range 3 {
				if r := ask(c, email); r.Status != http.StatusOK {
					t.Fatalf("request #%d for %s: %d", i+1, email, r.Status)
				}
			}
			r := ask(c, email)
			wantWait(t, "the fourth request for "+email, r)
			if !strings.Contains(r.Body, "Too many requests for a link. Please try again in 1 s.") {
				t.Errorf("the throttled request for %s says:\n%.800s", email, r.Body)
			}
		}
		// A malformed address is refused by name, whatever exists.
		if r := ask(c, "not an address"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="email-err"`) {
			t.Errorf("a malformed address: %d\n%.800s", r.Status, r.Body)
		}

		m := waitForMail(t, smtp, u.Email, "/password/reset?token=")
		link := resetLink(t, m)
		session := s.Login(u.Email)
		if r := session.Form("POST", "/account/password", url.Values{"current_password": {apptest.Password}, "new_password": {"changed-myself-1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("change password: %d\n%.500s", r.Status, r.Body)
		}
		if r := c.Get(link); r.Status != http.StatusConflict || !strings.Contains(r.Body, "This link has already been used") {
			t.Errorf("a link asked for before a password change: %d\n%.800s", r.Status, r.Body)
		}
	})
}
