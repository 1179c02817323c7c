package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pakt/internal/app/apptest"
)

// newDatabase makes a PostgreSQL database of the test's own (pg_dump and
// pg_restore work on whole databases) and returns its URL, or "" without
// PAKT_TEST_POSTGRES.
func newDatabase(t *testing.T, admin *sql.DB, base string) string {
	t.Helper()
	name := fmt.Sprintf("pakt_restore_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(context.Background(), `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), `DROP DATABASE `+name+` WITH (FORCE)`) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// On PostgreSQL, backup → restore into an empty database → export gives
// the same bytes, and a restore into a database with tables is refused.
func TestBackupRestoreExportOnPostgres(t *testing.T) {
	base := os.Getenv("PAKT_TEST_POSTGRES")
	if base == "" {
		t.Skip("PAKT_TEST_POSTGRES not set")
	}
	t.Parallel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	from, to := newDatabase(t, admin, base), newDatabase(t, admin, base)
	dir := t.TempDir()
	csv := filepath.Join(dir, "partners.csv")
	os.WriteFile(csv, []byte("legal_name,city,country,description\nMüller IT GmbH & Co. KG,München,DE,\"Cloud; Beratung, \"\"Schulung\"\"\"\nWeber Systeme AG,Köln,DE,\n"), 0o644)
	for _, args := range [][]string{{"migrate"}, {"import", "partners", csv}} {
		if code, out := apptest.CLI(append(args, "--database", from)...); code != 0 {
			t.Fatalf("%v: exit %d, %q", args, code, out)
		}
	}
	code, first := apptest.CLI("export", "partners", "--database", from)
	if code != 0 || !strings.Contains(first, "Weber Systeme AG") {
		t.Fatalf("export: exit %d, %q", code, first)
	}
	dump := filepath.Join(dir, "pakt.dump")
	if code, out := apptest.CLI("backup", dump, "--database", from); code != 0 {
		t.Fatalf("backup: exit %d, %q", code, out)
	}
	if code, out := apptest.CLI("restore", dump, "--database", to); code != 0 || !strings.Contains(out, "restored into") {
		t.Fatalf("restore: exit %d, %q", code, out)
	}
	if code, again := apptest.CLI("export", "partners", "--database", to); code != 0 || again != first {
		t.Fatalf("export after restore differs:\n%s\n---\n%s", first, again)
	}
	if code, out := apptest.CLI("restore", dump, "--database", to); code != 1 || !strings.Contains(out, "holds tables already") {
		t.Fatalf("restore over data: exit %d, %q", code, out)
	}
}
