package jourfixe

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/i18n"
	"pakt/internal/ical"
	"pakt/internal/notify"
	"pakt/internal/notify/notifytest"
	"pakt/internal/partner"
)

// world is a database with three partners (A and C cooperate, B is an
// outsider), their users, the staff and a recruiter, and a jour fixe
// service on a clock the test moves.
type world struct {
	t       *testing.T
	d       *db.DB
	svc     *Service
	notify  *notify.Service
	now     time.Time
	A, B, C string
	actors  map[string]*auth.Actor
}

var clock0 = time.Date(2027, 1, 10, 8, 0, 0, 0, time.UTC)

func newWorld(t *testing.T, d *db.DB, m notify.Mailer) *world {
	t.Helper()
	w := &world{t: t, d: d, now: clock0, actors: map[string]*auth.Actor{}}
	now := func() time.Time { return w.now }
	w.notify = notify.NewService(d, now, m, slog.Default())
	w.notify.BaseURL = "https://pakt.example"
	partners := partner.NewService(d, now)
	w.svc = NewService(d, now, w.notify, partners)
	org := func(name string) string {
		o, err := partners.Create(context.Background(), auth.System, partner.Input{LegalName: &name})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	w.A, w.B, w.C = org("Müller IT GmbH & Co. KG"), org("Geheim Systeme GmbH"), org("Schön & Söhne AG")
	for _, u := range []struct{ id, role, org, lang string }{
		{"admin", "admin", "", "de"}, {"manager", "manager", "", "en"}, {"recruiter", "recruiter", "", "de"},
		{"a-admin", "partner_admin", w.A, "de"}, {"a-member", "partner_member", w.A, "en"},
		{"b-admin", "partner_admin", w.B, "de"}, {"c-admin", "partner_admin", w.C, "en"},
	} {
		var orgID any
		if u.org != "" {
			orgID = u.org
		}
		if _, err := d.Exec(`INSERT INTO users (id, email, name, password_hash, role, org_id, lang, created_at, updated_at) VALUES ($1, $2, $3, 'x', $4, $5, $6, $7, $7)`,
			u.id, u.id+"@example.org", "Name "+u.id, u.role, orgID, u.lang, clock0); err != nil {
			t.Fatal(err)
		}
		w.actors[u.id] = &auth.Actor{UserID: u.id, Name: "Name " + u.id, Email: u.id + "@example.org", Role: auth.Role(u.role), OrgID: u.org, Lang: u.lang}
	}
	return w
}

func (w *world) schedule(in SeriesInput) {
	w.t.Helper()
	ctx := context.Background()
	if err := w.d.Tx(ctx, func(tx *sql.Tx) error { return w.svc.Schedule(ctx, tx, in) }); err != nil {
		w.t.Fatalf("schedule: %v", err)
	}
}

func (w *world) series(agreement string) *Detail {
	w.t.Helper()
	list, err := w.svc.List(context.Background(), w.actors["admin"], agreement)
	if err != nil || len(list) != 1 {
		w.t.Fatalf("series of %s: %v, %v", agreement, list, err)
	}
	d, err := w.svc.Get(context.Background(), w.actors["admin"], list[0].ID)
	if err != nil {
		w.t.Fatal(err)
	}
	return d
}

func byStatus(ms []*Meeting) map[string][]*Meeting {
	out := map[string][]*Meeting{}
	for _, m := range ms {
		out[m.Status] = append(out[m.Status], m)
	}
	return out
}

func auditCount(t *testing.T, d *db.DB, objectType string) int {
	t.Helper()
	_, n, err := audit.List(context.Background(), d, audit.Filter{ObjectType: objectType})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The agreed cadence makes the meetings; scheduling again changes nothing;
// a changed schedule replaces the future and keeps the past with its notes;
// cadence none ends the series.
func TestScheduleFollowsTheAgreement(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, nil)
		in := SeriesInput{AgreementID: "agr-1", Title: "Vertrieb Nord", OrgIDs: []string{w.C, w.A, w.A}, Cadence: CadenceWeekly,
			Start: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC), Minutes: 60}
		w.schedule(in)
		s1 := w.series("agr-1")
		if len(s1.Meetings) != 52 || !s1.Meetings[0].Start.Equal(in.Start) || !s1.Meetings[0].End.Equal(in.Start.Add(time.Hour)) {
			t.Fatalf("weekly for a year: %d meetings, first %v–%v", len(s1.Meetings), s1.Meetings[0].Start, s1.Meetings[0].End)
		}
		if len(s1.Parties) != 2 || s1.Parties[0].Name != "Müller IT GmbH & Co. KG" || s1.Parties[1].Name != "Schön & Söhne AG" {
			t.Errorf("parties: %+v", s1.Parties)
		}
		if s1.Next == nil || !s1.Next.Equal(in.Start) {
			t.Errorf("next meeting %v, want %v", s1.Next, in.Start)
		}
		audits := auditCount(t, d, "jourfixe_series")

		// The same agreement again: the same series and meetings, no audit.
		w.schedule(in)
		s2 := w.series("agr-1")
		if s2.ID != s1.ID || len(s2.Meetings) != 52 || s2.Meetings[10].ID != s1.Meetings[10].ID {
			t.Errorf("scheduling again changed the series: %s/%d, want %s/52", s2.ID, len(s2.Meetings), s1.ID)
		}
		if n := auditCount(t, d, "jourfixe_series"); n != audits {
			t.Errorf("scheduling again wrote %d audit entries", n-audits)
		}

		// Five weeks later: a note on the first meeting, the second marked
		// held, the third and fourth nothing.
		w.now = clock0.AddDate(0, 0, 35)
		a := w.actors["a-admin"]
		if _, err := w.svc.Update(ctx, a, s1.ID, s1.Meetings[0].ID, MeetingPatch{Note: "Pipeline besprochen; nächster Schritt: Angebot."}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Update(ctx, w.actors["c-admin"], s1.ID, s1.Meetings[1].ID, MeetingPatch{Held: new(true)}); err != nil {
			t.Fatal(err)
		}

		// The agreement changes to monthly at another time, with B instead of C.
		in2 := in
		in2.Cadence, in2.Start, in2.Minutes, in2.OrgIDs = CadenceMonthly, time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC), 90, []string{w.A, w.B}
		w.schedule(in2)
		s3 := w.series("agr-1")
		st := byStatus(s3.Meetings)
		if len(st[StatusHeld]) != 2 || st[StatusHeld][0].ID != s1.Meetings[0].ID || st[StatusHeld][1].ID != s1.Meetings[1].ID {
			t.Errorf("held: %v", st[StatusHeld])
		}
		if len(st[StatusMissed]) != 3 {
			t.Errorf("missed: %d meetings, want 3 (weeks 3 to 5)", len(st[StatusMissed]))
		}
		if len(st[StatusUpcoming]) != 12 || !st[StatusUpcoming][0].Start.Equal(in2.Start) || !st[StatusUpcoming][0].End.Equal(in2.Start.Add(90*time.Minute)) {
			t.Errorf("upcoming: %d, first %v; want 12 monthly from 1 March", len(st[StatusUpcoming]), st[StatusUpcoming])
		}
		if len(st[StatusCancelled]) != 47 {
			t.Errorf("cancelled: %d, want the 47 future weekly meetings", len(st[StatusCancelled]))
		}
		md, err := w.svc.Meeting(ctx, w.actors["a-member"], s1.ID, s1.Meetings[0].ID)
		if err != nil || len(md.Notes) != 1 || md.Notes[0].Author != "Name a-admin" || md.Notes[0].AuthorOrgName != "Müller IT GmbH & Co. KG" {
			t.Errorf("the note survived the change: %+v, %v", md, err)
		}
		if _, err := w.svc.Get(ctx, w.actors["c-admin"], s1.ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("C left the agreement but sees the series: %v", err)
		}
		if _, err := w.svc.Get(ctx, w.actors["b-admin"], s1.ID); err != nil {
			t.Errorf("B joined but does not see the series: %v", err)
		}

		// Back to the weekly schedule: the cancelled meetings return as they were.
		w.schedule(in)
		s4 := w.series("agr-1")
		st = byStatus(s4.Meetings)
		// The 47 cancelled weekly meetings are back, and 5 more fill the
		// year from now.
		if len(st[StatusUpcoming]) != 52 || st[StatusUpcoming][0].ID != s1.Meetings[5].ID || st[StatusUpcoming][46].ID != s1.Meetings[51].ID {
			t.Errorf("weekly again: %d upcoming, want the 47 weekly meetings back and 5 more", len(st[StatusUpcoming]))
		}

		// Cadence none ends it: no future meetings, the past stays.
		none := in
		none.Cadence = CadenceNone
		w.schedule(none)
		s5 := w.series("agr-1")
		st = byStatus(s5.Meetings)
		if s5.EndedAt == nil || len(st[StatusUpcoming]) != 0 || len(st[StatusHeld]) != 2 || s5.Next != nil {
			t.Errorf("ended series: ended %v, %d upcoming, %d held", s5.EndedAt, len(st[StatusUpcoming]), len(st[StatusHeld]))
		}

		// An agreement without a jour fixe has no series.
		w.schedule(SeriesInput{AgreementID: "agr-2", Title: "Ohne", OrgIDs: []string{w.A, w.C}, Cadence: CadenceNone})
		if list, _ := w.svc.List(ctx, w.actors["admin"], "agr-2"); len(list) != 0 {
			t.Errorf("cadence none made a series: %+v", list)
		}
		// Bad input names its fields.
		err = d.Tx(ctx, func(tx *sql.Tx) error {
			return w.svc.Schedule(ctx, tx, SeriesInput{AgreementID: "agr-3", Title: " ", OrgIDs: []string{w.A}, Cadence: "daily"})
		})
		e, ok := apperr.As(err)
		var names []string
		if ok {
			for _, f := range e.Fields {
				names = append(names, f.Field)
			}
		}
		if got := strings.Join(names, " "); got != "title cadence org_ids start minutes" {
			t.Errorf("invalid input: fields %q (%v)", got, err)
		}
	})
}

