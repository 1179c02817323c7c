package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNoPgRestore says that restoring PostgreSQL needs pg_restore on the PATH.
var ErrNoPgRestore = errors.New("restoring PostgreSQL needs pg_restore, which is not installed: install the PostgreSQL client tools (for example `apt-get install postgresql-client`)")

// ErrNotEmpty says that a restore or a copy would overwrite a database that
// holds tables: they go only into an empty one.
var ErrNotEmpty = errors.New("the target database holds tables already: use a new SQLite file or an empty PostgreSQL database, or move this one away first")

// Restore writes the backup file (as Backup wrote it) into the database at
// location, which must be empty: a SQLite file that does not exist or
// holds no tables, or a PostgreSQL database (its first schema on the
// search path) without tables. It is all or nothing: a SQLite backup is
// checked for integrity and then moved into place whole, a PostgreSQL one
// restored by pg_restore in one transaction. The schema may be older than
// this pakt's: `pakt migrate` brings it up to date.
func Restore(ctx context.Context, location, file string) error {
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if IsPostgres(location) {
		return restorePostgres(ctx, location, file)
	}
	return restoreSQLite(ctx, location, file)
}

func restoreSQLite(ctx context.Context, path, file string) error {
	if err := checkSQLiteBackup(ctx, file); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil {
		if err := requireEmpty(ctx, path); err != nil {
			return err
		}
	}
	// Copied next to the target, written to the disk, then renamed over
	// it: the database is the old one or the whole backup, never half.
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".restoring-*")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp.Name())
	src, err := os.Open(file)
	if err != nil {
		tmp.Close()
		return fmt.Errorf("restore: %w", err)
	}
	_, err = io.Copy(tmp, src)
	src.Close()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	for _, stale := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(stale); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// checkSQLiteBackup refuses a file that is no intact SQLite database of
// pakt.
func checkSQLiteBackup(ctx context.Context, file string) error {
	b, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
	if err != nil {
		return err
	}
	defer b.Close()
	var result string
	if err := b.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("restore: %s is no SQLite database: %w", file, err)
	}
	if result != "ok" {
		return fmt.Errorf("restore: %s is damaged: %s", file, result)
	}
	var version int64
	if err := b.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version`).Scan(&version); err != nil {
		return fmt.Errorf("restore: %s is no backup of pakt: %w", file, err)
	}
	return nil
}

func restorePostgres(ctx context.Context, url, file string) error {
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return ErrNoPgRestore
	}
	if err := requireEmpty(ctx, url); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--single-transaction", "--exit-on-error", "--no-owner", "--dbname="+url, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pg_restore: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// requireEmpty returns ErrNotEmpty unless the database at location holds
// no tables.
func requireEmpty(ctx context.Context, location string) error {
	d, err := Open(ctx, location)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.requireEmpty(ctx)
}

// requireEmpty returns ErrNotEmpty unless d holds no tables.
func (d *DB) requireEmpty(ctx context.Context) error {
	empty, err := d.Empty(ctx)
	if err == nil && !empty {
		err = ErrNotEmpty
	}
	return err
}
