package portfolio_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// The scenario: a company fills in the public self-assessment and
// appears as a prospect.
func TestBrowserCompanySelfAssessesAndBecomesAProspect(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	questions, err := s.App.Portfolio.Questions(ctx, "en")
	if err != nil || len(questions) == 0 {
		t.Fatalf("questions: %v", err)
	}

	b.Open("/ideal-partner")
	for _, q := range questions {
		b.Do("answer "+q.Topic, chromedp.Click(chromedp.CSS(`input[name="answer_`+q.CriterionID+`"][value="4"]`)))
	}
	b.Do("tick contact me", chromedp.Click(chromedp.ID("contact_me")))
	b.Fill("#company", "Zukunft Digital GmbH")
	b.Fill("#name", "Zora Zukunft")
	b.Fill("#email", "zora@zukunft.example")
	b.Do("consent", chromedp.Click(chromedp.CSS(`input[name="consent"]`)))
	b.Click(`#self-form button[type=submit]`)
	if got := b.Text("#fit"); got != "80 %" {
		t.Errorf("fit reads %q, want 80 %%", got)
	}
	if got := b.Text("#fit-text"); got != "A partnership fits your company very well." {
		t.Errorf("result text %q", got)
	}

	res, err := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Zukunft Digital"})
	if err != nil || res.Total != 1 || res.Hits[0].Kind != partner.KindProspect {
		t.Fatalf("the company is not a prospect: %+v, %v", res, err)
	}
	// Staff find it as a prospect with its answers.
	manager := s.CreateUser(auth.RoleManager, "")
	b.Login(manager.Email)
	b.Open("/partners?kind=prospect")
	if got := b.Text("#dir .hit h3 a"); got != "Zukunft Digital GmbH" {
		t.Errorf("first prospect in the directory: %q", got)
	}
	b.Open("/pipeline")
	if got := b.Text(`#stage-identified article[data-org="` + res.Hits[0].ID + `"] h3`); got != "Zukunft Digital GmbH" {
		t.Errorf("the company is not on the pipeline board as identified: %q", got)
	}
	b.Open("/partners/" + res.Hits[0].ID + "/assessments")
	if got := b.Text(".self h2"); got == "" {
		t.Error("the prospect's self-assessment is not shown")
	}
	b.CheckConsole()
}

// The defect: a company that first looks at its result and then
// decides to leave its contact details lost its answers and had to fill in
// the test again. Now the result offers the contact details at once and
// sends the answers along; the company becomes a prospect with the very
// answers it gave, and the test is counted once.
func TestBrowserContactDetailsAfterTheResultKeepTheAnswers(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	questions, err := s.App.Portfolio.Questions(ctx, "en")
	if err != nil || len(questions) == 0 {
		t.Fatalf("questions: %v", err)
	}

	b.Open("/ideal-partner")
	for i, q := range questions {
		b.Do("answer "+q.Topic, chromedp.Click(chromedp.CSS(`input[name="answer_`+q.CriterionID+`"][value="`+strconv.Itoa(i%6)+`"]`)))
	}
	b.Click(`#self-form button[type=submit]`)
	if got := b.Text("#fit-text"); got == "" {
		t.Fatal("no result")
	}
	// Having seen the result, the company wants to talk after all.
	if n := apptest.Eval[int](b, `document.querySelectorAll("#contact-form #company").length`); n != 1 {
		t.Fatalf("the result offers no way to leave contact details with the answers given (%d forms)", n)
	}
	b.Fill("#company", "Später Entschlossen GmbH")
	b.Fill("#name", "Sina Später")
	b.Fill("#email", "sina@spaeter.example")
	b.Do("consent", chromedp.Click(chromedp.CSS(`#contact-form input[name="consent"]`)))
	b.Click(`#contact-form button[type=submit]`)
	if got := b.Text("#result"); !strings.Contains(got, "We will get in touch") {
		t.Fatalf("after leaving the details: %q", got)
	}

	res, err := s.App.Partners.Search(ctx, &auth.Actor{Role: auth.RoleAdmin}, partner.Query{Text: "Später Entschlossen"})
	if err != nil || res.Total != 1 {
		t.Fatalf("the company is not a prospect: %+v, %v", res, err)
	}
	staff := &auth.Actor{Role: auth.RoleManager}
	self, err := s.App.Portfolio.SelfAssessments(ctx, staff, res.Hits[0].ID)
	if err != nil || len(self) != 1 {
		t.Fatalf("self-assessments of the prospect: %+v, %v", self, err)
	}
	got := map[string]int{}
	for _, a := range self[0].Answers {
		got[a.CriterionID] = a.Score
	}
	for i, q := range questions {
		if got[q.CriterionID] != i%6 {
			t.Errorf("%s: stored %d, answered %d", q.Topic, got[q.CriterionID], i%6)
		}
	}
	counts, err := s.App.Portfolio.SelfAssessmentCounts(ctx, staff, time.Now().AddDate(0, 0, -1))
	if err != nil || counts.Completed != 1 || counts.Contacted != 1 {
		t.Errorf("counts %+v, %v: want one test, completed once, with contact", counts, err)
	}
	b.CheckConsole()
}