// Only the parties' users and the staff see a series and its meetings and
// may write; to everyone else they do not exist.
func TestSeriesAreConfidential(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, nil)
		w.schedule(SeriesInput{AgreementID: "agr-ac", Title: "Geheimprojekt Alpha", OrgIDs: []string{w.A, w.C}, Cadence: CadenceBiweekly,
			Start: clock0.Add(-30 * 24 * time.Hour), Minutes: 45})
		w.schedule(SeriesInput{AgreementID: "agr-bc", Title: "Andere Kooperation", OrgIDs: []string{w.B, w.C}, Cadence: CadenceQuarterly,
			Start: clock0.AddDate(0, 1, 0), Minutes: 45})
		s := w.series("agr-ac")
		m := s.Meetings[0]
		for role, want := range map[string]int{"admin": 2, "manager": 2, "a-admin": 1, "a-member": 1, "c-admin": 2, "b-admin": 1} {
			list, err := w.svc.List(ctx, w.actors[role], "")
			if err != nil || len(list) != want {
				t.Errorf("%s lists %d series (%v), want %d", role, len(list), err, want)
			}
			if role == "b-admin" && len(list) == 1 && list[0].Title != "Andere Kooperation" {
				t.Errorf("B sees %q", list[0].Title)
			}
		}
		for _, role := range []string{"b-admin", "recruiter"} {
			a := w.actors[role]
			if _, err := w.svc.Get(ctx, a, s.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%s: Get = %v, want not found", role, err)
			}
			if _, err := w.svc.Meeting(ctx, a, s.ID, m.ID); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%s: Meeting = %v, want not found", role, err)
			}
			if _, err := w.svc.Update(ctx, a, s.ID, m.ID, MeetingPatch{Note: "x"}); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%s: Update = %v, want not found", role, err)
			}
			if _, err := w.svc.CreateFeed(ctx, a, s.ID, "https://pakt.example"); apperr.CodeOf(err) != apperr.NotFound {
				t.Errorf("%s: CreateFeed = %v, want not found", role, err)
			}
		}
		if _, err := w.svc.List(ctx, w.actors["recruiter"], ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("recruiter: List = %v, want not found", err)
		}
		// A meeting of another series under this series' id is not found.
		other := w.series("agr-bc")
		if _, err := w.svc.Meeting(ctx, w.actors["c-admin"], s.ID, other.Meetings[0].ID); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a meeting under the wrong series: %v", err)
		}
	})
}

