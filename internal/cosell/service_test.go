package cosell_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/cosell"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/notify"
	"pakt/internal/notify/notifytest"
	"pakt/internal/partner"
)

// env is a database with three partners (A, B, C), their admins, a member
// of A, staff, a recruiter and an SMTP server. 2027-03-01 is a Monday; the
// programme's zone is Europe/Berlin.
type env struct {
	t        testing.TB
	d        *db.DB
	now      time.Time
	svc      *cosell.Service
	notify   *notify.Service
	smtp     *notifytest.Server
	A, B, C  string
	comp     string
	aAdmin   *auth.Actor
	aMember  *auth.Actor
	bAdmin   *auth.Actor
	cAdmin   *auth.Actor
	staff    *auth.Actor
	admin    *auth.Actor
	recruit  *auth.Actor
	won      []*cosell.Deal
	emails   map[string]string
	partners *partner.Service
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, d: d, now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC), emails: map[string]string{}}
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
	e.svc = cosell.NewService(d, clock, e.partners, e.notify)
	e.svc.Zone, _ = time.LoadLocation("Europe/Berlin")
	e.svc.OnWon = func(_ context.Context, _ *sql.Tx, d *cosell.Deal) error {
		e.won = append(e.won, d)
		return nil
	}
	e.svc.AgreedShares = func(_ context.Context, a, b string) (map[string]int, string, bool, error) {
		if (a == e.A && b == e.C) || (a == e.C && b == e.A) {
			return map[string]int{e.A: 6000, e.C: 4000}, "Rahmenvertrag Alpha–Gamma", true, nil
		}
		return nil, "", false, nil
	}
	c, err := e.partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Warenwirtschaft"), NameEN: new("Merchandise management")})
	if err != nil {
		t.Fatal(err)
	}
	e.comp = c.ID
	org := func(name string) string {
		kind := partner.KindPartner
		o, err := e.partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Kind: &kind, Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	e.A, e.B, e.C = org("Alpha IT GmbH"), org("Beta Systeme GmbH"), org("Gamma Digital AG")
	n := 0
	user := func(role auth.Role, org, lang string) *auth.Actor {
		n++
		email := strings.ToLower(string(role)) + "-" + string(rune('a'+n)) + "@test.example"
		name, pw := "Person "+string(rune('A'+n)), "long-enough-password"
		u, err := authSvc.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &org, Lang: &lang, Password: &pw})
		if err != nil {
			t.Fatal(err)
		}
		e.emails[u.ID] = email
		return u.Actor()
	}
	e.aAdmin = user(auth.RolePartnerAdmin, e.A, "de")
	e.aMember = user(auth.RolePartnerMember, e.A, "de")
	e.bAdmin = user(auth.RolePartnerAdmin, e.B, "en")
	e.cAdmin = user(auth.RolePartnerAdmin, e.C, "de")
	e.staff = user(auth.RoleManager, "", "de")
	e.admin = user(auth.RoleAdmin, "", "de")
	e.recruit = user(auth.RoleRecruiter, "", "de")
	return e
}

func (e *env) register(a *auth.Actor, name, domain, country string) *cosell.Deal {
	e.t.Helper()
	d, err := e.svc.Register(context.Background(), a, cosell.DealInput{Customer: cosell.Customer{Name: name, Domain: domain, Country: country, City: "Regensburg"},
		Solution: "Kassensystem mit Warenwirtschaft", Competencies: []string{e.comp}, ValueMinor: 4_800_000, Currency: "EUR",
		ExpectedClose: "2027-06-30", Description: "Filialen in der Oberpfalz"})
	if err != nil {
		e.t.Fatalf("register %q: %v", name, err)
	}
	return d
}

func (e *env) must(d *cosell.Deal, err error) *cosell.Deal {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return d
}

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

