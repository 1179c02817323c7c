// Package dbtest opens fresh, migrated databases for tests: a SQLite file in
// a temporary directory and, when PAKT_TEST_POSTGRES holds a URL, a private
// schema in that PostgreSQL database.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"pakt/internal/db"
)

// Engines runs fn once per available engine as a subtest, each with a fresh,
// migrated database. In CI (CI set) a missing PAKT_TEST_POSTGRES fails the
// test instead of skipping PostgreSQL silently.
func Engines(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		d := Postgres(t)
		if d == nil {
			t.Skip("PAKT_TEST_POSTGRES not set: PostgreSQL tests skipped")
		}
		fn(t, d)
	})
}

// SQLite returns a fresh, migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "pakt.db"))
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate sqlite: %v", err)
	}
	return d
}

// PostgresURL returns a URL of a new, empty schema in the PostgreSQL test
// database, dropped when the test ends, or "" when PAKT_TEST_POSTGRES is not
// set (outside CI).
func PostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv("PAKT_TEST_POSTGRES")
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but PAKT_TEST_POSTGRES is empty: PostgreSQL tests must run in CI")
		}
		return ""
	}
	u, drop, err := NewPostgresSchema(base)
	if err != nil {
		t.Fatalf("postgres unreachable or unusable at PAKT_TEST_POSTGRES: %v", err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Logf("drop the test schema: %v", err)
		}
	})
	return u
}

// NewPostgresSchema creates a new, empty schema in the PostgreSQL database
// at base and returns a URL that uses it, with a function that drops it.
// Tests use PostgresURL; benchmarks that share one database across
// sub-benchmarks call this and drop the schema when the process ends.
func NewPostgresSchema(base string) (string, func() error, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	defer admin.Close()
	var b [6]byte
	rand.Read(b[:])
	schema := "pakt_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		return "", nil, err
	}
	drop := func() error {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return err
		}
		defer a.Close()
		_, err = a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		return err
	}
	// "options" is understood by pgx and by libpq (pg_dump) alike.
	q := u.Query()
	q.Set("options", "-csearch_path="+schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// Postgres returns a fresh, migrated PostgreSQL database in its own schema,
// or nil when PAKT_TEST_POSTGRES is not set (outside CI).
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	u := PostgresURL(t)
	if u == "" {
		return nil
	}
	d, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate postgres: %v", err)
	}
	return d
}