// Notes need text; a meeting is held only once it began; a cancelled one
// takes nothing; each change is in the audit log.
func TestRecordingAMeeting(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, nil)
		w.schedule(SeriesInput{AgreementID: "agr", Title: "JF", OrgIDs: []string{w.A, w.C}, Cadence: CadenceWeekly,
			Start: clock0.Add(-8 * 24 * time.Hour), Minutes: 60})
		w.now = time.Date(2027, 1, 16, 12, 0, 0, 0, time.UTC)
		s := w.series("agr")
		// Meetings are materialised from when the series was made.
		past, future := s.Meetings[0], s.Meetings[1]
		if past.Status != StatusPending || future.Status != StatusUpcoming {
			t.Fatalf("statuses %s, %s", past.Status, future.Status)
		}
		a := w.actors["a-admin"]
		// A party's member reads the meeting but records nothing.
		if _, err := w.svc.Meeting(ctx, w.actors["a-member"], s.ID, past.ID); err != nil {
			t.Errorf("the member cannot read the meeting: %v", err)
		}
		if _, err := w.svc.Update(ctx, w.actors["a-member"], s.ID, past.ID, MeetingPatch{Note: "vom Mitglied"}); err == nil {
			t.Error("a member's note was taken")
		} else if e, ok := apperr.As(err); !ok || e.Key != "error.partner_admin_only" {
			t.Errorf("a member's note: %v, want error.partner_admin_only", err)
		}
		fields := func(err error) []string {
			e, ok := apperr.As(err)
			if !ok {
				t.Fatalf("not an application error: %v", err)
			}
			var out []string
			for _, f := range e.Fields {
				out = append(out, f.Field)
			}
			return out
		}
		if _, err := w.svc.Update(ctx, a, s.ID, past.ID, MeetingPatch{Note: "   "}); err == nil {
			t.Error("an empty note was taken")
		} else if f := fields(err); len(f) != 1 || f[0] != "note" {
			t.Errorf("empty note: fields %v", f)
		}
		if _, err := w.svc.Update(ctx, a, s.ID, future.ID, MeetingPatch{Held: new(true)}); err == nil || fields(err)[0] != "held" {
			t.Errorf("held before it began: %v", err)
		}
		// An agenda for the future meeting is fine.
		if _, err := w.svc.Update(ctx, a, s.ID, future.ID, MeetingPatch{Note: "Agenda: Messeplanung"}); err != nil {
			t.Error(err)
		}
		md, err := w.svc.Update(ctx, w.actors["manager"], s.ID, past.ID, MeetingPatch{Held: new(true), Note: "Protokoll folgt."})
		if err != nil || md.Status != StatusHeld || md.HeldBy != "Name manager" || len(md.Notes) != 1 || md.Notes[0].AuthorOrg != "" {
			t.Fatalf("held with a note: %+v, %v", md, err)
		}
		md, err = w.svc.Update(ctx, a, s.ID, past.ID, MeetingPatch{Held: new(false)})
		if err != nil || md.HeldAt != nil || md.Status != StatusHeld {
			t.Errorf("held taken back (notes still say it was held): %+v, %v", md.Meeting, err)
		}
		if n := auditCount(t, d, "jourfixe_note"); n != 2 {
			t.Errorf("%d notes in the audit log, want 2", n)
		}
		if n := auditCount(t, d, "jourfixe_meeting"); n != 2 {
			t.Errorf("%d held changes in the audit log, want 2", n)
		}
		// Cancelled by a schedule change: nothing more to record.
		w.schedule(SeriesInput{AgreementID: "agr", Title: "JF", OrgIDs: []string{w.A, w.C}, Cadence: CadenceMonthly,
			Start: clock0.AddDate(0, 1, 0), Minutes: 60})
		_, err = w.svc.Update(ctx, a, s.ID, s.Meetings[2].ID, MeetingPatch{Note: "zu spät"})
		if err == nil || fields(err)[0] != "meeting" {
			t.Errorf("a note on a cancelled meeting: %v", err)
		}
	})
}

