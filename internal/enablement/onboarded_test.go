package enablement_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/enablement"
	"pakt/internal/partner"
)

// TestLastOnboardingTaskMakesThePartnerActive: a partner in onboarding
// stays in onboarding while a task is open; when its partner admin ticks
// the last one on the page, the partner is active, the audit log says the
// programme made it so, and its manager finds it in the inbox.
func TestLastOnboardingTaskMakesThePartnerActive(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		org := s.Org("Abschluss GmbH")
		admin := s.CreateUser(auth.RoleAdmin, "")
		manager := s.CreateUser(auth.RoleManager, "")
		if _, err := s.App.Partners.Update(ctx, auth.System, org, partner.Input{Status: new("onboarding"), ManagerID: &manager.ID}); err != nil {
			t.Fatal(err)
		}
		var tasks []*enablement.Task
		for _, in := range []enablement.TaskInput{
			{TitleDE: "Zugang einrichten", TitleEN: "Set up access", Responsible: "programme", DueOn: "2026-12-01"},
			{TitleDE: "Vertrag unterschreiben", TitleEN: "Sign the contract", Responsible: "partner", DueOn: "2026-12-02"},
		} {
			task, err := s.App.Enablement.AddTask(ctx, admin.Actor(), org, in)
			if err != nil {
				t.Fatal(err)
			}
			tasks = append(tasks, task)
		}
		status := func() string {
			t.Helper()
			o, err := s.App.Partners.Get(ctx, auth.System, org)
			if err != nil {
				t.Fatal(err)
			}
			return o.Status
		}
		staff := s.Login(admin.Email)
		if r := staff.Form("POST", "/partners/"+org+"/onboarding/"+tasks[0].ID, url.Values{"done": {"1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("staff ticks its task: %d\n%.1000s", r.Status, r.Body)
		}
		if got := status(); got != "onboarding" {
			t.Fatalf("with one task open the partner is %q, want onboarding", got)
		}
		partnerAdmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
		if r := partnerAdmin.Form("POST", "/partners/"+org+"/onboarding/"+tasks[1].ID, url.Values{"done": {"1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("partner admin ticks the last task: %d\n%.1000s", r.Status, r.Body)
		}
		if got := status(); got != "active" {
			t.Fatalf("after the last task the partner is %q, want active", got)
		}
		log := staff.Get("/api/v1/audit?object_id=" + org)
		if !strings.Contains(log.Body, `"actor":"system","action":"update","object_type":"organisation"`) || !strings.Contains(log.Body, `\"status\":\"active\"`) {
			t.Errorf("the audit log does not record the partner becoming active:\n%.2000s", log.Body)
		}
		m := s.Login(manager.Email)
		m.Lang = "de"
		if inbox := html.UnescapeString(m.Get("/inbox").Body); !strings.Contains(inbox, "Abschluss GmbH hat das Onboarding abgeschlossen") {
			t.Errorf("the manager is not told:\n%.3000s", inbox)
		}
		// Unticking a task leaves an active partner active.
		if r := staff.Form("POST", "/partners/"+org+"/onboarding/"+tasks[0].ID, url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("untick: %d", r.Status)
		}
		if got := status(); got != "active" {
			t.Errorf("after unticking a task the partner is %q, want active", got)
		}
	})
}
