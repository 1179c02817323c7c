package groups

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/community"
	"pakt/internal/db"
)

// groupSelect reads groups with their counts of people and organisations
// and whether user $1 is in each (and leads it).
const groupSelect = `SELECT g.id, g.kind, g.region, g.name_de, g.name_en, g.description, g.seed_key,
	(SELECT count(*) FROM work_group_members m WHERE m.group_id = g.id AND m.left_at IS NULL),
	(SELECT count(DISTINCT m.org_id) FROM work_group_members m WHERE m.group_id = g.id AND m.left_at IS NULL),
	(SELECT count(*) FROM work_group_members m WHERE m.group_id = g.id AND m.left_at IS NULL AND m.user_id = $1),
	(SELECT count(*) FROM work_group_members m WHERE m.group_id = g.id AND m.left_at IS NULL AND m.user_id = $1 AND m.lead = TRUE)
	FROM work_groups g`

func scanGroup(r db.Row) (*Group, error) {
	var g Group
	var mine, lead int
	if err := r.Scan(&g.ID, &g.Kind, &g.Region, &g.NameDE, &g.NameEN, &g.Description, &g.Seeded, &g.Members, &g.Orgs, &mine, &lead); err != nil {
		return nil, err
	}
	g.Mine, g.Lead = mine > 0, lead > 0
	return &g, nil
}

func listGroups(ctx context.Context, q db.Querier, user string) ([]*Group, error) {
	return db.Query(ctx, q, scanGroup, groupSelect+` ORDER BY g.kind, g.id`, user)
}

func getGroup(ctx context.Context, q db.Querier, id, user string) (*Group, error) {
	g, err := scanGroup(q.QueryRowContext(ctx, groupSelect+` WHERE g.id = $2`, user, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	return g, err
}

func insertGroup(ctx context.Context, q db.Querier, g *Group, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO work_groups (id, kind, region, name_de, name_en, description, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		g.ID, g.Kind, g.Region, g.NameDE, g.NameEN, g.Description, now)
	return community.Changed(ctx, q, err)
}

func updateGroup(ctx context.Context, q db.Querier, g *Group) error {
	_, err := q.ExecContext(ctx, `UPDATE work_groups SET kind = $2, region = $3, name_de = $4, name_en = $5, description = $6 WHERE id = $1`,
		g.ID, g.Kind, g.Region, g.NameDE, g.NameEN, g.Description)
	return community.Changed(ctx, q, err)
}

// regions returns the association's regions in their order.
func regions(ctx context.Context, q db.Querier) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var name string
		return name, r.Scan(&name)
	}, `SELECT name FROM work_group_regions ORDER BY position`)
}

// saveRegions replaces the regions with list, in its order.
func saveRegions(ctx context.Context, q db.Querier, list []string) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM work_group_regions`); err != nil {
		return err
	}
	for i, name := range list {
		if _, err := q.ExecContext(ctx, `INSERT INTO work_group_regions (position, name) VALUES ($1, $2)`, i+1, name); err != nil {
			return err
		}
	}
	return nil
}

// people returns the people in a group today, leads first.
func people(ctx context.Context, q db.Querier, group string) ([]*Person, error) {
	return db.Query(ctx, q, func(r db.Row) (*Person, error) {
		var p Person
		err := r.Scan(&p.UserID, &p.Name, &p.OrgID, &p.OrgName, &p.Lead, &p.Joined)
		p.Joined = p.Joined.UTC()
		return &p, err
	}, `SELECT m.user_id, u.name, m.org_id, o.legal_name, m.lead, m.joined_at
		FROM work_group_members m JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.org_id
		WHERE m.group_id = $1 AND m.left_at IS NULL ORDER BY m.lead DESC, u.name, m.user_id`, group)
}

// stayOf returns the id of user's running stay in group and whether it
// leads, or "" when the user is not in it.
func stayOf(ctx context.Context, q db.Querier, group, user string) (id string, lead bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT id, lead FROM work_group_members WHERE group_id = $1 AND user_id = $2 AND left_at IS NULL`, group, user).Scan(&id, &lead)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return id, lead, err
}

func insertStay(ctx context.Context, q db.Querier, group, user, org string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO work_group_members (id, group_id, user_id, org_id, lead, joined_at) VALUES ($1, $2, $3, $4, FALSE, $5)`,
		db.NewID(), group, user, org, now)
	return community.Changed(ctx, q, err)
}

func endStay(ctx context.Context, q db.Querier, id string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE work_group_members SET left_at = $2, lead = FALSE WHERE id = $1`, id, now)
	return community.Changed(ctx, q, err)
}

