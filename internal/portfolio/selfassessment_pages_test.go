package portfolio_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

func countOrgs(t *testing.T, s *apptest.Server) int {
	t.Helper()
	res, err := s.App.Partners.Search(context.Background(), &auth.Actor{Role: auth.RoleAdmin}, partner.Query{})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

func TestSelfAssessment(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		questions, err := s.App.Portfolio.Questions(ctx, "de")
		if err != nil || len(questions) != 6 {
			t.Fatalf("a new installation asks %d questions, want 6: %v", len(questions), err)
		}
		form := func(score int) url.Values {
			v := url.Values{}
			for _, q := range questions {
				v.Set("answer_"+q.CriterionID, strconv.Itoa(score))
			}
			return v
		}
		visitor := s.Anonymous()
		visitor.Lang = "de"
		page := visitor.Get("/ideal-partner")
		if page.Status != 200 || !strings.Contains(page.Body, questions[0].Question) {
			t.Fatalf("public page: %d", page.Status)
		}
		for _, word := range []string{"Vampir", "Schatten", "Vampire", "Shadow", "Held der Arbeit", "Kandidat", "quadrant"} {
			if strings.Contains(page.Body, word) {
				t.Errorf("the public page says %q", word)
			}
		}

		// Anonymous: a result, and nothing but a count is stored.
		r := visitor.Form("POST", "/ideal-partner", form(5))
		if r.Status != 200 || !strings.Contains(r.Body, "100 %") || !strings.Contains(r.Body, "passt sehr gut") {
			t.Fatalf("anonymous answer: %d\n%.500s", r.Status, r.Body)
		}
		for _, word := range []string{"Vampir", "Schatten", "Held der Arbeit", "Kandidat"} {
			if strings.Contains(r.Body, word) {
				t.Errorf("the result says %q", word)
			}
		}
		if n := countOrgs(t, s); n != 0 {
			t.Fatalf("an anonymous self-assessment stored %d organisations", n)
		}

		// A missing answer and contact details without consent are refused,
		// naming what is wrong, and the answers stay in the form.
		v := form(4)
		v.Del("answer_" + questions[1].CriterionID)
		v.Set("contact_me", "on")
		v.Set("company", "Neugier GmbH")
		v.Set("email", "kein-at")
		r = visitor.Form("POST", "/ideal-partner", v)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Pflichtfeld") || !strings.Contains(r.Body, "Keine gültige E-Mail-Adresse.") ||
			!strings.Contains(r.Body, "Bitte stimmen Sie der Speicherung zu") || !strings.Contains(r.Body, `value="Neugier GmbH"`) {
			t.Fatalf("bad form: %d\n%.1500s", r.Status, r.Body)
		}

		// With contact details the company becomes a prospect with its
		// answers.
		v = form(2)
		for k, x := range map[string]string{"contact_me": "on", "company": "Neugier GmbH", "name": "Nina Neu", "email": "nina@neugier.example", "consent": "on"} {
			v.Set(k, x)
		}
		r = visitor.Form("POST", "/ideal-partner", v)
		if r.Status != 200 || !strings.Contains(r.Body, "Wir melden uns") {
			t.Fatalf("with contact: %d\n%.500s", r.Status, r.Body)
		}
		res, _ := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Neugier"})
		if res.Total != 1 || res.Hits[0].Kind != partner.KindProspect {
			t.Fatalf("prospect: %+v", res.Hits)
		}
		staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
		staff.Lang = "en"
		if page := staff.Get("/partners/" + res.Hits[0].ID + "/assessments"); !strings.Contains(page.Body, "self-assessment") || !strings.Contains(page.Body, "Fit by self-assessment: 40 %") {
			t.Fatalf("the prospect's answers are not on its assessment page")
		}
		o, _ := s.App.Partners.Get(ctx, auth.System, res.Hits[0].ID)
		if len(o.Contacts) != 1 || o.Contacts[0].Email != "nina@neugier.example" {
			t.Fatalf("prospect contact: %+v", o.Contacts)
		}

		// A robot that fills the hidden field is answered and forgotten.
		v.Set("website", "http://spam.example")
		v.Set("company", "Spam GmbH")
		if r := visitor.Form("POST", "/ideal-partner", v); r.Status != 200 {
			t.Fatalf("honeypot: %d", r.Status)
		}
		if res, _ := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Spam"}); res.Total != 0 {
			t.Fatal("the honeypot submission was stored")
		}
		// The API has the same trap.
		answers := map[string]int{}
		for _, q := range questions {
			answers[q.CriterionID] = 4
		}
		robot := s.Anonymous()
		if r := robot.JSON("POST", "/api/v1/self-assessment", map[string]any{"answers": answers, "website": "http://spam.example",
			"contact": map[string]any{"company": "Spam API GmbH", "name": "Robo", "email": "robo@spam.example", "consent": true}}); r.Status != 200 {
			t.Fatalf("honeypot through the API: %d %s", r.Status, r.Body)
		}
		if res, _ := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Spam"}); res.Total != 0 {
			t.Fatal("the honeypot submission through the API was stored")
		}
		counts, err := s.App.Portfolio.SelfAssessmentCounts(ctx, &auth.Actor{Role: auth.RoleManager}, time.Now().AddDate(0, 0, -1))
		if err != nil || counts.Completed != 2 || counts.Contacted != 1 {
			t.Fatalf("counts %+v, %v: want 2 completed, 1 contacted", counts, err)
		}

		// The address is slowed down after 10 tests an hour.
		var last *apptest.Response
		for range 10 {
			last = visitor.Form("POST", "/ideal-partner", form(3))
		}
		if last.Status != http.StatusTooManyRequests {
			t.Fatalf("the 13th test within an hour: %d, want 429", last.Status)
		}
		if secs, err := strconv.Atoi(last.Header.Get("Retry-After")); err != nil || secs < 3000 || secs > 3600 {
			t.Errorf("Retry-After %q, want the rest of the hour", last.Header.Get("Retry-After"))
		}
	})
}

