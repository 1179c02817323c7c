package portfolio_test

import (
	"context"
	"html"
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
	"pakt/internal/portfolio"
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

// The public self-assessment asks each criterion in the second person, with
// the criterion's own question in the visitor's language; an admin edits
// the questions where the criteria are edited, and a criterion without a
// question in a language is asked by its description.
func TestSelfAssessmentQuestionsInTheSecondPerson(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		visitor := s.Anonymous()
		for lang, want := range map[string][]string{
			"de": {"<legend>Kundenbasis im Zielsegment</legend>", "<p>Haben Sie Kunden in dem Segment, für das unser Angebot gemacht ist?</p>", "<p>Ist jetzt der richtige Zeitpunkt für Sie?</p>"},
			"en": {"<legend>Customer base in the target segment</legend>", "<p>Do you have customers in the segment our offering is made for?</p>", "<p>Is now the right time for you?</p>"},
		} {
			visitor.Lang = lang
			page := visitor.Get("/ideal-partner")
			for _, w := range want {
				if !strings.Contains(page.Body, w) {
					t.Errorf("%s: the public page lacks %q", lang, w)
				}
			}
			for _, third := range []string{"Hat der Partner", "Does the partner", "des Partners", "the partner's"} {
				if strings.Contains(page.Body, third) {
					t.Errorf("%s: the public page speaks of the partner: %q", lang, third)
				}
			}
		}

		ctx := context.Background()
		all, err := s.App.Portfolio.Criteria(ctx, &auth.Actor{Role: auth.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		var c *portfolio.Criterion
		for _, x := range all {
			if x.Slug == "customer-base" {
				c = x
			}
		}
		admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
		admin.Lang = "en"
		if page := admin.Get("/portfolio/criteria"); !strings.Contains(page.Body, `name="self_question_de" lang="de" maxlength="300" value="Haben Sie Kunden in dem Segment, für das unser Angebot gemacht ist?"`) {
			t.Fatal("the criteria page does not offer the question of the self-assessment")
		}
		form := func(de, en string) url.Values {
			v := url.Values{"form_id": {c.ID}, "axis": {c.Axis}, "name_de": {c.NameDE}, "name_en": {c.NameEN}, "weight": {strconv.Itoa(c.Weight)},
				"position": {strconv.Itoa(c.Position)}, "slug": {c.Slug}, "description_de": {c.DescriptionDE}, "description_en": {c.DescriptionEN},
				"active": {"on"}, "published": {"on"}, "self_question_de": {de}, "self_question_en": {en}}
			for level := range portfolio.MaxScore + 1 {
				v.Set("anchor_de_"+strconv.Itoa(level), c.Anchor("de", level))
				v.Set("anchor_en_"+strconv.Itoa(level), c.Anchor("en", level))
			}
			return v
		}
		r := admin.Form("POST", "/portfolio/criteria/"+c.ID, form("Wie viele Ihrer Kunden gehören zum Zielsegment?", "Line\nbreak"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="`+c.ID+`-self_question_en-err"`) || !strings.Contains(r.Body, `value="Wie viele Ihrer Kunden gehören zum Zielsegment?"`) {
			t.Fatalf("a question with a line break: %d", r.Status)
		}
		if r := admin.Form("POST", "/portfolio/criteria/"+c.ID, form("Wie viele Ihrer Kunden gehören zum Zielsegment?", "")); r.Status != http.StatusSeeOther {
			t.Fatalf("saving the questions: %d\n%.800s", r.Status, r.Body)
		}
		visitor.Lang = "de"
		if page := visitor.Get("/ideal-partner"); !strings.Contains(page.Body, "<p>Wie viele Ihrer Kunden gehören zum Zielsegment?</p>") {
			t.Error("the public page does not ask the edited German question")
		}
		// Without an English question the visitor is still asked, by the
		// criterion's name, and not told about "the partner".
		visitor.Lang = "en"
		if page := visitor.Get("/ideal-partner"); !strings.Contains(page.Body, "<p>"+html.EscapeString("How would you rate your company on “"+c.NameEN+"”?")+"</p>") ||
			strings.Contains(page.Body, html.EscapeString(c.DescriptionEN)) {
			t.Error("without an English question the public page does not ask the visitor by the criterion's name")
		}

		// The API edits the questions too, and serves them.
		if r := admin.JSON("PATCH", "/api/v1/criteria/"+c.ID, map[string]any{"self_question_en": "How many of your customers are in the target segment?"}); r.Status != http.StatusOK {
			t.Fatalf("PATCH the English question: %d %s", r.Status, r.Body)
		}
		if r := visitor.Get("/api/v1/self-assessment/questions"); !strings.Contains(r.Body, `"question":"How many of your customers are in the target segment?","topic":"Customer base in the target segment"`) {
			t.Errorf("the questions of the API: %s", r.Body)
		}
	})
}

// Criteria are named in the reader's language: on the public page and its
// result in the visitor's, and where staff read a prospect's answers in
// theirs, whatever language the company answered in.
func TestSelfAssessmentNamesInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	de, err := s.App.Portfolio.Questions(ctx, "de")
	if err != nil {
		t.Fatal(err)
	}
	en, err := s.App.Portfolio.Questions(ctx, "en")
	if err != nil {
		t.Fatal(err)
	}
	answers := url.Values{}
	for _, q := range de {
		answers.Set("answer_"+q.CriterionID, "3")
	}
	for lang, qs := range map[string][]portfolio.Question{"de": de, "en": en} {
		visitor := s.Anonymous()
		visitor.Lang = lang
		page := visitor.Get("/ideal-partner")
		r := visitor.Form("POST", "/ideal-partner", answers)
		for _, q := range qs {
			if !strings.Contains(page.Body, "<legend>"+html.EscapeString(q.Topic)+"</legend>") || !strings.Contains(r.Body, "<li><strong>"+html.EscapeString(q.Topic)+"</strong>") {
				t.Errorf("%s: the page or its result does not name %q", lang, q.Topic)
			}
		}
	}
	if de[0].Topic == en[0].Topic {
		t.Fatalf("the first criterion has one name in both languages: %q", de[0].Topic)
	}

	// A German company leaves its details; English staff read its answers.
	visitor := s.Anonymous()
	visitor.Lang = "de"
	with := url.Values{}
	for k, v := range answers {
		with[k] = v
	}
	for k, v := range map[string]string{"contact_me": "on", "company": "Sprachwahl GmbH", "name": "Sara Sprach", "email": "sara@sprachwahl.example", "consent": "on"} {
		with.Set(k, v)
	}
	if r := visitor.Form("POST", "/ideal-partner", with); r.Status != 200 {
		t.Fatalf("with contact: %d", r.Status)
	}
	res, _ := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Sprachwahl"})
	if res.Total != 1 {
		t.Fatalf("prospect: %+v", res.Hits)
	}
	staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	staff.Lang = "en"
	page := staff.Get("/partners/" + res.Hits[0].ID + "/assessments")
	for i, q := range en {
		if !strings.Contains(page.Body, "<li>"+html.EscapeString(q.Topic)+": <strong>3</strong></li>") {
			t.Errorf("the English page lacks the answer on %q", q.Topic)
		}
		if strings.Contains(page.Body, "<li>"+html.EscapeString(de[i].Topic)+":") {
			t.Errorf("the English page names %q in German", de[i].Topic)
		}
	}
}

// TestSelfAssessmentCountryIsChosenByName: the visitor picks its country
// from a list by name in its language, not by typing a code.
func TestSelfAssessmentCountryIsChosenByName(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	for lang, order := range map[string][]string{
		"de": {`<option value="BE" >Belgien</option>`, `<option value="DE" >Deutschland</option>`, `<option value="AT" >Österreich</option>`},
		"en": {`<option value="AT" >Austria</option>`, `<option value="BE" >Belgium</option>`, `<option value="DE" >Germany</option>`},
	} {
		v := s.Anonymous()
		v.Lang = lang
		body := v.Get("/ideal-partner").Body
		if !strings.Contains(body, `<select id="country" name="country"`) {
			t.Fatalf("%s: no country list", lang)
		}
		apptest.InOrder(t, body, order...)
	}
}