func setLead(ctx context.Context, q db.Querier, id string, lead bool) error {
	_, err := q.ExecContext(ctx, `UPDATE work_group_members SET lead = $2 WHERE id = $1`, id, lead)
	return err
}

// partnerUser returns a user's organisation when it is an enabled user
// of an organisation, else "".
func partnerUser(ctx context.Context, q db.Querier, user string) (string, error) {
	var org sql.NullString
	err := q.QueryRowContext(ctx, `SELECT org_id FROM users WHERE id = $1 AND disabled = FALSE`, user).Scan(&org)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return org.String, err
}

// memberIDs returns the user ids in a group today.
func memberIDs(ctx context.Context, q db.Querier, group string) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT user_id FROM work_group_members WHERE group_id = $1 AND left_at IS NULL ORDER BY user_id`, group)
}

const meetingSelect = `SELECT id, group_id, starts_at, quarter, place, link, agenda, minutes, created_at FROM work_group_meetings`

func scanMeeting(r db.Row) (*Meeting, error) {
	var m Meeting
	err := r.Scan(&m.ID, &m.GroupID, &m.StartsAt, &m.quarter, &m.Place, &m.Link, &m.Agenda, &m.Minutes, &m.Created)
	m.StartsAt, m.Created, m.Attendance = m.StartsAt.UTC(), m.Created.UTC(), []*Attendee{}
	return &m, err
}

// meetings returns a group's meetings, the latest first.
func meetings(ctx context.Context, q db.Querier, group string) ([]*Meeting, error) {
	return db.Query(ctx, q, scanMeeting, meetingSelect+` WHERE group_id = $1 ORDER BY starts_at DESC, id`, group)
}

func getMeeting(ctx context.Context, q db.Querier, group, id string) (*Meeting, error) {
	m, err := scanMeeting(q.QueryRowContext(ctx, meetingSelect+` WHERE id = $1 AND group_id = $2`, id, group))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	return m, err
}

func insertMeeting(ctx context.Context, q db.Querier, m *Meeting, by string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO work_group_meetings (id, group_id, starts_at, quarter, place, link, agenda, minutes, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		m.ID, m.GroupID, m.StartsAt, m.quarter, m.Place, m.Link, m.Agenda, m.Minutes, by, m.Created)
	return community.Changed(ctx, q, err)
}

// updateMeeting saves m; a meeting moved to another quarter moves its
// attendances' tallies with it.
func updateMeeting(ctx context.Context, q db.Querier, m *Meeting) error {
	was, err := meetingQuarter(ctx, q, m.ID)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `UPDATE work_group_meetings SET starts_at = $2, quarter = $3, place = $4, link = $5, agenda = $6, minutes = $7 WHERE id = $1`,
		m.ID, m.StartsAt, m.quarter, m.Place, m.Link, m.Agenda, m.Minutes)
	if err == nil && was != m.quarter {
		var orgs []string
		if orgs, err = attendingOrgs(ctx, q, m.ID); err == nil {
			// The earlier quarter's rows first: writers take rows in one
			// order, by quarter and organisation (see retally).
			first, second := min(was, m.quarter), max(was, m.quarter)
			if err = retally(ctx, q, first, orgs); err == nil {
				err = retally(ctx, q, second, orgs)
			}
		}
	}
	return community.Changed(ctx, q, err)
}

func deleteMeeting(ctx context.Context, q db.Querier, id string) error {
	quarter, err := meetingQuarter(ctx, q, id)
	if err != nil {
		return err
	}
	orgs, err := attendingOrgs(ctx, q, id)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM work_group_attendances WHERE meeting_id = $1`, id); err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM work_group_meetings WHERE id = $1`, id); err != nil {
		return err
	}
	return community.Changed(ctx, q, retally(ctx, q, quarter, orgs))
}

// attendance returns who attended a meeting, by organisation name.
func attendance(ctx context.Context, q db.Querier, meeting string) ([]*Attendee, error) {
	return db.Query(ctx, q, func(r db.Row) (*Attendee, error) {
		var a Attendee
		var name sql.NullString
		err := r.Scan(&a.OrgID, &a.OrgName, &a.UserID, &name)
		a.Name = name.String
		return &a, err
	}, `SELECT a.org_id, o.legal_name, a.user_id, u.name FROM work_group_attendances a
		JOIN organisations o ON o.id = a.org_id LEFT JOIN users u ON u.id = a.user_id
		WHERE a.meeting_id = $1 ORDER BY o.legal_name, a.org_id, u.name`, meeting)
}

// saveAttendance replaces a meeting's attendance with list, and recounts
// the tallies of the organisations that came before or come now.
func saveAttendance(ctx context.Context, q db.Querier, meeting string, list []*Attendee) error {
	quarter, err := meetingQuarter(ctx, q, meeting)
	if err != nil {
		return err
	}
	orgs, err := attendingOrgs(ctx, q, meeting)
	if err != nil {
		return err
	}
	if _, err := q.ExecContext(ctx, `DELETE FROM work_group_attendances WHERE meeting_id = $1`, meeting); err != nil {
		return err
	}
	for _, a := range list {
		if _, err := q.ExecContext(ctx, `INSERT INTO work_group_attendances (meeting_id, org_id, user_id) VALUES ($1, $2, $3)`, meeting, a.OrgID, a.UserID); err != nil {
			return err
		}
		orgs = append(orgs, a.OrgID)
	}
	return community.Changed(ctx, q, retally(ctx, q, quarter, orgs))
}

// meetingQuarter returns the quarter of a meeting.
func meetingQuarter(ctx context.Context, q db.Querier, id string) (string, error) {
	var quarter string
	return quarter, q.QueryRowContext(ctx, `SELECT quarter FROM work_group_meetings WHERE id = $1`, id).Scan(&quarter)
}

// attendingOrgs returns the organisations that attended a meeting.
func attendingOrgs(ctx context.Context, q db.Querier, meeting string) ([]string, error) {
	return db.Query(ctx, q, func(r db.Row) (string, error) {
		var id string
		return id, r.Scan(&id)
	}, `SELECT DISTINCT org_id FROM work_group_attendances WHERE meeting_id = $1`, meeting)
}

// retally recounts, in q's transaction, the tallies of orgs in quarter
// from their attendances (see migration 00051). It first takes each row
// in order (a writer that recounts the same rows on PostgreSQL waits here,
// and then counts with what the other committed; the order keeps two from
// waiting for each other).
func retally(ctx context.Context, q db.Querier, quarter string, orgs []string) error {
	orgs = slices.Compact(slices.Sorted(slices.Values(orgs))) // a copy: the caller's stays
	if len(orgs) == 0 {
		return nil
	}
	for _, o := range orgs {
		if _, err := q.ExecContext(ctx, `INSERT INTO work_group_tallies (quarter, org_id, groups) VALUES ($1, $2, '')
			ON CONFLICT (quarter, org_id) DO UPDATE SET groups = work_group_tallies.groups`, quarter, o); err != nil {
			return err
		}
	}
	args := []any{quarter}
	in := db.In(&args, orgs)
	type attended struct {
		org, group string
		n          int
	}
	list, err := db.Query(ctx, q, func(r db.Row) (attended, error) {
		var a attended
		return a, r.Scan(&a.org, &a.group, &a.n)
	}, `SELECT a.org_id, m.group_id, count(DISTINCT m.id) FROM work_group_attendances a
		JOIN work_group_meetings m ON m.id = a.meeting_id
		WHERE m.quarter = $1 AND a.org_id IN (`+in+`) GROUP BY a.org_id, m.group_id ORDER BY a.org_id, m.group_id`, args...)
	if err != nil {
		return err
	}
	groups := make(map[string]string, len(orgs))
	for _, a := range list {
		if g := groups[a.org]; g != "" {
			groups[a.org] = g + " "
		}
		groups[a.org] += a.group + "=" + strconv.Itoa(a.n)
	}
	for _, o := range orgs {
		var err error
		if g := groups[o]; g == "" {
			_, err = q.ExecContext(ctx, `DELETE FROM work_group_tallies WHERE quarter = $1 AND org_id = $2`, quarter, o)
		} else {
			_, err = q.ExecContext(ctx, `UPDATE work_group_tallies SET groups = $3 WHERE quarter = $1 AND org_id = $2`, quarter, o, g)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

const fileSelect = `SELECT f.id, f.group_id, f.name, f.content_type, f.size, f.uploaded_by, COALESCE(u.name, ''), f.created_at
	FROM work_group_files f LEFT JOIN users u ON u.id = f.uploaded_by`

func scanFile(r db.Row) (*File, error) {
	var f File
	err := r.Scan(&f.ID, &f.GroupID, &f.Name, &f.ContentType, &f.Size, &f.UploadedBy, &f.Uploader, &f.Created)
	f.Created = f.Created.UTC()
	return &f, err
}

func files(ctx context.Context, q db.Querier, group string) ([]*File, error) {
	return db.Query(ctx, q, scanFile, fileSelect+` WHERE f.group_id = $1 ORDER BY f.created_at DESC, f.id`, group)
}

func getFile(ctx context.Context, q db.Querier, group, id string) (*File, error) {
	f, err := scanFile(q.QueryRowContext(ctx, fileSelect+` WHERE f.id = $1 AND f.group_id = $2`, id, group))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.ErrNotFound
	}
	return f, err
}

func fileContent(ctx context.Context, q db.Querier, id string) ([]byte, error) {
	var b []byte
	err := q.QueryRowContext(ctx, `SELECT content FROM work_group_files WHERE id = $1`, id).Scan(&b)
	return b, err
}

func insertFile(ctx context.Context, q db.Querier, f *File, content []byte) error {
	_, err := q.ExecContext(ctx, `INSERT INTO work_group_files (id, group_id, name, content_type, size, content, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		f.ID, f.GroupID, f.Name, f.ContentType, f.Size, content, f.UploadedBy, f.Created)
	return err
}

