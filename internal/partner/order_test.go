package partner_test

import (
	"context"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

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
	apptest.InOrder(t, form.Body, option("retail"), option("media"), option("public"), option("telecom"))
	// Deutschland, Norwegen, Österreich, Polen.
	apptest.InOrder(t, form.Body, option("DE"), option("NO"), option("AT"), option("PL"))
	apptest.InOrder(t, form.Body, option(ids[2]), option(ids[1]), option(ids[0]))
	dir := admin.Get("/partners")
	apptest.InOrder(t, dir.Body, ">Äpfel<", ">Ökologie<", ">Zertifikate<")
	users := admin.Get("/users")
	apptest.InOrder(t, users.Body, "Albers, Anna", "Özdemir, Can", "Zimmermann, Zoe")
	profile := admin.Get("/partners/" + orgID)
	apptest.InOrder(t, profile.Body, ">Automobil<", ">Handel<", ">Öffentliche Verwaltung<")
	apptest.InOrder(t, profile.Body, ">Äpfel<", ">Ökologie<", ">Zertifikate<")
	concierge := admin.Get("/concierge")
	apptest.InOrder(t, concierge.Body, option(ids[2]), option(ids[1]), option(ids[0]))
	apptest.InOrder(t, concierge.Body, option("retail"), option("media"), option("public"), option("telecom"))
	apptest.InOrder(t, concierge.Body, option("DE"), option("NO"), option("AT"), option("PL"))

	admin.Lang = "en"
	form = admin.Get("/partners/new")
	if form.Status != 200 {
		t.Fatalf("English profile form: status %d", form.Status)
	}
	// Media, Public sector, Retail, Telecommunications.
	apptest.InOrder(t, form.Body, option("media"), option("public"), option("retail"), option("telecom"))
	// Australia, Austria, Germany, Norway, Poland.
	apptest.InOrder(t, form.Body, option("AU"), option("AT"), option("DE"), option("NO"), option("PL"))
	apptest.InOrder(t, form.Body, option(ids[2]), option(ids[0]), option(ids[1]))
	dir = admin.Get("/partners")
	apptest.InOrder(t, dir.Body, ">Apples<", ">Certificates<", ">Ecology<")
	users = admin.Get("/users")
	apptest.InOrder(t, users.Body, "Albers, Anna", "Özdemir, Can", "Zimmermann, Zoe")
	profile = admin.Get("/partners/" + orgID)
	apptest.InOrder(t, profile.Body, ">Automotive<", ">Public sector<", ">Retail<")
	apptest.InOrder(t, profile.Body, ">Apples<", ">Certificates<", ">Ecology<")
	concierge = admin.Get("/concierge")
	apptest.InOrder(t, concierge.Body, option(ids[2]), option(ids[0]), option(ids[1]))
	apptest.InOrder(t, concierge.Body, option("AU"), option("AT"), option("DE"), option("NO"), option("PL"))

	// A renamed competency takes its new name and place at once, though
	// the pages keep the competencies between changes.
	if _, err := s.App.Partners.SaveCompetency(ctx, auth.System, ids[2], partner.CompetencyInput{NameEN: new("Zucchini")}); err != nil {
		t.Fatal(err)
	}
	dir = admin.Get("/partners")
	apptest.InOrder(t, dir.Body, ">Certificates<", ">Ecology<", ">Zucchini<")
	form = admin.Get("/partners/new")
	apptest.InOrder(t, form.Body, option(ids[0]), option(ids[1]), option(ids[2]))
}

func TestCountriesInTheReadersOrder(t *testing.T) {
	t.Parallel()
	// Deutschland, Niederlande, Österreich, Schweiz, Vereinigte Staaten,
	// Vereinigtes Königreich; Austria, Germany, Netherlands, Switzerland,
	// United Kingdom, United States.
	for lang, want := range map[string]string{"de": "DE NL AT CH US GB", "en": "AT DE NL CH GB US"} {
		var got []string
		for _, c := range partner.CountriesIn(lang) {
			if strings.Contains(" DE NL AT CH US GB ", " "+c+" ") {
				got = append(got, c)
			}
		}
		if strings.Join(got, " ") != want {
			t.Errorf("%s: %v, want %s", lang, got, want)
		}
	}
}
