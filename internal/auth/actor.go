// Package auth holds users, sessions, API tokens, roles, and the Actor: who
// is asking, from which the permission rules of every feature start.
package auth

import (
	"context"

	"pakt/internal/audit"
)

// Role is what a user is allowed to do in the programme.
type Role string

// The roles. Admins and partner managers are the programme's staff;
// recruiters are external and see only their prospects; partner admins and
// members belong to a partner organisation.
const (
	RoleAdmin         Role = "admin"
	RoleManager       Role = "manager"
	RoleRecruiter     Role = "recruiter"
	RolePartnerAdmin  Role = "partner_admin"
	RolePartnerMember Role = "partner_member"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleManager, RoleRecruiter, RolePartnerAdmin, RolePartnerMember}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// IsPartnerRole reports whether users of this role belong to a partner
// organisation.
func (r Role) IsPartnerRole() bool { return r == RolePartnerAdmin || r == RolePartnerMember }

// Via is how an actor proved who it is.
type Via string

// The ways to authenticate. A token stands for a script, not for the person:
// it may not create tokens, nor change its user's password or login e-mail.
const (
	ViaSession Via = "session"
	ViaToken   Via = "token"
)

// Actor is the authenticated caller of a request or a command.
type Actor struct {
	UserID string
	Name   string
	Email  string
	Role   Role
	// OrgID is the caller's organisation for partner roles, else "".
	OrgID string
	Lang  string
	// System marks pakt itself (demo data, imports run by the operator).
	System bool
	// Via is how a request's caller authenticated; "" for commands.
	Via Via
}

// ByToken reports whether the actor authenticated with an API token.
func (a *Actor) ByToken() bool { return a != nil && a.Via == ViaToken }

// System is the actor for changes made by pakt's own commands.
var System = &Actor{Name: "pakt", Role: RoleAdmin, System: true}

// IsStaff reports whether the actor works for the programme owner (admin or
// partner manager).
func (a *Actor) IsStaff() bool { return a != nil && (a.Role == RoleAdmin || a.Role == RoleManager) }

// IsAdmin reports whether the actor is a programme admin.
func (a *Actor) IsAdmin() bool { return a != nil && a.Role == RoleAdmin }

// Who returns the actor as the audit log records it.
func (a *Actor) Who() audit.Who {
	if a == nil {
		return audit.Who{Label: "anonymous"}
	}
	if a.System {
		return audit.Who{Label: "system"}
	}
	return audit.Who{ID: a.UserID, Label: a.Email}
}

type ctxKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a *Actor) context.Context {
	return context.WithValue(ctx, ctxKey{}, a)
}

// FromContext returns the actor in ctx, or nil for an anonymous caller.
func FromContext(ctx context.Context) *Actor {
	a, _ := ctx.Value(ctxKey{}).(*Actor)
	return a
}
