package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// An organisation's kind and status are the programme's business: staff
// filter and count by them; partners get neither the values, nor the
// facets, nor the filter, in the API or on the page.
func TestStaffFacetsStayWithStaff(t *testing.T) {
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
		if r := search(staff, "?status=paused"); r.Total != 1 || r.Items[0]["legal_name"] != "Pausiert Systeme GmbH" ||
			r.Facets["status"] == nil || r.Facets["kind"] == nil || r.Items[0]["kind"] != "partner" {
			t.Errorf("staff's search by status: %+v", r)
		}
		for _, role := range []auth.Role{auth.RolePartnerAdmin, auth.RolePartnerMember} {
			c := s.Login(s.CreateUser(role, own).Email)
			all, paused := search(c, ""), search(c, "?status=paused&kind=partner")
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
