package concierge_test

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/concierge"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/notify/notifytest"
	"pakt/internal/partner"
)

var start = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// world is a small programme: partners around München and one in Hamburg,
// their users, staff, and a mail server that keeps what arrives.
type world struct {
	t         *testing.T
	ctx       context.Context
	d         *db.DB
	now       time.Time
	partners  *partner.Service
	notify    *notify.Service
	svc       *concierge.Service
	smtp      *notifytest.Server
	vr, dsgvo string
	// Organisations: the asker, the VR specialist, an unpublished VR
	// partner, one with only expired certifications, one without the topic.
	alpha, target, hidden, expired, other string
	// Users.
	aAdmin, aLead, aMember, tAdmin, oAdmin, admin, manager, recruiter *auth.Actor
}

func date(s string) partner.Date {
	d, err := partner.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func newWorld(t *testing.T, d *db.DB) *world {
	t.Helper()
	w := &world{t: t, ctx: context.Background(), d: d, now: start}
	clock := func() time.Time { return w.now }
	w.smtp = notifytest.Start(t)
	m, err := notify.NewSMTP(w.smtp.Config())
	if err != nil {
		t.Fatal(err)
	}
	w.notify = notify.NewService(d, clock, m, slog.Default())
	w.notify.BaseURL = "https://pakt.example"
	w.partners = partner.NewService(d, clock)
	w.svc = concierge.NewService(d, clock, w.partners, w.notify)
	w.vr = w.competency("vr", "Virtuelle Realität", "Virtual Reality")
	w.dsgvo = w.competency("gdpr", "Datenschutz", "Data Protection")

	w.alpha = w.org("Alpha Systemhaus GmbH", "München", "Bayern", true, []string{w.vr},
		partner.Contact{Name: "Anna Asker", Email: "anna@alpha.example", Phone: "+49 89 1", DecisionMaker: true})
	w.target = w.org("Target VR GmbH", "Augsburg", "Bayern", true, []string{w.vr},
		partner.Contact{Name: "Max Mitarbeiter", Email: "max@target.example"},
		partner.Contact{Name: "Tina Target", Email: "tina@target.example", Phone: "+49 821 2", DecisionMaker: true},
		partner.Reference{Title: "VR-Schulungsumgebung für Techniker", Industry: "manufacturing", Year: 2025},
		partner.Reference{Title: "Showroom in Virtual Reality", Year: 2024},
		partner.Reference{Title: "ERP-Einführung", Year: 2023},
		partner.Certification{Name: "Lumen VR Partner", Issuer: "Lumen", ValidUntil: date("2027-09-30"), Number: "LVR-2025-117"},
		partner.Resource{Skill: "VR-Entwicklung", AmountTenths: 20, Unit: "fte", From: date("2027-03-01"), To: date("2027-03-31")})
	w.hidden = w.org("Verborgen VR AG", "München", "Bayern", false, []string{w.vr})
	w.expired = w.org("Nordlicht Realität GmbH", "Hamburg", "Hamburg", true, []string{w.vr},
		partner.Certification{Name: "Lumen VR Partner", Issuer: "Lumen", ValidUntil: date("2025-06-30"), Number: "LVR-2023-042"},
		partner.Contact{Name: "Nora Nord", Email: "nora@nord.example"})
	w.other = w.org("Datenschutz Kontor KG", "Köln", "Nordrhein-Westfalen", true, []string{w.dsgvo})

	w.aAdmin = w.user("a-admin", "chef@alpha.example", auth.RolePartnerAdmin, w.alpha, "de")
	w.aLead = w.user("a-lead", "lead@alpha.example", auth.RolePartnerAdmin, w.alpha, "de")
	w.aMember = w.user("a-member", "team@alpha.example", auth.RolePartnerMember, w.alpha, "de")
	w.tAdmin = w.user("t-admin", "chef@target.example", auth.RolePartnerAdmin, w.target, "en")
	w.user("n-admin", "chef@nord.example", auth.RolePartnerAdmin, w.expired, "de")
	w.oAdmin = w.user("o-admin", "chef@kontor.example", auth.RolePartnerAdmin, w.other, "de")
	w.admin = w.user("admin", "admin@pakt.example", auth.RoleAdmin, "", "de")
	w.manager = w.user("manager", "manager@pakt.example", auth.RoleManager, "", "en")
	w.recruiter = w.user("recruiter", "recruiter@pakt.example", auth.RoleRecruiter, "", "de")
	return w
}

func (w *world) competency(slug, de, en string) string {
	w.t.Helper()
	c, err := w.partners.SaveCompetency(w.ctx, auth.System, "", partner.CompetencyInput{Slug: &slug, NameDE: &de, NameEN: &en})
	if err != nil {
		w.t.Fatal(err)
	}
	return c.ID
}

func (w *world) org(name, city, region string, published bool, comps []string, entries ...any) string {
	w.t.Helper()
	country := "DE"
	o, err := w.partners.Create(w.ctx, auth.System, partner.Input{LegalName: &name, City: &city, Region: &region, Country: &country,
		Published: &published, Competencies: &comps})
	if err != nil {
		w.t.Fatal(err)
	}
	for _, e := range entries {
		switch e := e.(type) {
		case partner.Contact:
			err = partner.SaveEntry(w.ctx, w.partners, auth.System, o.ID, &e)
		case partner.Reference:
			err = partner.SaveEntry(w.ctx, w.partners, auth.System, o.ID, &e)
		case partner.Certification:
			// Staff verified those with a number.
			err = partner.SaveEntry(w.ctx, w.partners, auth.System, o.ID, &e)
			if err == nil && e.Number != "" {
				_, err = w.partners.VerifyCertification(w.ctx, auth.System, o.ID, e.ID, true)
			}
		case partner.Resource:
			err = partner.SaveEntry(w.ctx, w.partners, auth.System, o.ID, &e)
		}
		if err != nil {
			w.t.Fatal(err)
		}
	}
	return o.ID
}

func (w *world) user(id, email string, role auth.Role, org, lang string) *auth.Actor {
	w.t.Helper()
	var orgID any
	if org != "" {
		orgID = org
	}
	if _, err := w.d.Exec(`INSERT INTO users (id, email, name, password_hash, role, org_id, lang, created_at, updated_at) VALUES ($1, $2, $1, 'x', $3, $4, $5, $6, $6)`,
		id, email, string(role), orgID, lang, start); err != nil {
		w.t.Fatal(err)
	}
	return &auth.Actor{UserID: id, Name: id, Email: email, Role: role, OrgID: org, Lang: lang}
}

// mail delivers what is queued and returns what arrived for addr since
// the last call for it.
func (w *world) mail(addr string) []notifytest.Message {
	w.t.Helper()
	if _, err := w.notify.Deliver(w.ctx); err != nil {
		w.t.Fatal(err)
	}
	return w.smtp.To(addr)
}

func orgsOf(r *concierge.Result) []string {
	var out []string
	for _, m := range r.Items {
		out = append(out, m.LegalName)
	}
	return out
}

func reasonsOf(r *concierge.Result, name string) string {
	for _, m := range r.Items {
		if m.LegalName == name {
			var t []string
			for _, x := range m.Reasons {
				t = append(t, x.Text)
			}
			return strings.Join(t, "; ")
		}
	}
	return ""
}

// wantKey fails unless err is an application error with the message key.
func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	if e, ok := apperr.As(err); !ok || e.Key != key {
		t.Fatalf("error %v, want %s", err, key)
	}
}

