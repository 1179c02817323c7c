package groups

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/upload"
)

// Service implements the working groups: the pages, the API and the demo
// call it.
type Service struct {
	DB        *db.DB
	Now       func() time.Time
	Community *community.Service
	// Notify mails announcements to a group's members; nil tells nobody.
	Notify *notify.Service
	// Zone is the programme time zone: meetings' local times and the
	// report's quarters are in it.
	Zone *time.Location
	// EventAttendance returns the member organisations' attendances at
	// the association's events from..to, for the participation report;
	// nil: none.
	EventAttendance func(ctx context.Context, from, to time.Time) ([]community.Attendance, error)

	reports reportCache
}

// reportCache holds the participation reports made, by their quarters,
// language and day, while no participation and no organisation changed
// (db.Participation, db.Organisations): the board opens the report far
// more often than members join, meet or attend. A new day makes a new
// report, as memberships start and end by the day.
type reportCache struct {
	mu sync.Mutex
	by map[string]*db.Cached[*Participation]
}

// cached returns the report's cache for key, made on first use; reports
// of keys no longer asked for go when the map grows past a few.
func (c *reportCache) cached(key string) *db.Cached[*Participation] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.by[key] == nil {
		if len(c.by) >= 16 {
			c.by = nil
		}
		if c.by == nil {
			c.by = map[string]*db.Cached[*Participation]{}
		}
		c.by[key] = &db.Cached[*Participation]{}
	}
	return c.by[key]
}

// NewService returns the working groups' service.
func NewService(d *db.DB, now func() time.Time, c *community.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Community: c, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// standing returns a's standing when it belongs to the association, else
// apperr.ErrNotFound. With no association running, the groups do not
// exist, for admins neither (they switch it on at /community).
func (s *Service) standing(ctx context.Context, a *auth.Actor) (community.Standing, error) {
	if !s.Community.Enabled(ctx) {
		return community.Outsider, apperr.ErrNotFound
	}
	st, err := s.Community.Standing(ctx, nil, a)
	if err == nil && !st.Inside() {
		err = apperr.ErrNotFound
	}
	return st, err
}

// Shows reports whether a sees the working groups (the navigation).
func (s *Service) Shows(ctx context.Context, a *auth.Actor) bool {
	_, err := s.standing(ctx, a)
	return err == nil
}

// group loads a group on q with what a may do in it; a group a may not
// see is apperr.ErrNotFound.
func (s *Service) group(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Group, Access, error) {
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, Access{}, err
	}
	g, err := getGroup(ctx, q, id, a.UserID)
	if err != nil {
		return nil, Access{}, err
	}
	acc := accessOf(st, g.Mine, g.Lead)
	if !acc.See {
		return nil, acc, apperr.ErrNotFound
	}
	return g, acc, nil
}

// List returns the groups, the thematic ones first, each kind by name in
// lang: to the association's insiders.
func (s *Service) List(ctx context.Context, a *auth.Actor, lang string) ([]*Group, error) {
	if _, err := s.standing(ctx, a); err != nil {
		return nil, err
	}
	list, err := listGroups(ctx, s.DB, a.UserID)
	if err != nil {
		return nil, err
	}
	i18n.SortBy(lang, list, func(g *Group) string { return g.Name(lang) })
	slices.SortStableFunc(list, func(x, y *Group) int {
		return slices.Index(Kinds, x.Kind) - slices.Index(Kinds, y.Kind)
	})
	return list, nil
}

