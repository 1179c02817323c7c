package account

import (
	"context"
	"net/http"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/ical"
	"pakt/internal/web"
)

type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

type loginIn struct {
	Body credentials `body:"json"`
}

type idIn struct {
	ID string `path:"id"`
}

type meIn struct {
	Body struct {
		Name *string `json:"name,omitempty"`
		Lang *string `json:"lang,omitempty" enum:"lang"`
	} `body:"json"`
}

type passwordIn struct {
	Body struct {
		CurrentPassword string `json:"current_password"`
		NewPassword     string `json:"new_password"`
	} `body:"json"`
}

type tokenIn struct {
	Body struct {
		Name          string `json:"name"`
		ExpiresInDays int    `json:"expires_in_days"`
	} `body:"json"`
}

// newToken is a created API token with its secret, shown this once.
type newToken struct {
	auth.Token
	Secret string `json:"secret"`
}

type userIn struct {
	Body auth.UserInput `body:"json"`
}

type userUpdateIn struct {
	ID   string         `path:"id"`
	Body auth.UserInput `body:"json"`
}

type auditIn struct {
	Actor      string `query:"actor" doc:"user id"`
	ObjectType string `query:"object_type"`
	Object     string `query:"object" doc:"object id"`
	Action     string `query:"action"`
	From       string `query:"from" doc:"YYYY-MM-DD"`
	To         string `query:"to" doc:"YYYY-MM-DD, inclusive"`
	Page       int    `query:"page"`
}

