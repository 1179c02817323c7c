package portfolio_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// bySlug returns the active criteria by slug.
func bySlug(t *testing.T, s *apptest.Server) map[string]*portfolio.Criterion {
	t.Helper()
	all, err := s.App.Portfolio.Criteria(context.Background(), &auth.Actor{Role: auth.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*portfolio.Criterion{}
	for _, c := range all {
		if c.Active {
			out[c.Slug] = c
		}
	}
	return out
}

// An admin makes a profile that counts only the customer base and the
// strategic fit; a manager assesses a partner in it and in the default
// profile, and the portfolio, filtered by profile, places the partner
// differently in each.
func TestProfilePagesAndThePortfolioByProfile(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		criteria := bySlug(t, s)
		org := s.Org("Dienstleister Nord GmbH")
		admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
		admin.Lang = "en"
		r := admin.Form("POST", "/portfolio/profiles", url.Values{"form_id": {"new"}, "name_de": {"Managed-Service-Partner"}, "name_en": {"Managed service partner"},
			"can_threshold": {"70"}, "will_threshold": {"30"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("creating a profile: %d\n%.800s", r.Status, r.Body)
		}
		path := r.Header.Get("Location")
		id := strings.TrimPrefix(path, "/portfolio/profiles/")
		page := admin.Get(path)
		if page.Status != 200 || !strings.Contains(page.Body, `id="profile-form"`) || !strings.Contains(page.Body, `value="managed-service-partner"`) {
			t.Fatalf("the new profile's page: %d", page.Status)
		}
		weights := func(bad string) url.Values {
			v := url.Values{"form_id": {"profile"}, "name_de": {"Managed-Service-Partner"}, "name_en": {"Managed service partner"}, "slug": {"managed-service-partner"},
				"can_threshold": {"70"}, "will_threshold": {"30"}, "public": {"on"}}
			for slug, c := range criteria {
				w := "0"
				if slug == "customer-base" || slug == "strategic-fit" {
					w = "10"
				}
				v.Set("weight_"+c.ID, w)
			}
			if bad != "" {
				v.Set("weight_"+criteria["timing"].ID, bad)
			}
			return v
		}
		r = admin.Form("POST", path, weights("-3"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="w-`+criteria["timing"].ID+`-err"`) || !strings.Contains(r.Body, `value="-3"`) {
			t.Fatalf("a negative weight: %d", r.Status)
		}
		if r := admin.Form("POST", path, weights("")); r.Status != http.StatusSeeOther {
			t.Fatalf("saving the weights: %d\n%.800s", r.Status, r.Body)
		}
		list := admin.Get("/portfolio/profiles")
		if !strings.Contains(list.Body, ">Managed service partner</a>") || !strings.Contains(list.Body, ">Default profile</a> <span class=\"badge\">Default</span>") ||
			!strings.Contains(list.Body, `href="/ideal-partner?profile=managed-service-partner"`) {
			t.Fatal("the list of profiles lacks the new public profile or the default")
		}

		// The manager assesses: CAN 1 but the customer base 5, WILL 4 but
		// the strategic fit 1. Default: CAN 40, WILL 62 – a vampire.
		// Managed service: CAN 100 against 70, WILL 20 against 30 – a
		// candidate.
		manager := s.Login(s.CreateUser(auth.RoleManager, "").Email)
		manager.Lang = "en"
		form := func(profile string) url.Values {
			v := url.Values{"profile_id": {profile}}
			for slug, c := range criteria {
				score := "1"
				switch {
				case slug == "customer-base":
					score = "5"
				case slug == "strategic-fit":
					score = "1"
				case c.Axis == portfolio.AxisWill:
					score = "4"
				}
				v.Set("score_"+c.ID, score)
			}
			return v
		}
		page = manager.Get("/partners/" + org + "/assessments?profile=" + id)
		if !strings.Contains(page.Body, `<input type="hidden" name="profile_id" value="`+id+`">`) ||
			!strings.Contains(page.Body, html.EscapeString("Assessment in the profile “Managed service partner” (thresholds: CAN 70, WILL 30)")) ||
			!strings.Contains(page.Body, "Reputation <span class=\"muted\">(Weight 0)</span>") {
			t.Fatal("the assessment form does not assess in the chosen profile with its weights")
		}
		r = manager.Form("POST", "/partners/"+org+"/assessments", form(id))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("assessing in the profile: %d\n%.800s", r.Status, r.Body)
		}
		if page := manager.Get(r.Header.Get("Location")); !strings.Contains(page.Body, ">Candidate</span>") || !strings.Contains(page.Body, ">Managed service partner</a>") {
			t.Fatal("the assessment does not show its quadrant in its profile and the profile's name")
		}
		if r := manager.Form("POST", "/partners/"+org+"/assessments", form("")); r.Status != http.StatusSeeOther {
			t.Fatalf("assessing in the default profile: %d", r.Status)
		}
		page = manager.Get("/partners/" + org + "/assessments")
		if !strings.Contains(page.Body, `id="latest-default"`) || !strings.Contains(page.Body, `id="latest-`+id+`"`) || !strings.Contains(page.Body, "<td>Managed service partner</td>") {
			t.Fatal("the assessments page does not show the latest assessment per profile")
		}

		if r := manager.Get("/api/v1/partners/" + org + "/assessments?profile=" + id); strings.Count(r.Body, `"profile_id":"`+id+`"`) != 1 || strings.Contains(r.Body, `"profile_id":"default"`) {
			t.Fatalf("the partner's assessments in the profile: %s", r.Body)
		}
		listed := func(query string) string {
			t.Helper()
			p := manager.Get("/portfolio?" + query)
			if p.Status != 200 {
				t.Fatalf("portfolio %s: %d", query, p.Status)
			}
			return p.Body
		}
		if body := listed("quadrant=vampire"); !strings.Contains(body, ">Dienstleister Nord GmbH</a>") || !strings.Contains(body, "Profile: Default profile") {
			t.Fatal("the default portfolio does not list the partner as a vampire")
		}
		if body := listed("profile=" + id + "&quadrant=candidate"); !strings.Contains(body, ">Dienstleister Nord GmbH</a>") ||
			!strings.Contains(body, "Profile: Managed service partner") || !strings.Contains(body, "Thresholds: CAN 70, WILL 30") ||
			!strings.Contains(body, `href="/partners/`+org+`/assessments?profile=`+id+`"`) {
			t.Fatal("the managed-service portfolio does not list the partner as a candidate with its thresholds")
		}
		if body := listed("profile=" + id + "&quadrant=vampire"); strings.Contains(body, ">Dienstleister Nord GmbH</a>") {
			t.Fatal("the managed-service portfolio lists the partner as a vampire")
		}
		if r := manager.Get("/api/v1/portfolio?profile=" + id); !strings.Contains(r.Body, `"profile":"`+id+`"`) || !strings.Contains(r.Body, `"quadrant":"candidate"`) {
			t.Fatalf("the API's portfolio of the profile: %s", r.Body)
		}
		if r := manager.Get("/api/v1/portfolio?profile=nope"); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("the portfolio of an unknown profile: %d", r.Status)
		}
		// Steering goes by the default profile: a vampire warns.
		if q, err := s.App.Portfolio.Warning(context.Background(), &auth.Actor{Role: auth.RoleManager, UserID: "m"}, org, false); err != nil || q != string(portfolio.Vampire) {
			t.Fatalf("the warning before time goes to the partner: %q, %v", q, err)
		}

		// Managers read a profile; only admins change it.
		page = manager.Get(path)
		if page.Status != 200 || strings.Contains(page.Body, `id="profile-form"`) || !strings.Contains(page.Body, "CAN 70 · WILL 30") {
			t.Fatalf("a manager's view of the profile: %d", page.Status)
		}
		// Archived, the profile takes no assessment; the form says so.
		arch := weights("")
		arch.Set("archived", "on")
		if r := admin.Form("POST", path, arch); r.Status != http.StatusSeeOther {
			t.Fatalf("archiving: %d", r.Status)
		}
		r = manager.Form("POST", "/partners/"+org+"/assessments", form(id))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "This profile is archived") {
			t.Fatalf("assessing in an archived profile: %d", r.Status)
		}
		if page := manager.Get("/portfolio/profiles"); !strings.Contains(page.Body, "<td>archived</td>") {
			t.Fatal("the list does not say the profile is archived")
		}
	})
}

// A public profile is offered in the self-assessment: the visitor chooses
// it, is asked its questions in the second person, and gets a result
// after its weights and thresholds; a profile not offered does not exist.
func TestSelfAssessmentByProfile(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		criteria := bySlug(t, s)
		admin := &auth.Actor{UserID: "a", Name: "Admin", Role: auth.RoleAdmin}
		weights := map[string]int{}
		for slug, c := range criteria {
			weights[c.ID] = 0
			if slug == "customer-base" || slug == "strategic-fit" {
				weights[c.ID] = 10
			}
		}
		cloud, err := s.App.Portfolio.SaveProfile(ctx, admin, "", portfolio.ProfileInput{NameDE: ptr("Cloud-Integrationspartner"), NameEN: ptr("Cloud integration partner"),
			CanThreshold: ptr(90), WillThreshold: ptr(90), Public: ptr(true), Weights: weights})
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := s.App.Portfolio.SaveProfile(ctx, admin, "", portfolio.ProfileInput{NameDE: ptr("Intern"), NameEN: ptr("Internal")})
		if err != nil {
			t.Fatal(err)
		}
		visitor := s.Anonymous()
		visitor.Lang = "de"
		page := visitor.Get("/ideal-partner")
		if !strings.Contains(page.Body, `href="/ideal-partner?profile=`+cloud.Slug+`"`) {
			t.Fatal("the public page does not offer the public profile")
		}
		if strings.Contains(page.Body, "Intern") {
			t.Fatal("the public page offers an internal profile")
		}
		page = visitor.Get("/ideal-partner?profile=" + cloud.Slug)
		if page.Status != 200 || !strings.Contains(page.Body, `<input type="hidden" name="profile" value="`+cloud.Slug+`">`) ||
			!strings.Contains(page.Body, html.EscapeString("Sie beantworten die Fragen für: Cloud-Integrationspartner")) ||
			!strings.Contains(page.Body, "<p>Haben Sie Kunden in dem Segment, für das unser Angebot gemacht ist?</p>") ||
			!strings.Contains(page.Body, "<p>Passt eine Partnerschaft mit uns zu Ihrer Strategie?</p>") {
			t.Fatalf("the profile's public page: %d", page.Status)
		}
		if strings.Contains(page.Body, "Ist jetzt der richtige Zeitpunkt für Sie?") {
			t.Fatal("the profile asks a criterion it weighs 0")
		}
		// 5 and 3 of equal weight: 80 %, which the default thresholds call
		// very good and this profile's (90) not yet.
		v := url.Values{"profile": {cloud.Slug}, "answer_" + criteria["customer-base"].ID: {"5"}, "answer_" + criteria["strategic-fit"].ID: {"3"},
			"contact_me": {"on"}, "company": {"Wolkenbau GmbH"}, "name": {"Eva Klar"}, "email": {"eva@wolkenbau.example"}, "consent": {"on"}}
		r := visitor.Form("POST", "/ideal-partner", v)
		if r.Status != 200 || !strings.Contains(r.Body, "80 %") || !strings.Contains(r.Body, "Bis zu einer Partnerschaft sind noch einige Schritte nötig.") {
			t.Fatalf("the profile's result: %d\n%.1500s", r.Status, r.Body)
		}
		// Answers of another profile's questions are refused.
		bad := url.Values{"profile": {cloud.Slug}, "answer_" + criteria["customer-base"].ID: {"5"}, "answer_" + criteria["strategic-fit"].ID: {"3"},
			"answer_" + criteria["timing"].ID: {"3"}}
		if r := visitor.Form("POST", "/ideal-partner", bad); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("an answer the profile does not ask: %d", r.Status)
		}
		staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
		res, err := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Wolkenbau"})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("the prospect: %v", err)
		}
		if r := staff.Get("/api/v1/partners/" + res.Hits[0].ID + "/self-assessments"); !strings.Contains(r.Body, `"profile_id":"`+cloud.ID+`"`) || !strings.Contains(r.Body, `"fit_tenths":800`) {
			t.Fatalf("the stored self-assessment: %s", r.Body)
		}
		if r := visitor.Get("/api/v1/self-assessment/profiles"); !strings.Contains(r.Body, `"slug":"`+cloud.Slug+`","name":"Cloud-Integrationspartner"`) || strings.Contains(r.Body, hidden.Slug) {
			t.Fatalf("the offered profiles: %s", r.Body)
		}
		if r := visitor.Get("/api/v1/self-assessment/questions?profile=" + cloud.Slug); strings.Count(r.Body, `"criterion_id"`) != 2 {
			t.Fatalf("the profile's questions: %s", r.Body)
		}
		for _, path := range []string{"/ideal-partner?profile=" + hidden.Slug, "/api/v1/self-assessment/questions?profile=" + hidden.Slug, "/ideal-partner?profile=nope"} {
			if r := visitor.Get(path); r.Status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, r.Status)
			}
		}
		if _, err := s.App.Portfolio.SaveProfile(ctx, admin, cloud.ID, portfolio.ProfileInput{Archived: ptr(true)}); err != nil {
			t.Fatal(err)
		}
		if r := visitor.Get("/ideal-partner?profile=" + cloud.Slug); r.Status != http.StatusNotFound {
			t.Errorf("an archived profile's public page: %d", r.Status)
		}
		if page := visitor.Get("/ideal-partner"); strings.Contains(page.Body, `id="profiles"`) {
			t.Error("with one profile offered the page still offers a choice")
		}
	})
}