// The story of issue 11 in the service: A registers and is approved, B
// registers the same customer two days later and learns only until when
// it is protected, staff see both sides and decide first come.
func TestRegistrationConflictAndDecision(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		a := e.register(e.aAdmin, "Bäckerei Größl GmbH", "https://www.baeckerei-groessl.de/", "DE")
		if a.Status != cosell.StatusRegistered || a.Protection != nil || a.Customer.Domain != "baeckerei-groessl.de" {
			t.Fatalf("A's registration: status %s, protection %v, domain %q", a.Status, a.Protection, a.Customer.Domain)
		}
		if lead := a.Lead(); lead == nil || lead.OrgID != e.A || lead.SplitBP != cosell.FullSplit {
			t.Fatalf("the registering partner leads with 100 %%: %+v", a.Parties)
		}
		if _, err := e.svc.Approve(ctx, e.aAdmin, a.ID); code(err) != apperr.Forbidden {
			t.Errorf("a partner approving its own deal: %v, want forbidden", err)
		}
		a = e.must(e.svc.Approve(ctx, e.staff, a.ID))
		if a.ProtectedUntil == nil || a.ProtectedUntil.Format(time.DateOnly) != "2027-05-29" {
			t.Fatalf("protected until %v, want 2027-05-29 (90 days from 1 March)", a.ProtectedUntil)
		}

		e.now = e.now.AddDate(0, 0, 2)
		b := e.register(e.bAdmin, "Baeckerei Groessl", "", "DE")
		if b.Protection == nil || b.Protection.Until == nil || b.Protection.Until.Format(time.DateOnly) != "2027-05-29" {
			t.Fatalf("B learns the protection: %+v", b.Protection)
		}
		raw, _ := json.Marshal(b)
		for _, leak := range []string{"Alpha IT GmbH", a.ID, e.A, "Bäckerei Größl GmbH"} {
			if strings.Contains(string(raw), leak) {
				t.Errorf("B's view of its deal names %q: %s", leak, raw)
			}
		}
		if _, err := e.svc.Deal(ctx, e.bAdmin, a.ID); code(err) != apperr.NotFound {
			t.Errorf("B reading A's deal: %v, want not found", err)
		}
		staffView := e.must(e.svc.Deal(ctx, e.staff, b.ID))
		if len(staffView.Conflicts) != 1 {
			t.Fatalf("staff see %d conflicts, want 1", len(staffView.Conflicts))
		}
		c := staffView.Conflicts[0]
		if c.Other.OrgName != "Alpha IT GmbH" || c.Deal.OrgName != "Beta Systeme GmbH" || !c.SameName || c.SameDomain || c.Similarity != 1000 {
			t.Errorf("the conflict's sides and evidence: other %q, deal %q, name %v, domain %v, similarity %d",
				c.Other.OrgName, c.Deal.OrgName, c.SameName, c.SameDomain, c.Similarity)
		}
		if staffView.Rights.Approve {
			t.Error("a registration with an open conflict may be approved")
		}
		if _, err := e.svc.Approve(ctx, e.staff, b.ID); code(err) != apperr.Conflict {
			t.Errorf("approving with an open conflict: %v, want conflict", err)
		}
		if _, err := e.svc.Decide(ctx, e.bAdmin, c.ID, cosell.DecideFirstCome, ""); code(err) != apperr.NotFound {
			t.Errorf("a partner deciding a conflict: %v, want not found", err)
		}
		if _, err := e.svc.Decide(ctx, e.staff, c.ID, cosell.DecideReject, ""); code(err) != apperr.Invalid {
			t.Errorf("rejecting without a note: %v, want invalid", err)
		}
		dc, err := e.svc.Decide(ctx, e.staff, c.ID, cosell.DecideFirstCome, "")
		if err != nil || dc.Status != cosell.ConflictDecided {
			t.Fatalf("decide: %v %+v", err, dc)
		}
		b = e.must(e.svc.Deal(ctx, e.bAdmin, b.ID))
		if b.Status != cosell.StatusRejected || b.Reason != cosell.ReasonFirstCome {
			t.Errorf("B's registration after first come: %s %q", b.Status, b.Reason)
		}
		if _, err := e.svc.Decide(ctx, e.staff, c.ID, cosell.DecideDistinct, ""); code(err) != apperr.Conflict {
			t.Errorf("deciding twice: %v, want conflict", err)
		}

		// A was told of the approval, in German, by mail.
		if _, err := e.notify.Deliver(ctx); err != nil {
			t.Fatal(err)
		}
		e.smtp.Wait(t, 1, 5*time.Second)
		mails := e.smtp.To(e.emails[e.aAdmin.UserID])
		if len(mails) == 0 || !strings.Contains(mails[0].Subject, "Registrierung freigegeben: Bäckerei Größl GmbH") {
			t.Fatalf("A's mails: %+v", mails)
		}
		// The day reads as Germans write it, not as stored.
		if body := mails[0].Body; !strings.Contains(body, "geschützt bis 29.05.2027.") || strings.Contains(body, "2027-05-29") {
			t.Errorf("A's mail does not name the last day of the protection in German:\n%s", body)
		}
	})
}

