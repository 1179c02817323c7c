package leads_test

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/leads"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// env is a database with three published partners (A, B, C) that know
// cloud, their admins, a member of A, staff and a recruiter. The Rank
// hook proposes A, B, C in that order, each with one reason.
type env struct {
	t        *testing.T
	d        *db.DB
	now      time.Time
	svc      *leads.Service
	notify   *notify.Service
	cloud    string
	A, B, C  string
	aAdmin   *auth.Actor
	aMember  *auth.Actor
	bAdmin   *auth.Actor
	cAdmin   *auth.Actor
	staff    *auth.Actor
	recruit  *auth.Actor
	admin    *auth.Actor
	bernd    *auth.Actor // a second partner manager
	partners *partner.Service
	deals    []leads.NewDeal
	outcomes map[string]leads.Outcome
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, d: d, now: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), outcomes: map[string]leads.Outcome{}}
	clock := func() time.Time { return e.now }
	partners := partner.NewService(d, clock)
	e.partners = partners
	authSvc := auth.NewService(d, clock)
	authSvc.OrgExists = partner.Exists
	authSvc.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
	e.notify = notify.NewService(d, clock, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	e.svc = leads.NewService(d, clock, partners, e.notify)
	c, err := partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Cloud"), NameEN: new("Cloud")})
	if err != nil {
		t.Fatal(err)
	}
	e.cloud = c.ID
	org := func(name string) string {
		kind, published := partner.KindPartner, true
		o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: &name, Kind: &kind, Published: &published, Competencies: &[]string{e.cloud}})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	e.A, e.B, e.C = org("Alpha IT GmbH"), org("Beta Systeme GmbH"), org("Gamma Digital AG")
	n := 0
	user := func(role auth.Role, org string) *auth.Actor {
		n++
		email := strings.ToLower(string(role)) + "-" + string(rune('a'+n)) + "@test.example"
		name, pw, lang := "Person "+string(rune('A'+n)), "long-enough-password", "de"
		u, err := authSvc.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: &name, Role: &role, OrgID: &org, Lang: &lang, Password: &pw})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor()
	}
	e.aAdmin, e.aMember = user(auth.RolePartnerAdmin, e.A), user(auth.RolePartnerMember, e.A)
	e.bAdmin, e.cAdmin = user(auth.RolePartnerAdmin, e.B), user(auth.RolePartnerAdmin, e.C)
	e.staff, e.recruit = user(auth.RoleManager, ""), user(auth.RoleRecruiter, "")
	e.admin, e.bernd = user(auth.RoleAdmin, ""), user(auth.RoleManager, "")
	e.svc.Rank = func(_ context.Context, need leads.Need) ([]leads.Candidate, error) {
		if !slices.Contains(need.Competencies, e.cloud) {
			return nil, nil
		}
		return []leads.Candidate{{OrgID: e.A, Name: "Alpha IT GmbH", Score: 50, Reasons: []string{"Cloud"}},
			{OrgID: e.B, Name: "Beta Systeme GmbH", Score: 45, Reasons: []string{"Cloud"}},
			{OrgID: e.C, Name: "Gamma Digital AG", Score: 40, Reasons: []string{"Cloud"}}}, nil
	}
	e.svc.RegisterDeal = func(_ context.Context, tx *sql.Tx, d leads.NewDeal) (string, error) {
		if d.CustomerName == "Kaputt GmbH" {
			return "", errors.New("deal refused")
		}
		e.deals = append(e.deals, d)
		return "deal-" + d.LeadID, nil
	}
	e.svc.DealOutcomes = func(_ context.Context, ids []string) (map[string]leads.Outcome, error) {
		out := map[string]leads.Outcome{}
		for _, id := range ids {
			if o, ok := e.outcomes[id]; ok {
				out[id] = o
			}
		}
		return out, nil
	}
	return e
}

