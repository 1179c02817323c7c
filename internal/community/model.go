// Package community serves a partner association, standalone or beside a
// vendor programme: whether pakt runs one (the mode, a programme setting),
// who its members are (memberships of organisations, with their kind,
// start and end) and what each caller is in it (Standing). Its parts —
// admission, working groups, events and pain points — build on these
// rules and ask them; none keeps a copy.
//
// Who is what (rules.go): admins run the programme and the association's
// settings; board members (auth.RoleBoard) run the association; vendor
// liaisons (auth.RoleLiaison) are the vendor's people, who see only what
// the parts show them (pain points raised with the vendor, public events);
// members are the users of an organisation whose membership runs today,
// and its partner admins act for it. In vendor mode the association does
// not exist: its pages and API answer 404 to everyone but admins, who may
// switch it on.
package community

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/partner"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("community_settings", "update")
	_ = audit.Kind("membership", "create", "end")
)

// The modes: what pakt runs.
const (
	ModeVendor      = "vendor"
	ModeAssociation = "association"
	ModeBoth        = "both"
)

// Modes lists the modes.
var Modes = []string{ModeVendor, ModeAssociation, ModeBoth}

// The kinds of membership.
const (
	KindOrdinary   = "ordinary"
	KindSupporting = "supporting"
)

// Kinds lists the kinds of membership.
var Kinds = []string{KindOrdinary, KindSupporting}

// Date is a calendar day.
type Date = partner.Date

// Settings are the association's programme settings.
type Settings struct {
	Mode string `json:"mode" enum:"community_mode" doc:"vendor: a vendor programme only; association: an association only; both: an association beside a vendor programme"`
}

// SettingsInput changes the settings; a field left out stays.
type SettingsInput struct {
	Mode *string `json:"mode,omitempty" enum:"community_mode"`
}

// MemberName is a member organisation by its name, for reports over every
// member.
type MemberName struct{ OrgID, Name string }

// Membership is an organisation's membership of the association, from
// StartsOn to EndsOn (open: it runs on).
type Membership struct {
	ID       string     `json:"id"`
	OrgID    string     `json:"org_id"`
	OrgName  string     `json:"org_name"`
	Kind     string     `json:"kind" enum:"membership_kind"`
	StartsOn Date       `json:"starts_on"`
	EndsOn   *Date      `json:"ends_on"`
	Created  time.Time  `json:"created_at"`
	Ended    *time.Time `json:"-"`
}

// Standing is what a caller is in the association.
type Standing string

// The standings, from the most rights down. Outsider is anyone else: an
// anonymous caller, a manager or recruiter of the vendor programme, a
// user of an organisation that is not a member (an applicant, say).
const (
	Admin    Standing = "admin"
	Board    Standing = "board"
	Liaison  Standing = "liaison"
	Member   Standing = "member"
	Outsider Standing = ""
)

// Attendance is a member organisation's presence at one of the
// association's occasions (a working group's meeting, an event), the unit
// of the board's participation report: the part that keeps the
// attendances names the occasion in Where ("group:<id>", "event:<id>").
type Attendance struct {
	OrgID string
	Where string
	On    time.Time
}
