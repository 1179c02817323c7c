package funds_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/funds"
)

// Staff set a budget through the pages; the partner's admin asks for
// funds beyond it and is told by how much, then within it; staff approve
// after the confirmation; the admin claims with proof uploaded as files,
// which only the partner and staff download, as attachments; staff pay,
// and the money view shows the payment.
func TestFundsPages(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	org := s.Org("Mittelstand Marketing GmbH")
	other := s.Org("Andere Partner AG")
	staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	admin := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
	admin.Lang = "de"
	member := s.Login(s.CreateUser(auth.RolePartnerMember, org).Email)
	stranger := s.Login(s.CreateUser(auth.RolePartnerAdmin, other).Email)
	quarter := funds.QuarterOf(time.Now().UTC())
	today := time.Now().UTC().Format(time.DateOnly)

	if res := staff.Form("POST", "/funds/budgets", url.Values{"org": {"Mittelstand Marketing"}, "period": {quarter}, "amount": {"5000"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("set budget: %d\n%.2000s", res.Status, res.Body)
	}
	if page := staff.Get("/funds/budgets?period=" + quarter); !strings.Contains(page.Body, "Mittelstand Marketing GmbH") || !strings.Contains(page.Body, "5,000 €") {
		t.Errorf("budgets page:\n%.3000s", page.Body)
	}
	form := url.Values{"kind": {"webinar"}, "title": {"Webinar Cloud-Sicherheit"}, "planned_on": {today}, "requested": {"6.000"}, "expected_leads": {"20"}}
	res := admin.Form("POST", "/funds", form)
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="fd-requested-err"`) || !strings.Contains(html.UnescapeString(res.Body), "mehr als die 5000 €") {
		t.Fatalf("a request beyond the budget: %d\n%.3000s", res.Status, res.Body)
	}
	if res := member.Form("POST", "/funds", form); res.Status != http.StatusForbidden {
		t.Errorf("a member asked for funds: %d", res.Status)
	}
	form.Set("requested", "4.000")
	res = admin.Form("POST", "/funds", form)
	if res.Status != http.StatusSeeOther {
		t.Fatalf("request: %d\n%.3000s", res.Status, res.Body)
	}
	path := res.Header.Get("Location")
	if page := stranger.Get(path); page.Status != http.StatusNotFound {
		t.Errorf("another partner read the activity: %d", page.Status)
	}
	if page := staff.Get("/funds"); !strings.Contains(page.Body, "Webinar Cloud-Sicherheit") || !strings.Contains(page.Body, "1 waiting for a decision") {
		t.Errorf("the staff's queue:\n%.3000s", page.Body)
	}
	decision := url.Values{"status": {"approved"}, "approved": {"3500"}}
	if page := staff.Form("POST", path+"/decision", decision); page.Status != http.StatusOK || !strings.Contains(page.Body, "Approve “Webinar Cloud-Sicherheit”?") {
		t.Fatalf("approval asks first: %d\n%.3000s", page.Status, page.Body)
	}
	decision.Set("confirmed", "1")
	if res := staff.Form("POST", path+"/decision", decision); res.Status != http.StatusSeeOther {
		t.Fatalf("approve: %d\n%.2000s", res.Status, res.Body)
	}

	// Staff were told of the request, the partner's admins of the approval,
	// each in the language of the page.
	if inbox := staff.Get("/inbox"); !strings.Contains(html.UnescapeString(inbox.Body), "Fund request from Mittelstand Marketing GmbH: “Webinar Cloud-Sicherheit”") {
		t.Errorf("staff's inbox:\n%.3000s", inbox.Body)
	}
	if inbox := admin.Get("/inbox"); !strings.Contains(html.UnescapeString(inbox.Body), "Mittel für „Webinar Cloud-Sicherheit“ bewilligt") {
		t.Errorf("the partner admin's inbox:\n%.3000s", inbox.Body)
	}

	// A text file named like a PDF is refused by its content, named.
	claimed := url.Values{"claimed": {"3.500"}}
	res = admin.Multipart("POST", path+"/claim", claimed, "files", map[string][]byte{"rechnung.pdf": []byte("Hallo, ich bin keine PDF.")})
	if res.Status != http.StatusUnprocessableEntity || !strings.Contains(html.UnescapeString(res.Body), "Die Datei „rechnung.pdf“ ist keine PDF-, PNG- oder JPEG-Datei.") {
		t.Fatalf("a fake PDF: %d\n%.3000s", res.Status, res.Body)
	}
	if res := admin.Multipart("POST", path+"/claim", claimed, "files", map[string][]byte{"Rechnung Webinar.pdf": pdf, "Screenshot.png": png}); res.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d\n%.3000s", res.Status, res.Body)
	}
	page := member.Get(path)
	start := strings.Index(page.Body, `href="/funds/files/`)
	if start < 0 {
		t.Fatalf("no file link on the page:\n%.4000s", page.Body)
	}
	link := page.Body[start+6 : start+6+strings.Index(page.Body[start+6:], `"`)]
	got := member.Get(link)
	if got.Status != http.StatusOK || !strings.HasPrefix(got.Header.Get("Content-Disposition"), "attachment") || got.Header.Get("X-Content-Type-Options") != "nosniff" ||
		(got.Header.Get("Content-Type") != "application/pdf" && got.Header.Get("Content-Type") != "image/png") {
		t.Errorf("download: %d %v", got.Status, got.Header)
	}
	if got := stranger.Get(link); got.Status != http.StatusNotFound {
		t.Errorf("another partner downloaded the proof: %d", got.Status)
	}
	if got := s.Anonymous().Get(link); got.Status == http.StatusOK {
		t.Errorf("anonymous downloaded the proof: %d", got.Status)
	}
	if res := staff.Form("POST", path+"/decision", url.Values{"status": {"paid"}, "confirmed": {"1"}}); res.Status != http.StatusSeeOther {
		t.Fatalf("pay: %d\n%.2000s", res.Status, res.Body)
	}
	if page := admin.Get("/funds"); !strings.Contains(page.Body, "3.500 €") || !strings.Contains(page.Body, "Ausgezahlt") {
		t.Errorf("the partner's funds page:\n%.4000s", page.Body)
	}
	money := staff.Get("/portfolio/money?period=" + quarter)
	if money.Status != http.StatusOK || !strings.Contains(money.Body, "<svg") || !strings.Contains(money.Body, "Mittelstand Marketing GmbH") || !strings.Contains(money.Body, "3,500 €") {
		t.Errorf("money view: %d\n%.4000s", money.Status, money.Body)
	}
	if res := admin.Get("/portfolio/money"); res.Status != http.StatusNotFound {
		t.Errorf("a partner saw the money view: %d", res.Status)
	}
}

// Money for a candidate or a vampire: staff are warned on the request and
// again in the approval's question; the API says why to staff only, and a
// hero's request carries no warning.
func TestFundsWarnForCandidatesAndVampires(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		managerUser := s.CreateUser(auth.RoleManager, "")
		today := time.Now().UTC().Format(time.DateOnly)
		quarter := funds.QuarterOf(time.Now().UTC())
		staff := s.Login(managerUser.Email)
		staff.Lang = "en"
		request := func(name string, can, will int) (path string, admin *apptest.Client) {
			t.Helper()
			org := s.Assessed(managerUser.Actor(), name, can, will)
			if res := staff.Form("POST", "/funds/budgets", url.Values{"org": {name}, "period": {quarter}, "amount": {"5000"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("budget of %s: %d\n%.2000s", name, res.Status, res.Body)
			}
			admin = s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
			res := admin.Form("POST", "/funds", url.Values{"kind": {"webinar"}, "title": {"Webinar " + name}, "planned_on": {today}, "requested": {"1000"}, "expected_leads": {"5"}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("request of %s: %d\n%.2000s", name, res.Status, res.Body)
			}
			return res.Header.Get("Location"), admin
		}
		candidate, candidateAdmin := request("Kann-aber-will-nicht GmbH", 5, 1)
		vampire, _ := request("Will-aber-kann-nicht AG", 1, 5)
		hero, _ := request("Held KG", 5, 5)

		for path, want := range map[string]string{candidate: "money and discounts do not buy willingness", vampire: "money spent here is missing for your heroes"} {
			page := staff.Get(path)
			if !strings.Contains(page.Body, `id="quadrant-warning"`) || !strings.Contains(page.Body, want) {
				t.Errorf("%s: the staff's page does not warn %q:\n%.3000s", path, want, page.Body)
			}
			question := staff.Form("POST", path+"/decision", url.Values{"status": {"approved"}, "approved": {"1000"}})
			if question.Status != http.StatusOK || !strings.Contains(question.Body, want) {
				t.Errorf("%s: the approval's question does not warn: %d\n%.3000s", path, question.Status, question.Body)
			}
		}
		if page := staff.Get(hero); strings.Contains(page.Body, `id="quadrant-warning"`) {
			t.Error("a hero's request warns")
		}
		id := candidate[strings.LastIndex(candidate, "/")+1:]
		if r := staff.Get("/api/v1/funds/activities/" + id); !strings.Contains(r.Body, `"warning":"candidate"`) {
			t.Errorf("the staff's API answer: %d %s", r.Status, r.Body)
		}
		if r := candidateAdmin.Get("/api/v1/funds/activities/" + id); r.Status != http.StatusOK || strings.Contains(r.Body, "warning") || strings.Contains(r.Body, "candidate") {
			t.Errorf("the partner's own API answer tells its quadrant: %d %s", r.Status, r.Body)
		}
		if page := candidateAdmin.Get(candidate); strings.Contains(page.Body, `id="quadrant-warning"`) {
			t.Error("the partner's own page shows the staff's warning")
		}
	})
}
