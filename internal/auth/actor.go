// Package auth holds users, sessions, API tokens, roles, and the Actor: who
// is asking, from which the permission rules of every feature start.
package auth

import (
	"context"

	"pakt/internal/apperr"

	"pakt/internal/audit"
)

// Role is what a user is allowed to do in the programme.
type Role string

// The roles. Admins and partner managers are the programme's staff;
// recruiters are external and see only their prospects; board members run
// an association (its admissions, groups and pain points) and vendor
// liaisons are the vendor's people in an association, who see only the
// pain points raised with the vendor and the public events; partner admins
// and members belong to a partner organisation. Board members and
// liaisons belong to no organisation and are not staff: they read nothing
// of the vendor programme's partners.
const (
	RoleAdmin         Role = "admin"
	RoleManager       Role = "manager"
	RoleRecruiter     Role = "recruiter"
	RoleBoard         Role = "board"
	RoleLiaison       Role = "liaison"
	RolePartnerAdmin  Role = "partner_admin"
	RolePartnerMember Role = "partner_member"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleManager, RoleRecruiter, RoleBoard, RoleLiaison, RolePartnerAdmin, RolePartnerMember}

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

// IsPartner reports whether the actor is a user of a partner organisation,
// admin or member.
func (a *Actor) IsPartner() bool { return a != nil && a.Role.IsPartnerRole() && a.OrgID != "" }

// InOrg reports whether the actor is a user (admin or member) of the
// organisation org: one who reads what org may read.
func (a *Actor) InOrg(org string) bool { return a.IsPartner() && org != "" && a.OrgID == org }

// ActsFor reports whether the actor may act on behalf of the organisation
// org: change its profile, ask for and answer introductions, post and answer
// listings, draft, change and accept agreements, record meetings, tick its
// onboarding tasks. Only org's partner admins do. A partner member reads what
// its organisation may read and looks after its own account, inbox, digest
// and calendar feeds, but acts for nobody. This is the one rule every feature
// asks; README's "Roles" lists what it means for each.
func (a *Actor) ActsFor(org string) bool { return a.InOrg(org) && a.Role == RolePartnerAdmin }

// ActsForOwnOrg reports whether the actor acts for its own organisation,
// i.e. is a partner admin.
func (a *Actor) ActsForOwnOrg() bool { return a.IsPartner() && a.ActsFor(a.OrgID) }

// IsAdmin reports whether the actor is a programme admin.
func (a *Actor) IsAdmin() bool { return a != nil && a.Role == RoleAdmin }

// IsBoard reports whether the actor is a board member of the association.
func (a *Actor) IsBoard() bool { return a != nil && a.Role == RoleBoard }

// IsLiaison reports whether the actor is a vendor liaison of the
// association.
func (a *Actor) IsLiaison() bool { return a != nil && a.Role == RoleLiaison }

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

// ErrPartnerAdminOnly refuses a partner member an action that only the
// organisation's partner admins take for it.
var ErrPartnerAdminOnly = apperr.New(apperr.Forbidden, "error.partner_admin_only")

// AsOrgAdmin returns the actor as a partner admin of its own organisation
// would be, for pages that tell a member what its admins could do here; nil
// for anyone but a partner member.
func (a *Actor) AsOrgAdmin() *Actor {
	if !a.IsPartner() || a.Role != RolePartnerMember {
		return nil
	}
	b := *a
	b.Role = RolePartnerAdmin
	return &b
}
