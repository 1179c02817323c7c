package exchange_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/exchange"
	"pakt/internal/notify"
	"pakt/internal/notify/notifytest"
	"pakt/internal/partner"
)

// env is a database with three published partners (A, B, C), an
// unpublished one (U), their users, staff, a recruiter, and an SMTP server
// that receives what the exchange sends. 2026-11-23 is a Monday.
type env struct {
	t        *testing.T
	d        *db.DB
	now      time.Time
	svc      *exchange.Service
	notify   *notify.Service
	smtp     *notifytest.Server
	partners *partner.Service
	vr, az   string
	sec      string
	A, B, C  string
	U        string
	aPoster  *auth.Actor // a partner admin of A, the poster, English
	aMember  *auth.Actor // a member of A: reads, acts for nobody
	aAdmin   *auth.Actor // German
	bAdmin   *auth.Actor // English
	cAdmin   *auth.Actor // German
	uAdmin   *auth.Actor
	staff    *auth.Actor
	recruit  *auth.Actor
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, d: d, now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	e.partners = partner.NewService(d, clock)
	authSvc := auth.NewService(d, clock)
	authSvc.OrgExists = partner.Exists
	authSvc.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	e.smtp = notifytest.Start(t)
	m, err := notify.NewSMTP(e.smtp.Config())
	if err != nil {
		t.Fatal(err)
	}
	e.notify = notify.NewService(d, clock, m, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.notify.BaseURL = "https://pakt.example"
	e.svc = exchange.NewService(d, clock, e.partners, e.notify)

	comp := func(de, en string) string {
		c, err := e.partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: &de, NameEN: &en})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	e.vr, e.az, e.sec = comp("Virtuelle Realität", "Virtual reality"), comp("Azure", "Azure"), comp("IT-Sicherheit", "IT security")
	org := func(name string, published bool, comps ...string) string {
		kind := partner.KindPartner
		o, err := e.partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Kind: &kind, Published: &published, Competencies: &comps})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	e.A = org("Alpha IT GmbH", true, e.vr)
	e.B = org("Beta Systeme GmbH", true, e.az)
	e.C = org("Gamma Digital AG", true, e.vr, e.sec)
	e.U = org("Unsichtbar GmbH", false, e.vr)
	n := 0
	user := func(role auth.Role, org, lang string) *auth.Actor {
		n++
		email := strings.ToLower(string(role)) + "-" + string(rune('a'+n)) + "@test.example"
		name, pw := "Person "+string(rune('A'+n)), "long-enough-password"
		u, err := authSvc.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &org, Lang: &lang, Password: &pw})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	e.aPoster = user(auth.RolePartnerAdmin, e.A, "en")
	e.aMember = user(auth.RolePartnerMember, e.A, "en")
	e.aAdmin = user(auth.RolePartnerAdmin, e.A, "de")
	e.bAdmin = user(auth.RolePartnerAdmin, e.B, "en")
	e.cAdmin = user(auth.RolePartnerAdmin, e.C, "de")
	e.uAdmin = user(auth.RolePartnerAdmin, e.U, "de")
	e.staff = user(auth.RoleManager, "", "de")
	e.recruit = user(auth.RoleRecruiter, "", "de")
	return e
}

func (e *env) post(a *auth.Actor, kind, title string, topics ...string) *exchange.Listing {
	e.t.Helper()
	in := exchange.ListingInput{Kind: &kind, Title: &title, Description: new("Beschreibung von " + title), Topics: &topics, Country: new("DE"),
		Region: new("Bayern"), From: new("2027-01-04"), To: new("2027-03-31")}
	if kind == exchange.KindSeeking {
		in.EffortTenths, in.CustomerIndustry, in.CustomerSize, in.CustomerName = new(200), new("manufacturing"), new("large"), new("Geheimkunde AG")
		in.BudgetMinMinor, in.BudgetMaxMinor = new(int64(2_000_000)), new(int64(3_500_000))
	} else {
		in.Skill, in.AmountTenths, in.Unit = new("Unity-Entwicklung"), new(150), new("days")
	}
	l, err := e.svc.Create(context.Background(), a, in)
	if err != nil {
		e.t.Fatalf("post %q: %v", title, err)
	}
	return l
}

