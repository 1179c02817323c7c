package lifecycle_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/csvio"
	"pakt/internal/db/dbtest"
	"pakt/internal/lifecycle"
	"pakt/internal/partner"
)

// FuzzImportCSV: whatever prospects file a user imports, the import
// answers without a panic, names each problem by a row, and is all or
// nothing: it records every row, or reports why not and records neither a
// prospect nor an organisation. It
// starts from files that the export wrote.
func FuzzImportCSV(f *testing.F) {
	ctx := context.Background()
	d := dbtest.SQLite(f)
	now := func() time.Time { return time.Date(2027, 3, 1, 10, 0, 0, 0, time.UTC) }
	s := lifecycle.NewService(d, now, partner.NewService(d, now))
	first := "legal_name;domain;country;city;stage;next_step;due_on\n" +
		"Bäckerei Größl GmbH;baeckerei-groessl.de;DE;München;;Erstgespräch vereinbaren;2027-03-15\n" +
		"Weber Systeme UG (haftungsbeschränkt);;AT;Wien;;;\n"
	if rep, err := s.ImportCSV(ctx, auth.System, strings.NewReader(first)); err != nil {
		f.Fatalf("%v %+v", err, rep)
	}
	f.Add([]byte(first))
	for _, dialect := range []csvio.Dialect{csvio.Plain, csvio.Excel} {
		var b bytes.Buffer
		if err := s.ExportCSV(ctx, auth.System, &b, dialect); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	// count counts the prospects and the organisations the import makes
	// for them.
	count := func() (prospects, orgs int) {
		if err := d.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM prospects), (SELECT count(*) FROM organisations)`).Scan(&prospects, &orgs); err != nil {
			f.Fatal(err)
		}
		return prospects, orgs
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		before, orgsBefore := count()
		rep, err := s.ImportCSV(ctx, auth.System, bytes.NewReader(data))
		after, orgsAfter := count()
		switch {
		case err != nil && (after != before || orgsAfter != orgsBefore):
			t.Fatalf("failed with %v, yet %d prospects became %d, %d organisations %d", err, before, after, orgsBefore, orgsAfter)
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
			t.Fatalf("%d imported, but %d → %d prospects", rep.Imported, before, after)
		}
	})
}
