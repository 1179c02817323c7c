package app_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pakt/internal/agreement"
	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/i18n"
	"pakt/internal/incentive"
	"pakt/internal/partner"
)

// The co-selling story's money: the deal's value and the incentive rule's
// rates, all in basis points.
const (
	storyValueMinor = 1_234_500 // 12,345 EUR
	storyLeadBP     = 500       // 5 %
	storyDeliveryBP = 300       // 3 %
	storyBonusBP    = 150       // 1.5 %
	storyShareA     = 6000      // A's share from the agreement
	storyShareB     = 4000
)

// halfUp returns value × split × rate / 10 000², rounded half up once.
func halfUp(value int64, split, rate int) int64 {
	num := value * int64(split) * int64(rate)
	const den = 10_000 * 10_000
	return (2*num + den) / (2 * den)
}

// coSellFixture is what the story needs but does not tell: the two
// partners with their admins, staff, the incentive rule for EUR and the
// cooperation agreement in force between A and B (60/40).
type coSellFixture struct {
	A, B           string
	adminA, adminB *auth.User
	staff          *auth.User
	agreement      string
}

func newCoSellFixture(t *testing.T, s *apptest.Server) *coSellFixture {
	t.Helper()
	ctx := context.Background()
	org := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), City: new("München"), Country: new("DE"), Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	f := &coSellFixture{A: org("Alpha IT GmbH"), B: org("Beta Systeme GmbH"), agreement: "Kooperation Alpha und Beta"}
	f.adminA = s.CreateUser(auth.RolePartnerAdmin, f.A)
	f.adminB = s.CreateUser(auth.RolePartnerAdmin, f.B)
	f.staff = s.CreateUser(auth.RoleManager, "")
	admin := s.CreateUser(auth.RoleAdmin, "")
	if _, err := s.App.Incentives.CreateRule(ctx, admin.Actor(), incentive.RuleInput{Name: "Partnerprogramm 2027", Currency: "EUR",
		Rates:      incentive.Rates{Lead: storyLeadBP, Delivery: storyDeliveryBP, Referral: 200, Reseller: 200},
		P2PBonusBP: storyBonusBP, ValidFrom: "2027-01-01", ValidTo: "2027-12-31"}); err != nil {
		t.Fatalf("incentive rule: %v", err)
	}
	ag, err := s.App.Agreements.Create(ctx, f.adminA.Actor(), agreement.CreateInput{Title: f.agreement, Customer: "Bäckereien in Bayern",
		Parties: []string{f.A, f.B}, Shares: []int{storyShareA, storyShareB}})
	if err != nil {
		t.Fatalf("agreement: %v", err)
	}
	for _, u := range []*auth.User{f.adminA, f.adminB} {
		if ag, err = s.App.Agreements.Accept(ctx, u.Actor(), ag.ID, ag.CurrentVersion); err != nil {
			t.Fatalf("%s accepts the agreement: %v", u.Email, err)
		}
	}
	if ag.Status != agreement.StatusInForce {
		t.Fatalf("the agreement is %s after both accepted, want in force", ag.Status)
	}
	return f
}

// confirmDialog clicks the submit button of the form sel (marked
// data-confirm), waits for the question and confirms it.
func confirmDialog(t *testing.T, b *apptest.Browser, sel, wantQuestion string) {
	t.Helper()
	if got := b.Confirm(sel); !strings.Contains(got, wantQuestion) {
		t.Errorf("the question %q does not mention %q", got, wantQuestion)
	}
}