func (h *Handler) apiRoutes() {
	api := h.web.API
	api.Tag("account", "The caller's session, profile, password, API tokens and private calendar feed")
	api.Tag("users", "Users of the programme and of partner organisations, managed by admins and partner admins")
	api.Tag("audit", "The append-only log of every change")
	web.Enum(api, "role", auth.Roles)
	web.Enum(api, "lang", i18n.Languages)
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/session", ID: "login", Summary: "Log in", Description: "Log in with e-mail address and password and receive a session cookie; repeated failures are refused for a while (429 with Retry-After). Public", Tag: "account", Public: true},
		func(ctx context.Context, _ *auth.Actor, in *loginIn) (*auth.User, error) {
			w, r := web.HTTP(ctx)
			u, token, err := h.auth.Login(ctx, in.Body.Email, in.Body.Password, web.RemoteAddr(r))
			if err != nil {
				return nil, err
			}
			h.web.SetSession(w, r, token, h.auth.SessionTTL)
			return u, nil
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/session", ID: "logout", Summary: "Log out", Description: "End the current session and clear its cookie", Tag: "account", Status: http.StatusNoContent},
		func(ctx context.Context, _ *auth.Actor, _ *web.NoBody) (*web.NoBody, error) {
			w, r := web.HTTP(ctx)
			if token := sessionToken(r); token != "" {
				if err := h.auth.Logout(ctx, token); err != nil {
					return nil, err
				}
			}
			h.web.ClearSession(w, r)
			return nil, nil
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/me", ID: "getMe", Summary: "Get the own user", Description: "The calling user: name, e-mail address, role, language and organisation", Tag: "account"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*auth.User, error) {
			return h.auth.GetUser(ctx, a, a.UserID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/me", ID: "updateMe", Summary: "Change the own user", Description: "Change the own name or language; absent fields stay. The e-mail address and the password have operations of their own", Tag: "account"},
		func(ctx context.Context, a *auth.Actor, in *meIn) (*auth.User, error) {
			return h.auth.UpdateUser(ctx, a, a.UserID, auth.UserInput{Name: in.Body.Name, Lang: in.Body.Lang})
		})
	web.Register(api, web.Operation{Method: "PUT", Path: "/api/v1/me/password", ID: "changePassword", Summary: "Change the own password", Description: "Change the own password with the current one; ends the other sessions and revokes the API tokens. Not with an API token", Tag: "account", Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *passwordIn) (*web.NoBody, error) {
			_, r := web.HTTP(ctx)
			return nil, h.auth.ChangePassword(ctx, a, in.Body.CurrentPassword, in.Body.NewPassword, sessionToken(r))
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/me/tokens", ID: "listTokens", Summary: "List the own API tokens", Description: "The own API tokens with name, creation, expiry and last use; never their secrets", Tag: "account"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*auth.Token], error) {
			t, err := h.auth.ListTokens(ctx, a)
			if err != nil {
				return nil, err
			}
			return &web.List[*auth.Token]{Items: nonNil(t), Total: len(t), Page: 1, PerPage: len(t)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/me/tokens", ID: "createToken", Summary: "Create an API token", Description: "Create an API token for the caller that expires after the given days; the secret is returned only in this answer. Not with an API token", Tag: "account", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *tokenIn) (*newToken, error) {
			t, secret, err := h.auth.CreateToken(ctx, a, in.Body.Name, time.Duration(in.Body.ExpiresInDays)*24*time.Hour)
			if err != nil {
				return nil, err
			}
			return &newToken{Token: *t, Secret: secret}, nil
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/me/tokens/{id}", ID: "revokeToken", Summary: "Revoke an API token", Description: "Revoke one of the caller's own API tokens; it is refused from then on", Tag: "account", Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*web.NoBody, error) {
			return nil, h.auth.RevokeToken(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/me/calendar", ID: "createCalendarFeed", Summary: "Make the own calendar feed",
		Description: "Make the caller's private calendar feed (\"My calendar\": the jour fixe meetings of their organisation and the events they hold a place at), or give it a new URL, which ends the old one; the URL is returned only now", Tag: "account", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*ical.NewFeed, error) {
			return h.Calendar.Create(ctx, a, h.web.BaseURL)
		})
	web.Register(api, web.Operation{Method: "DELETE", Path: "/api/v1/me/calendar", ID: "revokeCalendarFeed", Summary: "End the own calendar feed",
		Description: "End the caller's private calendar feed: its URL answers 404 from now on", Tag: "account", Status: http.StatusNoContent},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.NoBody, error) {
			return nil, h.Calendar.Revoke(ctx, a)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/users", ID: "listUsers", Summary: "List users", Description: "The users the caller may manage: all for admins, their organisation's for partner admins", Tag: "users"},
		func(ctx context.Context, a *auth.Actor, _ *web.NoBody) (*web.List[*auth.User], error) {
			if !mayManageUsers(a) {
				return nil, apperr.ErrNotFound
			}
			u, err := h.auth.ListUsers(ctx, a)
			if err != nil {
				return nil, err
			}
			return &web.List[*auth.User]{Items: nonNil(u), Total: len(u), Page: 1, PerPage: len(u)}, nil
		})
	web.Register(api, web.Operation{Method: "POST", Path: "/api/v1/users", ID: "createUser", Summary: "Create a user", Description: "Create a user with a role and a first password (admins any role; partner admins users of their own organisation)", Tag: "users", Status: http.StatusCreated},
		func(ctx context.Context, a *auth.Actor, in *userIn) (*auth.User, error) {
			if !mayManageUsers(a) {
				return nil, apperr.ErrNotFound
			}
			return h.auth.CreateUser(ctx, a, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/users/{id}", ID: "getUser", Summary: "Get a user", Description: "A user the caller may manage, or the caller itself", Tag: "users"},
		func(ctx context.Context, a *auth.Actor, in *idIn) (*auth.User, error) {
			return h.auth.GetUser(ctx, a, in.ID)
		})
	web.Register(api, web.Operation{Method: "PATCH", Path: "/api/v1/users/{id}", ID: "updateUser", Summary: "Change a user", Description: "Change a user's name, e-mail address, role, language or password; absent fields stay (admins; partner admins their organisation's users). Changing the own e-mail or password needs the current password", Tag: "users"},
		func(ctx context.Context, a *auth.Actor, in *userUpdateIn) (*auth.User, error) {
			_, r := web.HTTP(ctx)
			in.Body.KeepSession = sessionToken(r)
			return h.auth.UpdateUser(ctx, a, in.ID, in.Body)
		})
	web.Register(api, web.Operation{Method: "GET", Path: "/api/v1/audit", ID: "listAudit", Summary: "List the audit log", Description: "Who changed what and when, newest first, filtered by object type, object, action, user and period (admins)", Tag: "audit"},
		func(ctx context.Context, a *auth.Actor, in *auditIn) (*web.List[audit.Entry], error) {
			if !a.IsAdmin() {
				return nil, apperr.ErrNotFound
			}
			page := max(in.Page, 1)
			f, err := auditFilter(map[string][]string{"actor": {in.Actor}, "object_type": {in.ObjectType}, "object": {in.Object},
				"action": {in.Action}, "from": {in.From}, "to": {in.To}}, page)
			if err != nil {
				return nil, err
			}
			entries, total, err := audit.List(ctx, h.db, f)
			if err != nil {
				return nil, err
			}
			return &web.List[audit.Entry]{Items: nonNil(entries), Total: total, Page: page, PerPage: f.Limit}, nil
		})
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
