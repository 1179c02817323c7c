package partner_test

import (
	"context"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// inOrder reports whether the texts first appear in body in the given order.
func inOrder(t *testing.T, body string, texts ...string) {
	t.Helper()
	last, lastText := -1, ""
	for _, s := range texts {
		i := strings.Index(body, s)
		if i < 0 {
			t.Errorf("the page lacks %q", s)
			return
		}
		if i < last {
			t.Errorf("the page lists %q before %q, want it after", s, lastText)
		}
		last, lastText = i, s
	}
}

// TestListsReadInTheUsersLanguage: industries, countries and competencies in
// the profile form, the directory's facets and the concierge's form, and the
// user list, read in the alphabetical order of the language the user reads,
// by the names the user sees: "Öffentliche Verwaltung" with the O, not after
// "Z", and "Österreich" after "Norwegen" in German but "Austria" second in
// English.
func TestListsReadInTheUsersLanguage(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	var ids []string
	for _, c := range []struct{ slug, de, en string }{
		{"a-slug", "Zertifikate", "Certificates"},
		{"b-slug", "Ökologie", "Ecology"},
		{"c-slug", "Äpfel", "Apples"},
	} {
		comp, err := s.App.Partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new(c.de), NameEN: new(c.en), Slug: new(c.slug)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, comp.ID)
	}
	// Two partners with every competency, so that the facet counts tie and
	// only the names order them.
	var orgID string
	for _, n := range []string{"Zander Software GmbH", "Özdemir Consulting GmbH"} {
		o, err := s.App.Partners.Create(ctx, auth.System, partner.Input{LegalName: new(n), Country: new("DE"), Published: new(true), Competencies: &ids,
			Industries: &[]string{"public", "retail", "automotive"}})
		if err != nil {
			t.Fatal(err)
		}
		orgID = o.ID
	}
	for _, n := range []string{"Zimmermann, Zoe", "Özdemir, Can", "Albers, Anna"} {
		email := strings.ToLower(strings.Fields(n)[0])
		email = strings.Trim(email, ",") + "@order.example"
		email = strings.NewReplacer("ö", "oe").Replace(email)
		role, pw := auth.RoleManager, apptest.Password
		if _, err := s.App.Auth.CreateUser(ctx, auth.System, auth.UserInput{Email: &email, Name: new(n), Role: &role, Password: &pw}); err != nil {
			t.Fatal(err)
		}
	}
	admin := s.Login(s.CreateUser(auth.RoleAdmin, "").Email)
	option := func(v string) string { return `value="` + v + `"` }

	admin.Lang = "de"
	form := admin.Get("/partners/new")
	if form.Status != 200 {
		t.Fatalf("German profile form: status %d", form.Status)
	}
	// Handel, Medien, Öffentliche Verwaltung, Telekommunikation.
	inOrder(t, form.Body, option("retail"), option("media"), option("public"), option("telecom"))
	// Deutschland, Norwegen, Österreich, Polen.
	inOrder(t, form.Body, option("DE"), option("NO"), option("AT"), option("PL"))
	inOrder(t, form.Body, option(ids[2]), option(ids[1]), option(ids[0]))
	dir := admin.Get("/partners")
	inOrder(t, dir.Body, ">Äpfel<", ">Ökologie<", ">Zertifikate<")
	users := admin.Get("/users")
	inOrder(t, users.Body, "Albers, Anna", "Özdemir, Can", "Zimmermann, Zoe")
	profile := admin.Get("/partners/" + orgID)
	inOrder(t, profile.Body, ">Automobil<", ">Handel<", ">Öffentliche Verwaltung<")
	inOrder(t, profile.Body, ">Äpfel<", ">Ökologie<", ">Zertifikate<")
	concierge := admin.Get("/concierge")
	inOrder(t, concierge.Body, option(ids[2]), option(ids[1]), option(ids[0]))
	inOrder(t, concierge.Body, option("retail"), option("media"), option("public"), option("telecom"))
	inOrder(t, concierge.Body, option("DE"), option("NO"), option("AT"), option("PL"))

	admin.Lang = "en"
	form = admin.Get("/partners/new")
	if form.Status != 200 {
		t.Fatalf("English profile form: status %d", form.Status)
	}
	// Media, Public sector, Retail, Telecommunications.
	inOrder(t, form.Body, option("media"), option("public"), option("retail"), option("telecom"))
	// Australia, Austria, Germany, Norway, Poland.
	inOrder(t, form.Body, option("AU"), option("AT"), option("DE"), option("NO"), option("PL"))
	inOrder(t, form.Body, option(ids[2]), option(ids[0]), option(ids[1]))
	dir = admin.Get("/partners")
	inOrder(t, dir.Body, ">Apples<", ">Certificates<", ">Ecology<")
	users = admin.Get("/users")
	inOrder(t, users.Body, "Albers, Anna", "Özdemir, Can", "Zimmermann, Zoe")
	profile = admin.Get("/partners/" + orgID)
	inOrder(t, profile.Body, ">Automotive<", ">Public sector<", ">Retail<")
	inOrder(t, profile.Body, ">Apples<", ">Certificates<", ">Ecology<")
	concierge = admin.Get("/concierge")
	inOrder(t, concierge.Body, option(ids[2]), option(ids[0]), option(ids[1]))
	inOrder(t, concierge.Body, option("AU"), option("AT"), option("DE"), option("NO"), option("PL"))
}
