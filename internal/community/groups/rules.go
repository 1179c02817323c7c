package groups

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pakt/internal/apperr"
	"pakt/internal/community"
	"pakt/internal/i18n"
)

// Access is what a caller may do in one group.
type Access struct {
	// See: the group, its description, leads, organisations, meetings
	// and agendas.
	See bool
	// Inner: also its minutes, attendance, files, announcements and
	// the names of its people.
	Inner bool
	// Runs: also plan meetings, write minutes, record attendance and
	// announce (a lead, the board, admins).
	Runs bool
	// Board: also set the group up and name its leads.
	Board bool
}

// accessOf is the one rule of who may do what in a group, from the
// caller's standing in the association and whether it is in the group
// (member) and leads it (lead).
func accessOf(st community.Standing, member, lead bool) Access {
	switch {
	case st.Runs():
		return Access{See: true, Inner: true, Runs: true, Board: true}
	case st == community.Member:
		return Access{See: true, Inner: member || lead, Runs: lead}
	}
	return Access{}
}

// checkGroup applies in to g and checks the result: a new group needs
// its kind and both names, a regional group its region.
func checkGroup(g *Group, in GroupInput, creating bool, regions []string) error {
	var v apperr.Validation
	if in.Kind != nil {
		g.Kind = *in.Kind
	}
	if (in.Kind != nil || creating) && !slices.Contains(Kinds, g.Kind) {
		v.Add("kind", "validation.choice")
	}
	v.TextInput(&g.NameDE, in.NameDE, apperr.Name, "name_de", MaxName, true, creating)
	v.TextInput(&g.NameEN, in.NameEN, apperr.Name, "name_en", MaxName, true, creating)
	v.TextInput(&g.Region, in.Region, apperr.Line, "region", MaxName, false, creating)
	v.TextInput(&g.Description, in.Description, apperr.Paragraphs, "description", MaxDescription, false, creating)
	switch {
	case g.Kind != KindRegional:
	case g.Region == "" && !v.Has("region"):
		v.Add("region", "groups.error.region_required")
	case (in.Region != nil || in.Kind != nil) && len(regions) > 0 && !slices.Contains(regions, g.Region):
		// A region that was set before the list keeps until it changes.
		v.Add("region", "groups.error.region_unknown")
	}
	if g.Kind == KindThematic {
		g.Region = ""
	}
	return v.Err()
}

// MaxRegions bounds the association's regions.
const MaxRegions = 100

// CheckRegions tidies the regions the board lists, one per line: blank
// lines dropped, spaces trimmed. A region named twice (in any case), too
// long or with a control character is refused on its line
// ("regions.<n>", from 1), with a message that names the line.
func CheckRegions(lines []string) ([]string, error) {
	var v apperr.Validation
	var out []string
	seen := map[string]int{}
	for i, l := range lines {
		n, field := i+1, "regions."+strconv.Itoa(i+1)
		l, bad := apperr.CleanText(apperr.Line, l)
		key := strings.ToLower(l)
		switch first, twice := seen[key]; {
		case bad != "":
			v.Add(field, "groups.error.region_chars", n)
		case l == "":
		case utf8.RuneCountInString(l) > MaxName:
			v.Add(field, "groups.error.region_long", n, MaxName)
		case twice:
			v.Add(field, "groups.error.region_twice", n, first)
		default:
			seen[key] = n
			out = append(out, l)
		}
	}
	if len(out) > MaxRegions {
		v.Add("regions", "groups.error.regions_many", MaxRegions)
	}
	return out, v.Err()
}

// parseMoment reads a meeting's start: a local date and time in zone as
// an HTML datetime-local input sends it, or an RFC 3339 moment.
func parseMoment(s string, zone *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, i18n.ZoneOr(zone)); err == nil {
			return t.UTC(), true
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	return time.Time{}, false
}

// checkMeeting applies in to m and checks the result: a start, and an
// online link that is an http(s) address.
func checkMeeting(m *Meeting, in MeetingInput, creating bool, zone *time.Location) error {
	var v apperr.Validation
	if in.StartsAt != nil || creating {
		s := ""
		if in.StartsAt != nil {
			s = *in.StartsAt
		}
		switch t, ok := parseMoment(s, zone); {
		case strings.TrimSpace(s) == "":
			v.Add("starts_at", "validation.required")
		case !ok:
			v.Add("starts_at", "groups.error.moment")
		default:
			m.StartsAt = t.Truncate(time.Minute)
			m.quarter = i18n.Quarter(m.StartsAt, zone)
		}
	}
	v.TextInput(&m.Place, in.Place, apperr.Line, "place", MaxPlace, false, creating)
	v.TextInput(&m.Link, in.Link, apperr.Line, "link", MaxLink, false, creating)
	if m.Link != "" && !v.Has("link") {
		if u, err := url.Parse(m.Link); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			v.Add("link", "groups.error.link")
		}
	}
	v.TextInput(&m.Agenda, in.Agenda, apperr.Paragraphs, "agenda", MaxAgenda, false, creating)
	v.TextInput(&m.Minutes, in.Minutes, apperr.Paragraphs, "minutes", MaxMinutes, false, creating)
	if m.Place == "" && m.Link == "" && !v.Has("place") && !v.Has("link") {
		v.Add("place", "groups.error.place_or_link")
	}
	return v.Err()
}

