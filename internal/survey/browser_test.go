package survey_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// A partner admin finds the survey by the badge in the navigation, answers
// it and agrees to be named; its manager then reads the answer with the
// partner's name.
func TestBrowserPartnerAnswersTheSurvey(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	manager := s.CreateUser(auth.RoleManager, "")
	o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Zufrieden Systemhaus GmbH"), Published: new(true), ManagerID: new(manager.ID)})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.App.Survey.Start(ctx, auth.System)
	if err != nil {
		t.Fatal(err)
	}
	b.Login(s.CreateUser(auth.RolePartnerAdmin, o.ID).Email)
	if badge := b.Text(`header nav a[href="/survey"] .badge`); badge != "1" {
		t.Errorf("the survey's badge reads %q", badge)
	}
	b.Click(`header nav a[href="/survey"]`)
	b.Click(`main a[href="/survey/rounds/` + r.ID + `/answer"]`)
	b.CheckLabels("the survey form")
	b.Do("answer", chromedp.Click(chromedp.CSS(`input[name=score][value="9"]`)), chromedp.Click(chromedp.CSS(`input[name=answer_1][value="4"]`)),
		chromedp.SendKeys(chromedp.ID("sv-answer_3"), "Mehr gemeinsame Kundentermine, bitte."), chromedp.Click(chromedp.CSS(`input[name=named]`)))
	b.Click(`main form button[type=submit]`)
	if flash := b.Text("main"); !strings.Contains(flash, "Thank you! Your answer was saved.") {
		t.Fatalf("after answering the page reads:\n%s", flash)
	}
	if n := apptest.Eval[int](b, `document.querySelectorAll('header nav a[href="/survey"] .badge').length`); n != 0 {
		t.Errorf("the badge stays after answering")
	}
	if v := apptest.Eval[bool](b, `document.querySelector('input[name=score][value="9"]').checked && document.querySelector('input[name=named]').checked`); !v {
		t.Error("the form does not show the answer given")
	}

	b.SwitchUser(manager.Email)
	b.Open("/survey/rounds/" + r.ID)
	answers := b.Text("main")
	if !strings.Contains(answers, "Zufrieden Systemhaus GmbH") || !strings.Contains(answers, "Mehr gemeinsame Kundentermine, bitte.") {
		t.Errorf("the manager's results:\n%s", answers)
	}
	b.CheckConsole()
}