// What conflicts and what does not: the same domain under another name
// does, the same name in another country does not, a different bakery
// does not, and a partner's own second registration does not.
func TestWhatConflicts(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		e.register(e.aAdmin, "Bäckerei Größl GmbH", "baeckerei-groessl.de", "DE")
		for _, c := range []struct {
			who              *auth.Actor
			name, domain, cc string
			conflict         bool
		}{
			{e.aAdmin, "Bäckerei Größl", "", "DE", false},
			{e.bAdmin, "Größl Backwaren Vertriebs GmbH", "www.baeckerei-groessl.de", "DE", true},
			{e.bAdmin, "Bäckerei Größl GmbH", "", "AT", false},
			{e.bAdmin, "Bäckerei Schmidt", "", "DE", false},
			{e.bAdmin, "Baeckerei Grössel", "", "DE", true},
			{e.bAdmin, "Größl, Bäckerei", "", "DE", true},
		} {
			got := e.register(c.who, c.name, c.domain, c.cc)
			view := e.must(e.svc.Deal(ctx, e.staff, got.ID))
			if (len(view.Conflicts) > 0) != c.conflict {
				t.Errorf("%q (%s, %q): %d conflicts, want conflict %v", c.name, c.cc, c.domain, len(view.Conflicts), c.conflict)
			}
			if c.conflict && (got.Protection == nil || !got.Protection.UnderReview) {
				t.Errorf("%q: the partner should learn that the customer is under review: %+v", c.name, got.Protection)
			}
		}
	})
}

// An approved registration protects through its last day and expires the
// day after unless won; staff extend it once.
func TestProtectionExpiresAndExtendsOnce(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		if _, err := e.svc.SaveSettings(ctx, e.staff, cosell.Settings{ProtectionDays: 30}); code(err) != apperr.Forbidden {
			t.Errorf("a manager changing the window: %v, want forbidden", err)
		}
		if _, err := e.svc.SaveSettings(ctx, e.admin, cosell.Settings{ProtectionDays: 731}); code(err) != apperr.Invalid {
			t.Errorf("a window of 731 days: %v, want invalid", err)
		}
		e.must(nil, func() error {
			_, err := e.svc.SaveSettings(ctx, e.admin, cosell.Settings{ProtectionDays: 30})
			return err
		}())
		x := e.must(e.svc.Approve(ctx, e.staff, e.register(e.aAdmin, "Metzgerei Huber", "", "DE").ID))
		y := e.must(e.svc.Approve(ctx, e.staff, e.register(e.aAdmin, "Schreinerei Vogt", "", "DE").ID))
		if got := x.ProtectedUntil.Format(time.DateOnly); got != "2027-03-30" {
			t.Fatalf("protected until %s, want 2027-03-30", got)
		}
		y = e.must(e.svc.Extend(ctx, e.staff, y.ID))
		if got := y.ProtectedUntil.Format(time.DateOnly); got != "2027-04-29" || !y.Extended {
			t.Fatalf("extended until %s (%v), want 2027-04-29", got, y.Extended)
		}
		if _, err := e.svc.Extend(ctx, e.staff, y.ID); code(err) != apperr.Conflict {
			t.Errorf("extending twice: %v, want conflict", err)
		}
		// 30 March, 23:30 in Berlin: still the last day.
		e.now = time.Date(2027, 3, 30, 21, 30, 0, 0, time.UTC)
		if err := e.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.must(e.svc.Deal(ctx, e.aAdmin, x.ID)); got.Status != cosell.StatusApproved {
			t.Errorf("on its last day the deal is %s, want approved", got.Status)
		}
		// 31 March, 00:30 in Berlin: expired; the extended one is not.
		e.now = time.Date(2027, 3, 30, 22, 30, 0, 0, time.UTC)
		if err := e.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.must(e.svc.Deal(ctx, e.aAdmin, x.ID)); got.Status != cosell.StatusExpired || got.Reason != cosell.ReasonExpired {
			t.Errorf("the day after, the deal is %s (%q), want expired", got.Status, got.Reason)
		}
		if got := e.must(e.svc.Deal(ctx, e.aAdmin, y.ID)); got.Status != cosell.StatusApproved {
			t.Errorf("the extended deal is %s, want approved", got.Status)
		}
		if _, err := e.svc.Win(ctx, e.aAdmin, x.ID, nil); code(err) != apperr.Conflict {
			t.Errorf("winning an expired deal: %v, want conflict", err)
		}
	})
}

