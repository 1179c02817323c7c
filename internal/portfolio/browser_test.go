package portfolio_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// The scenario: a manager assesses a partner and sees it land in
// the right quadrant of the matrix.
func TestBrowserManagerAssessesAndSeesTheQuadrant(t *testing.T) {
	s := apptest.Start(t)
	b := apptest.NewBrowser(t, s.URL)
	ctx := context.Background()
	o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Held Partner GmbH"), Published: new(true)})
	if err != nil {
		t.Fatal(err)
	}
	manager := s.CreateUser(auth.RoleManager, "")
	criteria, err := s.App.Portfolio.Criteria(ctx, manager.Actor())
	if err != nil {
		t.Fatal(err)
	}
	b.Login(manager.Email)

	assess := func(can, will int) {
		t.Helper()
		b.Open("/partners/" + o.ID + "/assessments")
		for _, c := range criteria {
			score := can
			if c.Axis == portfolio.AxisWill {
				score = will
			}
			b.Do("rate "+c.Slug, chromedp.Click(chromedp.CSS(`input[name="score_`+c.ID+`"][value="`+strconv.Itoa(score)+`"]`)))
		}
		b.Click(`#assessment-form button[type=submit]`)
	}
	// matrixPoint reads the partner's point on the matrix: its quadrant and
	// whether it lies inside that quadrant's area.
	matrixPoint := func() (quadrant string, inside bool) {
		t.Helper()
		b.Open("/portfolio")
		quadrant = apptest.Eval[string](b, `document.querySelector('circle[data-org="`+o.ID+`"]').dataset.quadrant`)
		inside = apptest.Eval[bool](b, `(() => {
			const dot = document.querySelector('circle[data-org="`+o.ID+`"]').getBoundingClientRect();
			const area = document.querySelector('rect.q-`+quadrant+`').getBoundingClientRect();
			const x = dot.x + dot.width/2, y = dot.y + dot.height/2;
			// A score of 0 or 100 lies on the area's edge: half a pixel of rounding is inside.
			return x >= area.left - 1 && x <= area.right + 1 && y >= area.top - 1 && y <= area.bottom + 1;
		})()`)
		return quadrant, inside
	}

	assess(5, 4)
	if got := b.Text("#quadrant"); got != "Hero" {
		t.Fatalf("after rating CAN 5 and WILL 4 the assessment reads %q, want Hero", got)
	}
	if q, inside := matrixPoint(); q != "hero" || !inside {
		t.Fatalf("on the matrix the partner is %q (inside its area: %v), want inside the Hero area", q, inside)
	}
	if got := b.Text("#count-hero td.num"); got != "1" {
		t.Errorf("Hero count %q, want 1", got)
	}

	assess(1, 5)
	if got := b.Text("#quadrant"); got != "Vampire" {
		t.Fatalf("after rating CAN 1 and WILL 5 the assessment reads %q, want Vampire", got)
	}
	// The hero lost CAN: the seed's action for heroes is said at once.
	if got := b.Text(".flash"); !strings.Contains(got, "This hero is losing ground: care for it and protect it from competitors.") {
		t.Errorf("after a hero's drop the page says %q", got)
	}
	if q, inside := matrixPoint(); q != "vampire" || !inside {
		t.Fatalf("on the matrix the partner is %q (inside its area: %v), want inside the Vampire area", q, inside)
	}
	b.Open("/partners/" + o.ID + "/assessments")
	if n := apptest.Eval[int](b, `document.querySelectorAll("#history tbody tr").length`); n != 2 {
		t.Errorf("history lists %d assessments, want 2", n)
	}
	b.CheckConsole()
}

// TestBrowserMatrixGroupsShowsNamesAndListsAQuadrant: partners with the same
// scores are one point with their count; a focused point shows its
// partner's name; a click on a quadrant lists its partners with their last
// assessment, and "only my partners" narrows the list to the manager's.
func TestBrowserMatrixGroupsShowsNamesAndListsAQuadrant(t *testing.T) {
	s := apptest.Start(t)
	ctx := context.Background()
	manager := s.CreateUser(auth.RoleManager, "")
	other := s.CreateUser(auth.RoleManager, "")
	// A programme whose managers see every partner: "only my partners"
	// narrows their list.
	if _, err := s.App.Partners.SetOwnershipSettings(ctx, auth.System, partner.OwnershipSettings{OwnOnly: false}); err != nil {
		t.Fatal(err)
	}
	criteria, err := s.App.Portfolio.Criteria(ctx, manager.Actor())
	if err != nil {
		t.Fatal(err)
	}
	assess := func(name, managerID string, can, will int) string {
		t.Helper()
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true), ManagerID: new(managerID)})
		if err != nil {
			t.Fatal(err)
		}
		in := portfolio.AssessmentInput{AssessedOn: "2026-11-20", Ratings: rate(criteria, can, will)}
		if _, err := s.App.Portfolio.Assess(ctx, manager.Actor(), o.ID, in); err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	assess("Ohnmacht AG", manager.ID, 1, 1)
	assess("Zögerlich GmbH", other.ID, 1, 1)
	single := assess("Ärmel & Co KG", manager.ID, 0, 1)
	assess("Glanz GmbH", manager.ID, 5, 5)

	b := apptest.NewBrowser(t, s.URL)
	b.Login(manager.Email)
	b.Open("/portfolio")
	if n := apptest.Eval[int](b, `document.querySelectorAll('.matrix circle[data-orgs]').length`); n != 1 {
		t.Fatalf("%d grouped points, want 1 for the two shadows with the same scores", n)
	}
	if got := apptest.Eval[string](b, `document.querySelector('.matrix a.point text.count').textContent`); got != "2" {
		t.Errorf("the grouped point reads %q, want its count 2", got)
	}
	b.Do("focus a point", chromedp.Focus(chromedp.CSS(`.matrix a.point:has(circle[data-org="`+single+`"])`)))
	b.WaitFor("the tooltip", `!document.querySelector('.tooltip').hidden`)
	if got := b.Text(".tooltip"); got != "Ärmel & Co KG: CAN 0, WILL 20 (Shadow)" {
		t.Errorf("the focused point's tooltip reads %q", got)
	}
	b.Navigate("click the shadow quadrant", chromedp.Click(chromedp.CSS(`a.quadrant:has(rect.q-shadow)`)))
	if got := b.Text("#quadrant-list h2"); got != "Shadow: 3 partners" {
		t.Errorf("the quadrant's list is headed %q", got)
	}
	names := apptest.Eval[[]string](b, `[...document.querySelectorAll('#quadrant-list tbody tr td:first-child')].map(td => td.textContent)`)
	if strings.Join(names, "|") != "Ärmel & Co KG|Ohnmacht AG|Zögerlich GmbH" {
		t.Errorf("the shadows listed are %v, want them by name", names)
	}
	if got := b.Text("#quadrant-list tbody tr:first-child td:nth-child(4)"); got != "20 Nov 2026" {
		t.Errorf("the last assessment reads %q", got)
	}
	b.Navigate("only mine", chromedp.Click(chromedp.CSS(`#quadrant-list .actions a`)))
	names = apptest.Eval[[]string](b, `[...document.querySelectorAll('#quadrant-list tbody tr td:first-child')].map(td => td.textContent)`)
	if strings.Join(names, "|") != "Ärmel & Co KG|Ohnmacht AG" {
		t.Errorf("my shadows are %v", names)
	}
	b.CheckConsole()
}
