// Package account is the web and API side of accounts: login and logout,
// language, the own account with password and API tokens, user
// administration, and the audit log.
package account

import (
	"context"
	"embed"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/ical"
	"pakt/internal/partner/directory"
	"pakt/internal/web"
)

// Templates are the account pages.
//
//go:embed templates/*.html
var Templates embed.FS

// Handler serves the account pages and API.
type Handler struct {
	web  *web.Server
	auth *auth.Service
	db   *db.DB
	// OrgNames names organisations for the user list; set by the app.
	OrgNames func(ctx context.Context, ids []string) (map[string]string, error)
	// FindOrg resolves the organisation typed into the user form (its
	// name or a part only one holds) to its id, else "" and the number
	// of matches; set by the app.
	FindOrg func(ctx context.Context, a *auth.Actor, text string) (string, int, error)
	// SSO is the sign-in with a company account; nil when not configured.
	SSO *SSO
	// Calendar is each person's private calendar feed, on the account
	// page.
	Calendar *Calendar
}

// New returns the account handler.
func New(w *web.Server, a *auth.Service, d *db.DB) *Handler {
	return &Handler{web: w, auth: a, db: d, Calendar: NewCalendar(d, a.Now)}
}

// Routes registers the account pages and API.
func (h *Handler) Routes() {
	s := h.web
	s.Nav(web.NavEntry{Path: "/users", Label: "nav.users", Order: 110, Shows: mayManageUsers, Group: "nav.group.admin"})
	s.Nav(web.NavEntry{Path: "/audit", Label: "nav.audit", Order: 120, Shows: (*auth.Actor).IsAdmin, Group: "nav.group.admin"})
	s.Nav(web.NavEntry{Path: "/account", Label: "nav.account", Order: 140})
	s.HandleFunc("GET /login", h.loginPage)
	s.HandleFunc("POST /login", h.login)
	s.HandleFunc("GET /login/sso", h.ssoStart)
	s.HandleFunc("GET "+SSOCallbackPath, h.ssoCallback)
	s.HandleFunc("POST /logout", h.logout)
	s.HandleFunc("GET /password/forgot", h.forgotPage)
	s.HandleFunc("POST /password/forgot", h.forgot)
	s.HandleFunc("GET /password/reset", h.resetPage)
	s.HandleFunc("POST /password/reset", h.reset)
	s.HandleFunc("POST /lang", h.setLang)
	s.HandleFunc("GET /account", h.web.SignedIn(h.accountPage))
	s.HandleFunc("POST /account/password", h.web.SignedIn(h.changePassword))
	s.HandleFunc("POST /account/tokens", h.web.SignedIn(h.createToken))
	s.HandleFunc("POST /account/tokens/{id}/revoke", h.web.SignedIn(h.revokeToken))
	s.HandleFunc("POST /account/calendar", h.web.SignedIn(h.createCalendar))
	s.HandleFunc("POST /account/calendar/revoke", h.web.SignedIn(h.revokeCalendar))
	// The token in the URL is the credential: calendar applications do not
	// log in.
	s.HandleFunc("GET /calendar/{token}", h.calendarFeed)
	s.HandleFunc("GET /users", h.web.SignedIn(h.usersPage))
	s.HandleFunc("GET /users/new", h.web.SignedIn(h.newUserPage))
	s.HandleFunc("POST /users", h.web.SignedIn(h.createUser))
	s.HandleFunc("GET /users/{id}", h.web.SignedIn(h.userPage))
	s.HandleFunc("POST /users/{id}", h.web.SignedIn(h.updateUser))
	s.HandleFunc("POST /users/{id}/approve", h.web.SignedIn(h.approveUser))
	s.HandleFunc("GET /audit", h.web.SignedIn(h.auditPage))
	h.apiRoutes()
}

type loginData struct {
	Email string
	Next  string
	// SSO offers the sign-in with a company account, labelled SSOName.
	SSO     bool
	SSOName string
	// StaffSSOOnly says programme staff sign in with their company
	// account only.
	StaffSSOOnly bool
}