// plainID reports whether s can be a key (a UUID, a seeded group's
// "wg-press"): a user's or an organisation's id sent in an input.
func plainID(s string) bool {
	return s != "" && len(s) <= 64 && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == ""
}

// checkAnnouncement cleans and checks a new announcement.
func checkAnnouncement(in *AnnouncementInput) error {
	var v apperr.Validation
	v.Text(&in.Subject, apperr.Line, "subject", MaxSubject, true)
	v.Text(&in.Message, apperr.Paragraphs, "message", MaxBody, true)
	return v.Err()
}

// Quarters returns the quarters from..to (both "2026-Q1", oldest first),
// with the first moment of the first and the first moment after the last
// in zone. It refuses a reversed range and one of more than maxQuarters.
func Quarters(from, to string, zone *time.Location) (quarters []string, start, end time.Time, err error) {
	var v apperr.Validation
	f, okF := i18n.ParseQuarter(from)
	t, okT := i18n.ParseQuarter(to)
	if !okF {
		v.Add("from", "groups.error.quarter")
	}
	if !okT {
		v.Add("to", "groups.error.quarter")
	}
	if okF && okT && t.Before(f) {
		v.Add("to", "groups.error.quarter_order")
	}
	if err := v.Err(); err != nil {
		return nil, time.Time{}, time.Time{}, err
	}
	zone = i18n.ZoneOr(zone)
	for q := f; !q.After(t); q = q.AddDate(0, 3, 0) {
		if len(quarters) == maxQuarters {
			v.Add("from", "groups.error.quarter_span", maxQuarters)
			return nil, time.Time{}, time.Time{}, v.Err()
		}
		quarters = append(quarters, i18n.Quarter(q, time.UTC))
	}
	start = time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, zone).UTC()
	end = time.Date(t.Year(), t.Month()+3, 1, 0, 0, 0, 0, zone).UTC()
	return quarters, start, end, nil
}

// maxQuarters is the longest span of the participation report.
const maxQuarters = 12

// lastQuarters returns the n quarters up to and including now's, in zone.
func lastQuarters(now time.Time, n int, zone *time.Location) (from, to string) {
	to = i18n.Quarter(now, zone)
	first, _ := i18n.ParseQuarter(to)
	return i18n.Quarter(first.AddDate(0, -3*(n-1), 0), time.UTC), to
}

// Stay is a person's time in a group, of their organisation: from Joined
// to Left (zero: still in it).
type Stay struct {
	OrgID   string
	GroupID string
	Joined  time.Time
	Left    time.Time
}

// overlaps reports whether the stay covers any moment of [from, to).
func (s Stay) overlaps(from, to time.Time) bool {
	return s.Joined.Before(to) && (s.Left.IsZero() || !s.Left.Before(from))
}

// Count is how often an organisation attended occasions at one place
// ("group:<id>", "event:<id>") in a quarter: what the store counts.
type Count struct {
	OrgID   string
	Where   string
	Quarter string
	N       int
}

// Tally counts attendances per organisation, place and quarter (in zone).
func Tally(list []community.Attendance, zone *time.Location) []Count {
	type key struct{ org, where, q string }
	idx := map[key]int{}
	var out []Count
	for _, a := range list {
		k := key{a.OrgID, a.Where, i18n.Quarter(a.On, zone)}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, Count{OrgID: k.org, Where: k.where, Quarter: k.q})
		}
		out[i].N++
	}
	return out
}

// Cell is one quarter's participation of an organisation or a group.
type Cell struct {
	// Groups: the groups an organisation's people were in; for a group,
	// Orgs: the organisations taking part (in it, or attending).
	Groups int `json:"groups,omitempty"`
	Orgs   int `json:"organisations,omitempty"`
	// Meetings counts attendances at group meetings, Events at events.
	Meetings int `json:"meetings"`
	Events   int `json:"events,omitempty"`
}

