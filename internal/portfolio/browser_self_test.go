package portfolio_test

import (
	"context"
	"testing"

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