func (e *env) lead(customer string, hours int) *leads.Lead {
	e.t.Helper()
	l, err := e.svc.CreateLead(context.Background(), e.staff, leads.LeadInput{CustomerName: &customer, Country: new("DE"), City: new("Köln"),
		Competencies: &[]string{e.cloud}, ValueMinor: new(int64(4_000_000)), ContactName: new("Eva Kunde"), ContactEmail: new("eva@kunde.example"),
		AnswerHours: &hours})
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func (e *env) distribute(id string, orgs ...string) *leads.Lead {
	e.t.Helper()
	l, err := e.svc.Distribute(context.Background(), e.staff, id, orgs)
	if err != nil {
		e.t.Fatal(err)
	}
	return l
}

func (e *env) get(a *auth.Actor, id string) (*leads.Lead, error) {
	return e.svc.Lead(context.Background(), a, id)
}

func (e *env) tick() {
	e.t.Helper()
	if err := e.svc.Tick(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// inbox returns the kinds of the notices a got.
func (e *env) inbox(a *auth.Actor) []string {
	e.t.Helper()
	list, err := e.notify.Inbox(context.Background(), a, "", false, 50)
	if err != nil {
		e.t.Fatal(err)
	}
	var kinds []string
	for _, n := range list {
		kinds = append(kinds, n.Kind)
	}
	return kinds
}

func code(err error) apperr.Code {
	if err == nil {
		return ""
	}
	return apperr.CodeOf(err)
}

func outcomes(l *leads.Lead) []string {
	var out []string
	for _, o := range l.Offers {
		out = append(out, o.OrgName+":"+o.Outcome)
	}
	return out
}

func TestRotationOnDeclineAndTimeout(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		l := e.lead("Kunde Eins GmbH", 24)
		l = e.distribute(l.ID, e.A, e.B, e.C)
		if l.State != leads.StateOffered || l.OrgID != e.A || !slices.Equal(l.Queue, []string{e.A, e.B, e.C}) {
			t.Fatalf("after distributing: %s to %s, want offered to A", l.State, l.OrgName)
		}
		if !slices.Contains(e.inbox(e.aAdmin), "leads.offered") || slices.Contains(e.inbox(e.aMember), "leads.offered") {
			t.Errorf("A's admin inbox %v, member %v: the admins are told of the offer", e.inbox(e.aAdmin), e.inbox(e.aMember))
		}
		// A declines with a reason: B gets it, staff are told.
		if err := e.svc.Decline(ctx, e.aAdmin, l.ID, leads.Decline{Reason: "no_capacity", Note: "Voll bis März."}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.get(e.aAdmin, l.ID); code(err) != apperr.NotFound {
			t.Errorf("A reads the lead it declined: %v, want not found", err)
		}
		l, _ = e.get(e.staff, l.ID)
		if l.OrgID != e.B || l.Offers[0].Reason != "no_capacity" || l.Offers[0].ReasonText != "Voll bis März." {
			t.Fatalf("after A declined: offered to %s, first offer %+v", l.OrgName, l.Offers[0])
		}
		if !slices.Contains(e.inbox(e.staff), "leads.moved_on.declined") {
			t.Errorf("staff inbox %v: want the moved-on notice", e.inbox(e.staff))
		}
		// B's deadline is 24 h from now: at the deadline itself B may
		// still answer and Tick leaves it; a moment later it expires.
		deadline := e.now.Add(24 * time.Hour)
		if !l.Deadline.Equal(deadline) {
			t.Fatalf("deadline %v, want %v", l.Deadline, deadline)
		}
		e.now = deadline
		e.tick()
		if l, _ = e.get(e.staff, l.ID); l.OrgID != e.B {
			t.Fatalf("at the deadline: offered to %s, want still B", l.OrgName)
		}
		e.now = deadline.Add(time.Microsecond)
		if _, err := e.svc.Accept(ctx, e.bAdmin, l.ID); code(err) != apperr.Conflict {
			t.Errorf("B accepts after its deadline: %v, want a conflict", err)
		}
		e.tick()
		l, _ = e.get(e.staff, l.ID)
		if l.OrgID != e.C || !slices.Equal(outcomes(l), []string{"Alpha IT GmbH:declined", "Beta Systeme GmbH:expired", "Gamma Digital AG:"}) {
			t.Fatalf("after B's deadline: offered to %s, history %v", l.OrgName, outcomes(l))
		}
		if !l.Offers[1].AnsweredAt.Equal(deadline) {
			t.Errorf("B's offer ended at %v, want its deadline %v", l.Offers[1].AnsweredAt, deadline)
		}
		// C lets it expire too: the list is exhausted, staff are told.
		e.now = e.now.Add(25 * time.Hour)
		e.tick()
		l, _ = e.get(e.staff, l.ID)
		if l.State != leads.StateUnassigned || l.OrgID != "" {
			t.Fatalf("after C's deadline: %s with %q, want unassigned", l.State, l.OrgName)
		}
		if !slices.Contains(e.inbox(e.staff), "leads.unassigned.expired") {
			t.Errorf("staff inbox %v: want the unassigned notice", e.inbox(e.staff))
		}
		// A lead goes to each partner once: staff choose others or withdraw it.
		if _, err := e.svc.Distribute(ctx, e.staff, l.ID, []string{e.C, e.A}); code(err) != apperr.Conflict {
			t.Errorf("distributing to C and A again: %v, want a conflict (offered before)", err)
		}
		if l, err := e.svc.Withdraw(ctx, e.staff, l.ID); err != nil || l.State != leads.StateWithdrawn {
			t.Errorf("withdrawing the unassigned lead: %v", err)
		}
	})
}

func TestAcceptRegistersDeal(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		l := e.distribute(e.lead("Kunde Zwei AG", 48).ID, e.A, e.B)
		seen, err := e.get(e.aMember, l.ID)
		if err != nil || seen.Contact != nil || seen.Offers != nil {
			t.Fatalf("A's member reads the offered lead: %v, contact %v, offers %v; want it without contact and offers", err, seen.Contact, seen.Offers)
		}
		for _, a := range []*auth.Actor{e.bAdmin, e.cAdmin, e.recruit} {
			if _, err := e.get(a, l.ID); code(err) != apperr.NotFound {
				t.Errorf("%s of another partner reads the lead: %v, want not found", a.Email, err)
			}
		}
		if list, _ := e.svc.Leads(ctx, e.bAdmin, leads.Filter{}); len(list) != 0 {
			t.Errorf("B lists %d leads, want none", len(list))
		}
		if _, err := e.svc.Accept(ctx, e.aMember, l.ID); code(err) != apperr.Forbidden {
			t.Errorf("A's member accepts: %v, want forbidden", err)
		}
		if _, err := e.svc.Accept(ctx, e.staff, l.ID); code(err) != apperr.Forbidden {
			t.Errorf("staff accept: %v, want forbidden", err)
		}
		got, err := e.svc.Accept(ctx, e.aAdmin, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != leads.StateAccepted || got.DealID != "deal-"+l.ID || got.Contact == nil || got.Contact.Email != "eva@kunde.example" {
			t.Fatalf("accepted: state %s, deal %q, contact %v", got.State, got.DealID, got.Contact)
		}
		if len(e.deals) != 1 || e.deals[0].OrgID != e.A || e.deals[0].UserID != e.aAdmin.UserID || e.deals[0].ValueMinor != 4_000_000 ||
			!slices.Equal(e.deals[0].Competencies, []string{e.cloud}) {
			t.Errorf("deals registered: %+v", e.deals)
		}
		if list, _ := e.svc.Leads(ctx, e.aMember, leads.Filter{}); len(list) != 1 || list[0].Contact == nil {
			t.Errorf("A's member lists %d leads, want the accepted one with its contact", len(list))
		}
		if _, err := e.svc.Withdraw(ctx, e.staff, l.ID); code(err) != apperr.Conflict {
			t.Errorf("withdrawing an accepted lead: %v, want a conflict", err)
		}
		// A deal the hook refuses leaves the lead offered.
		k := e.distribute(e.lead("Kaputt GmbH", 48).ID, e.A)
		if _, err := e.svc.Accept(ctx, e.aAdmin, k.ID); err == nil {
			t.Fatal("accepted though the deal was refused")
		}
		if k, _ = e.get(e.staff, k.ID); k.State != leads.StateOffered || k.Offers[0].Outcome != "" {
			t.Errorf("after a refused deal: %s, offer %q; want still offered and open", k.State, k.Offers[0].Outcome)
		}
	})
}

func TestValidationNamesFields(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	ctx := context.Background()
	_, err := e.svc.CreateLead(ctx, e.staff, leads.LeadInput{CustomerName: new(" "), Country: new("XX"), Competencies: &[]string{},
		ContactEmail: new("keine-adresse"), AnswerHours: new(400), Currency: new("euro"), WebDomain: new("kein domain")})
	got := fields(err)
	for _, f := range []string{"customer_name", "country", "competencies", "contact_email", "answer_hours", "currency", "web_domain"} {
		if !got[f] {
			t.Errorf("no error for %s in %v", f, err)
		}
	}
	l := e.distribute(e.lead("Kunde Drei", 48).ID, e.A)
	err = e.svc.Decline(ctx, e.aAdmin, l.ID, leads.Decline{Reason: "other"})
	if !fields(err)["note"] {
		t.Errorf("declining with reason other and no note: %v, want an error for note", err)
	}
	if _, err := e.svc.Distribute(ctx, e.staff, l.ID, nil); !fields(err)["orgs"] {
		t.Errorf("distributing to nobody: %v, want an error for orgs", err)
	}
	_, err = e.svc.CreateCampaign(ctx, e.staff, leads.CampaignInput{Name: new("Messe"), From: new("2027-05-01"), To: new("2027-04-01")})
	if !fields(err)["to"] {
		t.Errorf("campaign ending before it starts: %v, want an error for to", err)
	}
	if _, err := e.svc.Campaigns(ctx, e.aAdmin); code(err) != apperr.NotFound {
		t.Errorf("a partner lists campaigns: %v, want not found", err)
	}
}

// fields returns the fields a validation error names.
func fields(err error) map[string]bool {
	out := map[string]bool{}
	if e, ok := apperr.As(err); ok {
		for _, f := range e.Fields {
			out[f.Field] = true
		}
	}
	return out
}

func TestProposalCountsAcceptanceHistory(t *testing.T) {
	t.Parallel()
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	ctx := context.Background()
	// A declined two leads, C accepted one, B has no history (counted as
	// half): C climbs over A and B, and B over A.
	for _, name := range []string{"Alt Eins", "Alt Zwei"} {
		l := e.distribute(e.lead(name, 48).ID, e.A)
		if err := e.svc.Decline(ctx, e.aAdmin, l.ID, leads.Decline{Reason: "no_fit"}); err != nil {
			t.Fatal(err)
		}
	}
	won := e.distribute(e.lead("Alt Drei", 48).ID, e.C)
	if _, err := e.svc.Accept(ctx, e.cAdmin, won.ID); err != nil {
		t.Fatal(err)
	}
	l := e.lead("Neu", 48)
	got, err := e.svc.Proposal(ctx, e.staff, l.ID, "de")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, c := range got {
		order = append(order, c.Name)
	}
	if want := []string{"Gamma Digital AG", "Beta Systeme GmbH", "Alpha IT GmbH"}; !slices.Equal(order, want) {
		t.Errorf("proposal %v, want %v", order, want)
	}
	if got[0].Score != 60 || got[1].Score != 55 || got[2].Score != 50 || !slices.Contains(got[0].Reasons, "hat 1 von 1 angebotenen Leads angenommen") {
		t.Errorf("C: score %d, reasons %v", got[0].Score, got[0].Reasons)
	}
	if _, err := e.svc.Proposal(ctx, e.aAdmin, l.ID, "de"); code(err) != apperr.NotFound {
		t.Errorf("a partner reads a proposal: %v, want not found", err)
	}
}

func TestConversionAndPerOrg(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		camp, err := e.svc.CreateCampaign(ctx, e.staff, leads.CampaignInput{Name: new("Cloud-Woche"), BudgetMinor: new(int64(2_000_000)),
			From: new("2026-11-01"), To: new("2026-11-30")})
		if err != nil {
			t.Fatal(err)
		}
		e.svc.Quadrants = []string{"hero", "candidate"}
		e.svc.QuadrantOf = func(context.Context, *auth.Actor) (map[string]string, error) {
			return map[string]string{e.A: "hero", e.B: "hero", e.C: "candidate"}, nil
		}
		mk := func(name string) string {
			l := e.lead(name, 48)
			if _, err := e.svc.UpdateLead(ctx, e.staff, l.ID, leads.LeadInput{CampaignID: &camp.ID}); err != nil {
				t.Fatal(err)
			}
			return l.ID
		}
		// One lead declined by A and accepted by B (won, 30 000 EUR); one
		// accepted by A (lost); one offered to C, unanswered.
		one := e.distribute(mk("Eins"), e.A, e.B)
		if err := e.svc.Decline(ctx, e.aAdmin, one.ID, leads.Decline{Reason: "region"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Accept(ctx, e.bAdmin, one.ID); err != nil {
			t.Fatal(err)
		}
		two := e.distribute(mk("Zwei"), e.A)
		if _, err := e.svc.Accept(ctx, e.aAdmin, two.ID); err != nil {
			t.Fatal(err)
		}
		e.distribute(e.lead("Drei", 48).ID, e.C)
		e.outcomes["deal-"+one.ID] = leads.Outcome{State: "won", Value: 3_000_000, Currency: "EUR"}
		e.outcomes["deal-"+two.ID] = leads.Outcome{State: "lost", Value: 4_000_000, Currency: "EUR"}

		c, err := e.svc.Conversion(ctx, e.staff, "de")
		if err != nil {
			t.Fatal(err)
		}
		row := func(rows []*leads.Row, name string) string {
			for _, r := range rows {
				if r.Name == name || r.Key == name {
					return strings.Join([]string{strconv.Itoa(r.Offered), strconv.Itoa(r.Accepted), strconv.Itoa(r.Won), strconv.Itoa(int(r.WonValue["EUR"]))}, "/")
				}
			}
			return "none"
		}
		for _, tc := range []struct{ got, want string }{
			{row(c.Partners, "Alpha IT GmbH"), "2/1/0/0"},
			{row(c.Partners, "Beta Systeme GmbH"), "1/1/1/3000000"},
			{row(c.Partners, "Gamma Digital AG"), "1/0/0/0"},
			{row(c.Campaigns, "Cloud-Woche"), "2/2/1/3000000"},
			{row(c.Campaigns, "ohne Kampagne"), "1/0/0/0"},
			{row(c.Quadrants, "hero"), "2/2/1/3000000"},
			{row(c.Quadrants, "candidate"), "1/0/0/0"},
		} {
			if tc.got != tc.want {
				t.Errorf("got %s, want %s (offered/accepted/won/value)", tc.got, tc.want)
			}
		}
		if c.Total.Offered != 3 || c.Total.AcceptanceRate() != 66 || c.Total.ConversionRate() != 33 {
			t.Errorf("total: %d offered, %d %% accepted, %d %% converted", c.Total.Offered, c.Total.AcceptanceRate(), c.Total.ConversionRate())
		}
		if _, err := e.svc.Conversion(ctx, e.aAdmin, "de"); code(err) != apperr.NotFound {
			t.Errorf("a partner reads the conversion: %v, want not found", err)
		}
		per, err := e.svc.PerOrg(ctx, e.now.Add(-time.Hour), e.now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if b := per[e.B]; b.Given != 1 || b.Accepted != 1 || b.Converted != 1 || b.WonValue["EUR"] != 3_000_000 {
			t.Errorf("B in the period: %+v", b)
		}
		if per, _ = e.svc.PerOrg(ctx, e.now.Add(time.Hour), e.now.Add(2*time.Hour)); len(per) != 0 {
			t.Errorf("a later period counts %v, want nothing", per)
		}
	})
}

// Under the ownership rule a lead offered to or accepted by a partner is
// that partner's: a manager sees, lists and acts on only the leads no
// partner holds and those of the partners it owns, deputises or nobody
// owns; it distributes only to those. Admins see every lead; with the
// setting off, so does every manager.
func TestOwnershipDecidesWhichLeadsManagersSee(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := context.Background()
		anna := e.staff
		for org, m := range map[string]*auth.Actor{e.A: anna, e.B: e.bernd} {
			if _, err := e.partners.Update(ctx, e.admin, org, partner.Input{ManagerID: &m.UserID}); err != nil {
				t.Fatal(err)
			}
		}
		distribute := func(customer, org string) *leads.Lead {
			t.Helper()
			l, err := e.svc.Distribute(ctx, e.admin, e.lead(customer, 48).ID, []string{org})
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		la := distribute("Annas Kunde GmbH", e.A)
		lb := distribute("Bernds Kunde AG", e.B)
		lc := distribute("Niemands Kunde KG", e.C)
		ln := e.lead("Neuer Kunde GmbH", 48)
		// Bernd's partner accepts a lead: still his partner's.
		lbAccepted := distribute("Bernds Zuschlag AG", e.B)
		if _, err := e.svc.Accept(ctx, e.bAdmin, lbAccepted.ID); err != nil {
			t.Fatal(err)
		}
		listed := func(a *auth.Actor) string {
			t.Helper()
			list, err := e.svc.Leads(ctx, a, leads.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, l := range list {
				names = append(names, l.CustomerName)
			}
			slices.Sort(names)
			return strings.Join(names, ", ")
		}
		all := "Annas Kunde GmbH, Bernds Kunde AG, Bernds Zuschlag AG, Neuer Kunde GmbH, Niemands Kunde KG"
		if got, want := listed(anna), "Annas Kunde GmbH, Neuer Kunde GmbH, Niemands Kunde KG"; got != want {
			t.Errorf("anna lists %q, want %q", got, want)
		}
		if got, want := listed(e.bernd), "Bernds Kunde AG, Bernds Zuschlag AG, Neuer Kunde GmbH, Niemands Kunde KG"; got != want {
			t.Errorf("bernd lists %q, want %q", got, want)
		}
		if got := listed(e.admin); got != all {
			t.Errorf("the admin lists %q, want %q", got, all)
		}
		for _, id := range []string{la.ID, lc.ID, ln.ID} {
			if _, err := e.get(anna, id); err != nil {
				t.Errorf("anna opens lead %s: %v", id, err)
			}
		}
		if _, err := e.get(e.admin, lb.ID); err != nil {
			t.Errorf("the admin opens bernd's lead: %v", err)
		}
		// Bernd's leads do not exist for anna, whatever she tries.
		for name, err := range map[string]error{
			"open":     func() error { _, err := e.get(anna, lb.ID); return err }(),
			"accepted": func() error { _, err := e.get(anna, lbAccepted.ID); return err }(),
			"update": func() error {
				_, err := e.svc.UpdateLead(ctx, anna, lb.ID, leads.LeadInput{City: new("Bonn")})
				return err
			}(),
			"check":   e.svc.CheckLead(ctx, anna, lb.ID, leads.LeadInput{City: new("Bonn")}),
			"propose": func() error { _, err := e.svc.Proposal(ctx, anna, lb.ID, "de"); return err }(),
			"distribute": func() error {
				_, err := e.svc.Distribute(ctx, anna, lb.ID, []string{e.A})
				return err
			}(),
			"withdraw": func() error { _, err := e.svc.Withdraw(ctx, anna, lb.ID); return err }(),
		} {
			if code(err) != apperr.NotFound {
				t.Errorf("anna's %s of bernd's lead: %v, want not found", name, err)
			}
		}
		if l, err := e.get(e.admin, lb.ID); err != nil || l.State != leads.StateOffered || l.City != "Köln" {
			t.Errorf("bernd's lead after anna's tries: %+v (%v), want offered and unchanged", l, err)
		}
		// Anna is proposed, and distributes to, only the partners she steers.
		cands, err := e.svc.Proposal(ctx, anna, ln.ID, "de")
		if err != nil {
			t.Fatal(err)
		}
		var proposed []string
		for _, c := range cands {
			proposed = append(proposed, c.Name)
		}
		if got, want := strings.Join(proposed, ", "), "Alpha IT GmbH, Gamma Digital AG"; got != want {
			t.Errorf("anna is proposed %q, want %q", got, want)
		}
		if cands, err := e.svc.Proposal(ctx, e.admin, ln.ID, "de"); err != nil || len(cands) != 3 {
			t.Errorf("the admin is proposed %d partners (%v), want 3", len(cands), err)
		}
		_, err = e.svc.Distribute(ctx, anna, ln.ID, []string{e.A, e.B})
		var v *apperr.Error
		if !errors.As(err, &v) || v.Code != apperr.Invalid || len(v.Fields) != 1 || v.Fields[0].Field != "orgs" || v.Fields[0].Key != "leads.validation.unknown_org" {
			t.Errorf("anna distributes to bernd's partner: %v, want the partner unknown", err)
		}
		if l, err := e.get(anna, ln.ID); err != nil || l.State != leads.StateNew || len(l.Queue) != 0 {
			t.Errorf("the refused lead: %+v (%v), want still new without a queue", l, err)
		}
		if l, err := e.svc.Distribute(ctx, anna, ln.ID, []string{e.C, e.A}); err != nil || l.OrgID != e.C {
			t.Errorf("anna distributes to the unowned partner first: %+v (%v)", l, err)
		}
		// The conversion names only anna's partners and the unowned one;
		// the total counts the programme.
		conv, err := e.svc.Conversion(ctx, anna, "de")
		if err != nil {
			t.Fatal(err)
		}
		var rows []string
		for _, r := range conv.Partners {
			rows = append(rows, r.Name)
		}
		if got, want := strings.Join(rows, ", "), "Alpha IT GmbH, Gamma Digital AG"; got != want || conv.Total.Offered != 5 {
			t.Errorf("anna's conversion: partners %q, total %d offered; want %q and 5", got, conv.Total.Offered, want)
		}
		if conv, err := e.svc.Conversion(ctx, e.admin, "de"); err != nil || len(conv.Partners) != 3 {
			t.Errorf("the admin's conversion: %d partners (%v), want 3", len(conv.Partners), err)
		}
		// A lead bernd's partner declined moves on to anna's: she sees it,
		// but not who declined it first, nor why; the admin sees both.
		rot, err := e.svc.Distribute(ctx, e.admin, e.lead("Wanderkunde GmbH", 48).ID, []string{e.B, e.A})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.svc.Decline(ctx, e.bAdmin, rot.ID, leads.Decline{Reason: "other", Note: "Bernds geheimer Grund"}); err != nil {
			t.Fatal(err)
		}
		seen, err := e.get(anna, rot.ID)
		if err != nil || seen.OrgID != e.A || len(seen.Offers) != 2 {
			t.Fatalf("anna opens the lead that moved on to her partner: %+v (%v)", seen, err)
		}
		for _, o := range seen.Offers {
			if o.OrgID == e.B || strings.Contains(o.OrgName, "Beta") || o.ReasonText != "" || o.Reason != "" {
				t.Errorf("anna sees bernd's partner's offer: %+v", o)
			}
		}
		if slices.Contains(seen.Queue, e.B) {
			t.Errorf("anna sees bernd's partner in the queue %v", seen.Queue)
		}
		if full, err := e.get(e.admin, rot.ID); err != nil || full.Offers[0].ReasonText == "" && full.Offers[1].ReasonText == "" || !slices.Contains(full.Queue, e.B) {
			t.Errorf("the admin's view of the rotation: %+v (%v)", full, err)
		}
		// A deputy sees what the manager sees.
		if _, err := e.partners.SetDeputies(ctx, e.admin, e.B, []string{anna.UserID}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.get(anna, lb.ID); err != nil {
			t.Errorf("bernd's deputy opens his lead: %v", err)
		}
		if _, err := e.partners.SetDeputies(ctx, e.admin, e.B, nil); err != nil {
			t.Fatal(err)
		}
		// With the setting off, every manager sees every lead.
		if _, err := e.partners.SetOwnershipSettings(ctx, e.admin, partner.OwnershipSettings{OwnOnly: false}); err != nil {
			t.Fatal(err)
		}
		if got := listed(anna); got != all+", Wanderkunde GmbH" {
			t.Errorf("with the setting off anna lists %q, want %q", got, all+", Wanderkunde GmbH")
		}
		if _, err := e.svc.Withdraw(ctx, anna, lb.ID); err != nil {
			t.Errorf("with the setting off anna withdraws bernd's lead: %v", err)
		}
	})
}
