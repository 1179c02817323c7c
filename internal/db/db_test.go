package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

func TestCheckSchemaRefusesUnmigratedDatabase(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := d.CheckSchema(ctx); !errors.Is(err, db.ErrSchemaOutdated) {
		t.Fatalf("CheckSchema on a fresh database: got %v, want ErrSchemaOutdated", err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := d.CheckSchema(ctx); err != nil {
		t.Fatalf("CheckSchema after migrate: %v", err)
	}
}

func TestCheckSchemaRefusesNewerDatabase(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, TRUE)`); err != nil {
			t.Fatal(err)
		}
		if err := d.CheckSchema(ctx); !errors.Is(err, db.ErrSchemaUnknown) {
			t.Fatalf("got %v, want ErrSchemaUnknown", err)
		}
		if err := d.SchemaCurrent(ctx); !errors.Is(err, db.ErrSchemaUnknown) {
			t.Fatalf("SchemaCurrent: got %v, want ErrSchemaUnknown", err)
		}
	})
}

// SchemaCurrent, which /readyz asks on every call, says what CheckSchema
// says: current after the migrations, outdated when the last one is
// missing.
func TestSchemaCurrentAgreesWithCheckSchema(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := d.SchemaCurrent(ctx); err != nil || d.CheckSchema(ctx) != nil {
			t.Fatalf("after the migrations: SchemaCurrent %v, CheckSchema %v", err, d.CheckSchema(ctx))
		}
		if _, err := d.ExecContext(ctx, `DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)`); err != nil {
			t.Fatal(err)
		}
		if err := d.SchemaCurrent(ctx); !errors.Is(err, db.ErrSchemaOutdated) || !errors.Is(d.CheckSchema(ctx), db.ErrSchemaOutdated) {
			t.Fatalf("without the last migration: SchemaCurrent %v, CheckSchema %v; want both outdated", err, d.CheckSchema(ctx))
		}
	})
}

func TestBackupSQLiteIsAConsistentCopy(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if _, err := d.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('backup-test', 42)`); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := d.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	c, err := db.Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var v int64
	if err := c.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'backup-test'`).Scan(&v); err != nil {
		t.Fatalf("read the copy: %v", err)
	}
	if v != 42 {
		t.Fatalf("copy holds %d, want 42", v)
	}
	if err := d.Backup(ctx, dest); err == nil {
		t.Fatal("a second backup over an existing file succeeded; want a refusal")
	}
	if _, err := os.Stat(dest); err != nil {
		t.Fatal(err)
	}
}

func TestBackupPostgresWithPgDump(t *testing.T) {
	base := os.Getenv("PAKT_TEST_POSTGRES")
	if base == "" {
		t.Skip("PAKT_TEST_POSTGRES not set")
	}
	// pg_dump reads a whole database: this test gets one of its own, so
	// that other packages creating and dropping their schemas meanwhile
	// cannot disturb the dump.
	ctx := context.Background()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("pakt_backup_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	defer admin.ExecContext(ctx, `DROP DATABASE `+name+` WITH (FORCE)`)
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	d, err := db.Open(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := exec.LookPath("pg_dump"); err != nil {
		if err := d.Backup(ctx, filepath.Join(t.TempDir(), "x.dump")); !errors.Is(err, db.ErrNoPgDump) {
			t.Fatalf("backup without pg_dump: got %v, want ErrNoPgDump", err)
		}
		return
	}
	dest := filepath.Join(t.TempDir(), "pakt.dump")
	if err := d.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(dest)
	if err != nil || !strings.HasPrefix(string(b), "PGDMP") || !strings.Contains(string(b), "organisations") {
		t.Fatalf("backup is not a pg_dump archive of pakt (%d bytes, %v)", len(b), err)
	}
}

func TestEmptyUntilMigrated(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		engine string
		url    func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "fresh.db") }},
		{"postgres", func(t *testing.T) string { return dbtest.PostgresURL(t) }},
	} {
		t.Run(tc.engine, func(t *testing.T) {
			u := tc.url(t)
			if u == "" {
				t.Skip("PAKT_TEST_POSTGRES not set: PostgreSQL tests skipped")
			}
			d, err := db.Open(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if empty, err := d.Empty(ctx); err != nil || !empty {
				t.Fatalf("fresh database: Empty = %v, %v; want true", empty, err)
			}
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			if empty, err := d.Empty(ctx); err != nil || empty {
				t.Fatalf("migrated database: Empty = %v, %v; want false", empty, err)
			}
			if v, err := d.Version(ctx); err != nil || v == "" {
				t.Fatalf("Version = %q, %v; want a version", v, err)
			}
		})
	}
}

func TestReadDoesNotWaitForAWriter(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		held := make(chan struct{})
		release := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- d.Tx(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('held', 1)`); err != nil {
					return err
				}
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		// Writers queueing behind the open transaction take nothing
		// from the readers.
		var queued sync.WaitGroup
		for range 20 {
			queued.Go(func() {
				d.Tx(ctx, func(tx *sql.Tx) error { return nil })
			})
		}
		defer queued.Wait()
		time.Sleep(50 * time.Millisecond)
		rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		var n int
		err := d.QueryRowContext(rctx, `SELECT count(*) FROM counters WHERE name = 'held'`).Scan(&n)
		cancel()
		close(release)
		if err != nil {
			t.Fatalf("a read while a write transaction is open: %v", err)
		}
		if n != 0 {
			t.Fatalf("the read saw %d uncommitted rows, want 0", n)
		}
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM counters WHERE name = 'held'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("after the commit the read saw %d rows (%v), want 1", n, err)
		}
	})
}