// A adds C: their agreement's 60/40 split is proposed, C accepts, the deal
// is won and the incentives see both parties; a follow-up inherits the
// split, C proposes another and A agrees.
func TestMultiPartnerDealAndFollowUp(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		deal := e.must(e.svc.Approve(ctx, e.staff, e.register(e.aAdmin, "Autohaus Kern KG", "autohaus-kern.de", "DE").ID))
		if _, err := e.svc.Propose(ctx, e.aMember, deal.ID, e.C, cosell.RoleDelivery); code(err) != apperr.Forbidden {
			t.Errorf("a member proposing: %v, want forbidden", err)
		}
		prop, err := e.svc.Propose(ctx, e.aAdmin, deal.ID, e.C, cosell.RoleDelivery)
		if err != nil {
			t.Fatal(err)
		}
		want := []cosell.Share{{OrgID: e.A, Role: cosell.RoleLead, SplitBP: 6000}, {OrgID: e.C, Role: cosell.RoleDelivery, SplitBP: 4000}}
		if len(prop.Shares) != 2 || prop.Shares[0] != want[0] || prop.Shares[1] != want[1] || prop.Agreement != "Rahmenvertrag Alpha–Gamma" {
			t.Fatalf("proposal %+v, want 60/40 from the agreement", prop)
		}
		if _, err := e.svc.AddParty(ctx, e.aAdmin, deal.ID, e.C, []cosell.Share{{OrgID: e.A, Role: cosell.RoleLead, SplitBP: 6000}, {OrgID: e.C, Role: cosell.RoleDelivery, SplitBP: 3000}}); code(err) != apperr.Invalid {
			t.Errorf("a split of 90 %%: %v, want invalid", err)
		}
		if _, err := e.svc.Deal(ctx, e.cAdmin, deal.ID); code(err) != apperr.NotFound {
			t.Errorf("C before it is invited: %v, want not found", err)
		}
		e.must(e.svc.AddParty(ctx, e.aAdmin, deal.ID, e.C, prop.Shares))
		cView := e.must(e.svc.Deal(ctx, e.cAdmin, deal.ID))
		if !cView.Rights.Answer || cView.Customer.Name != "Autohaus Kern KG" {
			t.Fatalf("C, invited, may answer and sees the customer: %+v", cView.Rights)
		}
		if _, err := e.svc.Win(ctx, e.cAdmin, deal.ID, nil); code(err) != apperr.Forbidden {
			t.Errorf("the delivery partner closing the deal: %v, want forbidden", err)
		}
		e.must(e.svc.Answer(ctx, e.cAdmin, deal.ID, true))
		if _, err := e.svc.Answer(ctx, e.cAdmin, deal.ID, true); code(err) != apperr.Conflict {
			t.Errorf("answering twice: %v, want conflict", err)
		}
		if _, err := e.svc.Win(ctx, e.aMember, deal.ID, nil); code(err) != apperr.Forbidden {
			t.Errorf("a member closing: %v, want forbidden", err)
		}
		won := e.must(e.svc.Win(ctx, e.aAdmin, deal.ID, new(int64(5_000_000))))
		if won.Status != cosell.StatusWon || won.ValueMinor != 5_000_000 || len(e.won) != 1 || len(e.won[0].Parties) != 2 {
			t.Fatalf("won: %s %d, incentive calls %d", won.Status, won.ValueMinor, len(e.won))
		}
		if p := e.won[0].Party(e.C); p == nil || p.SplitBP != 4000 || p.Status != cosell.PartAccepted {
			t.Errorf("the incentives see C with %+v", p)
		}

		// What the other features learn: each party's share of the won
		// value, the plan's figures, the outcome.
		shares, err := e.svc.WonShares(ctx, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC))
		if err != nil || shares[e.A]["EUR"] != 3_000_000 || shares[e.C]["EUR"] != 2_000_000 {
			t.Errorf("won shares %v (%v), want A 3 000 000 and C 2 000 000", shares, err)
		}
		plan, err := e.svc.Plan(ctx, e.C, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), "EUR")
		if err != nil || plan.WonDeals != 1 || plan.WonMinor != 2_000_000 {
			t.Errorf("C's plan figures %+v (%v)", plan, err)
		}
		if out, err := e.svc.Outcomes(ctx, []string{deal.ID, "unknown"}); err != nil || out[deal.ID].Status != cosell.StatusWon || len(out) != 1 {
			t.Errorf("outcomes %v (%v)", out, err)
		}
		// The team view learns each partner's first won deal: both parties.
		if first, err := e.svc.AllFirstWins(ctx); err != nil || len(first) != 2 || !first[e.A].Equal(won.ClosedAt.UTC()) || !first[e.C].Equal(won.ClosedAt.UTC()) {
			t.Errorf("first wins %v (%v), want A and C at %v", first, err, won.ClosedAt)
		}

		// The follow-up: C registers it, inheriting customer and split.
		if !e.must(e.svc.Deal(ctx, e.cAdmin, deal.ID)).Rights.FollowUp {
			t.Fatal("C may not register a follow-up")
		}
		f, err := e.svc.Register(ctx, e.cAdmin, cosell.DealInput{Solution: "Wartungsvertrag", ValueMinor: 1_200_000, Currency: "EUR",
			ExpectedClose: "2027-09-30", FollowUpOf: deal.ID, Customer: cosell.Customer{Name: "Anderer Kunde", Country: "AT"}})
		if err != nil {
			t.Fatal(err)
		}
		if f.Customer.Name != "Autohaus Kern KG" || f.FollowUpOf != deal.ID || len(f.Parties) != 2 || f.Party(e.C).SplitBP != 4000 || f.Lead().OrgID != e.A {
			t.Fatalf("the follow-up: %+v parties %+v", f.Customer, f.Parties)
		}
		if len(e.must(e.svc.Deal(ctx, e.staff, f.ID)).Conflicts) != 0 {
			t.Error("a follow-up conflicts with its own original")
		}
		fifty := []cosell.Share{{OrgID: e.A, Role: cosell.RoleLead, SplitBP: 5000}, {OrgID: e.C, Role: cosell.RoleDelivery, SplitBP: 5000}}
		e.must(e.svc.ProposeSplit(ctx, e.cAdmin, f.ID, fifty))
		if _, err := e.svc.Vote(ctx, e.cAdmin, f.ID, true); code(err) != apperr.Conflict {
			t.Errorf("the proposer voting: %v, want conflict", err)
		}
		if got := e.must(e.svc.Deal(ctx, e.aAdmin, f.ID)); !got.Rights.Vote || got.Party(e.C).SplitBP != 4000 {
			t.Fatalf("before A agrees: vote %v, C's share %d", got.Rights.Vote, got.Party(e.C).SplitBP)
		}
		// A's open approved deals weigh into its forecast by stage.
		e.must(e.svc.Approve(ctx, e.staff, f.ID))
		e.must(e.svc.SetStage(ctx, e.aAdmin, f.ID, "negotiate"))
		plan, err = e.svc.Plan(ctx, e.A, time.Date(2027, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 9, 30, 0, 0, 0, 0, time.UTC), "EUR")
		if err != nil || plan.ForecastMinor != 540_000 {
			t.Errorf("A's forecast %+v (%v), want 60 %% of 1 200 000 at 75 %% = 540 000", plan, err)
		}
		got := e.must(e.svc.Vote(ctx, e.aAdmin, f.ID, true))
		if got.Party(e.C).SplitBP != 5000 || got.Party(e.A).SplitBP != 5000 || got.Change != nil {
			t.Errorf("after A agreed: %+v, open change %v", got.Parties, got.Change)
		}
	})
}

