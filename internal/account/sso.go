package account

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/web"
)

// SSOCallbackPath is where the identity provider sends the browser back
// to; the redirect URI to register is the base URL followed by it.
const SSOCallbackPath = "/login/sso/callback"

// ssoCookie binds a sign-in under way to the browser that started it: it
// holds the sign-in's state, which the answer must bring back.
const ssoCookie = "pakt_sso"

// SSOConfig is the sign-in with a company account through an OpenID
// provider (Microsoft Entra ID, Keycloak, …).
type SSOConfig struct {
	// Issuer is the provider's issuer URL, from which its endpoints and
	// keys are discovered; "" switches single sign-on off.
	Issuer       string
	ClientID     string
	ClientSecret string
	// Scopes are asked for; openid is one of them.
	Scopes []string
	// Name labels the button ("Sign in with Microsoft"); "" says "with
	// your company account".
	Name string
	// The claims of the ID token that carry the e-mail address, the name
	// and the groups.
	EmailClaim, NameClaim, GroupsClaim string
}

// WithDefaults returns the configuration with the standard scopes and
// claims where it names none.
func (c SSOConfig) WithDefaults() SSOConfig {
	if len(c.Scopes) == 0 {
		c.Scopes = []string{"openid", "email", "profile"}
	}
	for _, d := range []struct {
		v   *string
		def string
	}{{&c.EmailClaim, "email"}, {&c.NameClaim, "name"}, {&c.GroupsClaim, "groups"}} {
		if *d.v == "" {
			*d.v = d.def
		}
	}
	return c
}

// SSO signs people in with their company account. The provider is
// discovered at the first sign-in, not at start, so that pakt starts while
// the provider is away; a failed discovery is tried again at the next.
type SSO struct {
	Config SSOConfig
	Log    *slog.Logger
	// HTTP is the client that talks to the provider.
	HTTP *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

// NewSSO returns the sign-in of the configuration, nil when it names no
// issuer.
func NewSSO(cfg SSOConfig, log *slog.Logger) *SSO {
	if cfg.Issuer == "" {
		return nil
	}
	return &SSO{Config: cfg.WithDefaults(), Log: log, HTTP: &http.Client{Timeout: 15 * time.Second}}
}

// discover returns the provider, discovering it on first use.
func (s *SSO) discover() (*oidc.Provider, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider != nil {
		return s.provider, nil
	}
	// The provider keeps this context for fetching its keys later, so it
	// is none of a request's.
	ctx := oidc.ClientContext(context.Background(), s.HTTP)
	p, err := oidc.NewProvider(ctx, s.Config.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", s.Config.Issuer, err)
	}
	s.provider = p
	return p, nil
}

// oauth is the OAuth 2.0 client of the provider, sending the browser back
// to base's callback.
func (s *SSO) oauth(p *oidc.Provider, base string) *oauth2.Config {
	return &oauth2.Config{ClientID: s.Config.ClientID, ClientSecret: s.Config.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: strings.TrimSuffix(base, "/") + SSOCallbackPath, Scopes: s.Config.Scopes}
}

// errSSOUnavailable is shown when the provider cannot be reached: 503,
// to be tried again in half a minute.
var errSSOUnavailable = &apperr.Error{Code: apperr.Unavailable, Key: "sso.error.unavailable", RetryAfter: 30}

// errSSOFailed is shown for every answer that fails verification: the
// details go to the log only.
var errSSOFailed = apperr.New(apperr.Unauthorised, "sso.error.failed")

// ssoStart sends the browser to the provider with a new state, nonce and
// PKCE challenge (S256).
func (h *Handler) ssoStart(w http.ResponseWriter, r *http.Request) {
	next := web.SafeRedirect(r.URL.Query().Get("next"))
	if h.SSO == nil {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	if auth.FromContext(r.Context()) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	p, err := h.SSO.discover()
	if err != nil {
		h.SSO.Log.Error("single sign-on: provider unreachable", "err", err)
		h.ssoRefused(w, r, errSSOUnavailable)
		return
	}
	st, err := h.auth.BeginSSO(r.Context(), next)
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: st.State, Path: "/login/sso", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.web.Secure(r), MaxAge: int(auth.SSOLifetime.Seconds())})
	to := h.SSO.oauth(p, h.web.BaseURL).AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// ssoCallback takes the provider's answer: the state must be this
// browser's and unused, the code is exchanged with the PKCE verifier, and
// the ID token must be signed by the provider for this client, unexpired
// and carry the sign-in's nonce. Then auth's rules decide who signs in.
func (h *Handler) ssoCallback(w http.ResponseWriter, r *http.Request) {
	if h.SSO == nil {
		h.web.Error(w, r, apperr.ErrNotFound)
		return
	}
	q := r.URL.Query()
	// The cookie is used once, whatever the answer.
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Value: "", Path: "/login/sso", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: h.web.Secure(r), MaxAge: -1})
	id, next, err := h.ssoIdentity(r.Context(), r, q.Get("state"), q.Get("code"), q.Get("error"))
	if err != nil {
		h.SSO.Log.Warn("single sign-on refused", "err", err, "request_id", web.RequestID(r.Context()))
		if _, ok := apperr.As(err); !ok || errors.Is(err, auth.ErrSSOState) {
			err = errSSOFailed
		}
		h.ssoRefused(w, r, err)
		return
	}
	u, token, err := h.auth.SSOLogin(r.Context(), *id)
	if err != nil {
		if e, ok := apperr.As(err); ok {
			h.SSO.Log.Info("single sign-on refused", "reason", e.Key, "subject", id.Subject, "email", id.Email)
		}
		h.ssoRefused(w, r, err)
		return
	}
	h.web.SetSession(w, r, token, h.auth.SessionTTL)
	if u.Lang != "" {
		h.web.SetLangCookie(w, r, u.Lang)
	}
	http.Redirect(w, r, web.SafeRedirect(next), http.StatusSeeOther)
}

