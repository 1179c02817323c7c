package groups

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// world is an association with three member organisations (Alpha, Beta,
// Cerberus) and one that is not a member (Nimmer), and their users.
type world struct {
	svc                       *Service
	notes                     *notify.Service
	admin, board, liaison     *auth.Actor
	a1, a2, b1, n1            *auth.Actor
	alpha, beta, cerb, nimmer string
}

func newWorld(t *testing.T, d *db.DB, now time.Time) *world {
	t.Helper()
	ctx := context.Background()
	clock := func() time.Time { return now }
	com := community.NewService(d, clock)
	partners := partner.NewService(d, clock)
	users := auth.NewService(d, clock)
	w := &world{notes: notify.NewService(d, clock, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))}
	w.svc = NewService(d, clock, com, w.notes)
	org := func(name string) string {
		o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true), Kind: new(partner.KindMember)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	user := func(role auth.Role, org, lang string) *auth.Actor {
		email, name, pw := fmt.Sprintf("%s-%s@test.example", role, db.NewID()), "Person "+string(role), "ein langes Passwort 123"
		u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &org, Lang: &lang, Password: &pw})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	w.alpha, w.beta, w.cerb, w.nimmer = org("Alpha Netz AG"), org("Beta Systeme GmbH"), org("Cerberus IT GmbH"), org("Nimmer GmbH")
	w.admin, w.board, w.liaison = user(auth.RoleAdmin, "", "de"), user(auth.RoleBoard, "", "de"), user(auth.RoleLiaison, "", "de")
	w.a1, w.a2 = user(auth.RolePartnerAdmin, w.alpha, "de"), user(auth.RolePartnerMember, w.alpha, "en")
	w.b1, w.n1 = user(auth.RolePartnerAdmin, w.beta, "de"), user(auth.RolePartnerAdmin, w.nimmer, "de")
	if _, err := com.SaveSettings(ctx, w.admin, community.SettingsInput{Mode: new(community.ModeAssociation)}); err != nil {
		t.Fatal(err)
	}
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		for _, o := range []string{w.alpha, w.beta, w.cerb} {
			if _, err := com.StartMembership(ctx, tx, w.admin, o, community.KindOrdinary, now.AddDate(-2, 0, 0)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// The seven thematic groups of the seed are there; the board sets up a
// regional one; members join and leave themselves; the board names a
// lead among them, who plans a meeting, records attendance and writes
// the minutes; files and minutes stay with the group's own people; the
// lead's announcement reaches the members' inboxes; the board's report
// counts who took part and names the member that took part in nothing.
func TestWorkingGroups(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		w := newWorld(t, d, now)
		s := w.svc

		list, err := s.List(ctx, w.a1, "de")
		if err != nil || len(list) != 7 || list[0].NameDE != "Hochverfügbarkeit und Sicherheit" {
			t.Fatalf("the seed's groups: %d, %v", len(list), err)
		}
		if en, _ := s.List(ctx, w.a2, "en"); en[0].NameEN != "Competencies and strategies" {
			t.Errorf("in English the first group is %q", en[0].NameEN)
		}
		for name, a := range map[string]*auth.Actor{"liaison": w.liaison, "non-member": w.n1} {
			if _, err := s.List(ctx, a, "de"); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s listed the groups: %v", name, err)
			}
			if _, err := s.Get(ctx, a, "wg-availability"); !errors.Is(err, apperr.ErrNotFound) {
				t.Errorf("%s opened a group: %v", name, err)
			}
		}

		// Setting groups up is the board's.
		in := GroupInput{Kind: new(KindRegional), Region: new("Niederlassung Hamburg"), NameDE: new("Region Nord"), NameEN: new("Region North")}
		if _, err := s.Create(ctx, w.a1, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member set up a group: %v", err)
		}
		north, err := s.Create(ctx, w.board, in)
		if err != nil || north.Region != "Niederlassung Hamburg" {
			t.Fatalf("the board's regional group: %+v, %v", north, err)
		}
		if g, err := s.Update(ctx, w.board, north.ID, GroupInput{Description: new("Treffen in Hamburg und Bremen")}); err != nil || g.Description == "" || g.NameDE != "Region Nord" {
			t.Fatalf("describing the group: %+v, %v", g, err)
		}

		const sec = "wg-availability"
		for _, a := range []*auth.Actor{w.a1, w.a2} {
			if _, err := s.Join(ctx, a, sec); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Join(ctx, w.a1, sec); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("joining twice: %v", err)
		}
		if _, err := s.Join(ctx, w.board, sec); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("the board joined as a person: %v", err)
		}
		if _, err := s.SetLead(ctx, w.board, sec, w.b1.UserID, true); !onField(err, "user_id") {
			t.Errorf("a lead who is not in the group: %v", err)
		}
		if _, err := s.SetLead(ctx, w.a2, sec, w.a1.UserID, true); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member named a lead: %v", err)
		}
		if v, err := s.SetLead(ctx, w.board, sec, w.a1.UserID, true); err != nil || !v.People[0].Lead || v.People[0].UserID != w.a1.UserID {
			t.Fatalf("naming the lead: %v", err)
		}

		// Meetings are the lead's and the board's to plan.
		plan := MeetingInput{StartsAt: new("2026-05-20T14:00"), Place: new("Hamburg, Speicherstadt"), Link: new("https://meet.example/sec"), Agenda: new("Notfallübung")}
		if _, err := s.CreateMeeting(ctx, w.a2, sec, plan); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member planned a meeting: %v", err)
		}
		m, err := s.CreateMeeting(ctx, w.a1, sec, plan)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.UpdateMeeting(ctx, w.a1, sec, m.ID, MeetingInput{Minutes: new("Geheimes Protokoll: Failover getestet")}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecordAttendance(ctx, w.a1, sec, m.ID, AttendanceInput{Users: []string{w.b1.UserID}}); !onField(err, "user_ids") {
			t.Errorf("an attendee who is not in the group: %v", err)
		}
		if _, err := s.RecordAttendance(ctx, w.a1, sec, m.ID, AttendanceInput{Orgs: []string{w.nimmer}}); !onField(err, "org_ids") {
			t.Errorf("an organisation that is no member: %v", err)
		}
		got, err := s.RecordAttendance(ctx, w.a1, sec, m.ID, AttendanceInput{Users: []string{w.a1.UserID, w.a2.UserID}, Orgs: []string{w.beta, w.alpha}})
		if err != nil || len(got.Attendance) != 3 {
			t.Fatalf("attendance: %d, %v", len(got.Attendance), err)
		}

		// Beta's user is a member, not in the group: it sees the meeting,
		// not its minutes, link or attendance, and no files.
		other, _, acc, err := s.Meeting(ctx, w.b1, sec, m.ID)
		if err != nil || acc.Inner || other.Minutes != "" || other.Link != "" || len(other.Attendance) != 0 || other.Agenda != "Notfallübung" {
			t.Errorf("the meeting to a member not in the group: %+v, %v", other, err)
		}
		if mine, _, _, err := s.Meeting(ctx, w.a2, sec, m.ID); err != nil || !strings.Contains(mine.Minutes, "Failover") {
			t.Errorf("the minutes to a group member: %v", err)
		}

		pdf := []byte("%PDF-1.4\n%%EOF\n")
		if _, err := s.AddFiles(ctx, w.b1, sec, []Upload{{Name: "x.pdf", Content: pdf}}); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a member not in the group uploaded: %v", err)
		}
		if _, err := s.AddFiles(ctx, w.a2, sec, []Upload{{Name: "run.html", Content: []byte("<html>")}}); !onField(err, "file") {
			t.Errorf("an HTML file: %v", err)
		}
		fl, err := s.AddFiles(ctx, w.a2, sec, []Upload{{Name: "Notfallplan.pdf", Content: pdf}})
		if err != nil || len(fl) != 1 {
			t.Fatal(err)
		}
		if _, _, err := s.File(ctx, w.b1, sec, fl[0].ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a member not in the group downloaded: %v", err)
		}
		if f, b, err := s.File(ctx, w.board, sec, fl[0].ID); err != nil || string(b) != string(pdf) || f.Name != "Notfallplan.pdf" {
			t.Errorf("the board's download: %v", err)
		}
		if v, err := s.Get(ctx, w.b1, sec); err != nil || v.Inner || len(v.Files) != 0 || len(v.People) != 1 || v.Meetings[0].Minutes != "" || !v.CanJoin {
			t.Errorf("the group to a member not in it: %+v, %v", v, err)
		}

		// The lead announces; the other member reads it in its inbox.
		if _, err := s.Announce(ctx, w.a2, sec, AnnouncementInput{Subject: "Hallo", Message: "x"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member announced: %v", err)
		}
		if _, err := s.Announce(ctx, w.a1, sec, AnnouncementInput{Subject: " ", Message: "x"}); !onField(err, "subject") {
			t.Errorf("an announcement without subject: %v", err)
		}
		if _, err := s.Announce(ctx, w.a1, sec, AnnouncementInput{Subject: "Übung im Juni", Message: "Bitte vormerken."}); err != nil {
			t.Fatal(err)
		}
		inbox, err := w.notes.Inbox(ctx, w.a2, "", false, 10)
		if err != nil || len(inbox) != 1 || !strings.Contains(inbox[0].Title, "Übung im Juni") || !strings.Contains(inbox[0].Title, "High availability") {
			t.Errorf("the member's inbox: %+v, %v", inbox, err)
		}
		if inbox, _ := w.notes.Inbox(ctx, w.b1, "", false, 10); len(inbox) != 0 {
			t.Errorf("a member not in the group was told: %d", len(inbox))
		}

		// The board's report: Alpha in the group, Beta at its meeting,
		// Cerberus at an event; with no events, Cerberus took part in
		// nothing.
		if _, err := s.Participation(ctx, w.a1, "", "", "de"); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a member read the report: %v", err)
		}
		if _, err := s.Participation(ctx, w.board, "2026-Q3", "2026-Q1", "de"); !onField(err, "to") {
			t.Errorf("a reversed period: %v", err)
		}
		p, err := s.Participation(ctx, w.board, "", "", "de")
		if err != nil || p.From != "2025-Q3" || p.To != "2026-Q2" || len(p.Orgs) != 3 || len(p.Groups) != 8 {
			t.Fatalf("the report: %+v, %v", p, err)
		}
		row := func(org string) *OrgRow {
			for _, o := range p.Orgs {
				if o.OrgID == org {
					return o
				}
			}
			t.Fatalf("no row for %s", org)
			return nil
		}
		if a, b := row(w.alpha), row(w.beta); a.Cells[3].Groups != 1 || a.Cells[3].Meetings != 1 || b.Cells[3].Meetings != 1 || b.Total.Groups != 1 {
			t.Errorf("Alpha %+v, Beta %+v", a.Cells, b.Cells)
		}
		if len(p.Idle) != 1 || p.Idle[0].OrgID != w.cerb {
			t.Errorf("idle: %+v", p.Idle)
		}
		s.EventAttendance = func(_ context.Context, from, to time.Time) ([]community.Attendance, error) {
			return []community.Attendance{{OrgID: w.cerb, Where: "event:annual", On: now.AddDate(0, 0, -3)}}, nil
		}
		// The report was made before: an event's check-in moves the
		// participation counter, and so does this one.
		if p, err := s.Participation(ctx, w.board, "", "", "de"); err != nil || len(p.Idle) != 1 {
			t.Errorf("the cached report: %+v, %v", p.Idle, err)
		}
		if err := community.Changed(ctx, d, nil); err != nil {
			t.Fatal(err)
		}
		if p, err := s.Participation(ctx, w.board, "", "", "de"); err != nil || len(p.Idle) != 0 {
			t.Errorf("with Cerberus at an event: %+v, %v", p.Idle, err)
		}

		// Leaving ends the stay; the lead no longer leads.
		if _, err := s.Leave(ctx, w.a1, sec); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateMeeting(ctx, w.a1, sec, plan); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a former lead planned a meeting: %v", err)
		}
		if _, _, err := s.File(ctx, w.a1, sec, fl[0].ID); !errors.Is(err, apperr.ErrNotFound) {
			t.Errorf("a former member downloaded: %v", err)
		}
		if err := s.DeleteFile(ctx, w.a2, sec, fl[0].ID); err != nil {
			t.Errorf("the uploader deleted its file: %v", err)
		}
		if err := s.DeleteMeeting(ctx, w.a2, sec, m.ID); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member deleted a meeting: %v", err)
		}
		if err := s.DeleteMeeting(ctx, w.board, sec, m.ID); err != nil {
			t.Errorf("the board deleted the meeting: %v", err)
		}
	})
}

