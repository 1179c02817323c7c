package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"pakt/internal/app/apptest"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// rowCounts returns the number of rows of every table of the database.
func rowCounts(t *testing.T, location string) map[string]int {
	t.Helper()
	ctx := context.Background()
	d := openDB(t, location)
	defer d.Close()
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if d.Engine == db.Postgres {
		query = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	tables, err := db.Query(ctx, d, func(r db.Row) (string, error) {
		var s string
		return s, r.Scan(&s)
	}, query)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

// pakt copy moves a whole programme, the demo's with every feature's data,
// from SQLite to PostgreSQL and back: every table keeps its number of rows
// and the exports read the same. A copy into a database with tables is
// refused.
func TestCopyBetweenEngines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	source := filepath.Join(dir, "source.db")
	if code, out := apptest.CLI("demo", "--no-serve", "--partners", "30", "--database", source); code != 0 {
		t.Fatalf("demo: exit %d, %q", code, out)
	}
	exports := func(location string) []string {
		var out []string
		for _, what := range []string{"partners", "assessments", "deals"} {
			code, text := apptest.CLI("export", what, "--database", location)
			if code != 0 {
				t.Fatalf("export %s from %s: exit %d, %q", what, location, code, text)
			}
			out = append(out, text)
		}
		return out
	}
	want, counts := exports(source), rowCounts(t, source)
	if counts["organisations"] < 30 || counts["deals"] == 0 || counts["assessments"] == 0 {
		t.Fatalf("the demo is thin: %v", counts)
	}
	middle := dbtest.PostgresURL(t)
	if middle == "" {
		middle = filepath.Join(dir, "middle.db")
	}
	back := filepath.Join(dir, "back.db")
	for _, step := range [][2]string{{source, middle}, {middle, back}} {
		code, out := apptest.CLI("copy", "--from", step[0], "--to", step[1])
		if code != 0 || !strings.Contains(out, "copied") {
			t.Fatalf("copy %s → %s: exit %d, %q", step[0], step[1], code, out)
		}
		got := rowCounts(t, step[1])
		for table, n := range counts {
			if got[table] != n {
				t.Errorf("after the copy to %s, %s has %d rows, want %d", step[1], table, got[table], n)
			}
		}
		for i, text := range exports(step[1]) {
			if text != want[i] {
				t.Errorf("export %d from %s differs:\n%s\n---\n%s", i, step[1], want[i], text)
			}
		}
	}
	if code, out := apptest.CLI("copy", "--from", source, "--to", back); code != 1 || !strings.Contains(out, "holds tables already") {
		t.Fatalf("copy into a database with tables: exit %d, %q", code, out)
	}
}
