package cosell_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"pakt/internal/auth"
	"pakt/internal/cosell"
	"pakt/internal/cosell/dealfile"
	"pakt/internal/db/dbtest"
)

// FuzzImport: whatever deal file an admin uploads, the import answers
// without a panic and all or nothing: it succeeds and every row the file
// holds is a new deal, or it fails and the deals are as many as before,
// every problem named by a row a spreadsheet shows. One SQLite database
// serves the whole run, so earlier inputs' deals stay and later files may
// conflict with them or repeat their external ids.
func FuzzImport(f *testing.F) {
	samples, err := filepath.Glob("dealfile/testdata/*.csv")
	if err != nil || len(samples) == 0 {
		f.Fatalf("no sample files: %v", err)
	}
	for _, name := range samples {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	e := importEnv(f, dbtest.SQLite(f))
	ctx := context.Background()
	deals := func(t *testing.T) int {
		t.Helper()
		p, err := e.svc.Deals(ctx, e.staff, cosell.Filter{PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, rows, readErr := dealfile.Read(bytes.NewReader(data))
		before := deals(t)
		rep, err := e.svc.Import(ctx, auth.System, bytes.NewReader(data))
		after := deals(t)
		if err == nil {
			if readErr != nil || rep.Imported != len(rows) || after-before != len(rows) || len(rep.Errors) > 0 {
				t.Fatalf("imported %d of %d rows, %d new deals, problems %+v", rep.Imported, len(rows), after-before, rep.Errors)
			}
			return
		}
		if after != before {
			t.Fatalf("a failed import (%v) saved %d deals", err, after-before)
		}
		if rep == nil {
			return // not a deal file at all
		}
		if rep.Imported != 0 {
			t.Fatalf("a failed import reports %d imported", rep.Imported)
		}
		for _, p := range rep.Errors {
			if p.Row < 1 || p.Message == "" {
				t.Fatalf("problem %+v names no row", p)
			}
		}
	})
}