// mails delivers the outbox and returns what arrived so far.
func (e *env) mails(want int) []notifytest.Message {
	e.t.Helper()
	if _, err := e.notify.Deliver(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	return e.smtp.Wait(e.t, want, 5*time.Second)
}

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func subjects(ms []notifytest.Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Subject)
	}
	return out
}

// The whole way of a listing: posting, answers that only the parties see,
// shortlist, accept (which declines the rest), the reveal of the customer
// to the accepted partner only, and the mails that tell everyone.
func TestListingLifecycle(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		l := e.post(e.aPoster, exchange.KindSeeking, "VR-Schulung für einen Maschinenbauer", e.vr)
		if l.CustomerName != "Geheimkunde AG" || !l.Rights.Manage || l.ExpiresOn.String() != "2026-12-23" {
			t.Fatalf("the poster's view: customer %q, rights %+v, expires %s", l.CustomerName, l.Rights, l.ExpiresOn)
		}

		// Who may post.
		for _, c := range []struct {
			who  string
			a    *auth.Actor
			want apperr.Code
		}{{"unpublished partner", e.uAdmin, apperr.Forbidden}, {"staff", e.staff, apperr.Forbidden}, {"recruiter", e.recruit, apperr.NotFound},
			{"a member of a published partner", e.aMember, apperr.Forbidden}} {
			if err := e.svc.CanPost(ctx, c.a); code(err) != c.want {
				t.Errorf("%s may post: %v, want %s", c.who, err, c.want)
			}
		}

		// Another partner sees the listing without the customer's name.
		seen, err := e.svc.Listing(ctx, e.bAdmin, l.ID)
		if err != nil || seen.CustomerName != "" || seen.CustomerIndustry != "manufacturing" || !seen.Rights.Answer {
			t.Fatalf("B's view: %+v, %v", seen, err)
		}
		if _, err := e.svc.Listing(ctx, e.recruit, l.ID); code(err) != apperr.NotFound {
			t.Errorf("a recruiter sees a listing: %v", err)
		}

		ansB, err := e.svc.Answer(ctx, e.bAdmin, l.ID, exchange.AnswerInput{Message: "Wir haben 3 Leute mit Unity-Erfahrung."})
		if err != nil {
			t.Fatal(err)
		}
		ansC, err := e.svc.Answer(ctx, e.cAdmin, l.ID, exchange.AnswerInput{Message: "Gamma macht das gern."})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who  string
			a    *auth.Actor
			want apperr.Code
		}{{"B again", e.bAdmin, apperr.Conflict}, {"the poster", e.aAdmin, apperr.Forbidden}, {"an unpublished partner", e.uAdmin, apperr.Forbidden},
			{"staff", e.staff, apperr.Forbidden}} {
			if _, err := e.svc.Answer(ctx, c.a, l.ID, exchange.AnswerInput{Message: "Noch eine"}); code(err) != c.want {
				t.Errorf("%s answered: %v, want %s", c.who, err, c.want)
			}
		}
		if _, err := e.svc.Answer(ctx, e.cAdmin, l.ID, exchange.AnswerInput{Message: " "}); code(err) != apperr.Conflict {
			t.Errorf("a second, empty answer of C: %v", err)
		}

		// Answers: all to the poster and staff, its own to an answerer,
		// none to another partner.
		for _, c := range []struct {
			who  string
			a    *auth.Actor
			want []string
		}{{"poster", e.aPoster, []string{ansB.ID, ansC.ID}}, {"staff", e.staff, []string{ansB.ID, ansC.ID}},
			{"B", e.bAdmin, []string{ansB.ID}}, {"C", e.cAdmin, []string{ansC.ID}}, {"U", e.uAdmin, nil}} {
			list, err := e.svc.Answers(ctx, c.a, l.ID)
			if err != nil {
				t.Fatalf("%s: %v", c.who, err)
			}
			var ids []string
			for _, a := range list {
				ids = append(ids, a.ID)
			}
			if strings.Join(ids, ",") != strings.Join(c.want, ",") {
				t.Errorf("%s sees answers %v, want %v", c.who, ids, c.want)
			}
		}
		if seen, _ := e.svc.Listing(ctx, e.uAdmin, l.ID); seen == nil || seen.Answers != 2 {
			t.Errorf("another partner sees the count %+v, want 2", seen)
		}

		// A member of the poster reads the listing, its customer and every
		// answer, but decides nothing.
		mine, err := e.svc.Listing(ctx, e.aMember, l.ID)
		if err != nil || mine.CustomerName != "Geheimkunde AG" || mine.Rights != (exchange.Rights{SeeAnswers: true}) {
			t.Fatalf("the member's view: %+v, %v", mine, err)
		}
		if list, err := e.svc.Answers(ctx, e.aMember, l.ID); err != nil || len(list) != 2 {
			t.Errorf("the member sees answers %d, %v, want 2", len(list), err)
		}
		for what, try := range map[string]func() error{
			"shortlist": func() error { _, err := e.svc.Shortlist(ctx, e.aMember, ansB.ID, true); return err },
			"accept":    func() error { _, err := e.svc.Accept(ctx, e.aMember, ansB.ID); return err },
			"edit": func() error {
				_, err := e.svc.Edit(ctx, e.aMember, l.ID, exchange.ListingInput{Title: new("Anders")})
				return err
			},
			"close": func() error { _, err := e.svc.Close(ctx, e.aMember, l.ID); return err },
			"answer C": func() error {
				_, err := e.svc.Answer(ctx, e.aMember, e.post(e.cAdmin, exchange.KindOffering, "Frei", e.vr).ID, exchange.AnswerInput{Message: "Gern"})
				return err
			},
		} {
			if e, ok := apperr.As(try()); !ok || e.Key != "error.partner_admin_only" {
				t.Errorf("the member may %s: %v", what, e)
			}
		}
		if got, _ := e.svc.Listing(ctx, e.aPoster, l.ID); got.Status != exchange.StatusOpen || got.Title != l.Title {
			t.Errorf("after the member's attempts: %+v", got)
		}

		// Decisions are the poster's.
		if _, err := e.svc.Shortlist(ctx, e.cAdmin, ansB.ID, true); code(err) != apperr.NotFound {
			t.Errorf("C shortlisted B's answer: %v, want not found", err)
		}
		if _, err := e.svc.Shortlist(ctx, e.bAdmin, ansB.ID, true); code(err) != apperr.Forbidden {
			t.Errorf("B shortlisted its own answer: %v, want forbidden", err)
		}
		if _, err := e.svc.Accept(ctx, e.staff, ansB.ID); code(err) != apperr.Forbidden {
			t.Errorf("staff accepted: %v, want forbidden", err)
		}
		if a, err := e.svc.Shortlist(ctx, e.aPoster, ansB.ID, true); err != nil || a.Status != exchange.AnswerShortlisted {
			t.Fatalf("shortlist: %+v, %v", a, err)
		}
		if _, err := e.svc.Reveal(ctx, e.aPoster, l.ID); code(err) != apperr.Conflict {
			t.Errorf("reveal before accepting: %v, want conflict", err)
		}
		if a, err := e.svc.Accept(ctx, e.aPoster, ansC.ID); err != nil || a.Status != exchange.AnswerAccepted {
			t.Fatalf("accept: %+v, %v", a, err)
		}
		if _, err := e.svc.Accept(ctx, e.aPoster, ansB.ID); code(err) != apperr.Conflict {
			t.Errorf("a second accept: %v, want conflict", err)
		}
		list, _ := e.svc.Answers(ctx, e.bAdmin, l.ID)
		if len(list) != 1 || list[0].Status != exchange.AnswerDeclined {
			t.Errorf("B's answer after C was accepted: %+v", list)
		}

		won, err := e.svc.Listing(ctx, e.cAdmin, l.ID)
		if err != nil || won.Status != exchange.StatusClosed || won.CustomerName != "" || won.AcceptedOrgID != e.C {
			t.Fatalf("C's view before the reveal: %+v, %v", won, err)
		}
		wantLink := "/agreements/new?listing=" + l.ID + "&parties=" + e.A + "," + e.C + "&title=VR-Schulung+f%C3%BCr+einen+Maschinenbauer"
		if won.AgreementLink != wantLink {
			t.Errorf("agreement link %q, want %q", won.AgreementLink, wantLink)
		}
		if _, err := e.svc.Reveal(ctx, e.cAdmin, l.ID); code(err) != apperr.Forbidden {
			t.Errorf("C revealed: %v", err)
		}
		if _, err := e.svc.Reveal(ctx, e.aMember, l.ID); code(err) != apperr.Forbidden {
			t.Errorf("A's member revealed: %v", err)
		}
		if _, err := e.svc.Reveal(ctx, e.aPoster, l.ID); err != nil {
			t.Fatal(err)
		}
		if won, _ := e.svc.Listing(ctx, e.cAdmin, l.ID); won.CustomerName != "Geheimkunde AG" {
			t.Errorf("C after the reveal sees customer %q", won.CustomerName)
		}
		lost, err := e.svc.Listing(ctx, e.bAdmin, l.ID)
		if err != nil || lost.CustomerName != "" || lost.AcceptedOrgID != "" || lost.AgreementLink != "" {
			t.Errorf("B after the reveal: %+v, %v", lost, err)
		}
		if _, err := e.svc.Listing(ctx, e.uAdmin, l.ID); code(err) != apperr.NotFound {
			t.Errorf("a partner who did not answer sees a closed listing: %v", err)
		}

		// The mails: the poster and A's admin on each answer, B on the
		// shortlist and the decline, C on the accept and the reveal.
		ms := e.mails(8)
		for _, c := range []struct {
			to   string
			want []string
		}{
			{e.aPoster.Email, []string{"New answer to “VR-Schulung für einen Maschinenbauer”", "New answer to “VR-Schulung für einen Maschinenbauer”"}},
			{e.aAdmin.Email, []string{"Neue Antwort auf „VR-Schulung für einen Maschinenbauer“", "Neue Antwort auf „VR-Schulung für einen Maschinenbauer“"}},
			{e.bAdmin.Email, []string{"Shortlisted: “VR-Schulung für einen Maschinenbauer”", "Not chosen: “VR-Schulung für einen Maschinenbauer”"}},
			{e.cAdmin.Email, []string{"Ihre Antwort wurde angenommen: „VR-Schulung für einen Maschinenbauer“", "Kunde freigegeben: „VR-Schulung für einen Maschinenbauer“"}},
		} {
			got := subjects(e.smtp.To(c.to))
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("mails to %s: %q, want %q", c.to, got, c.want)
			}
		}
		if len(ms) != 8 {
			t.Errorf("%d mails, want 8: %q", len(ms), subjects(ms))
		}
		for _, m := range e.smtp.To(e.cAdmin.Email) {
			if strings.HasPrefix(m.Subject, "Kunde freigegeben") && !strings.Contains(m.Body, "ist: Geheimkunde AG") {
				t.Errorf("the reveal mail does not name the customer:\n%s", m.Body)
			}
		}
		for _, m := range append(e.smtp.To(e.bAdmin.Email), e.smtp.To(e.aAdmin.Email)...) {
			if strings.Contains(m.Body, "Geheimkunde") {
				t.Errorf("a mail to someone else names the customer: %s", m.Subject)
			}
		}
		if !strings.Contains(e.smtp.To(e.aAdmin.Email)[0].Body, "Beta Systeme GmbH hat auf Ihren Eintrag") {
			t.Errorf("the answer mail does not say who answered:\n%s", e.smtp.To(e.aAdmin.Email)[0].Body)
		}

		var n int
		if err := d.QueryRow(`SELECT count(*) FROM audit_log WHERE object_type IN ('listing', 'listing_answer')`).Scan(&n); err != nil || n < 7 {
			t.Errorf("audit entries: %d, %v; want every change", n, err)
		}
	})
}