// A participant's private feed publishes the series' meetings; a new token
// replaces the old one, a revoked one and the feed of someone who left
// find nothing, and the token never reaches the audit log.
func TestCalendarFeed(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, nil)
		w.schedule(SeriesInput{AgreementID: "agr", Title: "Vertrieb, Süd; Planung", OrgIDs: []string{w.A, w.C}, Cadence: CadenceMonthly,
			Start: time.Date(2027, 1, 31, 15, 0, 0, 0, time.UTC), Minutes: 30})
		s := w.series("agr")
		a := w.actors["a-member"]
		f1, err := w.svc.CreateFeed(ctx, a, s.ID, "https://pakt.example/")
		if err != nil {
			t.Fatal(err)
		}
		if len(f1.Token) < 22 || f1.URL != "https://pakt.example/ical/"+f1.Token+".ics" || f1.WebcalURL != "webcal://pakt.example/ical/"+f1.Token+".ics" {
			t.Errorf("feed URLs: %+v", f1)
		}
		cal, err := w.svc.Feed(ctx, f1.Token, "https://pakt.example")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := cal.Write(&buf, w.now); err != nil {
			t.Fatal(err)
		}
		head, events := parseICS(t, buf.String())
		if head["X-WR-CALNAME"] != "Jour fixe: Vertrieb, Süd; Planung" || len(events) != 12 {
			t.Fatalf("calendar %q with %d events, want 12", head["X-WR-CALNAME"], len(events))
		}
		e := events[1]
		m := s.Meetings[1]
		if e["UID"] != m.ID+"@pakt" || e["DTSTART"] != "20270228T150000Z" || e["DTEND"] != "20270228T153000Z" || e["SUMMARY"] != "Jour fixe: Vertrieb, Süd; Planung" {
			t.Errorf("event: %v", e)
		}
		// a-member reads English.
		if want := "Parties: Müller IT GmbH & Co. KG and Schön & Söhne AG\nhttps://pakt.example" + MeetingPath(s.ID, m.ID); e["DESCRIPTION"] != want {
			t.Errorf("description %q, want %q", e["DESCRIPTION"], want)
		}
		// The personal calendar feed's source holds the same meetings of
		// the series of the owner's organisation; staff are party to none.
		mine, err := w.svc.FeedEntries(ctx, a, "en", "https://pakt.example")
		if err != nil {
			t.Fatal(err)
		}
		var ofSeries []ical.Event
		for _, e := range mine {
			if strings.HasPrefix(e.URL, "https://pakt.example"+SeriesPath(s.ID)+"/") {
				ofSeries = append(ofSeries, e)
			}
		}
		if len(ofSeries) != 12 || ofSeries[1].UID != m.ID+"@pakt" || ofSeries[1].Description != e["DESCRIPTION"] {
			t.Fatalf("the personal feed's meetings of the series: %d, want 12: %+v", len(ofSeries), ofSeries)
		}
		if staff, err := w.svc.FeedEntries(ctx, &auth.Actor{UserID: "x", Role: auth.RoleAdmin}, "en", ""); err != nil || len(staff) != 0 {
			t.Errorf("staff's personal feed holds %d meetings (%v), want none", len(staff), err)
		}
		if !strings.Contains(buf.String(), `SUMMARY:Jour fixe: Vertrieb\, Süd\; Planung`) {
			t.Errorf("summary not escaped:\n%s", buf.String())
		}
		if d, _ := w.svc.Get(ctx, a, s.ID); d.Feed == nil {
			t.Error("the page does not know the feed exists")
		}

		// A new token: the old URL stops working.
		f2, err := w.svc.CreateFeed(ctx, a, s.ID, "https://pakt.example")
		if err != nil || f2.Token == f1.Token {
			t.Fatalf("regenerate: %v", err)
		}
		if _, err := w.svc.Feed(ctx, f1.Token, ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("the old token still works: %v", err)
		}
		if _, err := w.svc.Feed(ctx, f2.Token, ""); err != nil {
			t.Errorf("the new token: %v", err)
		}
		// Revoked: gone.
		if err := w.svc.RevokeFeed(ctx, a, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Feed(ctx, f2.Token, ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a revoked token works: %v", err)
		}
		if err := w.svc.RevokeFeed(ctx, a, s.ID); err != nil {
			t.Errorf("revoking twice: %v", err)
		}

		// A disabled user's feed and the feed of a user whose organisation
		// left the agreement find nothing.
		fc, err := w.svc.CreateFeed(ctx, w.actors["c-admin"], s.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		fa, err := w.svc.CreateFeed(ctx, w.actors["a-admin"], s.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Exec(`UPDATE users SET disabled = TRUE WHERE id = 'a-admin'`); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Feed(ctx, fa.Token, ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("a disabled user's feed works: %v", err)
		}
		if _, err := w.svc.Feed(ctx, fc.Token, ""); err != nil {
			t.Fatal(err)
		}
		w.schedule(SeriesInput{AgreementID: "agr", Title: "Vertrieb, Süd; Planung", OrgIDs: []string{w.A, w.B}, Cadence: CadenceMonthly,
			Start: time.Date(2027, 1, 31, 15, 0, 0, 0, time.UTC), Minutes: 30})
		if _, err := w.svc.Feed(ctx, fc.Token, ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("the feed of a party that left works: %v", err)
		}
		if _, err := w.svc.Feed(ctx, "not-a-token", ""); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("an unknown token: %v", err)
		}

		entries, n, err := audit.List(ctx, d, audit.Filter{ObjectType: "jourfixe_feed"})
		if err != nil || n != 5 {
			t.Fatalf("%d feed entries in the audit log (%v), want 5 (create, update, revoke, create, create)", n, err)
		}
		for _, e := range entries {
			for _, tok := range []string{f1.Token, f2.Token, fa.Token, fc.Token, auth.HashSecret(f1.Token), auth.HashSecret(fc.Token)} {
				if strings.Contains(e.Before+e.After, tok) {
					t.Errorf("the audit log holds a feed token: %+v", e)
				}
			}
		}
	})
}

