package partner_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// TestGetTakesTwoQueries holds a partner get to the organisation's row
// and one query for its whole profile, and checks that every kind of
// entry comes back whole through it.
func TestGetTakesTwoQueries(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		var comps []string
		for _, name := range []string{"Cloud", "Security"} {
			c, err := s.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new(name), NameEN: new(name)})
			if err != nil {
				t.Fatal(err)
			}
			comps = append(comps, c.ID)
		}
		o := mustCreate(t, s, partner.Input{LegalName: ptr("Vier Teile GmbH"), Published: ptr(true), Competencies: &comps})
		day := func(s string) partner.Date {
			d, err := partner.ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			return d
		}
		for _, err := range []error{
			partner.SaveEntry(ctx, s, auth.System, o.ID, &partner.Certification{Name: "ISO 27001", Issuer: "TÜV", ValidUntil: day("2027-03-31")}),
			partner.SaveEntry(ctx, s, auth.System, o.ID, &partner.Certification{Name: "ISO 9001"}),
			partner.SaveEntry(ctx, s, auth.System, o.ID, &partner.Reference{Title: "Umzug in die Cloud", Customer: "Stadtwerke", Industry: "energy", Year: 2025, Description: "Zwei Jahre."}),
			partner.SaveEntry(ctx, s, auth.System, o.ID, &partner.Resource{Skill: "Go", AmountTenths: 15, Unit: "fte", From: day("2026-12-01"), To: day("2027-01-31")}),
			partner.SaveEntry(ctx, s, auth.System, o.ID, &partner.Contact{Name: "Anna Schäfer", Email: "anna@example.com", Phone: "+49 30 1", DecisionMaker: true}),
			partner.SaveEntry(ctx, s, auth.System, o.ID, &partner.Contact{Name: "Ben Roth"}),
		} {
			if err != nil {
				t.Fatal(err)
			}
		}
		cctx, queries := db.Counting(ctx)
		got, err := s.Get(cctx, auth.System, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n := queries(); n > 2 {
			t.Errorf("a get took %d queries, want at most 2", n)
		}
		if len(got.Competencies) != 2 || len(got.Certifications) != 2 || len(got.References) != 1 || len(got.Resources) != 1 || len(got.Contacts) != 2 {
			t.Fatalf("profile read back: %d competencies, %d certifications, %d references, %d resources, %d contacts; want 2, 2, 1, 1, 2",
				len(got.Competencies), len(got.Certifications), len(got.References), len(got.Resources), len(got.Contacts))
		}
		var cert partner.Certification
		for _, c := range got.Certifications {
			if c.Name == "ISO 27001" {
				cert = c
			}
		}
		if cert.Issuer != "TÜV" || cert.ValidUntil != day("2027-03-31") {
			t.Errorf("certification read back as %+v", cert)
		}
		if r := got.References[0]; r.Title != "Umzug in die Cloud" || r.Customer != "Stadtwerke" || r.Industry != "energy" || r.Year != 2025 || r.Description != "Zwei Jahre." {
			t.Errorf("reference read back as %+v", r)
		}
		if r := got.Resources[0]; r.Skill != "Go" || r.AmountTenths != 15 || r.Unit != "fte" || r.From != day("2026-12-01") || r.To != day("2027-01-31") {
			t.Errorf("resource read back as %+v", r)
		}
		var anna partner.Contact
		for _, c := range got.Contacts {
			if c.Name == "Anna Schäfer" {
				anna = c
			}
		}
		if anna.Email != "anna@example.com" || anna.Phone != "+49 30 1" || !anna.DecisionMaker {
			t.Errorf("contact read back as %+v", anna)
		}
	})
}

// TestProfilePageTakesFourQueries holds a profile page, with its session
// and the lists its forms offer, to four statements.
func TestProfilePageTakesFourQueries(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		comp, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new("Wolke"), NameEN: new("Cloud")})
		if err != nil {
			t.Fatal(err)
		}
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new("Seite GmbH"), Published: new(true), Competencies: &[]string{comp.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if err := partner.SaveEntry(ctx, s.App.Partners, auth.System, o.ID, &partner.Contact{Name: "Clara Berg", DecisionMaker: true}); err != nil {
			t.Fatal(err)
		}
		manager := s.CreateUser(auth.RoleManager, "")
		if _, err := s.App.Partners.Update(ctx, auth.System, o.ID, partner.Input{ManagerID: &manager.ID}); err != nil {
			t.Fatal(err)
		}
		for _, role := range []auth.Role{auth.RoleAdmin, auth.RolePartnerAdmin} {
			orgID := ""
			if role == auth.RolePartnerAdmin {
				orgID = o.ID
			}
			c := s.Login(s.CreateUser(role, orgID).Email)
			c.Get("/partners/" + o.ID) // the caches warm up
			u, _ := url.Parse(s.URL + "/partners/" + o.ID)
			cctx, queries := db.Counting(ctx)
			req := httptest.NewRequestWithContext(cctx, "GET", u.String(), nil)
			for _, ck := range c.HTTP.Jar.Cookies(u) {
				req.AddCookie(ck)
			}
			req.Header.Set("Accept-Language", "en")
			rec := httptest.NewRecorder()
			s.App.Web.Handler().ServeHTTP(rec, req)
			body := rec.Body.String()
			if rec.Code != 200 || !strings.Contains(body, "Clara Berg") || !strings.Contains(body, "Cloud") {
				t.Fatalf("%s: profile page status %d, want 200 with the contact and the competency", role, rec.Code)
			}
			if staff := role == auth.RoleAdmin; strings.Contains(body, manager.Name) != staff {
				t.Errorf("%s: the page shows the manager %q: %v, want %v", role, manager.Name, !staff, staff)
			}
			if n := queries(); n > 4 {
				t.Errorf("%s: the profile page took %d statements, want at most 4", role, n)
			}
		}
	})
}
