package cosell_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"pakt/internal/auth"
	"pakt/internal/cosell"
	"pakt/internal/cosell/dealfile"
	"pakt/internal/csvio"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// importEnv adds the partners and competencies the sample files name.
func importEnv(t testing.TB, d *db.DB) *env {
	e := newEnv(t, d)
	ctx := context.Background()
	for _, o := range []struct{ name, domain string }{{"Müller IT GmbH & Co. KG", "mueller-it.example"}, {"Nordlicht Software GmbH", "nordlicht-software.de"}, {"Alpen Consulting AG", ""}} {
		kind := partner.KindPartner
		if _, err := e.partners.Create(ctx, auth.System, partner.Input{LegalName: new(o.name), Domain: new(o.domain), Kind: &kind}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []string{"Cloud-Migration", "Kassensysteme"} {
		if _, err := e.partners.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{NameDE: new(c), NameEN: new(c)}); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

func importFile(t *testing.T, e *env, name string) (*cosell.ImportReport, error) {
	t.Helper()
	f, err := os.Open("dealfile/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return e.svc.Import(context.Background(), auth.System, f)
}

// Each tool's export imports whole; the same customers in two files
// conflict; importing a file twice is refused as a whole; the export
// reads back.
func TestImportTheThreeFormats(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := importEnv(t, d)
		ctx := context.Background()
		rep, err := importFile(t, e, "salesforce.csv")
		if err != nil {
			t.Fatalf("salesforce.csv: %v %+v", err, rep.Errors)
		}
		if rep.Format != dealfile.Salesforce || rep.Imported != 5 {
			t.Errorf("salesforce.csv: %s, %d imported", rep.Format, rep.Imported)
		}
		rep, err = importFile(t, e, "partnercenter.csv")
		if err != nil {
			t.Fatalf("partnercenter.csv: %v %+v", err, rep.Errors)
		}
		if rep.Format != dealfile.PartnerCenter || rep.Imported != 3 {
			t.Errorf("partnercenter.csv: %s, %d imported", rep.Format, rep.Imported)
		}
		before, err := e.svc.Deals(ctx, e.staff, cosell.Filter{PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		// pakt.csv holds the same opportunities as the Salesforce report.
		rep, err = importFile(t, e, "pakt.csv")
		if err == nil || len(rep.Errors) == 0 || !strings.Contains(rep.Errors[0].Message, "already imported") || rep.Errors[0].Column != "external_id" || rep.Errors[0].Row != 2 {
			t.Fatalf("importing twice: %v %+v", err, rep)
		}
		after, _ := e.svc.Deals(ctx, e.staff, cosell.Filter{PerPage: 100})
		if after.Total != before.Total {
			t.Errorf("a refused import saved %d deals", after.Total-before.Total)
		}
		// Another partner's registration of an imported customer conflicts.
		rep, err = e.svc.Import(ctx, auth.System, strings.NewReader("partner;customer;domain;country;solution;value;currency;expected_close;state\n"+
			"Alpen Consulting AG;Baeckerei Groessl;;DE;Beratung;1000,00;EUR;2027-05-01;registered\n"))
		if err != nil || rep.Conflicts != 1 {
			t.Errorf("a conflicting import: %v, %d conflicts, want 1", err, rep.Conflicts)
		}
		var buf bytes.Buffer
		if err := e.svc.Export(ctx, e.staff, &buf, csvio.Plain); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "Bäckerei Größl GmbH") || strings.Count(buf.String(), "\n") < before.Total+1 {
			t.Errorf("the export:\n%s", buf.String())
		}
	})
}

// pakt's own format imports whole.
func TestImportPaktFormat(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := importEnv(t, d)
		rep, err := importFile(t, e, "pakt.csv")
		if err != nil {
			t.Fatalf("pakt.csv: %v %+v", err, rep.Errors)
		}
		if rep.Format != dealfile.Pakt || rep.Imported != 4 {
			t.Errorf("pakt.csv: %s, %d imported", rep.Format, rep.Imported)
		}
	})
}

// A row naming an unknown partner or competency, or an impossible value,
// fails the whole file with its row and column.
func TestImportNamesRowAndColumn(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		e := importEnv(t, d)
		file := "partner;customer;country;solution;competencies;value;currency;expected_close;state\n" +
			"Müller IT GmbH & Co. KG;Gut AG;DE;Beratung;Cloud-Migration;1000,00;EUR;2027-05-01;registered\n" +
			"Unbekannt GmbH;Schlecht AG;DE;Beratung;;1000,00;EUR;2027-05-01;registered\n" +
			"Müller IT GmbH & Co. KG;Auch AG;DE;Beratung;Quantenküche;1000,00;EUR;2027-05-01;registered\n" +
			"Müller IT GmbH & Co. KG;Leer AG;DE;;;1000,00;EUR;2027-05-01;registered\n"
		rep, err := e.svc.Import(context.Background(), auth.System, strings.NewReader(file))
		if err == nil {
			t.Fatal("a file with errors imported")
		}
		got := map[int]string{}
		for _, x := range rep.Errors {
			got[x.Row] = x.Column
		}
		if got[3] != "partner" || got[4] != "competencies" || got[5] != "solution" || len(rep.Errors) != 3 {
			t.Errorf("errors %+v, want rows 3 (partner), 4 (competencies), 5 (solution)", rep.Errors)
		}
		list, _ := e.svc.Deals(context.Background(), e.staff, cosell.Filter{})
		if list.Total != 0 {
			t.Errorf("%d deals saved from a refused file", list.Total)
		}
	})
}
