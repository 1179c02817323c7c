package account_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/account"
	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/auth/oidctest"
	"pakt/internal/notify/notifytest"
	"pakt/internal/partner"
)

// ssoServer starts an OpenID provider and a pakt that signs in with it,
// with the groups pakt-admins and pakt-managers giving programme roles;
// configure changes pakt's configuration further.
func ssoServer(t *testing.T, start func(testing.TB, ...apptest.Option) *apptest.Server, configure func(*app.Config)) (*apptest.Server, *oidctest.Provider) {
	t.Helper()
	p := oidctest.Start(t)
	s := start(t, func(c *app.Config) {
		c.SSO = account.SSOConfig{Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret, Name: "Testprovider"}
		c.SSOPolicy.Roles = []auth.RoleGroups{{Role: auth.RoleAdmin, Groups: []string{"pakt-admins"}},
			{Role: auth.RoleManager, Groups: []string{"pakt-managers"}}}
		if configure != nil {
			configure(c)
		}
	})
	if s == nil {
		t.Skip("PAKT_TEST_POSTGRES not set")
	}
	p.AllowRedirect(s.URL + account.SSOCallbackPath)
	return s, p
}

// engines runs fn on a pakt with single sign-on on SQLite and on
// PostgreSQL.
func engines(t *testing.T, configure func(*app.Config), fn func(t *testing.T, s *apptest.Server, p *oidctest.Provider)) {
	t.Run("sqlite", func(t *testing.T) {
		s, p := ssoServer(t, apptest.Start, configure)
		fn(t, s, p)
	})
	t.Run("postgres", func(t *testing.T) {
		s, p := ssoServer(t, apptest.StartPostgres, configure)
		fn(t, s, p)
	})
}

// signIn takes the browser c through the sign-in with the provider as who
// and returns pakt's answer to the provider's redirect back, and the
// callback address it came to.
func signIn(t *testing.T, c *apptest.Client, p *oidctest.Provider, who oidctest.Person) (*apptest.Response, string) {
	t.Helper()
	p.SignInAs(who)
	res := c.Get("/login/sso?next=/account")
	if res.Status != http.StatusSeeOther {
		t.Fatalf("GET /login/sso: %d, want 303\n%.500s", res.Status, res.Body)
	}
	back := p.Authorize(t, res.Header.Get("Location"))
	u, err := url.Parse(back)
	if err != nil || u.Path != account.SSOCallbackPath {
		t.Fatalf("the provider sends the browser to %q, not to pakt's callback", back)
	}
	return c.Get(u.RequestURI()), u.RequestURI()
}

// wantSignedIn checks that the sign-in opened a session of the user with
// the e-mail address, and returns the user.
func wantSignedIn(t *testing.T, s *apptest.Server, c *apptest.Client, res *apptest.Response, email string) *auth.User {
	t.Helper()
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
		t.Fatalf("callback: %d to %q, want 303 to /account\n%.800s", res.Status, res.Header.Get("Location"), res.Body)
	}
	page := c.Get("/account")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, email) {
		t.Fatalf("GET /account after the sign-in: %d, want 200 with %s\n%.500s", page.Status, email, page.Body)
	}
	users, err := s.App.Auth.ListUsers(context.Background(), auth.System)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Email == email {
			return u
		}
	}
	t.Fatalf("no user %s", email)
	return nil
}

// wantRefused checks that the sign-in was refused with status and a page
// that says text, and that the browser has no session.
func wantRefused(t *testing.T, c *apptest.Client, res *apptest.Response, status int, text string) {
	t.Helper()
	if res.Status != status || !strings.Contains(res.Body, text) {
		t.Errorf("callback: %d, want %d with %q\n%.1500s", res.Status, status, text, res.Body)
	}
	if r := c.Get("/account"); r.Status != http.StatusSeeOther {
		t.Errorf("GET /account after a refused sign-in: %d, want 303 to the login", r.Status)
	}
}

func boolPtr(b bool) *bool { return &b }