func wantCode(t *testing.T, err error, code apperr.Code) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Fatalf("error %v, want %s", err, code)
	}
}

// The concierge ranks published partners with the topic, never the asker
// or an unpublished profile, explains each rank, and follows filters.
func TestMatches(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.ctx
		res, err := w.svc.Matches(ctx, w.aAdmin, concierge.Query{Competencies: []string{w.vr}, From: "2027-03-01", To: "2027-03-31"}, "de")
		if err != nil {
			t.Fatal(err)
		}
		if got := orgsOf(res); !slices.Equal(got, []string{"Target VR GmbH", "Nordlicht Realität GmbH"}) {
			t.Fatalf("matches = %q", got)
		}
		if res.Origin != "München" {
			t.Errorf("origin = %q, want the asker's München", res.Origin)
		}
		got := reasonsOf(res, "Target VR GmbH")
		for _, want := range []string{"Kompetenz Virtuelle Realität", "2 Referenzen zum Thema Virtuelle Realität", "zertifiziert bis 2027 (Lumen VR Partner)",
			"2 Vollzeitkräfte frei im März 2027", "56\u00a0km entfernt"} {
			if !strings.Contains(got, want) {
				t.Errorf("reasons of Target: %q lack %q", got, want)
			}
		}
		if got := reasonsOf(res, "Nordlicht Realität GmbH"); strings.Contains(got, "zertifiziert") {
			t.Errorf("an expired certification counts: %q", got)
		}

		// Staff see the same published partners, the asker among them.
		res, err = w.svc.Matches(ctx, w.manager, concierge.Query{Competencies: []string{w.vr}}, "en")
		if err != nil {
			t.Fatal(err)
		}
		if got := orgsOf(res); !slices.Equal(got, []string{"Target VR GmbH", "Alpha Systemhaus GmbH", "Nordlicht Realität GmbH"}) {
			t.Errorf("staff matches = %q", got)
		}

		for _, tc := range []struct {
			name string
			q    concierge.Query
			want []string
		}{
			{"a region in English finds the German one", concierge.Query{Competencies: []string{w.vr}, Region: "Bavaria"}, []string{"Target VR GmbH"}},
			{"a radius around a city", concierge.Query{Competencies: []string{w.vr}, City: "Hamburg", RadiusKm: 50}, []string{"Nordlicht Realität GmbH"}},
			{"a word of a reference", concierge.Query{Topic: "Schulungsumgebung"}, []string{"Target VR GmbH"}},
			{"nothing fits", concierge.Query{Competencies: []string{w.vr}, Industry: "tourism"}, nil},
			{"another topic", concierge.Query{Competencies: []string{w.dsgvo}}, []string{"Datenschutz Kontor KG"}},
		} {
			res, err := w.svc.Matches(ctx, w.aMember, tc.q, "de")
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got := orgsOf(res); !slices.Equal(got, tc.want) {
				t.Errorf("%s: matches = %q, want %q", tc.name, got, tc.want)
			}
		}

		_, err = w.svc.Matches(ctx, w.aAdmin, concierge.Query{}, "de")
		wantCode(t, err, apperr.Invalid)
		_, err = w.svc.Matches(ctx, w.aAdmin, concierge.Query{Topic: "VR", City: "Nirgendheim an der Nix"}, "de")
		wantCode(t, err, apperr.Invalid)
		_, err = w.svc.Matches(ctx, w.recruiter, concierge.Query{Topic: "VR"}, "de")
		wantCode(t, err, apperr.NotFound)

		// A pinned partner comes first, marked, until the pin goes.
		_, err = w.svc.AddPin(ctx, w.aAdmin, concierge.PinInput{OrgID: w.expired, CompetencyID: w.vr})
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.AddPin(ctx, w.manager, concierge.PinInput{OrgID: w.hidden, CompetencyID: w.vr})
		wantCode(t, err, apperr.Invalid)
		pin, err := w.svc.AddPin(ctx, w.manager, concierge.PinInput{OrgID: w.expired, CompetencyID: w.vr})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.AddPin(ctx, w.manager, concierge.PinInput{OrgID: w.expired, CompetencyID: w.vr})
		wantCode(t, err, apperr.Invalid)
		res, err = w.svc.Matches(ctx, w.aAdmin, concierge.Query{Competencies: []string{w.vr}}, "de")
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Items) == 0 || res.Items[0].LegalName != "Nordlicht Realität GmbH" || !res.Items[0].Recommended ||
			!strings.Contains(reasonsOf(res, "Nordlicht Realität GmbH"), "Vom Programm empfohlen für Virtuelle Realität") {
			t.Errorf("pinned partner: %+v", res.Items)
		}
		if err := w.svc.DeletePin(ctx, w.admin, pin.ID); err != nil {
			t.Fatal(err)
		}
		res, _ = w.svc.Matches(ctx, w.aAdmin, concierge.Query{Competencies: []string{w.vr}}, "de")
		if res.Items[0].Recommended {
			t.Error("the pin outlived its removal")
		}
	})
}

