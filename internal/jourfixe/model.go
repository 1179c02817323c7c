// Package jourfixe keeps the regular meetings ("jour fixe") that the
// parties of a cooperation agreement agreed on: the series of meetings the
// agreed cadence makes, notes per meeting, a held mark, private calendar
// feeds (iCalendar) per participant, and a notice to the parties when a
// meeting passed without anyone recording that it took place.
//
// A series is visible to the users of its party organisations and to the
// programme staff; to everyone else it does not exist.
package jourfixe

import (
	"slices"
	"time"

	"pakt/internal/audit"
	"pakt/internal/auth"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("jourfixe_series", "create", "update")
	_ = audit.Event("jourfixe_series", "create", "update")
	_ = audit.Kind("jourfixe_meeting", "update")
	_ = audit.Kind("jourfixe_note", "create")
	_ = audit.Kind("jourfixe_feed", "create", "update", "revoke")
)

// The cadences of a series.
const (
	CadenceNone      = "none"
	CadenceWeekly    = "weekly"
	CadenceBiweekly  = "biweekly"
	CadenceMonthly   = "monthly"
	CadenceQuarterly = "quarterly"
)

// Cadences lists the cadences in the order forms offer them.
var Cadences = []string{CadenceNone, CadenceWeekly, CadenceBiweekly, CadenceMonthly, CadenceQuarterly}

// The statuses of a meeting.
const (
	// StatusUpcoming: the meeting has not begun.
	StatusUpcoming = "upcoming"
	// StatusPending: it is over, but less than Grace ago, and nobody has
	// recorded it yet.
	StatusPending = "pending"
	// StatusHeld: it was marked held, or it is over and has notes.
	StatusHeld = "held"
	// StatusMissed: it ended more than Grace ago and nobody recorded it.
	StatusMissed = "missed"
	// StatusCancelled: a schedule change removed it.
	StatusCancelled = "cancelled"
)

// Statuses lists the meeting statuses.
var Statuses = []string{StatusUpcoming, StatusPending, StatusHeld, StatusMissed, StatusCancelled}

// Grace is how long after its end a meeting may still be recorded before
// it counts as missed.
const Grace = 24 * time.Hour

// HorizonMonths is how far ahead meetings are materialised.
const HorizonMonths = 12

// Limits of the input.
const (
	MaxTitle   = 200
	MaxNote    = 10000
	MaxMinutes = 24 * 60
)

// SeriesInput is what an agreement schedules its jour fixe with.
type SeriesInput struct {
	// AgreementID names the agreement; one agreement has one series.
	AgreementID string
	Title       string
	// OrgIDs are the parties, at least two organisations.
	OrgIDs []string
	// Cadence is one of Cadences; none ends the series.
	Cadence string
	// Start is the first meeting, Minutes each meeting's length. Later
	// meetings keep its wall-clock time in the programme time zone.
	Start   time.Time
	Minutes int
}