// Get returns a group as a sees it: its meetings always, the minutes,
// attendance, online links, files, announcements and the people's names
// only when a is one of the group's own people; others see its leads.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id string) (*View, error) {
	g, acc, err := s.group(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	v := &View{Group: g, Inner: acc.Inner, Runs: acc.Runs, Board: acc.Board, Files: []*File{}, Announcements: []*Announcement{}}
	st, _ := s.standing(ctx, a)
	v.CanJoin = st == community.Member && !g.Mine
	if v.People, err = people(ctx, s.DB, id); err != nil {
		return nil, err
	}
	if !acc.Inner {
		v.People = slices.DeleteFunc(v.People, func(p *Person) bool { return !p.Lead })
	}
	if v.Meetings, err = meetings(ctx, s.DB, id); err != nil {
		return nil, err
	}
	for _, m := range v.Meetings {
		hide(m, acc)
	}
	if acc.Inner {
		if v.Files, err = files(ctx, s.DB, id); err != nil {
			return nil, err
		}
		if v.Announcements, err = announcements(ctx, s.DB, id); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// hide empties what of a meeting is for the group's own people only.
func hide(m *Meeting, acc Access) {
	if !acc.Inner {
		m.Minutes, m.Link, m.Attendance = "", "", []*Attendee{}
	}
}

// Create sets up a group (the board, admins).
func (s *Service) Create(ctx context.Context, a *auth.Actor, in GroupInput) (*Group, error) {
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, err
	}
	if !st.Runs() {
		return nil, apperr.New(apperr.Forbidden, "groups.error.board_only")
	}
	g := &Group{ID: db.NewID()}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		rs, err := regions(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkGroup(g, in, true, rs); err != nil {
			return err
		}
		if err := insertGroup(ctx, tx, g, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "create", "work_group", g.ID, "", nil, g)
	})
	return g, err
}

// Update changes a group's kind, region, names or description (the
// board, admins).
func (s *Service) Update(ctx context.Context, a *auth.Actor, id string, in GroupInput) (*Group, error) {
	var g *Group
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var acc Access
		var err error
		if g, acc, err = s.group(ctx, tx, a, id); err != nil {
			return err
		}
		if !acc.Board {
			return apperr.New(apperr.Forbidden, "groups.error.board_only")
		}
		before := *g
		rs, err := regions(ctx, tx)
		if err != nil {
			return err
		}
		if err := checkGroup(g, in, false, rs); err != nil {
			return err
		}
		if err := updateGroup(ctx, tx, g); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "work_group", g.ID, "", before, g)
	})
	return g, err
}

// Regions returns the association's regions, in the board's order, to
// those who set groups up (the board, admins).
func (s *Service) Regions(ctx context.Context, a *auth.Actor) ([]string, error) {
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, err
	}
	if !st.Runs() {
		return nil, apperr.ErrNotFound
	}
	return regions(ctx, s.DB)
}

// SaveRegions replaces the association's regions with lines (CheckRegions),
// in their order (the board, admins). Groups keep their region when it
// leaves the list, until it is changed.
func (s *Service) SaveRegions(ctx context.Context, a *auth.Actor, lines []string) ([]string, error) {
	before, err := s.Regions(ctx, a)
	if err != nil {
		return nil, err
	}
	list, err := CheckRegions(lines)
	if err != nil {
		return nil, err
	}
	return list, s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := saveRegions(ctx, tx, list); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "work_group_regions", "programme", "", before, list)
	})
}

// Join puts the caller, a user of a member organisation, in the group;
// its organisation takes part with it.
func (s *Service) Join(ctx context.Context, a *auth.Actor, id string) (*Group, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		g, _, err := s.group(ctx, tx, a, id)
		switch {
		case err != nil:
			return err
		case !a.IsPartner():
			return apperr.New(apperr.Forbidden, "groups.error.members_join")
		case g.Mine:
			return apperr.New(apperr.Conflict, "groups.error.joined_already")
		}
		if err := insertStay(ctx, tx, id, a.UserID, a.OrgID, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "group_join", "work_group", id, a.OrgID, nil, map[string]string{"user_id": a.UserID})
	})
	if err != nil {
		return nil, err
	}
	g, _, err := s.group(ctx, s.DB, a, id)
	return g, err
}

// Leave takes the caller out of the group (a lead stops leading it).
func (s *Service) Leave(ctx context.Context, a *auth.Actor, id string) (*Group, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, _, err := s.group(ctx, tx, a, id); err != nil {
			return err
		}
		stay, _, err := stayOf(ctx, tx, id, a.UserID)
		if err != nil {
			return err
		}
		if stay == "" {
			return apperr.New(apperr.Conflict, "groups.error.not_in_group")
		}
		if err := endStay(ctx, tx, stay, s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "group_leave", "work_group", id, a.OrgID, map[string]string{"user_id": a.UserID}, nil)
	})
	if err != nil {
		return nil, err
	}
	g, _, err := s.group(ctx, s.DB, a, id)
	return g, err
}