// A person in the managers' group becomes a partner manager at the first
// sign-in, with PKCE (S256); the role follows the groups at each sign-in,
// and a programme user in no group of pakt's is refused.
func TestSSOStaffRoleFromGroups(t *testing.T) {
	t.Parallel()
	engines(t, nil, func(t *testing.T, s *apptest.Server, p *oidctest.Provider) {
		who := oidctest.Person{Subject: "m1", Email: "Maria.Manager@Vendor.example", Name: "Maria Manager", EmailVerified: boolPtr(true), Groups: []string{"staff", "pakt-managers"}}
		c := s.Anonymous()
		res, _ := signIn(t, c, p, who)
		u := wantSignedIn(t, s, c, res, "maria.manager@vendor.example")
		if u.Role != auth.RoleManager || u.Name != "Maria Manager" {
			t.Errorf("new user: role %s, name %q; want manager, Maria Manager", u.Role, u.Name)
		}
		if m := p.ChallengeMethods(); len(m) != 1 || m[0] != "S256" {
			t.Errorf("PKCE methods sent: %v, want [S256]", m)
		}
		who.Groups = []string{"pakt-managers", "pakt-admins"}
		c = s.Anonymous()
		res, _ = signIn(t, c, p, who)
		if u := wantSignedIn(t, s, c, res, u.Email); u.Role != auth.RoleAdmin {
			t.Errorf("after joining pakt-admins: role %s, want admin", u.Role)
		}
		who.Groups = []string{"staff"}
		c = s.Anonymous()
		res, _ = signIn(t, c, p, who)
		wantRefused(t, c, res, http.StatusForbidden, "no group that has a role in pakt")
	})
}

// orgWithDomains makes a published partner that lists the e-mail domains.
func orgWithDomains(t *testing.T, s *apptest.Server, name string, domains ...string) string {
	t.Helper()
	id := s.Org(name)
	if _, err := s.App.Partners.Update(context.Background(), auth.System, id, partner.Input{EmailDomains: &domains}); err != nil {
		t.Fatal(err)
	}
	return id
}

// A new person of a domain a partner lists becomes a member of that
// partner; an existing user signs in by the e-mail address whatever its
// case, keeping its role.
func TestSSOPartnerMemberByDomain(t *testing.T) {
	t.Parallel()
	engines(t, nil, func(t *testing.T, s *apptest.Server, p *oidctest.Provider) {
		org := orgWithDomains(t, s, "Muster IT GmbH", "muster-it.example", "muster.example")
		c := s.Anonymous()
		res, _ := signIn(t, c, p, oidctest.Person{Subject: "a1", Email: "anna@Muster-IT.example", Name: "Anna Muster"})
		u := wantSignedIn(t, s, c, res, "anna@muster-it.example")
		if u.Role != auth.RolePartnerMember || u.OrgID != org || u.Disabled || u.Pending {
			t.Errorf("new user: role %s, org %q, disabled %v, pending %v; want an active partner member of %s", u.Role, u.OrgID, u.Disabled, u.Pending, org)
		}
		// The second sign-in finds the same user.
		c = s.Anonymous()
		res, _ = signIn(t, c, p, oidctest.Person{Subject: "a1", Email: "ANNA@muster-it.example", Name: "Anna M."})
		if again := wantSignedIn(t, s, c, res, u.Email); again.ID != u.ID {
			t.Errorf("second sign-in: user %s, want %s", again.ID, u.ID)
		}
		// A partner admin made with a password signs in with its company
		// account too, and stays partner admin although no group says so.
		admin := s.CreateUser(auth.RolePartnerAdmin, org)
		c = s.Anonymous()
		res, _ = signIn(t, c, p, oidctest.Person{Subject: "a2", Email: strings.ToUpper(admin.Email), Groups: []string{"pakt-admins"}})
		if got := wantSignedIn(t, s, c, res, admin.Email); got.ID != admin.ID || got.Role != auth.RolePartnerAdmin {
			t.Errorf("existing partner admin: user %s with role %s, want %s as partner_admin", got.ID, got.Role, admin.ID)
		}
		// The creation is in the audit log, by the new user.
		audit := s.Login(s.CreateUser(auth.RoleAdmin, "").Email).Get("/audit?object=" + u.ID)
		if audit.Status != http.StatusOK || !strings.Contains(audit.Body, "anna@muster-it.example") {
			t.Errorf("audit log of the new user: %d\n%.500s", audit.Status, audit.Body)
		}
	})
}

