package lifecycle_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/lifecycle"
)

// addProspect posts the new-prospect form as c and returns the prospect's
// id.
func addProspect(t *testing.T, c *apptest.Client, form url.Values) string {
	t.Helper()
	r := c.Form("POST", "/pipeline", form)
	id, ok := strings.CutPrefix(r.Header.Get("Location"), "/pipeline/")
	if r.Status != http.StatusSeeOther || !ok {
		t.Fatalf("new prospect %s: %d %s\n%.500s", form.Get("legal_name"), r.Status, r.Header.Get("Location"), r.Body)
	}
	return id
}

// section returns the HTML of the dashboard card with the id, "" without.
func section(body, id string) string {
	start := strings.Index(body, `<section class="card recruiter-`)
	for start >= 0 {
		end := strings.Index(body[start:], "</section>")
		if end < 0 {
			return ""
		}
		s := body[start : start+end]
		if strings.Contains(s, `id="`+id+`"`) {
			return s
		}
		next := strings.Index(body[start+end:], `<section class="card recruiter-`)
		if next < 0 {
			return ""
		}
		start += end + next
	}
	return ""
}

// TestRecruiterDashboardAndProspectPage: a recruiter's dashboard shows its
// own prospects, the next steps due or overdue and its funnel, and a
// prospect's page shows the company with its contact, notes and
// self-assessment, and a link to the partner it became to those who may
// see it. A manager keeps its dashboard; a partner sees none of it.
func TestRecruiterDashboardAndProspectPage(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		recruiterUser := s.CreateUser(auth.RoleRecruiter, "")
		recruiter := s.Login(recruiterUser.Email)
		rival := s.Login(s.CreateUser(auth.RoleRecruiter, "").Email)
		manager := s.Login(s.CreateUser(auth.RoleManager, "").Email)
		partnerAdmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, s.Org("Partner Eins GmbH")).Email)

		today := time.Now().UTC()
		day := func(d int) string { return today.AddDate(0, 0, d).Format(time.DateOnly) }
		alpha := addProspect(t, recruiter, url.Values{"legal_name": {"Alpha Systeme GmbH"}, "domain": {"alpha.example"}, "city": {"Köln"}, "country": {"DE"},
			"next_step": {"Geschäftsführung anrufen"}, "due_on": {day(-1)}})
		addProspect(t, recruiter, url.Values{"legal_name": {"Beta Consulting AG"}, "next_step": {"Angebot schicken"}, "due_on": {day(3)}})
		addProspect(t, recruiter, url.Values{"legal_name": {"Delta IT"}, "next_step": {"Später melden"}, "due_on": {day(30)}})
		epsilon := addProspect(t, recruiter, url.Values{"legal_name": {"Epsilon Data"}})
		addProspect(t, rival, url.Values{"legal_name": {"Gamma Solutions"}, "next_step": {"Geheim"}, "due_on": {day(-2)}})
		if r := recruiter.Form("POST", "/pipeline/"+alpha+"/stage", url.Values{"stage": {"qualified"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("move alpha: %d", r.Status)
		}
		lose := url.Values{"stage": {"lost"}, "lost_reason": {"kein Bedarf"}}
		if r := recruiter.Form("POST", "/pipeline/"+epsilon+"/stage", lose); r.Status != http.StatusOK || !strings.Contains(r.Body, "Reason for the loss: kein Bedarf") {
			t.Fatalf("lose epsilon unconfirmed: %d\n%.2000s", r.Status, r.Body)
		}
		if r := recruiter.Get("/pipeline/" + epsilon); strings.Contains(r.Body, `id="current-stage">Verloren<`) || strings.Contains(r.Body, `id="current-stage">Lost<`) {
			t.Fatalf("an unconfirmed move changed the stage:\n%.2000s", r.Body)
		}
		lose.Set("confirmed", "1")
		if r := recruiter.Form("POST", "/pipeline/"+epsilon+"/stage", lose); r.Status != http.StatusSeeOther {
			t.Fatalf("lose epsilon: %d", r.Status)
		}

		home := recruiter.Get("/")
		if home.Status != http.StatusOK {
			t.Fatalf("dashboard: %d", home.Status)
		}
		if strings.Contains(home.Body, "once the recruitment pipeline is enabled") {
			t.Error("the dashboard still shows the placeholder")
		}
		mine := section(home.Body, "my-prospects")
		for _, want := range []string{"Alpha Systeme GmbH", "Beta Consulting AG", "Delta IT", `href="/pipeline/` + alpha + `"`, "Qualified"} {
			if !strings.Contains(mine, want) {
				t.Errorf("my prospects lack %q:\n%s", want, mine)
			}
		}
		for _, not := range []string{"Gamma Solutions", "Epsilon Data"} {
			if strings.Contains(home.Body, not) {
				t.Errorf("the dashboard shows %q", not)
			}
		}
		due := section(home.Body, "due-steps")
		a, b := strings.Index(due, "Geschäftsführung anrufen"), strings.Index(due, "Angebot schicken")
		if a < 0 || b < a || !strings.Contains(due, "1 overdue") || strings.Contains(due, "Delta IT") {
			t.Errorf("the due steps are not alpha (overdue), then beta, without delta:\n%s", due)
		}
		funnel := section(home.Body, "my-funnel")
		row := regexp.MustCompile(`<tr data-stage="identified"><th scope="row">Identified</th><td class="num">(\d+)</td><td class="num">(\d+)</td><td class="num">([^<]+)</td>`).FindStringSubmatch(funnel)
		if row == nil || row[1] != "4" || row[2] != "1" || row[3] != "25 %" {
			t.Errorf("the funnel's first row is %q, want 4 entered, 1 moved on, 25 %%:\n%s", row, funnel)
		}
		if !strings.Contains(funnel, "Won: 0 · Lost: 1") {
			t.Errorf("the funnel does not count the ends:\n%s", funnel)
		}

		// German: the cards speak it too.
		recruiter.Lang = "de"
		if de := recruiter.Get("/"); !strings.Contains(de.Body, "Meine Interessenten") || !strings.Contains(de.Body, "1 überfällig") || !strings.Contains(de.Body, "Mein Trichter") {
			t.Errorf("the German dashboard:\n%.3000s", section(de.Body, "due-steps"))
		}
		recruiter.Lang = "en"

		// A manager's dashboard stays as it was; a partner's shows none of it.
		if r := manager.Get("/"); r.Status != http.StatusOK || strings.Contains(r.Body, `id="my-prospects"`) {
			t.Errorf("the manager's dashboard: %d, recruiter cards: %v", r.Status, strings.Contains(r.Body, `id="my-prospects"`))
		}
		if r := partnerAdmin.Get("/"); strings.Contains(r.Body, `id="my-prospects"`) || strings.Contains(r.Body, "Alpha Systeme") {
			t.Error("the partner's dashboard shows the recruiter's cards")
		}

		// The prospect's page: the company, and notes the recruiter keeps.
		if r := recruiter.Form("POST", "/pipeline/"+alpha, url.Values{"notes": {"Erstgespräch am Montag.\nInteresse an Azure."}}); r.Status != http.StatusSeeOther {
			t.Fatalf("save notes: %d\n%.500s", r.Status, r.Body)
		}
		page := recruiter.Get("/pipeline/" + alpha)
		for _, want := range []string{`<a href="https://alpha.example" rel="noopener noreferrer">alpha.example</a>`, "Köln, Germany", "<p>Erstgespräch am Montag.</p><p>Interesse an Azure.</p>",
			"entered by hand", "Geschäftsführung anrufen"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the prospect's page lacks %q", want)
			}
		}
		if strings.Contains(page.Body, `id="partner-link"`) || strings.Contains(page.Body, `id="self-assessment"`) {
			t.Error("the page of a prospect not won and not self-assessed links a partner or shows answers")
		}
		for who, c := range map[string]*apptest.Client{"partner admin": partnerAdmin, "another recruiter": rival} {
			if r := c.Get("/pipeline/" + alpha); r.Status != http.StatusNotFound || strings.Contains(r.Body, "Alpha Systeme") || strings.Contains(r.Body, "Erstgespräch") {
				t.Errorf("%s opens the prospect: %d", who, r.Status)
			}
		}

		// A company that assessed itself and left its details: its contact
		// and answers show to the recruiter it is given to.
		ctx := context.Background()
		questions, err := s.App.Portfolio.Questions(ctx, "en")
		if err != nil || len(questions) == 0 {
			t.Fatalf("questions: %v", err)
		}
		answers := map[string]int{}
		for i, q := range questions {
			answers[q.CriterionID] = i % 6
		}
		visitor := s.Anonymous()
		if r := visitor.JSON("POST", "/api/v1/self-assessment", map[string]any{"answers": answers,
			"contact": map[string]any{"company": "Zeta Digital GmbH", "name": "Zora Zeta", "email": "zora@zeta.example", "phone": "+49 221 123456", "consent": true}}); r.Status != http.StatusOK {
			t.Fatalf("self-assessment: %d %s", r.Status, r.Body)
		}
		cols, err := s.App.Pipeline.Board(ctx, auth.System, lifecycle.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		zeta := ""
		for _, c := range cols[0].Cards {
			if c.Name == "Zeta Digital GmbH" {
				zeta = c.OrgID
			}
		}
		if zeta == "" {
			t.Fatal("the self-assessed company is not in the pipeline")
		}
		if r := recruiter.Get("/pipeline/" + zeta); r.Status != http.StatusNotFound {
			t.Fatalf("the recruiter opens an unassigned prospect: %d", r.Status)
		}
		if r := manager.Form("POST", "/pipeline/"+zeta, url.Values{"owner_id": {recruiterUser.ID}}); r.Status != http.StatusSeeOther {
			t.Fatalf("assign: %d\n%.500s", r.Status, r.Body)
		}
		page = recruiter.Get("/pipeline/" + zeta)
		for _, want := range []string{"Zora Zeta", `href="mailto:zora@zeta.example"`, `href="tel:&#43;49%20221%20123456"`, "public self-assessment", `id="self-assessment"`,
			questions[0].Topic, "0 of 5", questions[1].Topic, "1 of 5", "Fit: "} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the self-assessed prospect's page lacks %q", want)
			}
		}
		if r := partnerAdmin.Get("/pipeline/" + zeta); r.Status != http.StatusNotFound || strings.Contains(r.Body, "Zora") {
			t.Errorf("the partner opens the self-assessed prospect: %d", r.Status)
		}

		// Won: the page links the partner it became for whoever may see it;
		// the recruiter, who has no directory, gets no link.
		if r := manager.Form("POST", "/pipeline/"+alpha+"/stage", url.Values{"stage": {"won"}, "override_reason": {"Vorstand hat zugestimmt"}, "confirmed": {"1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("win alpha: %d\n%.500s", r.Status, r.Body)
		}
		if r := manager.Get("/pipeline/" + alpha); !strings.Contains(r.Body, `<a href="/partners/`+alpha+`" id="partner-link">`) {
			t.Errorf("the manager's page of a won prospect has no link to the partner:\n%.500s", r.Body)
		}
		if r := recruiter.Get("/pipeline/" + alpha); r.Status != http.StatusOK || strings.Contains(r.Body, `id="partner-link"`) {
			t.Errorf("the recruiter's page of its won prospect: %d, link %v", r.Status, strings.Contains(r.Body, `id="partner-link"`))
		}
		if r := recruiter.Get("/partners/" + alpha); r.Status != http.StatusNotFound {
			t.Errorf("the recruiter opens the partner: %d", r.Status)
		}
		if r := recruiter.Get("/"); !strings.Contains(section(r.Body, "my-funnel"), "Won: 1 · Lost: 1") || strings.Contains(section(r.Body, "my-prospects"), "Alpha Systeme") {
			t.Errorf("after the win the dashboard reads:\n%s\n%s", section(r.Body, "my-prospects"), section(r.Body, "my-funnel"))
		}
	})
}