func TestReadersRefuseWrites(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	var v int64
	err := d.QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value`, string(db.Organisations)).Scan(&v)
	if err == nil {
		t.Fatal("a write through the readers succeeded; want a refusal")
	}
	if err := d.Writer().QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value`, string(db.Organisations)).Scan(&v); err != nil || v != 1 {
		t.Fatalf("the same write through the writer: %d, %v; want 1", v, err)
	}
}

func TestCountingCountsStatements(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx, n := db.Counting(context.Background())
		if _, err := db.Counters(ctx, d, db.Organisations); err != nil {
			t.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `UPDATE counters SET value = value WHERE name = 'none'`); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRowContext(ctx, `SELECT 1`).Scan(new(int)); err != nil {
			t.Fatal(err)
		}
		if got := n(); got != 3 {
			t.Fatalf("counted %d statements, want 3", got)
		}
	})
}

// A long read sees what the readers see, hands on its error, and gives its
// connection back: the pool serves the next query.
func TestLongReadReadsOnItsOwnConnection(t *testing.T) {
	t.Parallel()
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.ExecContext(ctx, `CREATE TABLE long_read (n INTEGER)`); err != nil {
			t.Fatal(err)
		}
		for n := range 50 {
			if _, err := d.ExecContext(ctx, `INSERT INTO long_read (n) VALUES ($1)`, n); err != nil {
				t.Fatal(err)
			}
		}
		sum := 0
		err := d.LongRead(ctx, func(q db.Querier) error {
			return q.QueryRowContext(ctx, `SELECT SUM(n) FROM long_read`).Scan(&sum)
		})
		if err != nil || sum != 49*50/2 {
			t.Fatalf("LongRead: sum %d, error %v; want %d", sum, err, 49*50/2)
		}
		stop := errors.New("stop")
		if err := d.LongRead(ctx, func(db.Querier) error { return stop }); !errors.Is(err, stop) {
			t.Fatalf("LongRead returned %v, want fn's error", err)
		}
		for range 30 { // more than the pool holds, had a connection been kept
			if err := d.LongRead(ctx, func(q db.Querier) error {
				return q.QueryRowContext(ctx, `SELECT COUNT(*) FROM long_read`).Scan(&sum)
			}); err != nil || sum != 50 {
				t.Fatalf("LongRead: count %d, error %v; want 50", sum, err)
			}
		}
	})
}