// With --oidc-partner-users=approve a new partner user waits: its partner
// admin is told, sees it first in the user list and approves it; then it
// signs in.
func TestSSOPartnerUserWaitsForApproval(t *testing.T) {
	t.Parallel()
	engines(t, func(c *app.Config) { c.SSOPolicy.ApprovePartners = true }, func(t *testing.T, s *apptest.Server, p *oidctest.Provider) {
		org := orgWithDomains(t, s, "Beispiel AG", "beispiel.example")
		padmin := s.CreateUser(auth.RolePartnerAdmin, org)
		ben := oidctest.Person{Subject: "b1", Email: "ben@beispiel.example", Name: "Ben Beispiel", EmailVerified: boolPtr(true)}
		c := s.Anonymous()
		res, _ := signIn(t, c, p, ben)
		wantRefused(t, c, res, http.StatusForbidden, "waits for the approval of your organisation")
		// Asking again does not make a second user.
		res, _ = signIn(t, c, p, ben)
		wantRefused(t, c, res, http.StatusForbidden, "waits for the approval of your organisation")

		admin := s.Login(padmin.Email)
		// The partner admin chose no language: its inbox speaks the
		// page's, here German.
		admin.Lang = "de"
		if inbox := admin.Get("/inbox"); !strings.Contains(inbox.Body, "Ein neues Konto wartet auf Ihre Freigabe") {
			t.Errorf("the partner admin's inbox does not tell of the new user\n%.3000s", inbox.Body)
		}
		admin.Lang = "en"
		list := admin.Get("/users")
		apptest.InOrder(t, list.Body, "Ben Beispiel", "waiting for approval", padmin.Name)
		users, err := s.App.Auth.ListUsers(context.Background(), auth.System)
		if err != nil {
			t.Fatal(err)
		}
		var id string
		for _, u := range users {
			if u.Email == ben.Email {
				id = u.ID
				if !u.Pending || !u.Disabled || u.OrgID != org || u.Role != auth.RolePartnerMember {
					t.Errorf("waiting user: pending %v, disabled %v, org %q, role %s", u.Pending, u.Disabled, u.OrgID, u.Role)
				}
			}
		}
		if page := admin.Get("/users/" + id); !strings.Contains(page.Body, "Ben Beispiel signed in with a company account of your organisation and waits for your approval") {
			t.Errorf("the waiting user's page does not say it waits\n%.2000s", page.Body)
		}
		if res := admin.Form("POST", "/users/"+id+"/approve", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("approve: %d, want 303\n%.500s", res.Status, res.Body)
		}
		if res := admin.Form("POST", "/users/"+id+"/approve", nil); res.Status != http.StatusConflict {
			t.Errorf("approve twice: %d, want 409", res.Status)
		}
		c = s.Anonymous()
		res, _ = signIn(t, c, p, ben)
		wantSignedIn(t, s, c, res, ben.Email)
	})
}

// Every answer that does not check out is refused with a page in the
// reader's language, and opens no session.
func TestSSORefusesWhatDoesNotCheckOut(t *testing.T) {
	t.Parallel()
	var log apptest.SyncBuffer
	s, p := ssoServer(t, apptest.Start, func(c *app.Config) { c.Log = slog.New(slog.NewTextHandler(&log, nil)) })
	orgWithDomains(t, s, "Bekannt GmbH", "bekannt.example")
	known := oidctest.Person{Subject: "k1", Email: "kim@bekannt.example", Name: "Kim"}
	for _, tc := range []struct {
		name   string
		who    oidctest.Person
		fault  oidctest.Fault
		lang   string
		status int
		text   string
	}{
		{"unknown domain", oidctest.Person{Subject: "u1", Email: "udo@unbekannt.example"}, oidctest.NoFault, "en", http.StatusForbidden, "Your organisation is not known to the partner programme"},
		{"unknown domain in German", oidctest.Person{Subject: "u1", Email: "udo@unbekannt.example"}, oidctest.NoFault, "de", http.StatusForbidden, "Ihre Organisation ist dem Partnerprogramm nicht bekannt"},
		{"e-mail not verified", oidctest.Person{Subject: "k2", Email: "kai@bekannt.example", EmailVerified: boolPtr(false)}, oidctest.NoFault, "en", http.StatusForbidden, "is not verified"},
		{"no e-mail address", oidctest.Person{Subject: "k3"}, oidctest.NoFault, "en", http.StatusForbidden, "did not pass on an e-mail address"},
		{"token for another application", known, oidctest.OtherAudience, "en", http.StatusUnauthorized, "The sign-in could not be verified"},
		{"expired token", known, oidctest.Expired, "en", http.StatusUnauthorized, "The sign-in could not be verified"},
		{"expired token in German", known, oidctest.Expired, "de", http.StatusUnauthorized, "Die Anmeldung konnte nicht bestätigt werden"},
		{"wrong nonce", known, oidctest.WrongNonce, "en", http.StatusUnauthorized, "The sign-in could not be verified"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p.SetFault(tc.fault)
			defer p.SetFault(oidctest.NoFault)
			c := s.Anonymous()
			c.Lang = tc.lang
			res, _ := signIn(t, c, p, tc.who)
			wantRefused(t, c, res, tc.status, tc.text)
		})
	}
	// The same person signs in once nothing is wrong.
	c := s.Anonymous()
	res, _ := signIn(t, c, p, known)
	wantSignedIn(t, s, c, res, known.Email)
	// The log says what was wrong, and holds no token (a JWT starts with
	// eyJ).
	for _, want := range []string{"expected audience", "token is expired", "nonce", "sso.error.unknown_domain"} {
		if !strings.Contains(log.String(), want) {
			t.Errorf("the log does not say %q:\n%s", want, log.String())
		}
	}
	if strings.Contains(log.String(), "eyJ") {
		t.Errorf("the log holds a token:\n%s", log.String())
	}
}

