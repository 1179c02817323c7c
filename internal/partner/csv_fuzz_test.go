package partner_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
)

// FuzzImportCSV: whatever file a user imports, the import answers without
// a panic, names each problem by row (2 and up for the organisations) and
// column, and is all or nothing: it imports every row, or reports why not
// and leaves the directory as it was. It starts from files that the export
// wrote, which the fuzzer changes.
func FuzzImportCSV(f *testing.F) {
	ctx := context.Background()
	d := dbtest.SQLite(f)
	s := partner.NewService(d, time.Now)
	comps := map[string]string{}
	for _, slug := range []string{"cloud", "security"} {
		c, err := s.SaveCompetency(ctx, auth.System, "", partner.CompetencyInput{Slug: ptr(slug), NameDE: ptr(slug), NameEN: ptr(slug)})
		if err != nil {
			f.Fatal(err)
		}
		comps[slug] = c.ID
	}
	o, err := s.Create(ctx, auth.System, partner.Input{LegalName: ptr("Müller IT GmbH & Co. KG"), Domain: ptr("mueller-it.de"), City: ptr("Köln"),
		Country: ptr("DE"), Competencies: &[]string{comps["cloud"]}, Published: ptr(true), Description: ptr("Cloud; \"Beratung\", Schulung\nzweite Zeile")})
	if err != nil {
		f.Fatal(err)
	}
	for _, dialect := range []csvio.Dialect{csvio.Plain, csvio.Excel} {
		var b bytes.Buffer
		if err := partner.ExportCSV(ctx, s, auth.System, &b, dialect); err != nil {
			f.Fatal(err)
		}
		// The same organisation once more, without its id: a new one.
		f.Add(bytes.ReplaceAll(bytes.Replace(b.Bytes(), []byte("mueller-it.de"), []byte("mueller-it.example"), 1), []byte(o.ID), nil))
	}
	f.Add([]byte("legal_name,country\nBeta AG,AT\n"))
	count := func() int {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM organisations WHERE deleted_at IS NULL`).Scan(&n); err != nil {
			f.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := count()
		rep, err := partner.ImportCSV(ctx, s, auth.System, bytes.NewReader(data), partner.ImportOptions{})
		after := count()
		if err != nil && after != before {
			t.Fatalf("failed with %v, yet %d organisations became %d", err, before, after)
		}
		if rep == nil {
			return
		}
		for _, e := range rep.Errors {
			if e.Row < 1 || e.Message == "" {
				t.Fatalf("problem %+v names no row", e)
			}
		}
		switch {
		case err != nil:
		case len(rep.Errors) > 0 && (rep.Imported != 0 || after != before):
			t.Fatalf("%d problems, yet %d imported (%d → %d organisations)", len(rep.Errors), rep.Imported, before, after)
		case len(rep.Errors) == 0 && after != before+rep.Imported:
			t.Fatalf("%d imported, but %d → %d organisations", rep.Imported, before, after)
		}
	})
}