// SetLead names a person in the group its lead, or no longer (the
// board, admins). A lead is one of the group's members.
func (s *Service) SetLead(ctx context.Context, a *auth.Actor, id, user string, lead bool) (*View, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, acc, err := s.group(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !acc.Board {
			return apperr.New(apperr.Forbidden, "groups.error.board_only")
		}
		stay, was := "", false
		if plainID(user) {
			if stay, was, err = stayOf(ctx, tx, id, user); err != nil {
				return err
			}
		}
		if stay == "" {
			var v apperr.Validation
			v.Add("user_id", "groups.error.lead_not_member")
			return v.Err()
		}
		if was == lead {
			return nil
		}
		if err := setLead(ctx, tx, stay, lead); err != nil {
			return err
		}
		action := "group_lead"
		if !lead {
			action = "group_unlead"
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), action, "work_group", id, "", nil, map[string]string{"user_id": user})
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Meeting returns a group's meeting as a sees it, with its attendance
// for the group's own people.
func (s *Service) Meeting(ctx context.Context, a *auth.Actor, group, id string) (*Meeting, *Group, Access, error) {
	g, acc, err := s.group(ctx, s.DB, a, group)
	if err != nil {
		return nil, nil, acc, err
	}
	m, err := getMeeting(ctx, s.DB, group, id)
	if err != nil {
		return nil, nil, acc, err
	}
	if acc.Inner {
		if m.Attendance, err = attendance(ctx, s.DB, id); err != nil {
			return nil, nil, acc, err
		}
	}
	hide(m, acc)
	return m, g, acc, nil
}

// running loads a group that a runs (a lead, the board, admins) on q.
func (s *Service) running(ctx context.Context, q db.Querier, a *auth.Actor, group string) (*Group, error) {
	g, acc, err := s.group(ctx, q, a, group)
	if err == nil && !acc.Runs {
		err = apperr.New(apperr.Forbidden, "groups.error.leads_only")
	}
	return g, err
}

// CreateMeeting plans a meeting of the group (its leads, the board).
func (s *Service) CreateMeeting(ctx context.Context, a *auth.Actor, group string, in MeetingInput) (*Meeting, error) {
	m := &Meeting{ID: db.NewID(), GroupID: group, Created: s.now(), Attendance: []*Attendee{}}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.running(ctx, tx, a, group); err != nil {
			return err
		}
		if err := checkMeeting(m, in, true, s.Zone); err != nil {
			return err
		}
		if err := insertMeeting(ctx, tx, m, a.UserID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, m.Created, a.Who(), "create", "work_group_meeting", m.ID, "", nil, m)
	})
	return m, err
}

// UpdateMeeting changes a meeting, its minutes among them (its group's
// leads, the board).
func (s *Service) UpdateMeeting(ctx context.Context, a *auth.Actor, group, id string, in MeetingInput) (*Meeting, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.running(ctx, tx, a, group); err != nil {
			return err
		}
		m, err := getMeeting(ctx, tx, group, id)
		if err != nil {
			return err
		}
		before := *m
		if err := checkMeeting(m, in, false, s.Zone); err != nil {
			return err
		}
		if err := updateMeeting(ctx, tx, m); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "work_group_meeting", m.ID, "", before, m)
	})
	if err != nil {
		return nil, err
	}
	m, _, _, err := s.Meeting(ctx, a, group, id)
	return m, err
}

// DeleteMeeting deletes a meeting with its minutes and attendance (its
// group's leads, the board).
func (s *Service) DeleteMeeting(ctx context.Context, a *auth.Actor, group, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.running(ctx, tx, a, group); err != nil {
			return err
		}
		m, err := getMeeting(ctx, tx, group, id)
		if err != nil {
			return err
		}
		if err := deleteMeeting(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "work_group_meeting", id, "", m, nil)
	})
}

