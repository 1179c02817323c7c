package portfolio_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// The seed's actions per quadrant, as alerts on a new assessment: a hero
// that loses CAN or WILL is to be cared for, a shadow whose CAN rises is
// worth a closer look. Thresholds 50/50 (scores in tenths).
func TestAlertOf(t *testing.T) {
	tests := []struct {
		name                       string
		prevCan, prevWill, can, wi int
		want                       string
	}{
		{"hero loses WILL, still a hero", 800, 800, 800, 700, portfolio.AlertHeroDropped},
		{"hero loses CAN below the threshold", 800, 800, 400, 800, portfolio.AlertHeroDropped},
		{"hero loses a tenth", 500, 500, 499, 500, portfolio.AlertHeroDropped},
		{"hero unchanged", 800, 800, 800, 800, ""},
		{"hero gains", 800, 800, 900, 850, ""},
		{"hero trades WILL for CAN", 800, 800, 900, 790, portfolio.AlertHeroDropped},
		{"shadow gains CAN", 200, 200, 300, 200, portfolio.AlertShadowRising},
		{"shadow becomes candidate", 400, 100, 600, 100, portfolio.AlertShadowRising},
		{"shadow gains WILL only (towards vampire)", 200, 200, 200, 450, ""},
		{"shadow loses", 300, 300, 100, 300, ""},
		{"candidate loses CAN: no alert", 700, 200, 600, 200, ""},
		{"vampire changes: no alert", 200, 800, 400, 700, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := portfolio.AlertOf(tt.prevCan, tt.prevWill, tt.can, tt.wi, 50, 50); got != tt.want {
				t.Fatalf("AlertOf(%d, %d → %d, %d) = %q, want %q", tt.prevCan, tt.prevWill, tt.can, tt.wi, got, tt.want)
			}
		})
	}
}

// A hero's drop tells its manager (in the manager's language, linking to
// the assessment), not the manager who made it; an assessment dated back
// tells no one; a shadow without a manager tells the admins.
func TestAssessmentAlertsTellTheManager(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := &clock{now: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		s := portfolio.NewService(d, c.Now)
		s.Notify = notify.NewService(d, c.Now, nil, slog.New(slog.DiscardHandler))
		if err := s.EnsureDefaults(ctx); err != nil {
			t.Fatal(err)
		}
		users := auth.NewService(d, c.Now)
		users.Password = auth.PasswordParams{Memory: 1024, Time: 1, Threads: 1}
		user := func(email string, role auth.Role, lang string) *auth.Actor {
			u, err := users.CreateUser(ctx, auth.System, auth.UserInput{Email: ptr(email), Name: ptr(email), Role: &role, Lang: ptr(lang), Password: ptr("a long password 2026")})
			if err != nil {
				t.Fatal(err)
			}
			return &auth.Actor{UserID: u.ID, Name: u.Name, Role: role, Lang: lang}
		}
		owner, colleague, admin := user("owner@pakt.example", auth.RoleManager, "en"), user("colleague@pakt.example", auth.RoleManager, "de"),
			user("admin@pakt.example", auth.RoleAdmin, "de")
		orgs := partner.NewService(d, c.Now)
		mk := func(name, manager string) string {
			o, err := orgs.Create(ctx, auth.System, partner.Input{LegalName: ptr(name), ManagerID: ptr(manager)})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		hero, shadow := mk("Held GmbH", owner.UserID), mk("Schatten KG", "")
		// The colleague stands in for the owner, so sees and assesses the hero.
		if _, err := orgs.SetDeputies(ctx, admin, hero, []string{colleague.UserID}); err != nil {
			t.Fatal(err)
		}
		criteria, err := s.Criteria(ctx, admin)
		if err != nil {
			t.Fatal(err)
		}
		assess := func(who *auth.Actor, org string, can, will int, on string) *portfolio.Assessment {
			t.Helper()
			as, err := s.Assess(ctx, who, org, portfolio.AssessmentInput{Ratings: rate(criteria, can, will), AssessedOn: on})
			if err != nil {
				t.Fatal(err)
			}
			return as
		}
		inbox := func(a *auth.Actor) []*notify.Notification {
			t.Helper()
			items, err := s.Notify.Inbox(ctx, a, "", false, 10)
			if err != nil {
				t.Fatal(err)
			}
			return items
		}

		if as := assess(colleague, hero, 4, 4, "2026-02-01"); as.Quadrant != portfolio.Hero || as.Alert != "" {
			t.Fatalf("a first assessment: %s, alert %q; want a hero without an alert", as.Quadrant, as.Alert)
		}
		c.now = c.now.Add(time.Hour)
		dropped := assess(colleague, hero, 4, 3, "")
		if dropped.Alert != portfolio.AlertHeroDropped {
			t.Fatalf("WILL 80 → 60: alert %q, want %q", dropped.Alert, portfolio.AlertHeroDropped)
		}
		got := inbox(owner)
		if len(got) != 1 || got[0].Title != "A hero is losing ground: Held GmbH" || got[0].Link != "/assessments/"+dropped.ID {
			t.Fatalf("the hero's manager's inbox: %+v", got)
		}
		for lang, want := range map[string]string{"de": "KANN 80 → 80, WILL 80 → 60 Punkte", "en": "CAN 80 → 80, WILL 80 → 60 points"} {
			if body := i18n.T(lang, got[0].Kind+".body", "Held GmbH", "80", "80", "80", "60"); !strings.Contains(body, want) || strings.Contains(body, "%!") {
				t.Errorf("the mail's text in %s: %q, want it to say %q", lang, body, want)
			}
		}
		if n := len(inbox(colleague)) + len(inbox(admin)); n != 0 {
			t.Errorf("the assessor and the admin got %d notices of a partner with a manager, want 0", n)
		}

		// Dated back before the latest: today's picture is unchanged.
		c.now = c.now.Add(time.Hour)
		if as := assess(colleague, hero, 1, 1, "2026-01-15"); as.Alert != "" {
			t.Errorf("an assessment dated back: alert %q, want none", as.Alert)
		}
		// The manager who assesses is not told what it just saw.
		c.now = c.now.Add(time.Hour)
		if as := assess(owner, hero, 3, 3, ""); as.Alert != portfolio.AlertHeroDropped {
			t.Errorf("the second drop: alert %q", as.Alert)
		}
		if n := len(inbox(owner)); n != 1 {
			t.Errorf("the manager's inbox after its own assessment: %d notices, want 1", n)
		}

		assess(colleague, shadow, 1, 1, "")
		c.now = c.now.Add(time.Hour)
		rising := assess(colleague, shadow, 2, 1, "")
		if rising.Alert != portfolio.AlertShadowRising {
			t.Fatalf("a shadow's CAN 20 → 40: alert %q, want %q", rising.Alert, portfolio.AlertShadowRising)
		}
		if got := inbox(admin); len(got) != 1 || got[0].Title != "Ein Schatten rückt in Richtung Kandidat: Schatten KG" {
			t.Errorf("the admins of a partner without a manager: %+v", got)
		}
		if n := len(inbox(colleague)); n != 0 {
			t.Errorf("the assessor got %d notices, want 0", n)
		}
	})
}