// Declining hands the share back to the registering partner, and the
// declined party no longer sees the deal.
func TestDeclineReturnsTheShare(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		deal := e.register(e.aAdmin, "Hotel Sonnenhof", "", "DE")
		e.must(e.svc.AddParty(ctx, e.aAdmin, deal.ID, e.B, []cosell.Share{{OrgID: e.A, Role: cosell.RoleDelivery, SplitBP: 7000}, {OrgID: e.B, Role: cosell.RoleLead, SplitBP: 3000}}))
		e.must(e.svc.Answer(ctx, e.bAdmin, deal.ID, false))
		got := e.must(e.svc.Deal(ctx, e.aAdmin, deal.ID))
		if p := got.Party(e.A); p.SplitBP != 10000 || p.Role != cosell.RoleLead {
			t.Errorf("A after B declined: %+v", p)
		}
		if _, err := e.svc.Deal(ctx, e.bAdmin, deal.ID); code(err) != apperr.NotFound {
			t.Errorf("B after declining: %v, want not found", err)
		}
		list, err := e.svc.Deals(ctx, e.bAdmin, cosell.Filter{})
		if err != nil || list.Total != 0 {
			t.Errorf("B's list: %v %+v", err, list)
		}
		if _, err := e.svc.Deals(ctx, e.recruit, cosell.Filter{}); code(err) != apperr.NotFound {
			t.Errorf("a recruiter listing deals: %v, want not found", err)
		}
	})
}