// Double opt-in: the target sees the request, accepts, and only then do
// both see each other's contact person; both get a mail with it, and 30
// days later a question about the outcome, once.
func TestIntroductionAccepted(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.ctx
		_, err := w.svc.RequestIntroduction(ctx, w.manager, concierge.IntroInput{TargetOrgID: w.target, CompetencyID: w.vr, Message: "x"})
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.RequestIntroduction(ctx, w.aAdmin, concierge.IntroInput{TargetOrgID: w.hidden, CompetencyID: w.vr, Message: "Hallo"})
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.RequestIntroduction(ctx, w.aAdmin, concierge.IntroInput{TargetOrgID: w.target, CompetencyID: w.vr})
		wantCode(t, err, apperr.Invalid)

		// A member reads but does not ask on the organisation's behalf.
		_, err = w.svc.RequestIntroduction(ctx, w.aMember, concierge.IntroInput{TargetOrgID: w.target, CompetencyID: w.vr, Message: "Hallo"})
		wantKey(t, err, "error.partner_admin_only")
		in, err := w.svc.RequestIntroduction(ctx, w.aLead, concierge.IntroInput{TargetOrgID: w.target, CompetencyID: w.vr,
			Message: "Wir suchen Verstärkung für ein VR-Projekt in Ingolstadt."})
		if err != nil {
			t.Fatal(err)
		}
		if in.Status != concierge.StatusRequested {
			t.Fatalf("status = %s, want requested (no approval needed)", in.Status)
		}
		_, err = w.svc.RequestIntroduction(ctx, w.aAdmin, concierge.IntroInput{TargetOrgID: w.target, Topic: "noch mal", Message: "Hallo"})
		wantCode(t, err, apperr.Conflict)
		mails := w.mail("chef@target.example")
		if len(mails) != 1 || mails[0].Subject != "Alpha Systemhaus GmbH would like to meet you" || !strings.Contains(mails[0].Body, "/introductions/"+in.ID) {
			t.Fatalf("mail to the target: %+v", mails)
		}
		if strings.Contains(mails[0].Body, "anna@alpha.example") {
			t.Error("the request mail carries the asker's contact")
		}

		// Before the answer nobody sees a contact; a third partner sees nothing.
		for _, a := range []*auth.Actor{w.aAdmin, w.tAdmin, w.admin} {
			got, err := w.svc.Introduction(ctx, a, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.AskerContact != nil || got.TargetContact != nil {
				t.Errorf("%s sees contacts before the acceptance", a.UserID)
			}
		}
		_, err = w.svc.Introduction(ctx, w.oAdmin, in.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Introduction(ctx, w.recruiter, in.ID)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Decide(ctx, w.aAdmin, in.ID, concierge.ActionAccept, "")
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.Decide(ctx, w.oAdmin, in.ID, concierge.ActionAccept, "")
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Decide(ctx, w.admin, in.ID, concierge.ActionApprove, "")
		wantCode(t, err, apperr.Conflict)

		w.now = start.Add(26 * time.Hour)
		acc, err := w.svc.Decide(ctx, w.tAdmin, in.ID, concierge.ActionAccept, "")
		if err != nil {
			t.Fatal(err)
		}
		if acc.AskerContact == nil || acc.AskerContact.Name != "Anna Asker" || acc.TargetContact == nil || acc.TargetContact.Name != "Tina Target" {
			t.Errorf("contacts after acceptance: %+v / %+v", acc.AskerContact, acc.TargetContact)
		}
		asker := w.mail("lead@alpha.example")
		if len(asker) != 1 || asker[0].Subject != "Target VR GmbH hat Ihre Anfrage angenommen" ||
			!strings.Contains(asker[0].Body, "Tina Target, E-Mail tina@target.example, Telefon +49 821 2") {
			t.Errorf("mail to the asker: %+v", asker)
		}
		if got := w.mail("chef@alpha.example"); len(got) != 1 {
			t.Errorf("the asker's partner admin got %d mails, want 1", len(got))
		}
		target := w.mail("chef@target.example")
		if len(target) != 2 || !strings.Contains(target[1].Body, "Anna Asker, e-mail anna@alpha.example") {
			t.Errorf("mail to the target: %+v", target)
		}
		got, err := w.svc.Introduction(ctx, w.aMember, in.ID)
		if err != nil || got.TargetContact == nil || got.TargetContact.Email != "tina@target.example" {
			t.Errorf("the asker reads the target's contact: %+v, %v", got, err)
		}

		// The outcome question comes after 30 days, once.
		w.now = start.Add(26*time.Hour + concierge.OutcomeAfter - time.Hour)
		if err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if n := len(w.mail("lead@alpha.example")); n != 1 {
			t.Errorf("asked before 30 days: %d mails", n)
		}
		w.now = start.Add(26*time.Hour + concierge.OutcomeAfter + time.Hour)
		for range 2 {
			if err := w.svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		q := w.mail("lead@alpha.example")
		if len(q) != 2 || q[1].Subject != "Was ist aus der Vorstellung mit Target VR GmbH geworden?" {
			t.Errorf("outcome question to the asker: %+v", q)
		}
		if q := w.mail("chef@target.example"); len(q) != 3 || q[2].Subject != "What came of the introduction to Alpha Systemhaus GmbH?" {
			t.Errorf("outcome question to the target: %+v", q)
		}
		_, err = w.svc.ReportOutcome(ctx, w.aAdmin, in.ID, "maybe")
		wantCode(t, err, apperr.Invalid)
		_, err = w.svc.ReportOutcome(ctx, w.admin, in.ID, concierge.OutcomeJointDeal)
		wantCode(t, err, apperr.Forbidden)
		_, err = w.svc.ReportOutcome(ctx, w.aMember, in.ID, concierge.OutcomeJointDeal)
		wantKey(t, err, "error.partner_admin_only")
		if _, err := w.svc.ReportOutcome(ctx, w.aAdmin, in.ID, concierge.OutcomeJointDeal); err != nil {
			t.Fatal(err)
		}

		// The target's answer counts for its responsiveness, the outcome
		// for the statistics.
		res, err := w.svc.Matches(ctx, w.oAdmin, concierge.Query{Competencies: []string{w.vr}}, "de")
		if err != nil {
			t.Fatal(err)
		}
		if r := reasonsOf(res, "Target VR GmbH"); !strings.Contains(r, "hat 1 von 1 Vorstellungen angenommen") || !strings.Contains(r, "antwortet im Median nach 1 Tag") {
			t.Errorf("responsiveness: %q", r)
		}
		st, err := w.svc.Stats(ctx, w.manager, "de")
		if err != nil {
			t.Fatal(err)
		}
		if st.Introductions != 1 || st.Accepted != 1 || st.AcceptPct() != 100 || st.AnswerHours() != 26 ||
			len(st.Topics) != 1 || st.Topics[0].Topic != "Virtuelle Realität" || st.Topics[0].Outcomes[concierge.OutcomeJointDeal] != 1 {
			t.Errorf("stats: %+v", st)
		}
		_, err = w.svc.Stats(ctx, w.aAdmin, "de")
		wantCode(t, err, apperr.NotFound)

		// Both lists show it, to its parties only.
		for _, a := range []*auth.Actor{w.aAdmin, w.tAdmin, w.manager} {
			l, err := w.svc.Introductions(ctx, a)
			if err != nil || len(l) != 1 || l[0].TargetOrgName != "Target VR GmbH" {
				t.Errorf("list of %s: %+v, %v", a.UserID, l, err)
			}
		}
		if l, _ := w.svc.Introductions(ctx, w.oAdmin); len(l) != 0 {
			t.Errorf("a third partner lists %d introductions", len(l))
		}
	})
}

// With approval required, staff pass a request on or reject it; the target
// sees nothing before; a decline and a withdrawal end it.
func TestIntroductionApproval(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.ctx
		_, err := w.svc.SaveSettings(ctx, w.manager, concierge.Settings{ApprovalRequired: true})
		wantCode(t, err, apperr.Forbidden)
		if _, err := w.svc.SaveSettings(ctx, w.admin, concierge.Settings{ApprovalRequired: true}); err != nil {
			t.Fatal(err)
		}
		in, err := w.svc.RequestIntroduction(ctx, w.aAdmin, concierge.IntroInput{TargetOrgID: w.expired, Topic: "Schulungen in VR", Message: "Hallo Hamburg"})
		if err != nil {
			t.Fatal(err)
		}
		if in.Status != concierge.StatusPendingApproval {
			t.Fatalf("status = %s", in.Status)
		}
		if m := w.mail("admin@pakt.example"); len(m) != 1 || m[0].Subject != "Vorstellung zur Freigabe: Alpha Systemhaus GmbH → Nordlicht Realität GmbH" {
			t.Errorf("mail to staff: %+v", m)
		}
		if m := w.mail("chef@nord.example"); len(m) != 0 {
			t.Errorf("the target heard of it before the approval: %+v", m)
		}
		nord := &auth.Actor{UserID: "n-admin", Role: auth.RolePartnerAdmin, OrgID: w.expired}
		_, err = w.svc.Introduction(ctx, nord, in.ID)
		wantCode(t, err, apperr.NotFound)
		if l, _ := w.svc.Introductions(ctx, nord); len(l) != 0 {
			t.Errorf("the target lists it before the approval")
		}
		_, err = w.svc.Decide(ctx, w.aAdmin, in.ID, concierge.ActionApprove, "")
		wantCode(t, err, apperr.Forbidden)
		if _, err := w.svc.Decide(ctx, w.manager, in.ID, concierge.ActionApprove, ""); err != nil {
			t.Fatal(err)
		}
		if m := w.mail("chef@nord.example"); len(m) != 1 || m[0].Subject != "Alpha Systemhaus GmbH möchte Sie kennenlernen" {
			t.Errorf("mail to the target after the approval: %+v", m)
		}
		if _, err := w.svc.Decide(ctx, nord, in.ID, concierge.ActionDecline, "Gerade ausgelastet"); err != nil {
			t.Fatal(err)
		}
		m := w.mail("chef@alpha.example")
		if len(m) != 1 || m[0].Subject != "Nordlicht Realität GmbH hat Ihre Anfrage abgelehnt" || !strings.Contains(m[0].Body, "Gerade ausgelastet") {
			t.Errorf("decline mail: %+v", m)
		}
		got, err := w.svc.Introduction(ctx, w.aAdmin, in.ID)
		if err != nil || got.Status != concierge.StatusDeclined || got.TargetContact != nil {
			t.Errorf("declined: %+v, %v", got, err)
		}

		// A rejected request never reaches the target.
		rej, err := w.svc.RequestIntroduction(ctx, w.aAdmin, concierge.IntroInput{TargetOrgID: w.target, CompetencyID: w.vr, Message: "Bitte"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Decide(ctx, w.admin, rej.ID, concierge.ActionReject, "Bitte erst das Profil vervollständigen"); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Introduction(ctx, w.tAdmin, rej.ID)
		wantCode(t, err, apperr.NotFound)
		if m := w.mail("chef@target.example"); len(m) != 0 {
			t.Errorf("the target heard of a rejected request: %+v", m)
		}
		// A withdrawn one ends too.
		wd, err := w.svc.RequestIntroduction(ctx, w.aAdmin, concierge.IntroInput{TargetOrgID: w.target, CompetencyID: w.vr, Message: "Noch einmal"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Decide(ctx, w.aMember, wd.ID, concierge.ActionWithdraw, "")
		wantKey(t, err, "error.partner_admin_only")
		if _, err := w.svc.Decide(ctx, w.aAdmin, wd.ID, concierge.ActionWithdraw, ""); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.Decide(ctx, w.admin, wd.ID, concierge.ActionApprove, "")
		wantCode(t, err, apperr.Conflict)
		st, err := w.svc.Stats(ctx, w.admin, "en")
		if err != nil {
			t.Fatal(err)
		}
		if st.Introductions != 3 || st.ByStatus[concierge.StatusDeclined] != 1 || st.ByStatus[concierge.StatusRejected] != 1 ||
			st.ByStatus[concierge.StatusWithdrawn] != 1 || st.AcceptPct() != 0 || st.Answered != 1 {
			t.Errorf("stats: %+v", st)
		}
	})
}

// Under the ownership rule an introduction belongs to both its partners:
// a manager sees, lists and decides only those of which it steers the
// asker or the target (owned, deputised or owned by nobody). Admins see
// every one; with the setting off, so does every manager.
func TestOwnershipDecidesWhichIntroductionsManagersSee(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.ctx
		anna := w.manager
		bernd := w.user("bernd", "bernd@pakt.example", auth.RoleManager, "", "de")
		for org, m := range map[string]*auth.Actor{w.alpha: anna, w.target: bernd, w.expired: bernd} {
			if _, err := w.partners.Update(ctx, w.admin, org, partner.Input{ManagerID: &m.UserID}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.svc.SaveSettings(ctx, w.admin, concierge.Settings{ApprovalRequired: true}); err != nil {
			t.Fatal(err)
		}
		ask := func(a *auth.Actor, target, topic string) string {
			t.Helper()
			in, err := w.svc.RequestIntroduction(ctx, a, concierge.IntroInput{TargetOrgID: target, Topic: topic, Message: "Hallo"})
			if err != nil {
				t.Fatal(err)
			}
			return in.ID
		}
		annasAsks := ask(w.aAdmin, w.expired, "Schulungen in VR")  // anna's asker, bernd's target
		berndsOnly := ask(w.tAdmin, w.expired, "Messestand in VR") // both sides bernd's
		unowned := ask(w.oAdmin, w.target, "Datenschutz in VR")    // nobody's asker, bernd's target
		listed := func(a *auth.Actor) []string {
			t.Helper()
			list, err := w.svc.Introductions(ctx, a)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, in := range list {
				ids = append(ids, in.ID)
			}
			slices.Sort(ids)
			return ids
		}
		sorted := func(ids ...string) []string { slices.Sort(ids); return ids }
		if got, want := listed(anna), sorted(annasAsks, unowned); !slices.Equal(got, want) {
			t.Errorf("anna lists %v, want %v", got, want)
		}
		if got, want := listed(bernd), sorted(annasAsks, berndsOnly, unowned); !slices.Equal(got, want) {
			t.Errorf("bernd lists %v, want %v", got, want)
		}
		if got, want := listed(w.admin), sorted(annasAsks, berndsOnly, unowned); !slices.Equal(got, want) {
			t.Errorf("the admin lists %v, want %v", got, want)
		}
		for _, id := range []string{annasAsks, unowned} {
			if _, err := w.svc.Introduction(ctx, anna, id); err != nil {
				t.Errorf("anna opens %s: %v", id, err)
			}
		}
		// An introduction between bernd's partners does not exist for anna.
		_, err := w.svc.Introduction(ctx, anna, berndsOnly)
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Decide(ctx, anna, berndsOnly, concierge.ActionApprove, "")
		wantCode(t, err, apperr.NotFound)
		_, err = w.svc.Decide(ctx, anna, berndsOnly, concierge.ActionReject, "Nein")
		wantCode(t, err, apperr.NotFound)
		if in, err := w.svc.Introduction(ctx, w.admin, berndsOnly); err != nil || in.Status != concierge.StatusPendingApproval {
			t.Errorf("after anna's tries: %+v (%v), want still pending", in, err)
		}
		// Either side is enough: anna approves her partner's request to
		// bernd's, bernd the one between his own.
		if _, err := w.svc.Decide(ctx, anna, annasAsks, concierge.ActionApprove, ""); err != nil {
			t.Errorf("anna approves her partner's request: %v", err)
		}
		if _, err := w.svc.Decide(ctx, bernd, berndsOnly, concierge.ActionApprove, ""); err != nil {
			t.Errorf("bernd approves between his partners: %v", err)
		}
		// With the setting off, every manager sees every introduction.
		if _, err := w.partners.SetOwnershipSettings(ctx, w.admin, partner.OwnershipSettings{OwnOnly: false}); err != nil {
			t.Fatal(err)
		}
		if got, want := listed(anna), sorted(annasAsks, berndsOnly, unowned); !slices.Equal(got, want) {
			t.Errorf("with the setting off anna lists %v, want %v", got, want)
		}
		if _, err := w.svc.Introduction(ctx, anna, berndsOnly); err != nil {
			t.Errorf("with the setting off anna opens bernd's: %v", err)
		}
	})
}

// Only a certification staff verified makes a partner certified: one the
// partner declared counts for nothing until it is verified, and a changed
// one no more once changed.
func TestOnlyVerifiedCertificationsCount(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ctx := w.ctx
		reasons := func() string {
			t.Helper()
			res, err := w.svc.Matches(ctx, w.aAdmin, concierge.Query{Competencies: []string{w.vr}}, "de")
			if err != nil {
				t.Fatal(err)
			}
			return reasonsOf(res, "Target VR GmbH")
		}
		if got := reasons(); !strings.Contains(got, "zertifiziert bis 2027 (Lumen VR Partner)") {
			t.Fatalf("a verified certification is no reason: %q", got)
		}
		o, err := w.partners.Get(ctx, w.tAdmin, w.target)
		if err != nil || len(o.Certifications) != 1 {
			t.Fatalf("the target's certifications: %+v, %v", o, err)
		}
		cert := o.Certifications[0]
		if _, err := w.partners.VerifyCertification(ctx, w.admin, w.target, cert.ID, false); err != nil {
			t.Fatal(err)
		}
		if got := reasons(); strings.Contains(got, "zertifiziert") {
			t.Errorf("a certification no longer verified is a reason: %q", got)
		}
		if _, err := w.partners.VerifyCertification(ctx, w.admin, w.target, cert.ID, true); err != nil {
			t.Fatal(err)
		}
		cert.ValidUntil = date("2028-09-30")
		if err := partner.SaveEntry(ctx, w.partners, w.tAdmin, w.target, &cert); err != nil {
			t.Fatal(err)
		}
		if got := reasons(); strings.Contains(got, "zertifiziert") {
			t.Errorf("a certification changed since its verification is a reason: %q", got)
		}
	})
}