// Tick reports a missed meeting to the parties once, by notice and e-mail
// in each reader's language, and keeps a year of meetings ahead.
func TestTickReportsMissedMeetingsOnce(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		smtp := notifytest.Start(t)
		mailer, err := notify.NewSMTP(smtp.Config())
		if err != nil {
			t.Fatal(err)
		}
		w := newWorld(t, d, mailer)
		w.schedule(SeriesInput{AgreementID: "agr", Title: "Vertrieb Nord", OrgIDs: []string{w.A, w.C}, Cadence: CadenceWeekly,
			Start: time.Date(2027, 1, 11, 9, 0, 0, 0, time.UTC), Minutes: 60})
		s := w.series("agr")
		// The first meeting is recorded, the second is not.
		w.now = time.Date(2027, 1, 19, 9, 30, 0, 0, time.UTC)
		if _, err := w.svc.Update(ctx, w.actors["c-admin"], s.ID, s.Meetings[0].ID, MeetingPatch{Note: "Alles besprochen."}); err != nil {
			t.Fatal(err)
		}
		// Within the grace period, nothing is reported.
		if err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := w.notify.Pending(ctx); n != 0 {
			t.Fatalf("%d mails before a meeting was missed", n)
		}
		w.now = time.Date(2027, 1, 20, 10, 30, 0, 0, time.UTC)
		for range 2 {
			if err := w.svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := w.notify.Deliver(ctx); err != nil || n != 3 {
			t.Fatalf("delivered %d mails (%v), want 3 (A's two users and C's admin)", n, err)
		}
		smtp.Wait(t, 3, 5*time.Second)
		de := smtp.To("a-admin@example.org")
		if len(de) != 1 || de[0].Subject != "Jour fixe „Vertrieb Nord“ vom 18.01.2027 10:00 MEZ verpasst" ||
			!strings.Contains(de[0].Body, "am 18.01.2027 10:00 MEZ") || !strings.Contains(de[0].Body, "https://pakt.example"+MeetingPath(s.ID, s.Meetings[1].ID)) {
			t.Errorf("German mail: %+v", de)
		}
		if en := smtp.To("c-admin@example.org"); len(en) != 1 || en[0].Subject != "Jour fixe “Vertrieb Nord” of 18 Jan 2027 10:00 CET missed" {
			t.Errorf("English mail: %+v", en)
		}
		if got := smtp.To("b-admin@example.org"); len(got) != 0 {
			t.Errorf("the outsider was told: %+v", got)
		}
		if got := smtp.To("admin@example.org"); len(got) != 0 {
			t.Errorf("the staff were told: %+v", got)
		}
		inbox, err := w.notify.Inbox(ctx, w.actors["a-member"], "", true, 10)
		if err != nil || len(inbox) != 1 || inbox[0].Link != MeetingPath(s.ID, s.Meetings[1].ID) {
			t.Errorf("inbox: %+v, %v", inbox, err)
		}
		// Recording the meeting late does not bring the notice back, nor
		// does a later tick.
		if err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if n, _ := w.notify.Pending(ctx); n != 0 {
			t.Errorf("%d more mails after the second tick", n)
		}

		// Two months on, the horizon has moved: a year of meetings ahead.
		w.now = time.Date(2027, 3, 20, 10, 0, 0, 0, time.UTC)
		// Record everything up to now so that only the horizon changes.
		for _, m := range w.series("agr").Meetings {
			if m.Start.Before(w.now) && m.Status == StatusMissed {
				if _, err := w.svc.Update(ctx, w.actors["a-admin"], s.ID, m.ID, MeetingPatch{Held: new(true)}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		ms := w.series("agr").Meetings
		last := ms[len(ms)-1].Start
		if want := time.Date(2028, 3, 20, 9, 0, 0, 0, time.UTC); !last.Equal(want) {
			t.Errorf("the last meeting is on %v, want %v", last, want)
		}
		if n, _ := w.notify.Pending(ctx); n != 0 {
			t.Errorf("%d mails after recording everything", n)
		}
	})
}

// A weekly series at 09:00 in Berlin stays at 09:00 after the change to
// summer time: an hour earlier in UTC, which calendar feeds carry as UTC.
// When the programme zone was another one before (an installation from
// before the setting, on UTC), the first tick cancels the meetings made at
// the old instants and adds them at the right ones, once.
func TestMeetingsKeepTheirLocalTime(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d, nil)
		monday := time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC) // 09:00 CET
		in := SeriesInput{AgreementID: "agr", Title: "Vertrieb Nord", OrgIDs: []string{w.A, w.C}, Cadence: CadenceWeekly, Start: monday, Minutes: 60}
		w.schedule(in)
		s := w.series("agr")
		if got, want := s.Meetings[1].Start, time.Date(2027, 3, 29, 7, 0, 0, 0, time.UTC); !got.Equal(want) || !s.Meetings[1].End.Equal(want.Add(time.Hour)) {
			t.Errorf("the meeting after the change is at %v, want %v", got, want)
		}
		if got := i18n.DateTime("de", w.svc.Zone, s.Meetings[1].Start); got != "29.03.2027 09:00 MESZ" {
			t.Errorf("shown as %q", got)
		}
		f, err := w.svc.CreateFeed(ctx, w.actors["a-admin"], s.ID, "https://pakt.example")
		if err != nil {
			t.Fatal(err)
		}
		cal, err := w.svc.Feed(ctx, f.Token, "https://pakt.example")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := cal.Write(&buf, w.now); err != nil {
			t.Fatal(err)
		}
		if _, events := parseICS(t, buf.String()); len(events) < 2 || events[0]["DTSTART"] != "20270322T080000Z" || events[1]["DTSTART"] != "20270329T070000Z" {
			t.Errorf("feed events: %v", events[:min(2, len(events))])
		}

		// The same series made while the programme ran on UTC.
		w.svc.Zone = time.UTC
		in2 := in
		in2.AgreementID = "agr-utc"
		w.schedule(in2)
		w.svc.Zone = nil
		old := w.series("agr-utc")
		if !old.Meetings[1].Start.Equal(time.Date(2027, 3, 29, 8, 0, 0, 0, time.UTC)) {
			t.Fatalf("on UTC the second meeting is at %v", old.Meetings[1].Start)
		}
		// An agenda on the meeting that moves.
		if _, err := w.svc.Update(ctx, w.actors["a-admin"], old.ID, old.Meetings[1].ID, MeetingPatch{Note: "Tagesordnung"}); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := w.svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		now := w.series("agr-utc")
		st := byStatus(now.Meetings)
		if len(st[StatusUpcoming]) != len(s.Meetings) {
			t.Errorf("%d upcoming meetings after the tick, want %d", len(st[StatusUpcoming]), len(s.Meetings))
		}
		for i, m := range st[StatusUpcoming] {
			if i < len(s.Meetings) && !m.Start.Equal(s.Meetings[i].Start) {
				t.Errorf("meeting %d at %v, want %v", i, m.Start, s.Meetings[i].Start)
			}
		}
		// The winter meetings stay as they were; the summer ones made at
		// the old instants (10:00 local) are cancelled, the agenda with its
		// meeting.
		if st[StatusUpcoming][0].ID != old.Meetings[0].ID || st[StatusUpcoming][0].Sequence != 0 {
			t.Errorf("the first meeting changed: %+v", st[StatusUpcoming][0])
		}
		summer := 0
		for _, m := range old.Meetings {
			if m.Start.In(i18n.ZoneOr(nil)).Hour() != 9 {
				summer++
			}
		}
		if n := len(st[StatusCancelled]); n != summer || n != 31 {
			t.Errorf("%d meetings cancelled, want the %d in summer time (31)", n, summer)
		}
		if c := st[StatusCancelled]; len(c) == 0 || c[0].ID != old.Meetings[1].ID || c[0].NoteCount != 1 {
			t.Errorf("cancelled: %+v", c)
		}

		// A later process aligns again and changes nothing.
		again := NewService(d, func() time.Time { return w.now }, w.notify, w.svc.Partners)
		if err := again.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		after := w.series("agr-utc")
		if len(after.Meetings) != len(now.Meetings) {
			t.Fatalf("%d meetings after another tick, want %d", len(after.Meetings), len(now.Meetings))
		}
		for i, m := range after.Meetings {
			if m.ID != now.Meetings[i].ID || m.Sequence != now.Meetings[i].Sequence || m.Status != now.Meetings[i].Status {
				t.Errorf("meeting %d changed: %+v, was %+v", i, m, now.Meetings[i])
			}
		}
	})
}
