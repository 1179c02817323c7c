package lifecycle_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// TestOffboardingEndsAccess: a manager offboards a partner on its pages:
// with a reason, unpublishing it, confirming the handover, and, after a
// confirmation, ending it. The partner's users lose their sessions and
// API tokens at once, the partner is ended and out of the directory, and
// its page keeps the offboarding as its history.
func TestOffboardingEndsAccess(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		org := s.Org("Abschied Systeme GmbH")
		other := s.Org("Bleibt Partner AG")
		managerUser := s.CreateUser(auth.RoleManager, "")
		if _, err := s.App.Partners.Update(ctx, auth.System, org, partner.Input{ManagerID: &managerUser.ID}); err != nil {
			t.Fatal(err)
		}
		padmin := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
		token := s.TokenClient(t, padmin, 30)
		member := s.Login(s.CreateUser(auth.RolePartnerMember, org).Email)
		stays := s.Login(s.CreateUser(auth.RolePartnerAdmin, other).Email)
		for _, c := range []*apptest.Client{padmin, token, member, stays} {
			if r := c.Get("/api/v1/partners/" + org); r.Status != http.StatusOK {
				t.Fatalf("before: a partner user reads its organisation: %d", r.Status)
			}
		}

		admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
		admin.Lang = "de"
		profile := admin.Get("/partners/" + org)
		if !strings.Contains(profile.Body, `href="/partners/`+org+`/offboarding"`) {
			t.Fatalf("the partner's page does not link its offboarding")
		}
		base := "/partners/" + org + "/offboarding"
		if r := admin.Form("POST", base, url.Values{"form_id": {"start"}, "reason": {"other"}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "note") {
			t.Fatalf("reason other without a note: %d\n%.1500s", r.Status, r.Body)
		}
		if r := admin.Form("POST", base, url.Values{"form_id": {"start"}, "reason": {"conduct"}, "note": {"Kundendaten weitergegeben"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("start: %d\n%.1500s", r.Status, r.Body)
		}
		if r := admin.Form("POST", base+"/end", url.Values{"confirmed": {"1"}}); r.Status != http.StatusConflict {
			t.Fatalf("end before the checklist: %d, want 409", r.Status)
		}
		if r := admin.Form("POST", base+"/unpublish", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("unpublish: %d\n%.1500s", r.Status, r.Body)
		}
		if r := stays.Get("/api/v1/partners/" + org); r.Status != http.StatusNotFound {
			t.Errorf("another partner still finds the unpublished partner: %d", r.Status)
		}
		if r := padmin.Get("/api/v1/partners/" + org); r.Status != http.StatusOK {
			t.Errorf("the partner lost its access before the end: %d", r.Status)
		}
		if r := admin.Form("POST", base+"/handover", url.Values{"note": {"Deals an Bleibt Partner AG übergeben"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("handover: %d\n%.1500s", r.Status, r.Body)
		}
		// The irreversible step asks first and changes nothing until then.
		if r := admin.Form("POST", base+"/end", nil); r.Status != http.StatusOK || !strings.Contains(html.UnescapeString(r.Body), "Partnerschaft beenden?") {
			t.Fatalf("end without confirmation: %d\n%.1500s", r.Status, r.Body)
		}
		if r := token.Get("/api/v1/partners/" + org); r.Status != http.StatusOK {
			t.Fatalf("the question alone ended the access: %d", r.Status)
		}
		if r := admin.Form("POST", base+"/end", url.Values{"confirmed": {"1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("end: %d\n%.1500s", r.Status, r.Body)
		}

		for name, c := range map[string]*apptest.Client{"partner admin's session": padmin, "API token": token, "member's session": member} {
			if r := c.Get("/api/v1/partners/" + org); r.Status != http.StatusUnauthorized {
				t.Errorf("after the end, the %s: %d, want 401", name, r.Status)
			}
		}
		if r := stays.Get("/api/v1/partners/" + other); r.Status != http.StatusOK {
			t.Errorf("another partner's user lost its access: %d", r.Status)
		}
		o, err := s.App.Partners.Get(ctx, auth.System, org)
		if err != nil || o.Status != "ended" || o.Published {
			t.Fatalf("the ended partner: %+v, %v", o, err)
		}
		page := html.UnescapeString(admin.Get(base).Body)
		apptest.InOrder(t, page, "Beendet", "Verlauf", "Verstoß gegen den Verhaltenskodex", "Kundendaten weitergegeben", "Deals an Bleibt Partner AG übergeben", "2 Benutzer haben ihren Zugang verloren")
		if strings.Contains(page, `action="`+base+`"`) {
			t.Error("an ended partner is offered another offboarding")
		}
		profile = admin.Get("/partners/" + org)
		if !strings.Contains(html.UnescapeString(profile.Body), "Partnerschaft beendet am") || !strings.Contains(profile.Body, "Verstoß gegen den Verhaltenskodex") {
			t.Errorf("the partner's page does not tell staff of the ended partnership:\n%.3000s", profile.Body)
		}
		if strings.Contains(stays.Get("/partners/"+other).Body, "offboarding") {
			t.Error("a partner's own page mentions offboarding")
		}
		var st lifecycle.OffboardingState
		admin.Get("/api/v1"+base).JSON(t, &st)
		if len(st.History) != 1 || st.Current != nil || st.History[0].UsersEnded != 2 || st.History[0].EndedAt == nil {
			t.Errorf("the API's history: %+v", st)
		}
		m := s.Login(managerUser.Email)
		m.Lang = "de"
		if inbox := html.UnescapeString(m.Get("/inbox").Body); !strings.Contains(inbox, "Partnerschaft mit Abschied Systeme GmbH beendet") {
			t.Errorf("the partner's manager is not told:\n%.2000s", inbox)
		}
	})
}

// TestManagerAssignmentPage: an admin sets the rules on the page, in
// order, and the round robin; a manager reads them; a prospect won on the
// board goes to the manager the rules name, who finds it in the inbox.
func TestManagerAssignmentPage(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		adminUser := s.CreateUser(auth.RoleAdmin, "")
		bayern := s.CreateUser(auth.RoleManager, "")
		ann := s.CreateUser(auth.RoleManager, "")
		admin := s.Login(adminUser.Email)
		admin.Lang = "de"
		if r := admin.Form("POST", "/pipeline/assignment/rules", url.Values{"form_id": {"region"}, "kind": {"region"}, "manager_id": {bayern.ID}}); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, "Wählen Sie ein Land, nennen Sie eine Region oder beides.") {
			t.Fatalf("a region rule without a region: %d\n%.1500s", r.Status, r.Body)
		}
		for _, f := range []url.Values{
			{"form_id": {"region"}, "kind": {"region"}, "country": {"AT"}, "manager_id": {ann.ID}},
			{"form_id": {"region"}, "kind": {"region"}, "country": {"DE"}, "region": {"Bavaria"}, "manager_id": {bayern.ID}},
		} {
			if r := admin.Form("POST", "/pipeline/assignment/rules", f); r.Status != http.StatusSeeOther {
				t.Fatalf("add a rule: %d\n%.1500s", r.Status, r.Body)
			}
		}
		if r := admin.Form("POST", "/pipeline/assignment/rotation", url.Values{"manager_id": {ann.ID}}); r.Status != http.StatusSeeOther {
			t.Fatalf("rotation: %d", r.Status)
		}
		x, err := s.App.Pipeline.Assignment(context.Background(), adminUser.Actor())
		if err != nil || len(x.Rules) != 2 {
			t.Fatalf("rules: %+v, %v", x, err)
		}
		if r := admin.Form("POST", "/pipeline/assignment/rules/"+x.Rules[1].ID+"/up", nil); r.Status != http.StatusSeeOther {
			t.Fatalf("move up: %d", r.Status)
		}
		manager := s.Login(ann.Email)
		manager.Lang = "de"
		page := manager.Get("/pipeline/assignment").Body
		apptest.InOrder(t, page, "Regeln, in dieser Reihenfolge geprüft", "Deutschland, Bavaria", "Österreich", `id="rotation"`)
		if rotation := page[strings.Index(page, `id="rotation"`):]; !strings.Contains(rotation, ann.Name) {
			t.Errorf("the round robin does not list its manager:\n%.1000s", rotation)
		}
		if strings.Contains(page, `action="/pipeline/assignment/rules"`) {
			t.Error("a manager is offered to change the rules")
		}

		id := addProspect(t, admin, url.Values{"legal_name": {"Münchner Cloud GmbH"}, "country": {"DE"}, "city": {"München"}})
		if r := admin.Form("POST", "/pipeline/"+id+"/stage", url.Values{"stage": {"won"}, "override_reason": {"Vertrag per Handschlag"}, "confirmed": {"1"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("won: %d\n%.1500s", r.Status, r.Body)
		}
		o, err := s.App.Partners.Get(context.Background(), auth.System, id)
		if err != nil || o.ManagerID != bayern.ID {
			t.Fatalf("the won prospect's manager: %+v, %v; want Bavaria's", o, err)
		}
		b := s.Login(bayern.Email)
		b.Lang = "de"
		if inbox := html.UnescapeString(b.Get("/inbox").Body); !strings.Contains(inbox, "Sie betreuen jetzt Münchner Cloud GmbH") {
			t.Errorf("the manager is not told:\n%.2000s", inbox)
		}
	})
}
