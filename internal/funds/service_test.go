package funds_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/funds"
	"pakt/internal/partner"
)

// fenv is a database with partners A and B, their admins, a member of A,
// staff, and a funds service whose hooks read small maps: A's deals and
// leads, their outcomes, and the quadrants (A a Vampire, B a Hero).
type fenv struct {
	t       *testing.T
	svc     *funds.Service
	now     time.Time
	A, B    string
	aAdmin  *auth.Actor
	aMember *auth.Actor
	bAdmin  *auth.Actor
	staff   *auth.Actor
}

func newFenv(t *testing.T, d *db.DB) *fenv {
	t.Helper()
	ctx := context.Background()
	e := &fenv{t: t, now: time.Date(2026, 5, 12, 9, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return e.now }
	partners := partner.NewService(d, clock)
	org := func(name string) string {
		o, err := partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	e.A, e.B = org("Alpha Marketing GmbH"), org("Beta Vertrieb AG")
	e.aAdmin = &auth.Actor{UserID: "ua", Role: auth.RolePartnerAdmin, OrgID: e.A}
	e.aMember = &auth.Actor{UserID: "um", Role: auth.RolePartnerMember, OrgID: e.A}
	e.bAdmin = &auth.Actor{UserID: "ub", Role: auth.RolePartnerAdmin, OrgID: e.B}
	e.staff = &auth.Actor{UserID: "us", Role: auth.RoleManager}
	e.svc = funds.NewService(d, clock, nil, partners)
	e.svc.Deals = func(_ context.Context, org string) ([]funds.Linkable, error) {
		if org != e.A {
			return nil, nil
		}
		return []funds.Linkable{{ID: "d1", Label: "Deal Krause"}, {ID: "d2", Label: "Deal Huber"}}, nil
	}
	e.svc.Leads = func(_ context.Context, org string) ([]funds.Linkable, error) {
		if org != e.A {
			return nil, nil
		}
		return []funds.Linkable{{ID: "l1", Label: "Lead Messe"}}, nil
	}
	e.svc.Outcomes = func(_ context.Context, kind string, ids []string) (map[string]funds.Outcome, error) {
		all := map[string]funds.Outcome{"d1": {Won: true, Value: 900_000, Currency: "EUR"}, "d2": {Won: false, Value: 50_000, Currency: "EUR"},
			"l1": {Won: true, Value: 300_000, Currency: "EUR"}}
		out := map[string]funds.Outcome{}
		for _, id := range ids {
			if o, ok := all[id]; ok && (kind == funds.LinkLead) == strings.HasPrefix(id, "l") {
				out[id] = o
			}
		}
		return out, nil
	}
	e.svc.Quadrants = []string{"hero", "candidate", "vampire", "shadow"}
	e.svc.QuadrantOf = func(context.Context, *auth.Actor) (map[string]string, error) {
		return map[string]string{e.A: "vampire", e.B: "hero"}, nil
	}
	e.svc.LeadsPerOrg = func(_ context.Context, from, to time.Time) (map[string]funds.OrgLeads, error) {
		return map[string]funds.OrgLeads{e.B: {Given: 4, Accepted: 3, Converted: 2}}, nil
	}
	e.svc.WonPerOrg = func(_ context.Context, from, to time.Time) (map[string]map[string]int64, error) {
		return map[string]map[string]int64{e.B: {"EUR": 2_000_000, "USD": 5}}, nil
	}
	return e
}

func fieldOf(err error) string {
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) == 0 {
		return ""
	}
	return e.Fields[0].Field
}

func TestFundsFromRequestToPayment(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newFenv(t, d)
		if _, err := e.svc.SetBudget(ctx, e.aAdmin, funds.BudgetInput{OrgID: e.A, Period: "2026-Q2", AmountMinor: 500_000}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a partner set its own budget: %v", err)
		}
		if _, err := e.svc.SetBudget(ctx, e.staff, funds.BudgetInput{OrgID: e.A, Period: "2026-Q2", AmountMinor: 500_000}); err != nil {
			t.Fatal(err)
		}
		req := funds.RequestInput{Kind: funds.KindEvent, Title: "Kundentag Mai", PlannedOn: "2026-06-03", RequestedMinor: 600_000, ExpectedLeads: 12}
		if _, err := e.svc.Request(ctx, e.aAdmin, req); fieldOf(err) != "requested_minor" {
			t.Errorf("a request beyond the budget: %v, want the field requested_minor", err)
		}
		if _, err := e.svc.Request(ctx, e.aMember, funds.RequestInput{}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member asked for funds: %v", err)
		}
		req.RequestedMinor = 400_000
		x, err := e.svc.Request(ctx, e.aAdmin, req)
		if err != nil {
			t.Fatal(err)
		}
		if x.Period != "2026-Q2" || x.Status != funds.StatusRequested {
			t.Errorf("request: %s %s", x.Period, x.Status)
		}
		// The other partner sees nothing of it.
		if _, err := e.svc.Activity(ctx, e.bAdmin, x.ID); err != apperr.ErrNotFound {
			t.Errorf("B read A's activity: %v", err)
		}
		if list, _ := e.svc.Activities(ctx, e.bAdmin, funds.Filter{OrgID: e.A}); len(list) != 0 {
			t.Errorf("B listed A's activities: %d", len(list))
		}
		if _, err := e.svc.Budget(ctx, e.bAdmin, e.A, "2026-Q2"); err != apperr.ErrNotFound {
			t.Errorf("B read A's budget: %v", err)
		}
		if _, err := e.svc.Decide(ctx, e.aAdmin, x.ID, funds.Decision{Status: funds.StatusApproved}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a partner approved its own request: %v", err)
		}
		if _, err := e.svc.Decide(ctx, e.staff, x.ID, funds.Decision{Status: funds.StatusApproved, ApprovedMinor: 500_000}); fieldOf(err) != "approved_minor" {
			t.Errorf("approving more than requested: %v", err)
		}
		if x, err = e.svc.Decide(ctx, e.staff, x.ID, funds.Decision{Status: funds.StatusApproved, ApprovedMinor: 300_000}); err != nil || x.Approved != 300_000 {
			t.Fatalf("approve less: %v %+v", err, x)
		}
		b, err := e.svc.Budget(ctx, e.aMember, e.A, "2026-Q2")
		if err != nil || b.Approved != 300_000 || b.Remaining != 200_000 {
			t.Errorf("budget after approval: %+v %v", b, err)
		}
		// Proof is judged by content, size and count; errors name the file.
		fake := funds.Upload{Name: "rechnung.pdf", Content: []byte("<html>no pdf</html>")}
		_, err = e.svc.Claim(ctx, e.aAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 300_000}, []funds.Upload{fake})
		if fieldOf(err) != "files" || !strings.Contains(errArgs(err), "rechnung.pdf") {
			t.Errorf("a claim with an HTML file named .pdf: %v", err)
		}
		if _, err := e.svc.Claim(ctx, e.aAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 300_000}, nil); fieldOf(err) != "files" {
			t.Errorf("a claim without proof: %v", err)
		}
		big := funds.Upload{Name: "foto.png", Content: append(append([]byte{}, png...), make([]byte, funds.MaxFileSize)...)}
		if _, err := e.svc.Claim(ctx, e.aAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 300_000}, []funds.Upload{big}); fieldOf(err) != "files" {
			t.Errorf("a claim with a file over 10 MB: %v", err)
		}
		six := make([]funds.Upload, 6)
		for i := range six {
			six[i] = funds.Upload{Name: "f.pdf", Content: pdf}
		}
		if _, err := e.svc.Claim(ctx, e.aAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 300_000}, six); fieldOf(err) != "files" {
			t.Errorf("a claim with six files: %v", err)
		}
		if _, err := e.svc.Claim(ctx, e.aAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 300_001}, []funds.Upload{{Name: "r.pdf", Content: pdf}}); fieldOf(err) != "claimed_minor" {
			t.Errorf("claiming more than approved: %v", err)
		}
		jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0}
		if x, err = e.svc.Claim(ctx, e.aAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 280_000}, []funds.Upload{{Name: "Rechnung Mai.pdf", Content: pdf}, {Name: "foto", Content: jpeg}}); err != nil {
			t.Fatal(err)
		}
		files, err := e.svc.Files(ctx, e.aMember, x.ID)
		if err != nil || len(files) != 2 || files[0].ContentType != "application/pdf" || files[1].ContentType != "image/jpeg" {
			t.Fatalf("files: %v %v", files, err)
		}
		if _, _, err := e.svc.File(ctx, e.bAdmin, files[0].ID); err != apperr.ErrNotFound {
			t.Errorf("B downloaded A's proof: %v", err)
		}
		if f, content, err := e.svc.File(ctx, e.staff, files[0].ID); err != nil || string(content) != string(pdf) || f.Name != "Rechnung Mai.pdf" {
			t.Errorf("staff download: %v %q", err, content)
		}
		if _, err := e.svc.Decide(ctx, e.staff, x.ID, funds.Decision{Status: funds.StatusReturned}); fieldOf(err) != "reason" {
			t.Errorf("returning without a reason: %v", err)
		}
		if x, err = e.svc.Decide(ctx, e.staff, x.ID, funds.Decision{Status: funds.StatusReturned, Reason: "Die Teilnehmerliste fehlt."}); err != nil || x.Status != funds.StatusReturned {
			t.Fatalf("return: %v", err)
		}
		// Claimed again with one more file; the first two stay.
		if x, err = e.svc.Claim(ctx, e.aAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 280_000}, []funds.Upload{{Name: "teilnehmer.png", Content: png}}); err != nil {
			t.Fatal(err)
		}
		if files, _ := e.svc.Files(ctx, e.staff, x.ID); len(files) != 3 {
			t.Errorf("files after the second claim: %d", len(files))
		}
		if x, err = e.svc.Decide(ctx, e.staff, x.ID, funds.Decision{Status: funds.StatusPaid}); err != nil || x.Paid != 280_000 || x.PaidOn.String() != "2026-05-12" {
			t.Fatalf("pay: %v %+v", err, x)
		}
		b, _ = e.svc.Budget(ctx, e.aAdmin, e.A, "2026-Q2")
		if b.Paid != 280_000 || b.Remaining != 220_000 {
			t.Errorf("budget after payment: %+v", b)
		}
		if _, err := e.svc.SetBudget(ctx, e.staff, funds.BudgetInput{OrgID: e.A, Period: "2026-Q2", AmountMinor: 100_000}); fieldOf(err) != "amount_minor" {
			t.Errorf("a budget below what was paid: %v", err)
		}

		// Return on funds: a won deal and a won lead, linked.
		if _, err := e.svc.Link(ctx, e.aAdmin, x.ID, funds.LinkInput{Kind: funds.LinkDeal, RefID: "fremd"}); fieldOf(err) != "ref_id" {
			t.Errorf("linking a deal not of the partner: %v", err)
		}
		if _, err := e.svc.Link(ctx, e.aMember, x.ID, funds.LinkInput{Kind: funds.LinkDeal, RefID: "d1"}); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a member linked: %v", err)
		}
		for _, in := range []funds.LinkInput{{Kind: funds.LinkDeal, RefID: "d1"}, {Kind: funds.LinkDeal, RefID: "d2"}, {Kind: funds.LinkLead, RefID: "l1"}} {
			if _, err := e.svc.Link(ctx, e.staff, x.ID, in); err != nil {
				t.Fatal(err)
			}
		}
		links, err := e.svc.Links(ctx, e.aMember, x.ID)
		if err != nil || len(links) != 3 {
			t.Fatalf("links: %v %v", links, err)
		}
		if r := funds.ActivityReturn(x, links); r.Won != 1_200_000 || r.PerEuroHundredths != 429 {
			t.Errorf("return of the activity: %+v, want 12,000 € won, 4.29 per euro", r)
		}
		if r, err := e.svc.OrgReturn(ctx, e.aAdmin, e.A); err != nil || r.PerEuroHundredths != 429 {
			t.Errorf("return of the partner: %+v %v", r, err)
		}
		if deals, leads, err := e.svc.Linkables(ctx, e.aAdmin, x.ID); err != nil || len(deals) != 0 || len(leads) != 0 {
			t.Errorf("linkables left: %v %v %v", deals, leads, err)
		}

		// Where the money goes: A (a Vampire) got 2,800 € and won nothing
		// in the period's own figures; B (a Hero) got leads and won.
		if _, err := e.svc.Money(ctx, e.aAdmin, "2026"); err != apperr.ErrNotFound {
			t.Errorf("a partner saw the money view: %v", err)
		}
		m, err := e.svc.Money(ctx, e.staff, "2026")
		if err != nil {
			t.Fatal(err)
		}
		q := map[string]funds.MoneyQuadrant{}
		for _, x := range m.Quadrants {
			q[x.Quadrant] = x
		}
		if q["vampire"].Paid != 280_000 || q["vampire"].Partners != 1 || q["hero"].Won != 2_000_000 || q["hero"].Converted != 2 || m.Total.Paid != 280_000 {
			t.Errorf("money per quadrant: %+v", m.Quadrants)
		}
		if len(m.Partners) != 2 || m.Partners[0].OrgID != e.A || m.Partners[0].Quadrant != "vampire" {
			t.Errorf("money per partner: %+v", m.Partners)
		}
		if q2, _ := e.svc.Money(ctx, e.staff, "2026-Q3"); q2.Total.Paid != 0 {
			t.Errorf("money in another quarter: %+v", q2.Total)
		}
		chart := string(m.Chart("de"))
		if !strings.Contains(chart, "<title") || !strings.Contains(chart, ">Geld ohne Ertrag!</text>") || !strings.Contains(chart, "ausgezahlt 2.800 €") {
			t.Errorf("chart:\n%s", chart)
		}
	})
}