// Listings expire the day after their last day: the poster is told once,
// open answers are declined, and the listing can no longer be answered.
func TestExpiry(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		l := e.post(e.aPoster, exchange.KindOffering, "Zwei Unity-Entwickler frei", e.vr)
		if _, err := e.svc.Edit(ctx, e.aPoster, l.ID, exchange.ListingInput{ExpiresOn: new("2026-11-30")}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Edit(ctx, e.aPoster, l.ID, exchange.ListingInput{ExpiresOn: new("2027-06-30")}); code(err) != apperr.Invalid {
			t.Errorf("expiry beyond 180 days: %v", err)
		}
		if _, err := e.svc.Answer(ctx, e.bAdmin, l.ID, exchange.AnswerInput{Message: "Wir brauchen einen."}); err != nil {
			t.Fatal(err)
		}
		e.now = time.Date(2026, 11, 30, 23, 0, 0, 0, time.UTC)
		if err := e.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.svc.Listing(ctx, e.aPoster, l.ID); got.Status != exchange.StatusOpen {
			t.Fatalf("expired on its last day: %s", got.Status)
		}
		e.now = time.Date(2026, 12, 1, 0, 5, 0, 0, time.UTC)
		for range 2 {
			if err := e.svc.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := e.svc.Listing(ctx, e.aPoster, l.ID)
		if got.Status != exchange.StatusExpired || got.Rights.Close || got.Rights.Manage {
			t.Errorf("after its last day: status %s, rights %+v", got.Status, got.Rights)
		}
		if _, err := e.svc.Answer(ctx, e.cAdmin, l.ID, exchange.AnswerInput{Message: "Zu spät"}); code(err) != apperr.NotFound {
			t.Errorf("answering an expired listing: %v", err)
		}
		e.mails(5)
		if got := subjects(e.smtp.To(e.aAdmin.Email)); len(got) != 2 || got[1] != "Ihr Eintrag „Zwei Unity-Entwickler frei“ ist abgelaufen" {
			t.Errorf("mails to the poster's admin: %q", got)
		}
		if got := subjects(e.smtp.To(e.bAdmin.Email)); len(got) != 1 || got[0] != "Not chosen: “Zwei Unity-Entwickler frei”" {
			t.Errorf("mails to the answerer: %q", got)
		}
	})
}