// OrgRow is a member organisation's participation per quarter.
type OrgRow struct {
	OrgID string `json:"org_id"`
	Name  string `json:"name"`
	Cells []Cell `json:"quarters"`
	Total Cell   `json:"total" doc:"Groups: the distinct groups of the whole period"`
	Idle  bool   `json:"idle" doc:"in no group and at no meeting or event in the whole period"`
}

// GroupRow is a group's participation per quarter.
type GroupRow struct {
	GroupID string `json:"group_id"`
	Name    string `json:"name"`
	Cells   []Cell `json:"quarters"`
	Total   Cell   `json:"total" doc:"Orgs: the distinct organisations of the whole period"`
}

// Participation is the board's report of who takes part in what.
type Participation struct {
	From     string      `json:"from"`
	To       string      `json:"to"`
	Quarters []string    `json:"quarter_names"`
	Orgs     []*OrgRow   `json:"organisations"`
	Groups   []*GroupRow `json:"groups"`
	// Idle are the members who took part in nothing in the period.
	Idle []*OrgRow `json:"idle"`
}

// Named is an organisation or a group with its name, in report order.
type Named struct{ ID, Name string }

// Aggregate makes the participation report for the quarters (each
// starting at starts[i], the last ending at end) of the members and
// groups, in the order given, from the stays in groups and the counted
// attendances. An organisation counts once per group and quarter however
// many of its people were in it; stays and counts of others (no longer
// members, deleted groups) are left out.
func Aggregate(quarters []string, starts []time.Time, end time.Time, members, groups []Named, stays []Stay, counts []Count) *Participation {
	p := &Participation{Quarters: quarters, Orgs: make([]*OrgRow, len(members)), Groups: make([]*GroupRow, len(groups))}
	if len(quarters) > 0 {
		p.From, p.To = quarters[0], quarters[len(quarters)-1]
	}
	qi := make(map[string]int, len(quarters))
	for i, q := range quarters {
		qi[q] = i
	}
	// The rows are numbered, and an organisation's part in a group is the
	// pair's number org·len(groups)+group: marks per quarter and for the
	// whole period say whether it counted yet.
	oi := make(map[string]int, len(members))
	cells := make([]Cell, (len(members)+len(groups))*len(quarters))
	for i, m := range members {
		oi[m.ID] = i
		p.Orgs[i] = &OrgRow{OrgID: m.ID, Name: m.Name, Cells: cells[:len(quarters):len(quarters)]}
		cells = cells[len(quarters):]
	}
	gi := make(map[string]int, len(groups))
	for i, g := range groups {
		gi[g.ID] = i
		p.Groups[i] = &GroupRow{GroupID: g.ID, Name: g.Name, Cells: cells[:len(quarters):len(quarters)]}
		cells = cells[len(quarters):]
	}
	pairs := len(members) * len(groups)
	inQ := make([]bool, pairs*len(quarters))
	whole := make([]bool, pairs)
	// takesPart marks organisation o in group g in quarter i, counting
	// each pair once per quarter and once for the period.
	takesPart := func(o, g, i int) {
		k := o*len(groups) + g
		if !inQ[i*pairs+k] {
			inQ[i*pairs+k] = true
			p.Orgs[o].Cells[i].Groups++
			p.Groups[g].Cells[i].Orgs++
		}
		if !whole[k] {
			whole[k] = true
			p.Orgs[o].Total.Groups++
			p.Groups[g].Total.Orgs++
		}
	}
	for _, s := range stays {
		o, ok := oi[s.OrgID]
		g, ok2 := gi[s.GroupID]
		if !ok || !ok2 {
			continue
		}
		for i := range quarters {
			to := end
			if i+1 < len(starts) {
				to = starts[i+1]
			}
			if s.overlaps(starts[i], to) {
				takesPart(o, g, i)
			}
		}
	}
	for _, c := range counts {
		o, ok := oi[c.OrgID]
		i, ok2 := qi[c.Quarter]
		if !ok || !ok2 || c.N <= 0 {
			continue
		}
		org := p.Orgs[o]
		kind, id, _ := strings.Cut(c.Where, ":")
		switch kind {
		case "group":
			g, ok := gi[id]
			if !ok {
				continue
			}
			org.Cells[i].Meetings += c.N
			org.Total.Meetings += c.N
			p.Groups[g].Cells[i].Meetings += c.N
			p.Groups[g].Total.Meetings += c.N
			takesPart(o, g, i)
		case "event":
			org.Cells[i].Events += c.N
			org.Total.Events += c.N
		}
	}
	for _, o := range p.Orgs {
		if o.Total.Groups == 0 && o.Total.Meetings == 0 && o.Total.Events == 0 {
			o.Idle = true
			p.Idle = append(p.Idle, o)
		}
	}
	return p
}