// The tallies the report reads follow every change of attendance: a
// recorded, changed and cleared attendance, a meeting moved to another
// quarter and a deleted one; writers recording at once (PostgreSQL lets
// them) lose nothing. After each step the report shows what a recount
// of the attendances shows.
func TestTalliesFollowAttendance(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
		w := newWorld(t, d, now)
		s := w.svc
		const sec, mkt = "wg-availability", "wg-marketing"
		tallies := func() map[string]string {
			t.Helper()
			rows, err := db.Query(ctx, d, func(r db.Row) ([2]string, error) {
				var k, g string
				var o string
				err := r.Scan(&k, &o, &g)
				return [2]string{k + " " + o, g}, err
			}, `SELECT quarter, org_id, groups FROM work_group_tallies`)
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			for _, r := range rows {
				m[r[0]] = r[1]
			}
			return m
		}
		// step checks the kept tallies against a recount, and the report's
		// meetings of Alpha and Beta in Q1 and Q2 of 2026.
		step := func(name string, alpha, beta [2]int) {
			t.Helper()
			kept := tallies()
			if err := d.Tx(ctx, func(tx *sql.Tx) error { return recountAll(ctx, tx) }); err != nil {
				t.Fatal(err)
			}
			if again := tallies(); !reflect.DeepEqual(kept, again) {
				t.Errorf("%s: kept tallies %v, recounted %v", name, kept, again)
			}
			p, err := s.Participation(ctx, w.board, "2026-Q1", "2026-Q2", "de")
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range p.Orgs {
				want, ok := map[string][2]int{w.alpha: alpha, w.beta: beta}[o.OrgID]
				if got := [2]int{o.Cells[0].Meetings, o.Cells[1].Meetings}; ok && got != want {
					t.Errorf("%s: %s attended %v meetings, want %v", name, o.Name, got, want)
				}
			}
		}
		meeting := func(group, at string) *Meeting {
			t.Helper()
			m, err := s.CreateMeeting(ctx, w.board, group, MeetingInput{StartsAt: new(at), Place: new("Online")})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		attend := func(group, id string, in AttendanceInput) {
			t.Helper()
			if _, err := s.RecordAttendance(ctx, w.board, group, id, in); err != nil {
				t.Fatal(err)
			}
		}
		for _, a := range []*auth.Actor{w.a1, w.a2, w.b1} {
			if _, err := s.Join(ctx, a, sec); err != nil {
				t.Fatal(err)
			}
		}
		m1, m2, m3 := meeting(sec, "2026-05-20T14:00"), meeting(sec, "2026-04-02T10:00"), meeting(mkt, "2026-05-21T14:00")

		// Two of Alpha's people count as one organisation at a meeting.
		attend(sec, m1.ID, AttendanceInput{Users: []string{w.a1.UserID, w.a2.UserID, w.b1.UserID}})
		attend(sec, m2.ID, AttendanceInput{Orgs: []string{w.alpha}})
		attend(mkt, m3.ID, AttendanceInput{Orgs: []string{w.alpha, w.beta}})
		step("recorded", [2]int{0, 3}, [2]int{0, 2})
		attend(sec, m1.ID, AttendanceInput{Users: []string{w.a2.UserID}})
		step("Beta taken off", [2]int{0, 3}, [2]int{0, 1})
		if _, err := s.UpdateMeeting(ctx, w.board, sec, m2.ID, MeetingInput{StartsAt: new("2026-03-30T10:00")}); err != nil {
			t.Fatal(err)
		}
		step("moved to Q1", [2]int{1, 2}, [2]int{0, 1})
		if err := s.DeleteMeeting(ctx, w.board, mkt, m3.ID); err != nil {
			t.Fatal(err)
		}
		step("deleted", [2]int{1, 1}, [2]int{0, 0})
		attend(sec, m1.ID, AttendanceInput{})
		step("cleared", [2]int{1, 0}, [2]int{0, 0})

		// Eight meetings recorded at once, each with Alpha and Beta.
		var ms []*Meeting
		for i := range 8 {
			ms = append(ms, meeting(sec, fmt.Sprintf("2026-04-%02dT10:00", 10+i)))
		}
		var wg sync.WaitGroup
		errs := make([]error, len(ms))
		for i, m := range ms {
			wg.Go(func() {
				_, errs[i] = s.RecordAttendance(ctx, w.board, sec, m.ID, AttendanceInput{Orgs: []string{w.beta, w.alpha}})
			})
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		step("at once", [2]int{1, 8}, [2]int{0, 8})
	})
}
