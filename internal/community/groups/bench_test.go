package groups

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// BenchmarkParticipation measures the board's member-participation report
// over 5 000 member organisations (a user each), 20 working groups with
// 10 000 stays, 2 000 meetings and 100 000 attendances, all in the
// report's four quarters, on SQLite; the target is at most 200 ms.
// The report reads the tallies the attendances keep (a row per
// organisation and quarter), the members, groups and stays at once, and
// aggregates in Go; the board's views are served from
// the cache until participation changes, and the first view after a
// change (after-change-p50-ms) makes the report anew. Run:
//
//	go test -run '^$' -bench Participation -benchtime 20x -timeout 30m ./internal/community/groups/
func BenchmarkParticipation(b *testing.B) {
	d, s, admin, from, to := participationData(b)
	ctx := context.Background()
	check := func(p *Participation) {
		meetings := 0
		for _, g := range p.Groups {
			meetings += g.Total.Meetings
		}
		if len(p.Orgs) != benchMembers || len(p.Groups) != benchGroups || meetings != benchAttendances {
			b.Fatalf("report: %d organisations, %d groups, %d attendances", len(p.Orgs), len(p.Groups), meetings)
		}
	}
	p, err := s.Participation(ctx, admin, from, to, "de")
	if err != nil {
		b.Fatal(err)
	}
	check(p)
	durations := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		p, err := s.Participation(ctx, admin, from, to, "de")
		if err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(t0))
		check(p)
	}
	b.StopTimer()
	slices.Sort(durations)
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[min(len(durations)-1, len(durations)*99/100)].Microseconds())/1000, "p99-ms")
	// The first report after a change: a meeting's attendance (fifty
	// organisations) is recorded again, which recounts their tallies and
	// moves the participation counter, and the report is made anew.
	const changes = 20
	record, fresh := make([]time.Duration, 0, changes), make([]time.Duration, 0, changes)
	for n := range changes {
		id := fmt.Sprintf("m%05d", n*97%2_000)
		var group string
		if err := d.QueryRowContext(ctx, `SELECT group_id FROM work_group_meetings WHERE id = $1`, id).Scan(&group); err != nil {
			b.Fatal(err)
		}
		came, err := attendingOrgs(ctx, d, id)
		if err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if _, err := s.RecordAttendance(ctx, admin, group, id, AttendanceInput{Orgs: came}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		p, err := s.Participation(ctx, admin, from, to, "de")
		if err != nil {
			b.Fatal(err)
		}
		record, fresh = append(record, t1.Sub(t0)), append(fresh, time.Since(t1))
		check(p)
	}
	slices.Sort(record)
	slices.Sort(fresh)
	b.ReportMetric(float64(fresh[len(fresh)/2].Microseconds())/1000, "after-change-p50-ms")
	b.ReportMetric(float64(fresh[len(fresh)-1].Microseconds())/1000, "after-change-max-ms")
	b.ReportMetric(float64(record[len(record)/2].Microseconds())/1000, "record-p50-ms")
}

// The report's size: see BenchmarkParticipation.
const benchMembers, benchGroups, benchAttendances = 5_000, 20, 100_000

