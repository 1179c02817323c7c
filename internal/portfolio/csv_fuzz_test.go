package portfolio_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/db/dbtest"
	"pakt/internal/partner"
	"pakt/internal/portfolio"
)

// FuzzImportCSV: whatever assessments file a user imports, the import
// answers without a panic, names each problem by row and column, and is
// all or nothing: it records every row, or reports why not and records
// none. It starts from files that the export wrote.
func FuzzImportCSV(f *testing.F) {
	ctx := context.Background()
	d := dbtest.SQLite(f)
	now := func() time.Time { return time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC) }
	s := portfolio.NewService(d, now)
	if err := s.EnsureDefaults(ctx); err != nil {
		f.Fatal(err)
	}
	orgs := partner.NewService(d, now)
	criteria, err := s.Criteria(ctx, auth.System)
	if err != nil {
		f.Fatal(err)
	}
	for i, name := range []string{"Müller IT GmbH & Co. KG", "Beta Systeme AG"} {
		o, err := orgs.Create(ctx, auth.System, partner.Input{LegalName: &name})
		if err != nil {
			f.Fatal(err)
		}
		ratings := map[string]portfolio.RatingInput{}
		for j, c := range criteria {
			score := 1 + (i+j)%5
			ratings[c.ID] = portfolio.RatingInput{Score: &score, Note: "Notiz; „zitiert“, mit \"Anführung\""}
		}
		if _, err := s.Assess(ctx, auth.System, o.ID, portfolio.AssessmentInput{AssessedOn: "2027-02-1" + string(rune('0'+i)), Note: "Gespräch", Ratings: ratings}); err != nil {
			f.Fatal(err)
		}
	}
	for _, dialect := range []csvio.Dialect{csvio.Plain, csvio.Excel} {
		var b bytes.Buffer
		if err := s.ExportCSV(ctx, auth.System, &b, dialect); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	count := func() int {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM assessments`).Scan(&n); err != nil {
			f.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before := count()
		rep, err := s.ImportCSV(ctx, auth.System, bytes.NewReader(data))
		after := count()
		switch {
		case err != nil && after != before:
			t.Fatalf("failed with %v, yet %d assessments became %d", err, before, after)
		case err != nil:
			if rep != nil {
				for _, e := range rep.Errors {
					if e.Row < 1 || e.Message == "" {
						t.Fatalf("problem %+v names no row", e)
					}
				}
			}
		case len(rep.Errors) > 0:
			t.Fatalf("%d problems without an error", len(rep.Errors))
		case after != before+rep.Imported:
			t.Fatalf("%d imported, but %d → %d assessments", rep.Imported, before, after)
		}
	})
}