// Shadows are observed: one whose latest assessment is six months old or
// older is listed for a new look, the longest waiting first; other
// quadrants and younger assessments are not.
func TestReassessDue(t *testing.T) {
	today := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	on := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	pts := []portfolio.Point{
		{OrgID: "recent", Quadrant: portfolio.Shadow, AssessedOn: on("2026-06-08")},
		{OrgID: "exactly", Quadrant: portfolio.Shadow, AssessedOn: on("2026-06-07")},
		{OrgID: "hero", Quadrant: portfolio.Hero, AssessedOn: on("2025-01-01")},
		{OrgID: "oldest", Quadrant: portfolio.Shadow, AssessedOn: on("2025-03-01")},
		{OrgID: "vampire", Quadrant: portfolio.Vampire, AssessedOn: on("2025-01-01")},
	}
	var got []string
	for _, p := range portfolio.ReassessDue(pts, today, 6) {
		got = append(got, p.OrgID)
	}
	if want := []string{"oldest", "exactly"}; !slices.Equal(got, want) {
		t.Fatalf("due for reassessment: %v, want %v", got, want)
	}
	if got := portfolio.ReassessDue(pts, today, 0); len(got) != 0 {
		t.Errorf("switched off (0 months): %d due, want none", len(got))
	}
	if got := portfolio.ReassessDue(pts, today, 12); len(got) != 1 || got[0].OrgID != "oldest" {
		t.Errorf("after 12 months: %+v, want the oldest alone", got)
	}
}