// A company that decides to leave its details after seeing its result
// keeps its answers: the result carries them in its contact form, a refused
// contact form shows them again, and the test is counted once.
func TestSelfAssessmentContactAfterTheResult(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		questions, err := s.App.Portfolio.Questions(ctx, "en")
		if err != nil || len(questions) == 0 {
			t.Fatal(err)
		}
		answers := url.Values{}
		for i, q := range questions {
			answers.Set("answer_"+q.CriterionID, strconv.Itoa(i%6))
		}
		visitor := s.Anonymous()
		visitor.Lang = "en"
		r := visitor.Form("POST", "/ideal-partner", answers)
		if r.Status != 200 || !strings.Contains(r.Body, `id="contact-form"`) {
			t.Fatalf("the result without contact details: %d\n%.1500s", r.Status, r.Body)
		}
		for i, q := range questions {
			if want := `<input type="hidden" name="answer_` + q.CriterionID + `" value="` + strconv.Itoa(i%6) + `">`; !strings.Contains(r.Body, want) {
				t.Errorf("the result's contact form lacks the answer %q", want)
			}
		}

		// The form as the result sends it, without consent: refused, and
		// the answers are still chosen.
		later := url.Values{}
		for k, v := range answers {
			later[k] = v
		}
		for k, v := range map[string]string{"contact_me": "on", "repeat": "1", "company": "Zögernd AG", "name": "Zoe Zögernd", "email": "zoe@zoegernd.example"} {
			later.Set(k, v)
		}
		r = visitor.Form("POST", "/ideal-partner", later)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `<input type="hidden" name="repeat" value="1">`) {
			t.Fatalf("contact details without consent: %d", r.Status)
		}
		for i, q := range questions {
			if want := `name="answer_` + q.CriterionID + `" value="` + strconv.Itoa(i%6) + `" required checked`; !strings.Contains(r.Body, want) {
				t.Errorf("the refused form lost the answer %q", want)
			}
		}
		later.Set("consent", "on")
		if r = visitor.Form("POST", "/ideal-partner", later); r.Status != 200 || !strings.Contains(r.Body, "We will get in touch") || strings.Contains(r.Body, `id="contact-form"`) {
			t.Fatalf("with consent: %d", r.Status)
		}
		res, _ := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Zögernd"})
		if res.Total != 1 {
			t.Fatalf("prospect: %+v", res.Hits)
		}
		counts, err := s.App.Portfolio.SelfAssessmentCounts(ctx, &auth.Actor{Role: auth.RoleManager}, time.Now().AddDate(0, 0, -1))
		if err != nil || counts.Completed != 1 || counts.Contacted != 1 {
			t.Fatalf("counts %+v, %v: want 1 completed, 1 contacted", counts, err)
		}
	})
}

// The consent box links the privacy policy when one is configured, in the
// visitor's language, and shows no link otherwise.
func TestSelfAssessmentPrivacyLink(t *testing.T) {
	t.Parallel()
	with := apptest.StartWith(t, func(c *app.Config) { c.PrivacyURL = "https://example.com/datenschutz" })
	for lang, text := range map[string]string{"de": "Unsere Datenschutzerklärung", "en": "Our privacy policy"} {
		v := with.Anonymous()
		v.Lang = lang
		page := v.Get("/ideal-partner")
		if want := `<a href="https://example.com/datenschutz" target="_blank" rel="noopener">` + text; page.Status != 200 || !strings.Contains(page.Body, want) {
			t.Errorf("%s: the page lacks %q", lang, want)
		}
		if !strings.Contains(page.Body, `name="consent" aria-describedby="privacy-link"`) {
			t.Errorf("%s: the consent does not point to the link", lang)
		}
	}
	without := apptest.Start(t)
	if page := without.Anonymous().Get("/ideal-partner"); page.Status != 200 || strings.Contains(page.Body, "privacy-link") {
		t.Errorf("without a privacy policy the page links one: %d", page.Status)
	}
}