// Party is an organisation that is party to a series.
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Series is the jour fixe of one agreement.
type Series struct {
	ID          string    `json:"id"`
	AgreementID string    `json:"agreement_id"`
	Title       string    `json:"title"`
	Cadence     string    `json:"cadence" enum:"jourfixe_cadence"`
	Start       time.Time `json:"start"`
	Minutes     int       `json:"minutes"`
	Parties     []Party   `json:"parties"`
	// EndedAt is set when the cadence became none.
	EndedAt   *time.Time `json:"ended_at,omitempty"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	// Next is the start of the next upcoming meeting, if any.
	Next *time.Time `json:"next,omitempty"`
	// Missed counts the meetings that were missed.
	Missed int `json:"missed"`

	horizon time.Time
}

// OrgIDs returns the ids of the parties.
func (s *Series) OrgIDs() []string {
	ids := make([]string, len(s.Parties))
	for i, p := range s.Parties {
		ids[i] = p.ID
	}
	return ids
}

// PartyNames returns the parties' names.
func (s *Series) PartyNames() []string {
	names := make([]string, len(s.Parties))
	for i, p := range s.Parties {
		names[i] = p.Name
	}
	return names
}

// Meeting is one meeting of a series.
type Meeting struct {
	ID          string     `json:"id"`
	SeriesID    string     `json:"series_id"`
	Start       time.Time  `json:"start"`
	End         time.Time  `json:"end"`
	Status      string     `json:"status" doc:"upcoming, pending, held, missed or cancelled" enum:"meeting_status"`
	HeldAt      *time.Time `json:"held_at,omitempty"`
	HeldBy      string     `json:"held_by,omitempty"`
	CancelledAt *time.Time `json:"cancelled_at,omitempty"`
	// NoteCount counts the meeting's notes.
	NoteCount int       `json:"note_count"`
	Sequence  int       `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Note is what someone wrote down about a meeting.
type Note struct {
	ID        string `json:"id"`
	MeetingID string `json:"meeting_id"`
	Body      string `json:"body"`
	Author    string `json:"author"`
	// AuthorOrg is the author's organisation ("" for programme staff) and
	// AuthorOrgName its name.
	AuthorOrg     string    `json:"author_org,omitempty"`
	AuthorOrgName string    `json:"author_org_name,omitempty"`
	CreatedAt     time.Time `json:"created_at"`
}

// Permit reports whether the actor may see a series between the parties
// orgIDs, and so subscribe to it: the programme staff and the users of a
// party organisation may; recruiters and everyone else may not (the series
// does not exist for them).
func Permit(a *auth.Actor, orgIDs []string) bool {
	return a.IsStaff() || (a.IsPartner() && slices.Contains(orgIDs, a.OrgID))
}

// mayUse reports whether the actor sees jour fixe at all: staff and the
// users of partner organisations.
func mayUse(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

// MayRecord reports whether the actor may record what happened at a
// meeting of a series between orgIDs (notes, the held mark): the staff and
// the partner admins of a party; a party's members read.
func MayRecord(a *auth.Actor, orgIDs []string) bool {
	return a.IsStaff() || (a.ActsForOwnOrg() && slices.Contains(orgIDs, a.OrgID))
}

// StatusOf returns the status of a meeting at now: cancelled when a
// schedule change removed it; held when marked held or when it has begun
// and has notes; upcoming before it begins; missed when it ended more than
// Grace ago with nothing recorded; pending in between.
func StatusOf(m *Meeting, now time.Time) string {
	switch {
	case m.CancelledAt != nil:
		return StatusCancelled
	case m.HeldAt != nil, m.NoteCount > 0 && !m.Start.After(now):
		return StatusHeld
	case m.Start.After(now):
		return StatusUpcoming
	case now.Sub(m.End) > Grace:
		return StatusMissed
	}
	return StatusPending
}

// Occurrence returns the k-th meeting (from 0) of a cadence whose first
// meeting is start, in UTC. Meetings keep the first one's wall-clock time
// in zone (the programme time zone) across changes to and from summer
// time: weekly on the same weekday every 7 days, biweekly every 14,
// monthly on the same day of the month (the month's last day when it is
// shorter), quarterly every three months alike. Each is counted from
// start, so that a series on the 31st is back on the 31st after February.
// Cadence none has only the first.
func Occurrence(cadence string, start time.Time, k int, zone *time.Location) time.Time {
	local := start.In(zone)
	y, m, d := local.Date()
	switch cadence {
	case CadenceWeekly:
		d += 7 * k
	case CadenceBiweekly:
		d += 14 * k
	case CadenceMonthly:
		m, d = addMonths(y, m, d, k)
	case CadenceQuarterly:
		m, d = addMonths(y, m, d, 3*k)
	default:
		return start.UTC()
	}
	return time.Date(y, m, d, local.Hour(), local.Minute(), local.Second(), local.Nanosecond(), zone).UTC()
}

// addMonths moves the day y-m-d by n months, keeping the day of the month
// or taking the month's last day when it has fewer. The month may run past
// December; time.Date carries it into the year.
func addMonths(y int, m time.Month, d, n int) (time.Month, int) {
	m += time.Month(n)
	if last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	return m, d
}

// maxOccurrences bounds one computation (weekly over 12 months is 53).
const maxOccurrences = 1000

// Occurrences returns the meetings of a cadence after after and up to
// until, in order, as Occurrence makes them in zone. Cadence none has none.
func Occurrences(cadence string, start, after, until time.Time, zone *time.Location) []time.Time {
	if cadence == CadenceNone || until.Before(start) {
		return nil
	}
	// Skip the occurrences before after without walking through them: when
	// k periods have passed since start, meeting k-1 lies a period before
	// after, give or take the hour of a change of summer time.
	k := 0
	if after.After(start) {
		switch cadence {
		case CadenceWeekly:
			k = int(after.Sub(start) / (7 * 24 * time.Hour))
		case CadenceBiweekly:
			k = int(after.Sub(start) / (14 * 24 * time.Hour))
		case CadenceMonthly, CadenceQuarterly:
			a, b := after.In(zone), start.In(zone)
			months := (a.Year()-b.Year())*12 + int(a.Month()-b.Month()) - 1
			if cadence == CadenceQuarterly {
				months /= 3
			}
			k = months
		}
		k = max(k, 0)
	}
	var out []time.Time
	for n := 0; n < maxOccurrences; n, k = n+1, k+1 {
		t := Occurrence(cadence, start, k, zone)
		if t.After(until) {
			break
		}
		if t.After(after) {
			out = append(out, t)
		}
	}
	return out
}

// Input is what schedules the series as it stands.
func (s *Series) Input() SeriesInput {
	in := SeriesInput{AgreementID: s.AgreementID, Title: s.Title, Cadence: s.Cadence, Start: s.Start, Minutes: s.Minutes}
	for _, p := range s.Parties {
		in.OrgIDs = append(in.OrgIDs, p.ID)
	}
	return in
}