// Digests: a daily subscriber gets the new listings on their topics in
// their language, once a day, never empty; a weekly subscriber gets
// nothing on a Tuesday and the week's listings on Monday, not their own.
func TestDigests(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		// B follows its organisation's competency (Azure), daily; C chooses
		// VR, weekly; A's admin follows security, which nobody posts.
		if _, err := e.svc.SaveSubscription(ctx, e.bAdmin, exchange.SubscriptionInput{Frequency: exchange.FrequencyDaily}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SaveSubscription(ctx, e.cAdmin, exchange.SubscriptionInput{Frequency: exchange.FrequencyWeekly, Topics: []string{e.vr}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SaveSubscription(ctx, e.aAdmin, exchange.SubscriptionInput{Frequency: exchange.FrequencyDaily, Topics: []string{e.sec}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SaveSubscription(ctx, e.staff, exchange.SubscriptionInput{Frequency: exchange.FrequencyDaily}); code(err) != apperr.NotFound {
			t.Errorf("staff subscribed: %v", err)
		}
		if _, err := e.svc.SaveSubscription(ctx, e.bAdmin, exchange.SubscriptionInput{Frequency: "hourly"}); code(err) != apperr.Invalid {
			t.Errorf("an unknown frequency: %v", err)
		}
		vrA := e.post(e.aPoster, exchange.KindSeeking, "VR-Schulung für einen Maschinenbauer", e.vr)
		azA := e.post(e.aPoster, exchange.KindOffering, "Azure-Architekt frei", e.az)
		vrC := e.post(e.cAdmin, exchange.KindOffering, "Gammas eigene VR-Leute", e.vr)

		// Tuesday morning: B's daily digest, nothing weekly.
		e.now = time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
		if err := e.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		e.now = time.Date(2026, 11, 24, 18, 0, 0, 0, time.UTC)
		if err := e.svc.Tick(ctx); err != nil { // again the same day: nothing new
			t.Fatal(err)
		}
		e.mails(1)
		b := e.smtp.To(e.bAdmin.Email)
		if len(b) != 1 || b[0].Subject != "Project exchange: new listings on your topics (1)" {
			t.Fatalf("B's daily digests: %q", subjects(b))
		}
		for _, want := range []string{"Resources offered: Azure-Architekt frei", "Topics: Azure", "Bayern, Germany", "by Alpha IT GmbH",
			"https://pakt.example/exchange/" + azA.ID, "https://pakt.example/exchange/subscription"} {
			if !strings.Contains(b[0].Body, want) {
				t.Errorf("B's digest lacks %q:\n%s", want, b[0].Body)
			}
		}
		if strings.Contains(b[0].Body, vrA.ID) {
			t.Errorf("B's digest shows a VR listing:\n%s", b[0].Body)
		}
		if got := e.smtp.To(e.cAdmin.Email); len(got) != 0 {
			t.Errorf("the weekly subscriber got mail on a Tuesday: %q", subjects(got))
		}
		if got := e.smtp.To(e.aAdmin.Email); len(got) != 0 {
			t.Errorf("an empty digest was sent: %q", subjects(got))
		}
		var inbox int
		if err := d.QueryRow(`SELECT count(*) FROM notifications WHERE kind LIKE 'exchange.digest%'`).Scan(&inbox); err != nil || inbox != 0 {
			t.Errorf("digests in the inbox: %d, %v", inbox, err)
		}

		// Monday: C's weekly digest with A's VR listing, not its own; B's
		// daily one would be empty.
		e.now = time.Date(2026, 11, 30, 7, 0, 0, 0, time.UTC)
		if err := e.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		e.mails(2)
		c := e.smtp.To(e.cAdmin.Email)
		if len(c) != 1 || c[0].Subject != "Projektbörse, Wochenübersicht: neue Einträge zu Ihren Themen (1)" {
			t.Fatalf("C's weekly digests: %q", subjects(c))
		}
		for _, want := range []string{"Partner gesucht: VR-Schulung für einen Maschinenbauer", "Themen: Virtuelle Realität", "20 Personentage",
			"https://pakt.example/exchange/" + vrA.ID} {
			if !strings.Contains(c[0].Body, want) {
				t.Errorf("C's digest lacks %q:\n%s", want, c[0].Body)
			}
		}
		if strings.Contains(c[0].Body, vrC.ID) || strings.Contains(c[0].Body, "Geheimkunde") {
			t.Errorf("C's digest shows its own listing or a customer:\n%s", c[0].Body)
		}
		if got := len(e.smtp.To(e.bAdmin.Email)); got != 1 {
			t.Errorf("B got %d digests, want still 1", got)
		}
		sub, err := e.svc.Subscription(ctx, e.bAdmin)
		if err != nil || sub.LastDigestAt == nil || !sub.LastDigestAt.Equal(e.now) {
			t.Errorf("B's subscription after an empty period: %+v, %v", sub, err)
		}
	})
}

// The list filters by kind, topic, place and text (umlauts too), shows
// partners the open listings and their own, and pages.
func TestListingsFilter(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		first := e.post(e.aPoster, exchange.KindSeeking, "Überwachung für Hallen", e.sec)
		e.post(e.aPoster, exchange.KindOffering, "Azure-Architekt frei", e.az)
		closed := e.post(e.cAdmin, exchange.KindSeeking, "VR im Vertrieb", e.vr)
		if _, err := e.svc.Close(ctx, e.cAdmin, closed.ID); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			a    *auth.Actor
			f    exchange.Filter
			want int
		}{
			{"all B sees", e.bAdmin, exchange.Filter{}, 2},
			{"all staff see", e.staff, exchange.Filter{}, 3},
			{"C's own closed one", e.cAdmin, exchange.Filter{Mine: true}, 1},
			{"offerings", e.bAdmin, exchange.Filter{Kind: exchange.KindOffering}, 1},
			{"topic security", e.bAdmin, exchange.Filter{Topic: e.sec}, 1},
			{"text with umlaut", e.bAdmin, exchange.Filter{Text: "überwachung"}, 1},
			{"text in the description", e.bAdmin, exchange.Filter{Text: "BESCHREIBUNG VON AZURE"}, 1},
			{"a wildcard is no wildcard", e.bAdmin, exchange.Filter{Text: "%"}, 0},
			{"region", e.bAdmin, exchange.Filter{Region: "bay"}, 2},
			{"country", e.bAdmin, exchange.Filter{Country: "at"}, 0},
			{"closed ones for staff", e.staff, exchange.Filter{Status: exchange.StatusClosed}, 1},
			{"mine for staff", e.staff, exchange.Filter{Mine: true}, 0},
		} {
			p, err := e.svc.Listings(ctx, c.a, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if p.Total != c.want || len(p.Items) != c.want {
				t.Errorf("%s: %d listings (%d shown), want %d", c.name, p.Total, len(p.Items), c.want)
			}
		}
		p, err := e.svc.Listings(ctx, e.bAdmin, exchange.Filter{PerPage: 1, Page: 2})
		if err != nil || p.Total != 2 || len(p.Items) != 1 || p.Items[0].ID != first.ID || p.Pages() != 2 {
			t.Errorf("page 2 of 1: %+v, %v", p, err)
		}
		for _, it := range p.Items {
			if it.CustomerName != "" {
				t.Errorf("the list shows B the customer %q", it.CustomerName)
			}
		}
		if _, err := e.svc.Listings(ctx, e.recruit, exchange.Filter{}); code(err) != apperr.NotFound {
			t.Errorf("a recruiter lists listings: %v", err)
		}
	})
}