func (h *Handler) loginPage(w http.ResponseWriter, r *http.Request) {
	if auth.FromContext(r.Context()) != nil {
		http.Redirect(w, r, web.SafeRedirect(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	h.renderLogin(w, r, http.StatusOK, loginData{Next: web.SafeRedirect(r.URL.Query().Get("next"))}, "")
}

func (h *Handler) renderLogin(w http.ResponseWriter, r *http.Request, status int, d loginData, msg string) {
	if h.SSO != nil {
		d.SSO, d.SSOName, d.StaffSSOOnly = true, h.SSO.Config.Name, h.auth.StaffPasswordsOff
	}
	p := h.web.NewPage(r, "login.title", d)
	p.ErrorMessage = msg
	n, err := h.auth.CountUsers(r.Context())
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	p.Setup = n == 0
	h.web.Render(w, r, status, "login.html", p)
}

func (h *Handler) login(w http.ResponseWriter, r *http.Request) {
	if !h.web.ParseForm(w, r) {
		return
	}
	d := loginData{Email: r.PostForm.Get("email"), Next: r.PostForm.Get("next")}
	u, token, err := h.auth.Login(r.Context(), d.Email, r.PostForm.Get("password"), web.RemoteAddr(r))
	if err != nil {
		e, ok := apperr.As(err)
		if !ok {
			h.web.Error(w, r, err)
			return
		}
		h.renderLogin(w, r, web.ErrorStatus(w, e), d, i18n.T(web.Lang(r.Context()), e.Key, e.Args...))
		return
	}
	h.web.SetSession(w, r, token, h.auth.SessionTTL)
	if u.Lang != "" {
		h.web.SetLangCookie(w, r, u.Lang)
	}
	http.Redirect(w, r, web.SafeRedirect(d.Next), http.StatusSeeOther)
}

func (h *Handler) logout(w http.ResponseWriter, r *http.Request) {
	if token := sessionToken(r); token != "" {
		if err := h.auth.Logout(r.Context(), token); err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	h.web.ClearSession(w, r)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang switches the language: for a user it is stored with the account,
// for a visitor in a cookie.
func (h *Handler) setLang(w http.ResponseWriter, r *http.Request) {
	if !h.web.ParseForm(w, r) {
		return
	}
	lang := r.PostForm.Get("lang")
	if lang != "" && !i18n.Supported(lang) {
		var v apperr.Validation
		v.Add("lang", "validation.choice")
		h.web.Error(w, r, v.Err())
		return
	}
	if a := auth.FromContext(r.Context()); a != nil {
		if err := h.auth.SetLanguage(r.Context(), a, lang); err != nil {
			h.web.Error(w, r, err)
			return
		}
	}
	if lang == "" {
		http.SetCookie(w, &http.Cookie{Name: "pakt_lang", Path: "/", MaxAge: -1})
	} else {
		h.web.SetLangCookie(w, r, lang)
	}
	http.Redirect(w, r, web.SafeRedirect(r.PostForm.Get("next")), http.StatusSeeOther)
}

type accountData struct {
	Tokens    []*auth.Token
	NewSecret string
	NewToken  string
	// CalendarSince is when the person's calendar feed was made, nil
	// without one; NewFeed is the feed just made, shown this once.
	CalendarSince *time.Time
	NewFeed       *ical.NewFeed
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	h.renderAccount(w, r, a, &accountData{}, nil)
}

func (h *Handler) renderAccount(w http.ResponseWriter, r *http.Request, a *auth.Actor, d *accountData, formErr error) {
	tokens, err := h.auth.ListTokens(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	d.Tokens = tokens
	if d.CalendarSince, err = h.Calendar.Since(r.Context(), a); err != nil {
		h.web.Error(w, r, err)
		return
	}
	p := h.web.NewPage(r, "account.title", d)
	h.web.RenderForm(w, r, "account.html", p, formErr)
}

// sessionToken is the secret of the request's session cookie, "" without.
func sessionToken(r *http.Request) string {
	if c, err := r.Cookie(web.SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	err := h.auth.ChangePassword(r.Context(), a, r.PostForm.Get("current_password"), r.PostForm.Get("new_password"), sessionToken(r))
	if err != nil {
		// Passwords are never shown again in the form.
		r.PostForm.Del("current_password")
		r.PostForm.Del("new_password")
		h.renderAccount(w, r, a, &accountData{}, err)
		return
	}
	h.web.Redirect(w, r, "/account", "account.password_changed")
}

func (h *Handler) createToken(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !h.web.ParseForm(w, r) {
		return
	}
	days, err := parseDays(r.PostForm.Get("expires_in_days"))
	if err != nil {
		h.renderAccount(w, r, a, &accountData{}, err)
		return
	}
	t, secret, err := h.auth.CreateToken(r.Context(), a, r.PostForm.Get("name"), time.Duration(days)*24*time.Hour)
	if err != nil {
		h.renderAccount(w, r, a, &accountData{}, err)
		return
	}
	// The secret is shown once, on this answer, and never stored.
	h.renderAccount(w, r, a, &accountData{NewSecret: secret, NewToken: t.Name}, nil)
}

func parseDays(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		var v apperr.Validation
		v.Add("expires_in_days", "validation.range", 1, 366)
		return 0, v.Err()
	}
	return n, nil
}

func (h *Handler) revokeToken(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	asked, err := h.web.Confirming(w, r, func(ctx context.Context) error { return h.auth.RevokeToken(ctx, a, id) }, func() web.Confirm {
		lang := web.Lang(r.Context())
		return web.Confirm{Title: i18n.T(lang, "tokens.confirm_revoke"), Text: []string{i18n.T(lang, "tokens.confirm_revoke_text")}, Button: i18n.T(lang, "tokens.revoke")}
	})
	if asked {
		return
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/account", "account.token_revoked")
}

type usersData struct {
	Users    []*auth.User
	OrgNames map[string]string
	User     *auth.User
	Roles    []auth.Role
	OrgID    string
	// OrgName names OrgID in the form's organisation field.
	OrgName string
	// The list's search and page.
	Query       string
	Total       int
	Page, Pages int
}

// UsersPerPage is how many users the user list shows on a page.
const UsersPerPage = 50

// matchUsers returns the users whose name or e-mail address contains the
// query, in the directory's forgiving way: case, accents and German
// transliterations do not matter ("mueller" finds "Müller").
func matchUsers(users []*auth.User, query string) []*auth.User {
	q := directory.Fold(strings.TrimSpace(query))
	if q == "" {
		return users
	}
	var out []*auth.User
	for _, u := range users {
		if strings.Contains(directory.Fold(u.Name), q) || strings.Contains(directory.Fold(u.Email), q) {
			out = append(out, u)
		}
	}
	return out
}

func (h *Handler) orgNames(ctx context.Context, users []*auth.User) (map[string]string, error) {
	if h.OrgNames == nil {
		return map[string]string{}, nil
	}
	var ids []string
	for _, u := range users {
		ids = append(ids, u.OrgID)
	}
	return h.OrgNames(ctx, ids)
}

// mayManageUsers reports whether a sees the user administration.
func mayManageUsers(a *auth.Actor) bool { return a.IsAdmin() || a.Role == auth.RolePartnerAdmin }

func (h *Handler) usersPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !mayManageUsers(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	all, err := h.auth.ListUsers(r.Context(), a)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	d := &usersData{Query: strings.TrimSpace(q.Get("q"))}
	found := matchUsers(all, d.Query)
	// Paged here, so every page reads in the language's order ("Özdemir"
	// with the O), which the database's lower(name) does not give.
	i18n.SortBy(web.Lang(r.Context()), found, func(u *auth.User) string { return u.Name })
	// Who waits for approval comes first, where the approver sees it.
	slices.SortStableFunc(found, func(a, b *auth.User) int {
		switch {
		case a.Pending && !b.Pending:
			return -1
		case b.Pending && !a.Pending:
			return 1
		}
		return 0
	})
	d.Total = len(found)
	d.Pages = max((d.Total+UsersPerPage-1)/UsersPerPage, 1)
	d.Page = min(atoiDefault(q.Get("page"), 1), d.Pages)
	d.Users = found[(d.Page-1)*UsersPerPage : min(d.Page*UsersPerPage, d.Total)]
	if d.OrgNames, err = h.orgNames(r.Context(), d.Users); err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "users.html", h.web.NewPage(r, "users.title", d))
}

// assignableRoles are the roles a may give.
func assignableRoles(a *auth.Actor) []auth.Role {
	if a.IsAdmin() {
		return auth.Roles
	}
	return []auth.Role{auth.RolePartnerAdmin, auth.RolePartnerMember}
}

func (h *Handler) newUserPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !mayManageUsers(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	org := r.URL.Query().Get("org")
	if !a.IsAdmin() {
		org = a.OrgID
	}
	h.web.Render(w, r, http.StatusOK, "user.html", h.web.NewPage(r, "users.new", &usersData{Roles: assignableRoles(a), OrgID: org, OrgName: h.orgName(r.Context(), org)}))
}

// userInput reads the user form, which the caller has parsed.
func userInput(r *http.Request, creating bool) auth.UserInput {
	f := r.PostForm
	in := auth.UserInput{}
	str := func(k string) *string {
		if _, ok := f[k]; !ok {
			return nil
		}
		v := f.Get(k)
		return &v
	}
	in.Email, in.Name, in.OrgID, in.Lang = str("email"), str("name"), str("org_id"), str("lang")
	if v := str("role"); v != nil {
		role := auth.Role(*v)
		in.Role = &role
	}
	if pw := f.Get("password"); pw != "" || creating {
		in.Password = &pw
	}
	in.CurrentPassword = str("current_password")
	if !creating {
		disabled := f.Get("disabled") == "on"
		in.Disabled = &disabled
	}
	return in
}

func (h *Handler) createUser(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	if !mayManageUsers(a) {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	in := userInput(r, true)
	err := h.orgFromName(r, a, &in)
	if !a.IsAdmin() {
		in.OrgID = &a.OrgID
	}
	var u *auth.User
	if err == nil {
		u, err = h.auth.CreateUser(r.Context(), a, in)
	}
	if err != nil {
		h.refuseUserForm(w, r, "users.new", &usersData{Roles: assignableRoles(a), OrgID: r.PostForm.Get("org_id")}, err)
		return
	}
	h.web.Redirect(w, r, "/users/"+u.ID, "form.saved")
}

func (h *Handler) userPage(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	u, err := h.auth.GetUser(r.Context(), a, r.PathValue("id"))
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Render(w, r, http.StatusOK, "user.html", h.web.NewPage(r, "users.edit", &usersData{User: u, Roles: assignableRoles(a), OrgID: u.OrgID, OrgName: h.orgName(r.Context(), u.OrgID)}))
}

func (h *Handler) updateUser(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	u, err := h.auth.GetUser(r.Context(), a, id)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	if !h.web.ParseForm(w, r) {
		return
	}
	in := userInput(r, false)
	err = h.orgFromName(r, a, &in)
	if a.UserID == id {
		// The own role, organisation and lock are not edited here; a new
		// own password keeps this session open.
		in.Role, in.OrgID, in.Disabled = nil, nil, nil
		in.KeepSession = sessionToken(r)
	}
	if !a.IsAdmin() {
		in.OrgID = nil
	}
	if err == nil {
		_, err = h.auth.UpdateUser(r.Context(), a, id, in)
	}
	if err != nil {
		h.refuseUserForm(w, r, "users.edit", &usersData{User: u, Roles: assignableRoles(a), OrgID: u.OrgID}, err)
		return
	}
	h.web.Redirect(w, r, "/users/"+id, "form.saved")
}

// refuseUserForm shows the user form again with the messages of a
// validation error; the password is never filled in again.
// orgName names the organisation id for the user form, "" for none.
func (h *Handler) orgName(ctx context.Context, id string) string {
	if id == "" || h.OrgNames == nil {
		return ""
	}
	names, err := h.OrgNames(ctx, []string{id})
	if err != nil {
		return ""
	}
	return names[id]
}

// orgFromName sets the user's organisation from the form's organisation
// field (a name, or a part of one that only one organisation holds), when
// the form has that field; an empty field clears it.
func (h *Handler) orgFromName(r *http.Request, a *auth.Actor, in *auth.UserInput) error {
	if _, ok := r.PostForm["org"]; !ok || h.FindOrg == nil {
		return nil
	}
	text := strings.TrimSpace(r.PostForm.Get("org"))
	if text == "" {
		in.OrgID = &text
		return nil
	}
	id, n, err := h.FindOrg(r.Context(), a, text)
	if err != nil {
		return err
	}
	if id == "" {
		var v apperr.Validation
		if n > 1 {
			v.Add("org", "users.org_several", n)
		} else {
			v.Add("org", "validation.unknown_org")
		}
		return v.Err()
	}
	in.OrgID = &id
	return nil
}

func (h *Handler) refuseUserForm(w http.ResponseWriter, r *http.Request, title string, d *usersData, err error) {
	// The form names the organisation; the service names its id.
	err = apperr.RenameFields(err, map[string]string{"org_id": "org"})
	p := h.web.NewPage(r, title, d)
	r.PostForm.Del("password")
	r.PostForm.Del("current_password")
	h.web.RenderForm(w, r, "user.html", p, err)
}

func atoiDefault(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return def
	}
	return n
}
