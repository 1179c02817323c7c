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

// The scenario: a prospect cannot be moved to "contract" without a
// business case until an override with a reason is given, and the board
// card shows what is missing.
func TestBrowserContractNeedsBusinessCaseOrReason(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	manager := s.CreateUser(auth.RoleManager, "")
	p, err := s.App.Pipeline.Create(ctx, manager.Actor(), lifecycle.CreateInput{LegalName: "Ohne Zahlen GmbH"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Pipeline.MoveWith(ctx, manager.Actor(), p.OrgID, lifecycle.MoveInput{Stage: lifecycle.BusinessCase, OverrideReason: "C-Level-Termin im Messegespräch"}); err != nil {
		t.Fatal(err)
	}
	card := `article[data-org="` + p.OrgID + `"]`

	b.Login(manager.Email)
	b.Open("/pipeline")
	if got := b.Text(card + " .gate-missing"); !strings.Contains(got, "Missing for “Contract”:") || !strings.Contains(got, "Business case breaking even within 12 months") {
		t.Errorf("the card says %q, want what it lacks for the contract", got)
	}
	b.Do("choose contract", chromedp.SetValue(chromedp.ID("stage-"+p.OrgID), "contract"))
	b.Click(card + " .move-form button")
	if got := b.Text("#error-summary"); !strings.Contains(got, "This move needs evidence that is missing.") || !strings.Contains(got, "Missing: a business case that breaks even within 12 months.") {
		t.Fatalf("the refusal reads %q", got)
	}
	if got := b.Text("#current-stage"); got != "Business case" {
		t.Fatalf("after the refusal the prospect is at %q", got)
	}
	// An empty reason is no override.
	b.Click("#move-form button[type=submit]")
	if got := b.Text("#current-stage"); got != "Business case" {
		t.Fatalf("without a reason the prospect moved to %q", got)
	}
	b.CheckLabels("the refused move")
	b.Fill("#override_reason", "Der Business Case wird mit dem Vertrag gerechnet")
	b.Click("#move-form button[type=submit]")
	if got := b.Text("#current-stage"); got != "Contract" {
		t.Fatalf("with a reason the prospect is at %q, want Contract", got)
	}
	if got := b.Text("#history tbody tr:last-child"); !strings.Contains(got, "Moved without") || !strings.Contains(got, "Reason: Der Business Case wird mit dem Vertrag gerechnet") {
		t.Errorf("the history's last change reads %q", got)
	}
	b.CheckConsole("409")
}