func deleteFile(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, `DELETE FROM work_group_files WHERE id = $1`, id)
	return err
}

func announcements(ctx context.Context, q db.Querier, group string) ([]*Announcement, error) {
	return db.Query(ctx, q, func(r db.Row) (*Announcement, error) {
		var a Announcement
		err := r.Scan(&a.ID, &a.GroupID, &a.Subject, &a.Message, &a.Author, &a.Created)
		a.Created = a.Created.UTC()
		return &a, err
	}, `SELECT a.id, a.group_id, a.subject, a.body, COALESCE(u.name, ''), a.created_at FROM work_group_announcements a
		LEFT JOIN users u ON u.id = a.author_id WHERE a.group_id = $1 ORDER BY a.created_at DESC, a.id`, group)
}

func insertAnnouncement(ctx context.Context, q db.Querier, a *Announcement, author string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO work_group_announcements (id, group_id, subject, body, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		a.ID, a.GroupID, a.Subject, a.Message, author, a.Created)
	return err
}

// staysIn returns the stays in groups that overlap [from, to): of each
// organisation and group once per stay.
func staysIn(ctx context.Context, q db.Querier, from, to time.Time) ([]Stay, error) {
	return db.Query(ctx, q, func(r db.Row) (Stay, error) {
		var s Stay
		var left *time.Time
		err := r.Scan(&s.OrgID, &s.GroupID, &s.Joined, db.NullTime(&left))
		if left != nil {
			s.Left = left.UTC()
		}
		s.Joined = s.Joined.UTC()
		return s, err
	}, `SELECT org_id, group_id, joined_at, left_at FROM work_group_members
		WHERE joined_at < $2 AND (left_at IS NULL OR left_at >= $1)`, from, to)
}

