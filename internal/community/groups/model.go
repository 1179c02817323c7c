// Package groups serves the association's working groups: regional ones
// (a region each, such as one of the vendor's branch offices, set up by
// the board) and thematic ones (the seven of the seed statutes come with
// the migration). Each group has leads named by the board, members who
// join and leave themselves, meetings with their agenda, minutes and
// attendance, files and announcements; the board reads who takes part in
// what over time.
//
// Who sees what (rules.go): the association's insiders (its admins, board
// and the users of member organisations; community.Standing) see the
// groups, their descriptions, leads, member organisations and meetings.
// A group's minutes, attendance, files and announcements are for the
// group's own people only: its members and leads, the board and admins.
// Another member who is not in the group sees that a meeting took place
// and its agenda, not what was said there (the minutes), nor who came.
// The vendor's liaisons, managers, recruiters and non-members get 404.
package groups

import (
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("work_group", "create", "update", "group_join", "group_leave", "group_lead", "group_unlead")
	_ = audit.Kind("work_group_meeting", "create", "update", "delete", "record_attendance")
	_ = audit.Kind("work_group_file", "create", "delete")
	_ = audit.Kind("work_group_announcement", "create")
	_ = audit.Kind("work_group_regions", "update")
)

// The kinds of group.
const (
	KindRegional = "regional"
	KindThematic = "thematic"
)

// Kinds lists the kinds of group.
var Kinds = []string{KindThematic, KindRegional}

// Limits of the inputs.
const (
	MaxName        = 120
	MaxDescription = 4000
	MaxPlace       = 300
	MaxLink        = 500
	MaxAgenda      = 8000
	MaxMinutes     = 50000
	MaxSubject     = 200
	MaxBody        = 10000
	// MaxFileSize is the largest file a group keeps, in bytes.
	MaxFileSize = 10 << 20
)

// Group is a working group.
type Group struct {
	ID          string `json:"id"`
	Kind        string `json:"kind" enum:"work_group_kind"`
	Region      string `json:"region" doc:"the region of a regional group, e.g. a branch office of the vendor"`
	NameDE      string `json:"name_de"`
	NameEN      string `json:"name_en"`
	Description string `json:"description"`
	// Seeded names the group of the seed statutes it is ("" for the
	// groups the board set up).
	Seeded string `json:"seed_key,omitempty"`
	// Members counts the people in the group, Orgs their organisations.
	Members int `json:"members"`
	Orgs    int `json:"organisations"`
	// Mine says whether the caller is in the group (Lead: as a lead).
	Mine bool `json:"mine"`
	Lead bool `json:"lead"`
}

// Name returns the group's name in lang.
func (g *Group) Name(lang string) string {
	if lang == "en" && g.NameEN != "" {
		return g.NameEN
	}
	return g.NameDE
}

// GroupInput creates or changes a group; a field left out stays.
type GroupInput struct {
	Kind        *string `json:"kind,omitempty" enum:"work_group_kind"`
	Region      *string `json:"region,omitempty"`
	NameDE      *string `json:"name_de,omitempty"`
	NameEN      *string `json:"name_en,omitempty"`
	Description *string `json:"description,omitempty"`
}

// Person is someone in a group.
type Person struct {
	UserID  string    `json:"user_id"`
	Name    string    `json:"name"`
	OrgID   string    `json:"org_id"`
	OrgName string    `json:"org_name"`
	Lead    bool      `json:"lead"`
	Joined  time.Time `json:"joined_at"`
}

// Meeting is a group's meeting. Minutes and Attendance are shown to the
// group's own people only (View.Inner); to anyone else they are empty.
type Meeting struct {
	ID         string      `json:"id"`
	GroupID    string      `json:"group_id"`
	StartsAt   time.Time   `json:"starts_at"`
	Place      string      `json:"place"`
	Link       string      `json:"link" doc:"the online meeting's address, for the group's own people"`
	Agenda     string      `json:"agenda"`
	Minutes    string      `json:"minutes"`
	Attendance []*Attendee `json:"attendance"`
	Created    time.Time   `json:"created_at"`
	quarter    string
}

// Attendee is an organisation that attended a meeting, through a person
// (UserID, Name) or as a whole (UserID "").
type Attendee struct {
	OrgID   string `json:"org_id"`
	OrgName string `json:"org_name"`
	UserID  string `json:"user_id"`
	Name    string `json:"name"`
}

// MeetingInput creates or changes a meeting; a field left out stays.
// StartsAt is a local date and time in the programme's zone
// ("2026-03-05T14:00") or an RFC 3339 moment.
type MeetingInput struct {
	StartsAt *string `json:"starts_at,omitempty" doc:"2026-03-05T14:00 in the programme's time zone, or RFC 3339"`
	Place    *string `json:"place,omitempty"`
	Link     *string `json:"link,omitempty" doc:"an http(s) address of the online meeting"`
	Agenda   *string `json:"agenda,omitempty"`
	Minutes  *string `json:"minutes,omitempty"`
}

// AttendanceInput records who attended a meeting: people of the group
// (their organisations attended with them) and organisations as a whole.
type AttendanceInput struct {
	Users []string `json:"user_ids"`
	Orgs  []string `json:"org_ids"`
}

// File is a file a group keeps.
type File struct {
	ID          string    `json:"id"`
	GroupID     string    `json:"group_id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	UploadedBy  string    `json:"uploaded_by"`
	Uploader    string    `json:"uploader"`
	Created     time.Time `json:"created_at"`
}

// Upload is a file as received.
type Upload struct {
	Name    string
	Content []byte
}

// Announcement is a lead's message to the group, mailed to its members.
type Announcement struct {
	ID      string    `json:"id"`
	GroupID string    `json:"group_id"`
	Subject string    `json:"subject"`
	Message string    `json:"message"`
	Author  string    `json:"author"`
	Created time.Time `json:"created_at"`
}

// AnnouncementInput is a new announcement.
type AnnouncementInput struct {
	Subject string `json:"subject"`
	Message string `json:"message"`
}

// View is a group as a caller sees it.
type View struct {
	Group    *Group     `json:"group"`
	People   []*Person  `json:"people" doc:"the group's members and leads; names of people for the group's own people only"`
	Meetings []*Meeting `json:"meetings"`
	// Inner says whether the caller is one of the group's own people
	// (member, lead, board, admin), who see files, minutes and
	// announcements.
	Inner bool `json:"inner"`
	// Runs says whether the caller may run the group's meetings (a lead,
	// the board, an admin); Board whether it runs the association.
	Runs          bool            `json:"runs"`
	Board         bool            `json:"board"`
	CanJoin       bool            `json:"can_join"`
	Files         []*File         `json:"files"`
	Announcements []*Announcement `json:"announcements"`
}
