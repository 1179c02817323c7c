package partner_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"pakt/internal/agreement"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// An organisation's kind and status are the programme's business: staff
// filter and count by them; partners get neither the values, nor the
// facets, nor the filter, in the API or on the page.
func TestStaffFacetsStayWithStaff(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		mk := func(name, status string) string {
			o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Status: new(status), Published: new(true)})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		own := mk("Eigene Partner GmbH", "active")
		mk("Pausiert Systeme GmbH", "paused")
		mk("Aktiv Digital AG", "active")
		type result struct {
			Total  int                        `json:"total"`
			Items  []map[string]any           `json:"items"`
			Facets map[string]json.RawMessage `json:"facets"`
		}
		search := func(c *apptest.Client, query string) result {
			t.Helper()
			res := c.Get("/api/v1/partners" + query)
			var r result
			if res.Status != 200 || json.Unmarshal([]byte(res.Body), &r) != nil {
				t.Fatalf("%s: %d %s", query, res.Status, res.Body)
			}
			return r
		}
		staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
		if r := search(staff, "?status=paused&facets=all"); r.Total != 1 || r.Items[0]["legal_name"] != "Pausiert Systeme GmbH" ||
			r.Facets["status"] == nil || r.Facets["kind"] == nil || r.Items[0]["kind"] != "partner" {
			t.Errorf("staff's search by status: %+v", r)
		}
		// Counts come only for the facets asked.
		if r := search(staff, ""); r.Facets != nil {
			t.Errorf("a search without facets= counts facets: %v", r.Facets)
		}
		if r := search(staff, "?facets=tier,free"); len(r.Facets) != 2 || r.Facets["tier"] == nil || r.Facets["free"] == nil {
			t.Errorf("facets=tier,free gives %v", r.Facets)
		}
		if res := staff.Get("/api/v1/partners?facets=colour"); res.Status != 422 {
			t.Errorf("facets=colour: %d, want 422", res.Status)
		}
		for _, role := range []auth.Role{auth.RolePartnerAdmin, auth.RolePartnerMember} {
			c := s.Login(s.CreateUser(role, own).Email)
			all, paused := search(c, ""), search(c, "?status=paused&kind=partner&facets=all")
			if all.Total != 3 || paused.Total != 3 {
				t.Errorf("%s: the status filter narrows %d to %d, want it ignored", role, all.Total, paused.Total)
			}
			for _, f := range []string{"status", "kind"} {
				if paused.Facets[f] != nil {
					t.Errorf("%s: the API shows the %s facet: %s", role, f, paused.Facets[f])
				}
			}
			for _, it := range paused.Items {
				if _, ok := it["kind"]; ok {
					t.Errorf("%s: a hit shows its kind: %v", role, it)
				}
				if _, ok := it["status"]; ok {
					t.Errorf("%s: a hit shows its status: %v", role, it)
				}
			}
			page := c.Get("/partners?status=paused")
			if page.Status != 200 || !strings.Contains(page.Body, "Aktiv Digital AG") || strings.Contains(page.Body, `id="facet-status"`) ||
				strings.Contains(page.Body, `id="facet-kind"`) || strings.Contains(page.Body, `name="status"`) {
				t.Errorf("%s: the directory page with ?status=paused: %d\n%s", role, page.Status, page.Body)
			}
		}
	})
}

// Another organisation's kind, status and responsible manager are the
// programme's business: a partner sees them for its own organisation only.
func TestProfilesShowProgrammeFieldsToStaffAndOwnersOnly(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	manager := s.CreateUser(auth.RoleManager, "")
	mk := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Status: new("paused"), Published: new(true), ManagerID: new(manager.ID)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	own, other := mk("Eigene Partner GmbH"), mk("Andere Partner GmbH")
	profile := func(c *apptest.Client, id string) map[string]any {
		t.Helper()
		var p map[string]any
		res := c.Get("/api/v1/partners/" + id)
		if res.Status != 200 || json.Unmarshal([]byte(res.Body), &p) != nil {
			t.Fatalf("profile %s: %d %s", id, res.Status, res.Body)
		}
		return p
	}
	staff := s.Login(manager.Email)
	for _, role := range []auth.Role{auth.RolePartnerAdmin, auth.RolePartnerMember} {
		c := s.Login(s.CreateUser(role, own).Email)
		if p := profile(c, own); p["status"] != "paused" || p["manager_id"] != manager.ID || p["kind"] != "partner" {
			t.Errorf("%s: its own profile lacks its programme fields: %v", role, p)
		}
		p := profile(c, other)
		for _, f := range []string{"status", "manager_id", "kind"} {
			if _, ok := p[f]; ok {
				t.Errorf("%s: another organisation's profile shows %s: %v", role, f, p[f])
			}
		}
	}
	if p := profile(staff, other); p["status"] != "paused" || p["manager_id"] != manager.ID {
		t.Errorf("staff see no programme fields: %v", p)
	}
}

// An ended partnership leaves the network: other partners no longer find
// the organisation, ask it for introductions or name it in new agreements,
// while staff still see it and its name stays on what it was party to.
func TestEndedPartnersLeaveTheNetwork(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	mk := func(name string) string {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(name), Published: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		return o.ID
	}
	a, ended := mk("Bleibt Partner GmbH"), mk("Ehemals Partner GmbH")
	userA := s.CreateUser(auth.RolePartnerAdmin, a)
	ag, err := s.App.Agreements.Create(ctx, userA.Actor(), agreement.CreateInput{Title: "Altvertrag", Customer: "Kunde", Parties: []string{a, ended}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.App.Partners.Update(ctx, auth.System, ended, partner.Input{Status: new(partner.StatusEnded)}); err != nil {
		t.Fatal(err)
	}
	c := s.Login(userA.Email)
	if res := c.Get("/api/v1/partners?q=Ehemals"); !strings.Contains(res.Body, `"total":0`) {
		t.Errorf("a partner finds the ended partner: %s", res.Body)
	}
	if res := c.Get("/api/v1/partners/" + ended); res.Status != 404 {
		t.Errorf("a partner opens the ended partner's profile: %d", res.Status)
	}
	if res := c.JSON("POST", "/api/v1/introductions", map[string]string{"target_org_id": ended, "topic": "Noch einmal", "message": "Hallo"}); res.Status != 404 {
		t.Errorf("an introduction to the ended partner: %d", res.Status)
	}
	if res := c.JSON("POST", "/api/v1/agreements", agreement.CreateInput{Title: "Neu", Customer: "Kunde", Parties: []string{a, ended}}); res.Status != 422 {
		t.Errorf("a new agreement with the ended partner: %d", res.Status)
	}
	if res := c.Get("/agreements/" + ag.ID); res.Status != 200 || !strings.Contains(res.Body, "Ehemals Partner GmbH") {
		t.Errorf("the old agreement no longer names the ended partner: %d", res.Status)
	}
	staff := s.Login(s.CreateUser(auth.RoleManager, "").Email)
	if res := staff.Get("/api/v1/partners?q=Ehemals"); !strings.Contains(res.Body, `"total":1`) {
		t.Errorf("staff do not find the ended partner: %s", res.Body)
	}
}