// A state works once and only in the browser that started the sign-in: a
// replayed answer of the provider is refused, even with the state's
// cookie, and so is one brought to another browser.
func TestSSOStateWorksOnceInItsBrowser(t *testing.T) {
	t.Parallel()
	s, p := ssoServer(t, apptest.Start, nil)
	orgWithDomains(t, s, "Bekannt GmbH", "bekannt.example")
	who := oidctest.Person{Subject: "k1", Email: "kim@bekannt.example", Name: "Kim"}

	// Another browser cannot finish a sign-in this one started.
	p.SignInAs(who)
	mine := s.Anonymous()
	start := mine.Get("/login/sso")
	back, _ := url.Parse(p.Authorize(t, start.Header.Get("Location")))
	thief := s.Anonymous()
	wantRefused(t, thief, thief.Get(back.RequestURI()), http.StatusUnauthorized, "The sign-in could not be verified")

	c := s.Anonymous()
	res, callback := signIn(t, c, p, who)
	wantSignedIn(t, s, c, res, who.Email)
	// The browser replays the answer, its state's cookie put back.
	replay := s.Anonymous()
	base, _ := url.Parse(s.URL + "/login/sso")
	state, _ := url.Parse(callback)
	replay.HTTP.Jar.SetCookies(base, []*http.Cookie{{Name: "pakt_sso", Value: state.Query().Get("state"), Path: "/login/sso"}})
	wantRefused(t, replay, replay.Get(callback), http.StatusUnauthorized, "The sign-in could not be verified")
	// So does the browser that signed in, with its session gone.
	c.Form("POST", "/logout", nil)
	wantRefused(t, c, c.Get(callback), http.StatusUnauthorized, "The sign-in could not be verified")
}

// With local passwords off for staff, the login page leads staff to the
// company account; a programme user's password is refused with a hint, a
// partner admin's still works, and no reset link is sent to staff.
func TestStaffPasswordsOff(t *testing.T) {
	t.Parallel()
	s, _ := ssoServer(t, apptest.Start, func(c *app.Config) { c.StaffPasswordsOff = true })
	page := s.Anonymous().Get("/login")
	apptest.InOrder(t, page.Body, "Sign in with Testprovider", "Programme staff sign in with their company account only", `name="password"`)
	for _, role := range []auth.Role{auth.RoleAdmin, auth.RoleManager, auth.RoleRecruiter} {
		u := s.CreateUser(role, "")
		res := s.Anonymous().Form("POST", "/login", url.Values{"email": {u.Email}, "password": {apptest.Password}})
		if res.Status != http.StatusForbidden || !strings.Contains(res.Body, "sign in with their company account (single sign-on)") {
			t.Errorf("password login of a %s: %d, want 403 with the hint\n%.800s", role, res.Status, res.Body)
		}
		api := s.Anonymous().JSON("POST", "/api/v1/session", map[string]string{"email": u.Email, "password": apptest.Password})
		if api.Status != http.StatusForbidden {
			t.Errorf("API login of a %s: %d, want 403", role, api.Status)
		}
		// A wrong password says no more than for anyone.
		res = s.Anonymous().Form("POST", "/login", url.Values{"email": {u.Email}, "password": {"wrong-password"}})
		if res.Status != http.StatusUnauthorized {
			t.Errorf("wrong password of a %s: %d, want 401", role, res.Status)
		}
	}
	padmin := s.CreateUser(auth.RolePartnerAdmin, s.Org("Partner mit Passwort"))
	s.Login(padmin.Email)
}