// The portfolio page and API list the shadows due for a new assessment.
func TestPortfolioListsShadowsToReassess(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		manager := s.CreateUser(auth.RoleManager, "")
		criteria, err := s.App.Portfolio.Criteria(ctx, manager.Actor())
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now()
		for _, o := range []struct {
			name      string
			can, will int
			ago       int // months
		}{{"Alter Schatten GmbH", 1, 1, 7}, {"Junger Schatten AG", 1, 1, 5}, {"Alter Held KG", 5, 5, 9}} {
			id := s.Org(o.name)
			in := portfolio.AssessmentInput{AssessedOn: now.AddDate(0, -o.ago, 0).Format(time.DateOnly), Ratings: rate(criteria, o.can, o.will)}
			if _, err := s.App.Portfolio.Assess(ctx, manager.Actor(), id, in); err != nil {
				t.Fatal(err)
			}
		}
		c := s.Login(manager.Email)
		c.Lang = "en"
		page := c.Get("/portfolio")
		at := strings.Index(page.Body, `id="reassess"`)
		if at < 0 || !strings.Contains(page.Body, "Shadows due for reassessment (1)") {
			t.Fatalf("the portfolio page lists no shadows to reassess:\n%s", page.Body)
		}
		section := page.Body[at:]
		section = section[:strings.Index(section, "</section>")]
		if !strings.Contains(section, "Alter Schatten GmbH") || strings.Contains(section, "Junger Schatten AG") || strings.Contains(section, "Alter Held KG") {
			t.Errorf("the shadows to reassess: %s", section)
		}
		r := c.Get("/api/v1/portfolio")
		var pf struct {
			ReassessDue []struct {
				LegalName string `json:"legal_name"`
			} `json:"reassess_due"`
		}
		if err := json.Unmarshal([]byte(r.Body), &pf); err != nil || len(pf.ReassessDue) != 1 || pf.ReassessDue[0].LegalName != "Alter Schatten GmbH" {
			t.Errorf("the API's reassess_due: %+v %v (%d %s)", pf.ReassessDue, err, r.Status, r.Body)
		}
	})
}

// An admin switches the actions per quadrant off on the criteria page:
// then a hero's drop alerts no one, no shadow is listed for a new look,
// and a vampire's activities page does not warn. A month count out of
// range is refused by its field and changes nothing.
func TestQuadrantActionsSwitchOff(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		adminUser := s.CreateUser(auth.RoleAdmin, "")
		admin := s.Login(adminUser.Email)
		admin.Lang = "en"
		page := admin.Form("POST", "/portfolio/actions", url.Values{"form_id": {"actions"}, "hero_alert": {"on"}, "reassess_months": {"61"}})
		if page.Status != http.StatusUnprocessableEntity || !strings.Contains(page.Body, `id="qa-months-err"`) {
			t.Fatalf("61 months: %d\n%.3000s", page.Status, page.Body)
		}
		if x, err := s.App.Portfolio.Actions(ctx, adminUser.Actor()); err != nil || *x != (portfolio.Actions{HeroAlert: true, ShadowAlert: true, ReassessMonths: 6, WarnCandidates: true, WarnVampires: true, UpdatedAt: x.UpdatedAt}) {
			t.Fatalf("a refused form changed the actions: %+v %v", x, err)
		}
		if r := admin.Form("POST", "/portfolio/actions", url.Values{"form_id": {"actions"}, "reassess_months": {"0"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("switch everything off: %d\n%.2000s", r.Status, r.Body)
		}
		page = admin.Get("/portfolio/criteria")
		if strings.Contains(page.Body, `name="hero_alert" checked`) || strings.Contains(page.Body, `name="warn_vampires" checked`) || !strings.Contains(page.Body, `name="reassess_months" type="number" min="0" max="60" value="0"`) {
			t.Errorf("the criteria page after switching off:\n%.4000s", page.Body)
		}

		hero := s.Assessed(adminUser.Actor(), "Held GmbH", 5, 5)
		if as, err := s.App.Portfolio.Assess(ctx, adminUser.Actor(), hero, portfolio.AssessmentInput{Ratings: map[string]portfolio.RatingInput{}}); err == nil {
			t.Fatalf("an assessment without ratings was taken: %+v", as)
		}
		criteria, _ := s.App.Portfolio.Criteria(ctx, adminUser.Actor())
		if as, err := s.App.Portfolio.Assess(ctx, adminUser.Actor(), hero, portfolio.AssessmentInput{Ratings: rate(criteria, 3, 3)}); err != nil || as.Alert != "" {
			t.Errorf("a hero's drop with the alert off: alert %q, %v", as.Alert, err)
		}
		shadow := s.Org("Alter Schatten GmbH")
		old := time.Now().AddDate(0, -7, 0).Format(time.DateOnly)
		if _, err := s.App.Portfolio.Assess(ctx, adminUser.Actor(), shadow, portfolio.AssessmentInput{AssessedOn: old, Ratings: rate(criteria, 1, 1)}); err != nil {
			t.Fatal(err)
		}
		if page := admin.Get("/portfolio"); strings.Contains(page.Body, `id="reassess"`) {
			t.Error("the portfolio lists shadows to reassess though switched off")
		}
		vampire := s.Assessed(adminUser.Actor(), "Vampir AG", 1, 5)
		if page := admin.Get("/partners/" + vampire + "/activities"); strings.Contains(page.Body, `id="quadrant-warning"`) {
			t.Error("a vampire's activities page warns though switched off")
		}
	})
}