// ssoIdentity checks the provider's answer and returns whom its ID token
// vouches for, and the page to go to. Errors that are not apperr's carry
// the detail for the log.
func (h *Handler) ssoIdentity(ctx context.Context, r *http.Request, state, code, providerErr string) (*auth.Identity, string, error) {
	c, err := r.Cookie(ssoCookie)
	if err != nil || state == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(state)) != 1 {
		return nil, "", errors.New("the state is not the one this browser started with")
	}
	st, err := h.auth.TakeSSO(ctx, state)
	if err != nil {
		return nil, "", fmt.Errorf("state: %w", err)
	}
	if providerErr != "" {
		return nil, "", fmt.Errorf("the provider answered %q: %s", providerErr, r.URL.Query().Get("error_description"))
	}
	p, err := h.SSO.discover()
	if err != nil {
		return nil, "", errors.Join(errSSOUnavailable, err)
	}
	ctx = oidc.ClientContext(ctx, h.SSO.HTTP)
	tok, err := h.SSO.oauth(p, h.web.BaseURL).Exchange(ctx, code, oauth2.VerifierOption(st.Verifier))
	if err != nil {
		return nil, "", fmt.Errorf("code exchange: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, "", errors.New("the token answer has no ID token")
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: h.SSO.Config.ClientID}).Verify(ctx, raw)
	if err != nil {
		return nil, "", fmt.Errorf("ID token: %w", err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return nil, "", errors.New("ID token: the nonce is not the sign-in's")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return nil, "", fmt.Errorf("ID token claims: %w", err)
	}
	id := h.SSO.Config.identity(idt.Subject, claims)
	return &id, st.Next, nil
}

// identity reads the configured claims. A claim of the wrong type counts
// as missing; groups may be a list or one string.
func (c SSOConfig) identity(subject string, claims map[string]any) auth.Identity {
	id := auth.Identity{Subject: subject}
	id.Email, _ = claims[c.EmailClaim].(string)
	id.Name, _ = claims[c.NameClaim].(string)
	switch v := claims["email_verified"].(type) {
	case bool:
		id.EmailVerified = &v
	case string: // some providers send "true" and "false"
		b := v == "true"
		id.EmailVerified = &b
	}
	switch g := claims[c.GroupsClaim].(type) {
	case []any:
		id.HasGroups = true
		for _, x := range g {
			if s, ok := x.(string); ok {
				id.Groups = append(id.Groups, s)
			}
		}
	case string:
		id.HasGroups = true
		id.Groups = []string{g}
	}
	return id
}

// ssoRefused shows the login page with what went wrong, in the reader's
// language.
func (h *Handler) ssoRefused(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := apperr.As(err)
	if !ok {
		h.web.Error(w, r, err)
		return
	}
	h.renderLogin(w, r, web.ErrorStatus(w, e), loginData{}, i18n.T(web.Lang(r.Context()), e.Key, e.Args...))
}

// errNotPending refuses to approve a user who waits for no approval.
var errNotPending = apperr.New(apperr.Conflict, "users.not_pending")

// approveUser lets a user who signed in with a company account and waits
// for approval in: the partner admins of its organisation and the
// programme's admins approve.
func (h *Handler) approveUser(w http.ResponseWriter, r *http.Request, a *auth.Actor) {
	id := r.PathValue("id")
	u, err := h.auth.GetUser(r.Context(), a, id)
	if err == nil && (!mayManageUsers(a) || a.UserID == id) {
		err = apperr.ErrNotFound
	}
	if err == nil && !u.Pending {
		err = errNotPending
	}
	if err == nil {
		enabled := false
		_, err = h.auth.UpdateUser(r.Context(), a, id, auth.UserInput{Disabled: &enabled})
	}
	if err != nil {
		h.web.Error(w, r, err)
		return
	}
	h.web.Redirect(w, r, "/users", "users.approved", u.Name)
}