// In a browser, the button on the login page leads through the provider
// and back into pakt, signed in; the partner admin approves a waiting
// user from the user list. Each page passes axe-core.
func TestBrowserSignInWithCompanyAccount(t *testing.T) {
	s, p := ssoServer(t, apptest.Start, func(c *app.Config) { c.StaffPasswordsOff, c.SSOPolicy.ApprovePartners = true, true })
	b := apptest.NewBrowser(t, s.URL)
	axe := func(page string) {
		t.Helper()
		for _, v := range b.Axe() {
			t.Errorf("%s: axe-core %s (%s): %s %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		}
	}
	b.Open("/login?next=/account")
	b.CheckLabels("login with single sign-on")
	axe("login with single sign-on")
	if got := b.Text("#sso-login"); got != "Sign in with Testprovider" {
		t.Errorf("the button says %q", got)
	}
	p.SignInAs(oidctest.Person{Subject: "m1", Email: "maria@vendor.example", Name: "Maria Manager", Groups: []string{"pakt-managers"}})
	b.Click("#sso-login")
	if path := b.Path(); path != "/account" {
		t.Fatalf("after the sign-in the browser is at %s%s", path, b.State())
	}
	if got := b.Text("main"); !strings.Contains(got, "maria@vendor.example") {
		t.Errorf("the account page says %q", got)
	}

	org := orgWithDomains(t, s, "Warte GmbH", "warte.example")
	padmin := s.CreateUser(auth.RolePartnerAdmin, org)
	c := s.Anonymous()
	res, _ := signIn(t, c, p, oidctest.Person{Subject: "w1", Email: "wim@warte.example", Name: "Wim Warte"})
	wantRefused(t, c, res, http.StatusForbidden, "waits for the approval")
	b.UseSession(s.Login(padmin.Email))
	b.Open("/users")
	axe("users with one waiting")
	b.Click(`#users button[type=submit]`)
	if got := b.Text("main"); !strings.Contains(got, "Wim Warte is approved and can sign in now.") {
		t.Errorf("after the approval the list says %q", got)
	}
	c = s.Anonymous()
	res, _ = signIn(t, c, p, oidctest.Person{Subject: "w1", Email: "wim@warte.example", Name: "Wim Warte"})
	wantSignedIn(t, s, c, res, "wim@warte.example")
	b.CheckConsole()
}

// With staff passwords off, staff get no reset link, with the same answer
// as anyone; partner users get theirs.
func TestStaffPasswordsOffSendNoResetLink(t *testing.T) {
	t.Parallel()
	var smtp *notifytest.Server
	s, _ := ssoServer(t, apptest.Start, func(c *app.Config) {
		withMail(&smtp)(t, c)
		c.StaffPasswordsOff = true
	})
	admin := s.CreateUser(auth.RoleAdmin, "")
	padmin := s.CreateUser(auth.RolePartnerAdmin, s.Org("Passwort GmbH"))
	staff, partnerUser := ask(s.Anonymous(), admin.Email), ask(s.Anonymous(), padmin.Email)
	if staff.Status != partnerUser.Status || staff.Status != http.StatusOK {
		t.Errorf("asking for a link: staff %d, partner %d; want 200 for both", staff.Status, partnerUser.Status)
	}
	waitForMail(t, smtp, padmin.Email, "/password/reset?token=")
	if got := smtp.To(admin.Email); len(got) != 0 {
		t.Errorf("the admin got a reset link: %+v", got)
	}
}

// A provider that cannot be reached is said to be so; pakt itself starts
// and serves the password login meanwhile.
func TestSSOProviderAway(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	away := "http://" + l.Addr().String()
	l.Close()
	s := apptest.StartWith(t, func(c *app.Config) {
		c.SSO = account.SSOConfig{Issuer: away, ClientID: "pakt", ClientSecret: "secret"}
	})
	c := s.Anonymous()
	c.Lang = "de"
	res := c.Get("/login/sso")
	if res.Status != http.StatusServiceUnavailable || res.Header.Get("Retry-After") != "30" || !strings.Contains(res.Body, "Der Anmeldedienst ist gerade nicht erreichbar") {
		t.Errorf("GET /login/sso with the provider away: %d\n%.1500s", res.Status, res.Body)
	}
	s.Login(s.CreateUser(auth.RoleManager, "").Email)
}
