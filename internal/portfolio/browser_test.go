package portfolio_test

import (
	"context"
	"strconv"
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
			return x >= area.left && x <= area.right && y >= area.top && y <= area.bottom;
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
	if q, inside := matrixPoint(); q != "vampire" || !inside {
		t.Fatalf("on the matrix the partner is %q (inside its area: %v), want inside the Vampire area", q, inside)
	}
	b.Open("/partners/" + o.ID + "/assessments")
	if n := apptest.Eval[int](b, `document.querySelectorAll("#history tbody tr").length`); n != 2 {
		t.Errorf("history lists %d assessments, want 2", n)
	}
	b.CheckConsole()
}
