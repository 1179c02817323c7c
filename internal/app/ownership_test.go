package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/cosell"
	"pakt/internal/funds"
	"pakt/internal/partner"
	"pakt/internal/steering"
)

// With the programme's default, a partner manager sees the internal data
// of the partners it owns or deputises and of those nobody owns, and of no
// other manager's: profile contacts, assessments, activities, plans,
// onboarding, the portfolio, the overdue list, deals, marketing funds and
// incentive statements.
// A handover moves that view with its note, kept as history and told to
// both managers; admins see everything; switching the setting off shows
// managers every partner.
func TestOwnershipDecidesWhatManagersSee(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		admin := s.CreateUser(auth.RoleAdmin, "")
		anna := s.CreateUser(auth.RoleManager, "")
		bernd := s.CreateUser(auth.RoleManager, "")
		owned := func(name string, manager *auth.User, contact string) string {
			id := s.Assessed(admin.Actor(), name, 4, 4)
			if _, err := s.App.Partners.Update(ctx, admin.Actor(), id, partner.Input{ManagerID: &manager.ID}); err != nil {
				t.Fatal(err)
			}
			if err := partner.SaveEntry(ctx, s.App.Partners, admin.Actor(), id, &partner.Contact{Name: contact}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.App.Steering.AddActivity(ctx, admin.Actor(), id, steering.ActivityInput{Kind: "call", On: "2026-01-05", Notes: "Notiz " + name}); err != nil {
				t.Fatal(err)
			}
			return id
		}
		annas := owned("Annas Systemhaus GmbH", anna, "Kontakt Anna-Partner")
		bernds := owned("Bernds Netzwerk AG", bernd, "Kontakt Bernd-Partner")
		nobodys := s.Assessed(admin.Actor(), "Niemands Daten GmbH", 1, 1)

		a := s.Login(anna.Email)
		if res := a.Get("/partners/" + annas); res.Status != http.StatusOK || !strings.Contains(res.Body, "Kontakt Anna-Partner") || !strings.Contains(res.Body, "/partners/"+annas+"/activities") {
			t.Fatalf("own profile: %d, contacts and internal links expected\n%.1500s", res.Status, res.Body)
		}
		res := a.Get("/partners/" + bernds)
		if res.Status != http.StatusOK || strings.Contains(res.Body, "Kontakt Bernd-Partner") || strings.Contains(res.Body, "/partners/"+bernds+"/activities") {
			t.Fatalf("another manager's partner: %d, its public profile without contacts or internal links expected\n%.1500s", res.Status, res.Body)
		}
		for _, path := range []string{"/activities", "/assessments", "/plans", "/onboarding", "/business-case", "/ownership", "/edit"} {
			want := http.StatusNotFound
			if path == "/edit" {
				want = http.StatusForbidden
			}
			if res := a.Get("/partners/" + bernds + path); res.Status != want {
				t.Errorf("GET another manager's %s: %d, want %d", path, res.Status, want)
			}
			if res := a.Get("/partners/" + annas + path); res.Status != http.StatusOK && !(path == "/business-case" && res.Status == http.StatusNotFound) {
				t.Errorf("GET own %s: %d", path, res.Status)
			}
		}
		if res := a.JSON("GET", "/api/v1/partners/"+bernds+"/activities", nil); res.Status != http.StatusNotFound {
			t.Errorf("API activities of another manager's partner: %d", res.Status)
		}
		port := a.Get("/portfolio")
		if !strings.Contains(port.Body, "Annas Systemhaus GmbH") || !strings.Contains(port.Body, "Niemands Daten GmbH") || strings.Contains(port.Body, "Bernds Netzwerk AG") {
			t.Errorf("anna's portfolio shows her own and the unowned partner only\n%.3000s", port.Body)
		}
		if res := s.Login(admin.Email).Get("/portfolio"); !strings.Contains(res.Body, "Bernds Netzwerk AG") || !strings.Contains(res.Body, "Annas Systemhaus GmbH") {
			t.Error("the admin's portfolio shows every partner")
		}
		// The same rule over a list, in one query.
		among, err := partner.SteeredAmong(ctx, s.App.DB, anna.Actor(), []string{annas, bernds, nobodys})
		if err != nil || !among[annas] || among[bernds] || !among[nobodys] {
			t.Errorf("anna steers among the three: %v (%v), want her own and the unowned", among, err)
		}

		// Deals and marketing funds of Bernd's partner are his too.
		bpa := s.CreateUser(auth.RolePartnerAdmin, bernds).Actor()
		deal, err := s.App.Deals.Register(ctx, bpa, cosell.DealInput{Customer: cosell.Customer{Name: "Geheimkunde Logistik GmbH", Country: "DE", City: "Passau"},
			Solution: "Lagerverwaltung", ValueMinor: 5_000_000, Currency: "EUR", ExpectedClose: time.Now().AddDate(0, 3, 0).Format(time.DateOnly)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.App.Funds.SetBudget(ctx, admin.Actor(), funds.BudgetInput{OrgID: bernds, Period: funds.QuarterOf(time.Now().UTC()), AmountMinor: 1_000_000}); err != nil {
			t.Fatal(err)
		}
		fund, err := s.App.Funds.Request(ctx, bpa, funds.RequestInput{Kind: funds.KindWebinar, Title: "Geheimes Webinar", PlannedOn: time.Now().UTC().Format(time.DateOnly), RequestedMinor: 150_000})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/deals/" + deal.ID, "/api/v1/deals/" + deal.ID, "/funds/" + fund.ID} {
			if res := a.Get(path); res.Status != http.StatusNotFound {
				t.Errorf("anna GET %s of Bernd's partner: %d, want 404", path, res.Status)
			}
		}
		// Nor is she told of them: the deal's and the request's notices go
		// to Bernd and the admins.
		for _, c := range []struct {
			who  *auth.User
			told bool
		}{{anna, false}, {bernd, true}, {admin, true}} {
			inbox, err := s.App.Notify.Inbox(ctx, c.who.Actor(), "", false, 50)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range inbox {
				if strings.Contains(n.Title, "Geheimkunde") || strings.Contains(n.Title, "Geheimes Webinar") {
					got = append(got, n.Title)
				}
			}
			if told := len(got) == 2; told != c.told {
				t.Errorf("%s told of Bernd's partner's deal and request: %q, want told %v", c.who.Email, got, c.told)
			}
		}
		// So are its incentive statements.
		statement := "/incentives/statements/" + bernds + "/" + s.App.Incentives.CurrentQuarter()
		if res := a.Get(statement); res.Status != http.StatusNotFound {
			t.Errorf("anna GET %s: %d, want 404", statement, res.Status)
		}
		if res := s.Login(bernd.Email).Get(statement); res.Status != http.StatusOK {
			t.Errorf("bernd GET %s: %d, want 200", statement, res.Status)
		}
		for path, marker := range map[string]string{"/deals": "Geheimkunde Logistik GmbH", "/funds": "Geheimes Webinar"} {
			if res := a.Get(path); strings.Contains(res.Body, marker) {
				t.Errorf("anna's %s lists Bernd's partner's %q", path, marker)
			}
			if res := s.Login(bernd.Email).Get(path); !strings.Contains(res.Body, marker) {
				t.Errorf("bernd's %s does not list his partner's %q", path, marker)
			}
		}

		// Anna hands her partner over to Bernd with a note.
		res = a.Form("POST", "/partners/"+annas+"/handover", url.Values{"to": {bernd.ID}, "note": {"Geschäftsführerin will Q3-Review"}, "confirmed": {"1"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/partners" {
			t.Fatalf("handover: %d to %q\n%.1500s", res.Status, res.Header.Get("Location"), res.Body)
		}
		if res := a.Get("/partners/" + annas + "/activities"); res.Status != http.StatusNotFound {
			t.Errorf("after the handover anna still reads the activities: %d", res.Status)
		}
		b := s.Login(bernd.Email)
		res = b.Get("/partners/" + annas + "/ownership")
		if res.Status != http.StatusOK {
			t.Fatalf("bernd's ownership page: %d", res.Status)
		}
		apptest.InOrder(t, res.Body, bernd.Name, "Geschäftsführerin will Q3-Review")
		inbox := func(c *apptest.Client) string { return c.Get("/inbox").Body }
		if !strings.Contains(inbox(b), "Annas Systemhaus GmbH") || !strings.Contains(inbox(a), "Annas Systemhaus GmbH") {
			t.Error("both managers are told of the handover")
		}

		// Bernd names Anna his deputy: she sees the partner again.
		if res := b.JSON("PUT", "/api/v1/partners/"+annas+"/deputies", map[string]any{"deputies": []string{anna.ID}}); res.Status != http.StatusOK {
			t.Fatalf("deputies: %d %s", res.Status, res.Body)
		}
		if res := a.Get("/partners/" + annas + "/activities"); res.Status != http.StatusOK {
			t.Errorf("a deputy reads the activities: %d", res.Status)
		}
		// A deputy may not hand over.
		if res := a.JSON("POST", "/api/v1/partners/"+annas+"/handover", map[string]string{"to": anna.ID}); res.Status != http.StatusForbidden {
			t.Errorf("a deputy's handover: %d, want 403", res.Status)
		}

		// Without the setting every manager sees every partner.
		if res := s.Login(admin.Email).JSON("PUT", "/api/v1/ownership-settings", map[string]bool{"own_only": false}); res.Status != http.StatusOK {
			t.Fatalf("setting: %d %s", res.Status, res.Body)
		}
		if res := a.Get("/partners/" + bernds + "/activities"); res.Status != http.StatusOK {
			t.Errorf("with the setting off: %d", res.Status)
		}
	})
}
