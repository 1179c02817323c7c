// Package events serves the association's events: member meetings, annual
// meetings, trade-fair stands and partner days, where partners meet
// without a project. The board and admins plan them (public ones the
// vendor's liaisons see too; the others are for members only); the people
// of member organisations register, each for their organisation, up to the
// event's capacity and then on a waiting list that moves up by itself when
// someone cancels (the person moved up is told); the board ticks who came.
//
// Who sees what (rules.go, through community.Standing): the association's
// admins, board and members see every event; a liaison only public ones
// and never who registered; everyone else nothing (404). Who else is
// coming is shown to the confirmed attendees only, and lists only those
// who agreed to appear in it; after the event the attendees who came are
// offered introductions (through the concierge) to organisations that
// came, appeared in the list and share competencies with theirs.
package events

import (
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("community_event", "create", "update", "event_call_off")
	_ = audit.Kind("event_registration", "create", "update", "withdraw", "event_move_up", "event_check_in")
)

// The kinds of event.
const (
	KindMemberMeeting = "member_meeting"
	KindAnnualMeeting = "annual_meeting"
	KindTradeFair     = "trade_fair"
	KindPartnerDay    = "partner_day"
)

// Kinds lists the kinds of event in display order.
var Kinds = []string{KindMemberMeeting, KindAnnualMeeting, KindTradeFair, KindPartnerDay}

// The states of a registration.
const (
	StatusConfirmed = "confirmed"
	StatusWaiting   = "waiting"
	StatusCancelled = "cancelled"
)

// Statuses lists the states of a registration.
var Statuses = []string{StatusConfirmed, StatusWaiting, StatusCancelled}

// Event is one of the association's events. Confirmed and Waiting count
// its registrations; Mine is the caller's own, if any.
type Event struct {
	ID          string     `json:"id"`
	Kind        string     `json:"kind" enum:"event_kind"`
	Title       string     `json:"title"`
	Description string     `json:"description"`
	Starts      time.Time  `json:"starts_at"`
	Ends        time.Time  `json:"ends_at"`
	Place       string     `json:"place"`
	OnlineURL   string     `json:"online_url"`
	Capacity    int        `json:"capacity" doc:"the most confirmed registrations; 0: no limit"`
	Public      bool       `json:"public" doc:"public events are shown to the vendor's liaisons too; the others to members only"`
	Cancelled   *time.Time `json:"cancelled_at"`
	Sequence    int        `json:"-"`
	Created     time.Time  `json:"created_at"`
	Updated     time.Time  `json:"updated_at"`

	Confirmed int           `json:"confirmed"`
	Waiting   int           `json:"waiting"`
	Mine      *Registration `json:"my_registration,omitempty"`
}

// Full reports whether the event has no free place.
func (e *Event) Full() bool { return e.Capacity > 0 && e.Confirmed >= e.Capacity }

// Free is the number of free places; -1 without a limit.
func (e *Event) Free() int {
	if e.Capacity == 0 {
		return -1
	}
	return max(0, e.Capacity-e.Confirmed)
}

// Input creates or changes an event; a field left out stays.
type Input struct {
	Kind        *string    `json:"kind,omitempty" enum:"event_kind"`
	Title       *string    `json:"title,omitempty"`
	Description *string    `json:"description,omitempty"`
	Starts      *time.Time `json:"starts_at,omitempty"`
	Ends        *time.Time `json:"ends_at,omitempty"`
	Place       *string    `json:"place,omitempty"`
	OnlineURL   *string    `json:"online_url,omitempty"`
	Capacity    *int       `json:"capacity,omitempty" doc:"the most confirmed registrations; 0: no limit"`
	Public      *bool      `json:"public,omitempty"`
}

// Registration is a person's registration for an event, for their
// organisation. Position is its place on the waiting list (from 1).
type Registration struct {
	ID        string    `json:"id"`
	EventID   string    `json:"event_id"`
	UserID    string    `json:"user_id"`
	UserName  string    `json:"user_name"`
	OrgID     string    `json:"org_id"`
	OrgName   string    `json:"org_name"`
	Status    string    `json:"status" enum:"registration_status"`
	Position  int       `json:"waiting_position,omitempty"`
	Visible   bool      `json:"visible" doc:"the person appears in the list of who else is coming"`
	Attended  bool      `json:"attended"`
	Requested time.Time `json:"requested_at"`
	Updated   time.Time `json:"updated_at"`
}

// Active reports whether the registration holds a place or waits for one.
func (r *Registration) Active() bool { return r.Status != StatusCancelled }

// Attendee is an entry of the list of who else is coming: a person who
// agreed to appear in it, their organisation and its competencies.
type Attendee struct {
	Name         string   `json:"name"`
	OrgID        string   `json:"org_id"`
	OrgName      string   `json:"org_name"`
	Competencies []string `json:"competencies" doc:"the organisation's competencies, named in the caller's language"`
}

// Suggestion is an organisation that came to the event and shares
// competencies with the caller's: an introduction worth asking the
// concierge for.
type Suggestion struct {
	OrgID        string   `json:"org_id"`
	OrgName      string   `json:"org_name"`
	CompetencyID string   `json:"competency_id" doc:"the first shared competency, the introduction's topic"`
	Shared       []string `json:"shared" doc:"the shared competencies, named in the caller's language"`
}