// RecordAttendance records who attended a meeting (its group's leads, the
// board): people in the group, with their organisations, and member
// organisations as a whole. It replaces what was recorded before.
func (s *Service) RecordAttendance(ctx context.Context, a *auth.Actor, group, id string, in AttendanceInput) (*Meeting, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.running(ctx, tx, a, group); err != nil {
			return err
		}
		if _, err := getMeeting(ctx, tx, group, id); err != nil {
			return err
		}
		ppl, err := people(ctx, tx, group)
		if err != nil {
			return err
		}
		var v apperr.Validation
		var list []*Attendee
		seen := map[string]bool{}
		for _, u := range apperr.UniqueSorted(in.Users) {
			i := slices.IndexFunc(ppl, func(p *Person) bool { return p.UserID == u })
			if i < 0 {
				v.Add("user_ids", "groups.error.attendee_not_member")
				break
			}
			list = append(list, &Attendee{OrgID: ppl[i].OrgID, UserID: u})
			seen[ppl[i].OrgID] = true
		}
		for _, o := range apperr.UniqueSorted(in.Orgs) {
			ok := plainID(o)
			if ok {
				if ok, err = s.Community.IsMember(ctx, tx, o); err != nil {
					return err
				}
			}
			if !ok {
				v.Add("org_ids", "groups.error.attendee_not_org")
				break
			}
			if !seen[o] {
				list = append(list, &Attendee{OrgID: o})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		if err := saveAttendance(ctx, tx, id, list); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "record_attendance", "work_group_meeting", id, "", nil, list)
	})
	if err != nil {
		return nil, err
	}
	m, _, _, err := s.Meeting(ctx, a, group, id)
	return m, err
}

// Files returns a group's files (its own people).
func (s *Service) Files(ctx context.Context, a *auth.Actor, group string) ([]*File, error) {
	if _, err := s.inner(ctx, s.DB, a, group); err != nil {
		return nil, err
	}
	return files(ctx, s.DB, group)
}

// inner loads a group whose own people a is on q; to anyone else the
// group's inner parts do not exist (apperr.ErrNotFound).
func (s *Service) inner(ctx context.Context, q db.Querier, a *auth.Actor, group string) (Access, error) {
	_, acc, err := s.group(ctx, q, a, group)
	if err == nil && !acc.Inner {
		err = apperr.ErrNotFound
	}
	return acc, err
}

// File returns a group's file with its content (its own people).
func (s *Service) File(ctx context.Context, a *auth.Actor, group, id string) (*File, []byte, error) {
	if _, err := s.inner(ctx, s.DB, a, group); err != nil {
		return nil, nil, err
	}
	f, err := getFile(ctx, s.DB, group, id)
	if err != nil {
		return nil, nil, err
	}
	b, err := fileContent(ctx, s.DB, id)
	return f, b, err
}

// AddFiles keeps files for the group (its own people): PDF, PNG or JPEG
// of at most MaxFileSize each. A refused file refuses them all, naming
// it.
func (s *Service) AddFiles(ctx context.Context, a *auth.Actor, group string, ups []Upload) ([]*File, error) {
	var out []*File
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.inner(ctx, tx, a, group); err != nil {
			return err
		}
		var v apperr.Validation
		if len(ups) == 0 {
			v.Add("file", "validation.required")
		}
		for _, u := range ups {
			name, typ, ok := upload.Check(upload.File(u), MaxFileSize, "file", &v)
			if ok {
				out = append(out, &File{ID: db.NewID(), GroupID: group, Name: name, ContentType: typ, Size: int64(len(u.Content)),
					UploadedBy: a.UserID, Uploader: a.Name, Created: s.now()})
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		for i, f := range out {
			if err := insertFile(ctx, tx, f, ups[i].Content); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, f.Created, a.Who(), "create", "work_group_file", f.ID, "", nil, f); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// DeleteFile deletes a group's file: the person who uploaded it, the
// group's leads, the board.
func (s *Service) DeleteFile(ctx context.Context, a *auth.Actor, group, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		acc, err := s.inner(ctx, tx, a, group)
		if err != nil {
			return err
		}
		f, err := getFile(ctx, tx, group, id)
		if err != nil {
			return err
		}
		if !acc.Runs && f.UploadedBy != a.UserID {
			return apperr.New(apperr.Forbidden, "groups.error.file_others")
		}
		if err := deleteFile(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "work_group_file", id, "", f, nil)
	})
}

// Announce sends the group's members a message by inbox and e-mail, each
// in their language, and keeps it on the group's page (its leads, the
// board).
func (s *Service) Announce(ctx context.Context, a *auth.Actor, group string, in AnnouncementInput) (*Announcement, error) {
	x := &Announcement{ID: db.NewID(), GroupID: group, Author: a.Name, Created: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		g, err := s.running(ctx, tx, a, group)
		if err != nil {
			return err
		}
		if err := checkAnnouncement(&in); err != nil {
			return err
		}
		x.Subject, x.Message = in.Subject, in.Message
		if err := insertAnnouncement(ctx, tx, x, a.UserID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, x.Created, a.Who(), "create", "work_group_announcement", x.ID, "", nil, x); err != nil {
			return err
		}
		to, err := memberIDs(ctx, tx, group)
		if err != nil || s.Notify == nil || len(to) == 0 {
			return err
		}
		return s.Notify.Notify(ctx, tx, notify.Notice{Kind: "groups.announced", Args: []string{notify.Bilingual(g.NameDE, g.NameEN), x.Subject},
			Link: "/community/groups/" + group, Extra: x.Message, Users: to, Except: a.UserID})
	})
	if err != nil {
		return nil, err
	}
	if s.Notify != nil {
		s.Notify.Kick()
	}
	return x, nil
}