// An id with a NUL names no deal and no partner: on PostgreSQL, too, the
// answer is that there is none, not a failure of the database.
func TestIDsWithNULNameNothing(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		deal := e.must(e.svc.Approve(ctx, e.staff, e.register(e.aAdmin, "Autohaus Kern KG", "autohaus-kern.de", "DE").ID))
		_, err := e.svc.Register(ctx, e.aAdmin, cosell.DealInput{Solution: "Folgeauftrag", ValueMinor: 100, Currency: "EUR",
			ExpectedClose: "2027-06-30", FollowUpOf: deal.ID + "\x00"})
		if code(err) != apperr.NotFound {
			t.Errorf("a follow-up of an id with a NUL: %v, want not found", err)
		}
		if _, err := e.svc.Propose(ctx, e.aAdmin, deal.ID, e.C+"\x00", cosell.RoleDelivery); code(err) != apperr.Invalid {
			t.Errorf("proposing a partner id with a NUL: %v, want invalid", err)
		}
		shares := []cosell.Share{{OrgID: e.A, Role: cosell.RoleLead, SplitBP: 6000}, {OrgID: e.C + "\x00", Role: cosell.RoleDelivery, SplitBP: 4000}}
		if _, err := e.svc.AddParty(ctx, e.aAdmin, deal.ID, e.C+"\x00", shares); code(err) != apperr.Invalid {
			t.Errorf("adding a partner id with a NUL: %v, want invalid", err)
		}
	})
}

// Deals saved under older rules of the matcher get their customer keys
// anew at start-up: a deal whose key an older pakt stored ("a b bar foo"
// for "Foo A Bar B GmbH", which now reads "ab bar foo") is found again as
// a conflict of a new registration of that customer, and a second start
// changes nothing.
func TestRekeyFindsTheDealsOfOlderKeys(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		if n, err := e.svc.Rekey(ctx); err != nil || n != 0 {
			t.Fatalf("a fresh database: %d rekeyed, %v", n, err)
		}
		old := e.register(e.aAdmin, "Foo A Bar B GmbH", "", "DE")
		// What pakt stored before match.Version 2.
		for _, q := range []string{`UPDATE deals SET name_key = 'a b bar foo' WHERE id = $1`, `UPDATE deal_blocks SET name_key = 'a b bar foo' WHERE deal_id = $1`} {
			if _, err := d.ExecContext(ctx, q, old.ID); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.ExecContext(ctx, `UPDATE deal_settings SET match_version = 1`); err != nil {
			t.Fatal(err)
		}
		if n, err := e.svc.Rekey(ctx); err != nil || n != 1 {
			t.Fatalf("rekeyed %d, %v; want 1", n, err)
		}
		if n, err := e.svc.Rekey(ctx); err != nil || n != 0 {
			t.Fatalf("a second start rekeyed %d, %v", n, err)
		}
		var key string
		if err := d.QueryRowContext(ctx, `SELECT name_key FROM deals WHERE id = $1`, old.ID).Scan(&key); err != nil || key != "ab bar foo" {
			t.Fatalf("stored key %q, %v", key, err)
		}
		fresh := e.register(e.bAdmin, "Foo A Bar B GmbH", "", "DE")
		if v := e.must(e.svc.Deal(ctx, e.staff, fresh.ID)); len(v.Conflicts) != 1 || v.Conflicts[0].OtherID != old.ID {
			t.Fatalf("the new registration's conflicts: %+v", v.Conflicts)
		}
	})
}