func errArgs(err error) string {
	e, ok := apperr.As(err)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, f := range e.Fields {
		for _, a := range f.Args {
			if s, ok := a.(string); ok {
				b.WriteString(s + " ")
			}
		}
	}
	return b.String()
}

func TestRejectedRequestFreesTheBudget(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newFenv(t, d)
		if _, err := e.svc.SetBudget(ctx, e.staff, funds.BudgetInput{OrgID: e.B, Period: "2026-Q3", AmountMinor: 100_000}); err != nil {
			t.Fatal(err)
		}
		x, err := e.svc.Request(ctx, e.bAdmin, funds.RequestInput{Kind: funds.KindPrint, Title: "Flyer", PlannedOn: "2026-07-01", RequestedMinor: 100_000})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Decide(ctx, e.staff, x.ID, funds.Decision{Status: funds.StatusRejected}); fieldOf(err) != "reason" {
			t.Errorf("a rejection without a reason: %v", err)
		}
		if x, err = e.svc.Decide(ctx, e.staff, x.ID, funds.Decision{Status: funds.StatusRejected, Reason: "Kein Bezug zu unseren Produkten."}); err != nil || x.Reason == "" {
			t.Fatal(err)
		}
		if _, err := e.svc.Claim(ctx, e.bAdmin, x.ID, funds.ClaimInput{ClaimedMinor: 1}, []funds.Upload{{Name: "a.pdf", Content: pdf}}); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("claiming a rejected request: %v", err)
		}
		if b, _ := e.svc.Budget(ctx, e.bAdmin, e.B, "2026-Q3"); b.Remaining != 100_000 {
			t.Errorf("budget after a rejection: %+v", b)
		}
	})
}