// Participation returns the board's report from..to (quarters, "2026-Q1";
// empty: the last four): per member organisation and per group, what it
// took part in each quarter, and the members that took part in nothing.
// It is made once and shared while nothing it counts changed (see
// reportCache): callers must not change it.
func (s *Service) Participation(ctx context.Context, a *auth.Actor, from, to, lang string) (*Participation, error) {
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, err
	}
	if !st.Runs() {
		return nil, apperr.ErrNotFound
	}
	if from == "" && to == "" {
		from, to = lastQuarters(s.Now(), 4, s.Zone)
	}
	quarters, start, end, err := Quarters(from, to, s.Zone)
	if err != nil {
		return nil, err
	}
	key := strings.Join(quarters, ",") + "|" + lang + "|" + s.Now().UTC().Format(time.DateOnly)
	return s.reports.cached(key).Get(ctx, s.DB, func(ctx context.Context) (*Participation, error) {
		return s.participation(ctx, a, quarters, start, end, lang)
	}, db.Participation, db.Organisations)
}

// participation makes the report of the quarters from start to end for a
// (who runs the association), names sorted in lang. Its five reads are
// independent and run at once, each on its own connection.
func (s *Service) participation(ctx context.Context, a *auth.Actor, quarters []string, start, end time.Time, lang string) (*Participation, error) {
	starts := make([]time.Time, len(quarters))
	for i, q := range quarters {
		f, _ := i18n.ParseQuarter(q)
		starts[i] = time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, i18n.ZoneOr(s.Zone)).UTC()
	}
	var (
		wg                  sync.WaitGroup
		members             []community.MemberName
		gl                  []*Group
		stays               []Stay
		counts, eventCounts []Count
		errs                [5]error
	)
	wg.Go(func() { members, errs[0] = s.Community.MemberNames(ctx, a, lang) })
	wg.Go(func() {
		if gl, errs[1] = groupNames(ctx, s.DB); errs[1] == nil {
			i18n.SortBy(lang, gl, func(g *Group) string { return g.Name(lang) })
		}
	})
	wg.Go(func() { stays, errs[2] = staysIn(ctx, s.DB, start, end) })
	wg.Go(func() { counts, errs[3] = meetingCounts(ctx, s.DB, quarters[0], quarters[len(quarters)-1]) })
	if s.EventAttendance != nil {
		wg.Go(func() {
			var events []community.Attendance
			if events, errs[4] = s.EventAttendance(ctx, start, end); errs[4] == nil {
				eventCounts = Tally(events, s.Zone)
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	orgs := make([]Named, len(members))
	for i, m := range members {
		orgs[i] = Named{m.OrgID, m.Name}
	}
	groups := make([]Named, len(gl))
	for i, g := range gl {
		groups[i] = Named{g.ID, g.Name(lang)}
	}
	return Aggregate(quarters, starts, end, orgs, groups, stays, append(counts, eventCounts...)), nil
}