// participationData makes the report's data on SQLite: see
// BenchmarkParticipation.
func participationData(b *testing.B) (d *db.DB, s *Service, admin *auth.Actor, from, to string) {
	members, groups, stays, meetingsN, attendances := benchMembers, benchGroups, 10_000, 2_000, benchAttendances
	d = dbtest.SQLite(b)
	ctx := context.Background()
	now := time.Now().UTC()
	com := community.NewService(d, time.Now)
	admin = &auth.Actor{UserID: "bench-admin", Role: auth.RoleAdmin}
	if _, err := com.SaveSettings(ctx, admin, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
		b.Fatal(err)
	}
	s = NewService(d, time.Now, com, nil)
	drafts := make([]partner.Draft, members)
	for i := range drafts {
		name := fmt.Sprintf("Mitglied %05d GmbH", i)
		drafts[i].Input = partner.Input{LegalName: &name, Kind: new(partner.KindMember)}
	}
	orgs, err := partner.NewService(d, time.Now).CreateAll(ctx, auth.System, drafts, nil)
	if err != nil {
		b.Fatal(err)
	}
	from, to = lastQuarters(now, 4, s.Zone)
	_, start, end, err := Quarters(from, to, s.Zone)
	if err != nil {
		b.Fatal(err)
	}
	users := make([]string, members)
	groupIDs := []string{"wg-press", "wg-international", "wg-networking", "wg-strategy", "wg-availability", "wg-marketing", "wg-learning"}
	meetingIDs := make([]string, meetingsN)
	err = d.Bulk(ctx, func(bk *db.Bulk) error {
		rows := make([][]any, members)
		for i := range rows {
			rows[i] = []any{db.NewID(), orgs[i], community.KindOrdinary, start.AddDate(-1, 0, 0), "bench", now}
		}
		if err := bk.Insert(ctx, "memberships", []string{"id", "org_id", "kind", "starts_on", "created_by", "created_at"}, rows); err != nil {
			return err
		}
		for i := range rows {
			users[i] = fmt.Sprintf("u%05d", i)
			rows[i] = []any{users[i], users[i] + "@example.com", fmt.Sprintf("Person %05d", i), "-", string(auth.RolePartnerAdmin), orgs[i], now, now}
		}
		if err := bk.Insert(ctx, "users", []string{"id", "email", "name", "password_hash", "role", "org_id", "created_at", "updated_at"}, rows); err != nil {
			return err
		}
		rows = rows[:0]
		for i := len(groupIDs); i < groups; i++ {
			id := fmt.Sprintf("wg-bench-%02d", i)
			groupIDs = append(groupIDs, id)
			rows = append(rows, []any{id, KindRegional, fmt.Sprintf("Region %02d", i), fmt.Sprintf("Region %02d", i), fmt.Sprintf("Region %02d", i), now})
		}
		if err := bk.Insert(ctx, "work_groups", []string{"id", "kind", "region", "name_de", "name_en", "created_at"}, rows); err != nil {
			return err
		}
		rows = make([][]any, stays)
		for n := range rows {
			u := (n * 7) % members
			var left any
			if n%10 == 0 {
				left = start.Add(end.Sub(start) / 2)
			}
			rows[n] = []any{db.NewID(), groupIDs[n%groups], users[u], orgs[u], n%50 == 0, start.AddDate(0, -n%12, 0), left}
		}
		if err := bk.Insert(ctx, "work_group_members", []string{"id", "group_id", "user_id", "org_id", "lead", "joined_at", "left_at"}, rows); err != nil {
			return err
		}
		rows = make([][]any, meetingsN)
		span := end.Sub(start)
		for n := range rows {
			meetingIDs[n] = fmt.Sprintf("m%05d", n)
			at := start.Add(span / time.Duration(meetingsN) * time.Duration(n)).Truncate(time.Minute) // span × n would overflow
			m := &Meeting{StartsAt: at}
			if err := checkMeeting(m, MeetingInput{StartsAt: new(at.Format(time.RFC3339)), Place: new("Online")}, true, s.Zone); err != nil {
				return err
			}
			rows[n] = []any{meetingIDs[n], groupIDs[n%groups], m.StartsAt, m.quarter, "Online", "", "", "", "bench", now}
		}
		if err := bk.Insert(ctx, "work_group_meetings", []string{"id", "group_id", "starts_at", "quarter", "place", "link", "agenda", "minutes", "created_by", "created_at"}, rows); err != nil {
			return err
		}
		// Fifty organisations per meeting, each once.
		rows = make([][]any, attendances)
		for n := range rows {
			m, j := n%meetingsN, n/meetingsN
			rows[n] = []any{meetingIDs[m], orgs[(m*7+j*97)%members], ""}
		}
		return bk.Insert(ctx, "work_group_attendances", []string{"meeting_id", "org_id", "user_id"}, rows)
	})
	if err != nil {
		b.Fatal(err)
	}
	if err := recountAll(ctx, d); err != nil {
		b.Fatal(err)
	}
	if err := d.Analyze(ctx); err != nil {
		b.Fatal(err)
	}
	return d, s, admin, from, to
}
