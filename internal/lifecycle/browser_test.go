package lifecycle_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/lifecycle"
)

// The scenario: a recruiter sees only its own prospects.
func TestBrowserRecruiterSeesOnlyOwnProspects(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	mine, theirs := s.CreateUser(auth.RoleRecruiter, ""), s.CreateUser(auth.RoleRecruiter, "")
	own, err := s.App.Pipeline.Create(ctx, mine.Actor(), lifecycle.CreateInput{LegalName: "Eigene Aussicht GmbH", NextStep: "Erstgespräch"})
	if err != nil {
		t.Fatal(err)
	}
	foreign, err := s.App.Pipeline.Create(ctx, theirs.Actor(), lifecycle.CreateInput{LegalName: "Fremde Aussicht AG"})
	if err != nil {
		t.Fatal(err)
	}

	b.Login(mine.Email)
	// The dashboard lists the recruiter's own prospects only.
	if card := b.Text("#my-prospects"); !strings.Contains(card, "Eigene Aussicht GmbH") || strings.Contains(card, "Fremde Aussicht AG") {
		t.Errorf("the recruiter's dashboard card reads %q", card)
	}
	b.Open("/pipeline/" + own.OrgID)
	b.CheckLabels("the prospect's page")
	nav := b.Text("header nav")
	if !strings.Contains(nav, "Pipeline") || strings.Contains(nav, "directory") || strings.Contains(nav, "Portfolio") {
		t.Errorf("a recruiter's navigation reads %q: want the pipeline only", nav)
	}
	b.Open("/pipeline")
	board := b.Text("#board")
	if !strings.Contains(board, "Eigene Aussicht GmbH") {
		t.Fatalf("the recruiter's own prospect is not on the board:\n%s", board)
	}
	if strings.Contains(board, "Fremde Aussicht AG") {
		t.Fatal("the board shows another recruiter's prospect")
	}
	// The other's prospect does not exist for this recruiter.
	b.Open("/pipeline/" + foreign.OrgID)
	if h := b.Text("main h1"); h != "Not found" {
		t.Errorf("another recruiter's prospect shows %q, want Not found", h)
	}
	// Moving the own prospect by keyboard-friendly form.
	b.Open("/pipeline")
	b.Do("choose qualified", chromedp.SetValue(chromedp.ID("stage-"+own.OrgID), "qualified"))
	b.Click(`article[data-org="` + own.OrgID + `"] .move-form button`)
	b.Open("/pipeline")
	if got := b.Text(`#stage-qualified article[data-org="` + own.OrgID + `"] h3`); got != "Eigene Aussicht GmbH" {
		t.Errorf("after the move the prospect is not under qualified: %q", got)
	}
	b.CheckConsole("/pipeline/" + foreign.OrgID) // the 404 asked for above
}