// meetingCounts returns, per organisation, group and quarter from..to
// (inclusive), the meetings an organisation attended (once per meeting
// however many of its people came), from the tallies.
func meetingCounts(ctx context.Context, q db.Querier, from, to string) ([]Count, error) {
	type tally struct{ org, quarter, groups string }
	rows, err := db.Query(ctx, q, func(r db.Row) (tally, error) {
		var t tally
		return t, r.Scan(&t.org, &t.quarter, &t.groups)
	}, `SELECT org_id, quarter, groups FROM work_group_tallies WHERE quarter >= $1 AND quarter <= $2`, from, to)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, t := range rows {
		n += strings.Count(t.groups, "=")
	}
	out := make([]Count, 0, n)
	where := map[string]string{} // "group:<id>", made once per group
	for _, t := range rows {
		for rest := t.groups; rest != ""; {
			var g, id, n string
			g, rest, _ = strings.Cut(rest, " ")
			id, n, _ = strings.Cut(g, "=")
			w, ok := where[id]
			if !ok {
				w = "group:" + id
				where[id] = w
			}
			c := Count{OrgID: t.org, Where: w, Quarter: t.quarter}
			c.N, _ = strconv.Atoi(n)
			out = append(out, c)
		}
	}
	return out, nil
}

// recountAll makes every tally anew from the attendances, as migration
// 00051 did: after attendances were written in bulk.
func recountAll(ctx context.Context, q db.Querier) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM work_group_tallies`); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `INSERT INTO work_group_tallies (quarter, org_id, groups)
		SELECT quarter, org_id, string_agg(group_id || '=' || n, ' ') FROM (
			SELECT m.quarter, a.org_id, m.group_id, count(DISTINCT m.id) AS n
			FROM work_group_meetings m JOIN work_group_attendances a ON a.meeting_id = m.id
			GROUP BY m.quarter, a.org_id, m.group_id
		) t GROUP BY quarter, org_id`)
	return err
}

// groupNames returns every group's id and names.
func groupNames(ctx context.Context, q db.Querier) ([]*Group, error) {
	return db.Query(ctx, q, func(r db.Row) (*Group, error) {
		var g Group
		return &g, r.Scan(&g.ID, &g.Kind, &g.NameDE, &g.NameEN)
	}, `SELECT id, kind, name_de, name_en FROM work_groups ORDER BY id`)
}