// The co-selling story: partner A registers a deal, staff approve
// it; two days later partner B registers the same customer under another
// spelling and learns only that it is protected, and until when; staff
// see the conflict with both sides and decide for the first; A adds B as
// delivery partner with the split of their agreement, B accepts, A wins
// the deal, and both quarterly statements show the incentive and the P2P
// bonus.
func TestCoSellingStory(t *testing.T) {
	t.Parallel()
	// The server's clock, which the story moves on.
	var clock atomic.Int64
	clock.Store(time.Date(2027, time.February, 1, 9, 0, 0, 0, time.UTC).UnixNano())
	s := apptest.StartWith(t, func(c *app.Config) { c.Now = func() time.Time { return time.Unix(0, clock.Load()).UTC() } })
	b := apptest.NewBrowser(t, s.URL)
	f := newCoSellFixture(t, s)

	// A registers the deal.
	b.Login(f.adminA.Email)
	b.Open("/deals")
	b.Click(`a[href="/deals/new"]`)
	b.Fill("#deal-customer_name", "Bäckerei Größl GmbH")
	b.Fill("#deal-customer_domain", "baeckerei-groessl.de")
	b.Fill("#deal-customer_city", "Augsburg")
	b.Fill("#deal-solution", "Warenwirtschaft mit Filialkassen")
	b.Fill("#deal-value", "12345")
	b.Do("expected close", chromedp.SetValue(chromedp.ID("deal-expected_close"), "2027-03-31"))
	if got := b.Value("#deal-customer_country"); got != "DE" {
		t.Errorf("the country is preset to %q, want DE", got)
	}
	b.Click(`form[action="/deals"] button[type=submit]`)
	dealA := b.Path()
	if !strings.HasPrefix(dealA, "/deals/") {
		t.Fatalf("after registering, A is at %s%s", dealA, b.State())
	}
	if got := b.Text("h1 + .tag"); got != "registered" {
		t.Errorf("A's new deal is %q, want registered", got)
	}

	// Staff approve it: the customer is protected for A for 90 days.
	b.SwitchUser(f.staff.Email)
	b.Open(dealA)
	b.Click(`form[action="` + dealA + `/approve"] button[type=submit]`)
	if got := b.Text("h1 + .tag"); got != "approved" {
		t.Fatalf("after approving, the deal is %q%s", got, b.State())
	}
	const until = "1 May 2027" // approved on 1 February, protected for 90 days from then
	if got := b.Text("main"); !strings.Contains(got, until) {
		t.Errorf("the approved deal does not show the protection until %s:\n%s", until, got)
	}

	// Two days later B registers the same customer, spelt otherwise.
	clock.Add(int64(48 * time.Hour))
	b.SwitchUser(f.adminB.Email)
	b.Open("/deals/new")
	b.Fill("#deal-customer_name", "Baeckerei Groessl")
	b.Fill("#deal-customer_domain", "www.baeckerei-groessl.de")
	b.Fill("#deal-solution", "Kassensystem")
	b.Fill("#deal-value", "8000")
	b.Do("expected close", chromedp.SetValue(chromedp.ID("deal-expected_close"), "2027-04-30"))
	b.Click(`form[action="/deals"] button[type=submit]`)
	dealB := b.Path()
	if !strings.HasPrefix(dealB, "/deals/") || dealB == dealA {
		t.Fatalf("after registering, B is at %s%s", dealB, b.State())
	}
	if got := b.Text(`.notice[role=status] strong`); got != "This customer is already protected for another partner until "+until+"." {
		t.Errorf("B is told %q, want the customer protected until %s", got, until)
	}
	if page := b.Text("main"); strings.Contains(page, "Alpha") || strings.Contains(page, "Größl GmbH") || strings.Contains(page, "Warenwirtschaft") {
		t.Errorf("B's page gives away A or A's deal:\n%s", page)
	}

	// Staff see the conflict with both sides and decide: first come.
	b.SwitchUser(f.staff.Email)
	b.Open("/deal-conflicts")
	list := b.Text("main table tbody")
	for _, want := range []string{"Baeckerei Groessl", "Beta Systeme GmbH", "Bäckerei Größl GmbH", "Alpha IT GmbH", "same domain", "protected until " + until} {
		if !strings.Contains(list, want) {
			t.Errorf("the open conflicts lack %q:\n%s", want, list)
		}
	}
	b.Click(`main table tbody a[href^="/deal-conflicts/"]`)
	conflict := b.Path()
	page := b.Text("main")
	_, sides, _ := strings.Cut(page, "Earlier registration: ")
	earlier, later, _ := strings.Cut(sides, "Later registration: ")
	for side, wants := range map[string][]string{earlier: {"Alpha IT GmbH", "Bäckerei Größl GmbH", "baeckerei-groessl.de", "approved"},
		later: {"Beta Systeme GmbH", "Baeckerei Groessl", "baeckerei-groessl.de", "registered"}} {
		for _, want := range wants {
			if !strings.Contains(side, want) {
				t.Errorf("a side of the conflict lacks %q:\n%s", want, side)
			}
		}
	}
	if !strings.Contains(page, "same domain") {
		t.Errorf("the conflict does not name the evidence (same domain):\n%s", page)
	}
	b.Do("choose first come", chromedp.Click(chromedp.CSS(`input[name=decision][value=first_come]`)))
	confirmDialog(t, b, `form[action="`+conflict+`"]`, "Baeckerei Groessl")
	if p := b.Path(); p != "/deal-conflicts" {
		t.Errorf("after deciding, staff are at %s", p)
	}
	if got := b.Text("main table tbody"); strings.Contains(got, "Baeckerei Groessl") {
		t.Errorf("the decided conflict is still open:\n%s", got)
	}

	// B learns its registration was rejected, still without A's name.
	b.SwitchUser(f.adminB.Email)
	b.Open(dealB)
	if got := b.Text("h1 + .tag"); got != "rejected" {
		t.Errorf("B's registration is %q after the decision, want rejected", got)
	}
	if page := b.Text("main"); strings.Contains(page, "Alpha") {
		t.Errorf("B's rejected deal names A:\n%s", page)
	}

	// A adds B as delivery partner: the agreement's 60/40 is proposed.
	b.SwitchUser(f.adminA.Email)
	b.Open(dealA)
	b.Click(`a[href="` + dealA + `/parties"]`)
	b.Do("choose B", chromedp.SetValue(chromedp.ID("deal-org"), f.B))
	if got := b.Value("#deal-role"); got != "delivery" {
		t.Errorf("the role is preset to %q, want delivery", got)
	}
	b.Click(`form[method=get] button[type=submit]`)
	if got := b.Value("#deal-split_" + f.A); got != "60" {
		t.Errorf("A's proposed share is %q, want 60", got)
	}
	if got := b.Value("#deal-split_" + f.B); got != "40" {
		t.Errorf("B's proposed share is %q, want 40", got)
	}
	if got := b.Value("#deal-role_" + f.B); got != "delivery" {
		t.Errorf("B's proposed role is %q, want delivery", got)
	}
	if got := b.Text("main .notice"); !strings.Contains(got, f.agreement) {
		t.Errorf("the proposal does not name the agreement %q: %q", f.agreement, got)
	}
	b.Click(`form[method=post][action="` + dealA + `/parties"] button[type=submit]`)
	if p := b.Path(); p != dealA {
		t.Fatalf("after inviting, A is at %s%s", p, b.State())
	}
	parties := b.Text("#deal-parties-h + .table-scroll tbody")
	apptest.InOrder(t, parties, "Alpha IT GmbH", "60", "Beta Systeme GmbH", "Delivery", "40", "invited")

	// B finds the invitation among its deals and accepts its part.
	b.SwitchUser(f.adminB.Email)
	b.Open("/deals")
	b.Click(`main table a[href="` + dealA + `"]`)
	if got := b.Text("main"); !strings.Contains(got, "Bäckerei Größl GmbH") || !strings.Contains(got, "Alpha IT GmbH") {
		t.Errorf("B's invitation does not show the deal and its lead:\n%s", got)
	}
	b.Click(`form[action="` + dealA + `/answer"]:not([data-confirm]) button[type=submit]`)
	if got := b.Text("#deal-parties-h + .table-scroll tbody"); strings.Contains(got, "invited") {
		t.Errorf("after B accepted, a part is still open:\n%s", got)
	}

	// A wins the deal a week later.
	clock.Add(int64(7 * 24 * time.Hour))
	b.SwitchUser(f.adminA.Email)
	b.Open(dealA)
	confirmDialog(t, b, `form[action="`+dealA+`/won"]`, "Bäckerei Größl GmbH")
	if got := b.Text("h1 + .tag"); got != "won" {
		t.Fatalf("after marking it won the deal is %q%s", got, b.State())
	}

	// Both statements for the quarter show the lines and the P2P bonus.
	money := func(minor int64) string { return i18n.Money("en", minor, "EUR") }
	type want struct {
		user             *auth.User
		org, role, split string
		rate             string
		share, base      int64
		bonus            int64
	}
	for _, w := range []want{
		{f.adminA, f.A, "Lead", "60", "5%", halfUp(storyValueMinor, storyShareA, incentive.Full), halfUp(storyValueMinor, storyShareA, storyLeadBP),
			halfUp(storyValueMinor, storyShareA, storyBonusBP)},
		{f.adminB, f.B, "Delivery", "40", "3%", halfUp(storyValueMinor, storyShareB, incentive.Full), halfUp(storyValueMinor, storyShareB, storyDeliveryBP),
			halfUp(storyValueMinor, storyShareB, storyBonusBP)},
	} {
		b.SwitchUser(w.user.Email)
		b.Open("/incentives/statements/" + w.org + "/2027-Q1")
		// Amounts keep their currency on the same line (a no-break space).
		line := strings.ReplaceAll(b.Text("table.incentive-lines tbody tr"), "\u00a0", " ")
		if n := apptest.Eval[int](b, `document.querySelectorAll("table.incentive-lines tbody tr").length`); n != 1 {
			t.Errorf("%s's statement has %d lines, want 1", w.role, n)
		}
		// Won on, customer, role and split, share, rate + P2P bonus rate,
		// base, bonus, amount.
		apptest.InOrder(t, line, "10 Feb 2027", "Bäckerei Größl GmbH", w.role, "split "+w.split+"%", money(w.share), w.rate,
			"+ 1.5%", money(w.base), money(w.bonus), money(w.base+w.bonus))
		if got := strings.ReplaceAll(b.Text(".incentive-total"), "\u00a0", " "); got != money(w.base+w.bonus) {
			t.Errorf("%s's total reads %q, want %s", w.role, got, money(w.base+w.bonus))
		}
	}
	b.CheckConsole()
}
