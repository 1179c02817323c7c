// Package db opens pakt's database, SQLite by default or PostgreSQL, and
// applies the embedded migrations. One set of SQL serves both engines.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Engine names the database engine behind a DB.
type Engine string

// The supported engines.
const (
	SQLite   Engine = "sqlite"
	Postgres Engine = "postgres"
)

// DB is an open database together with its engine. Its embedded *sql.DB
// serves reads; ExecContext, BeginTx, Tx and the migrations go to the
// writer. On SQLite the readers are a pool of read-only connections and
// the writer is a single connection, so that a read never waits for the
// write lock and writers queue in Go instead of holding a connection
// while they wait for it. On PostgreSQL both are the same pool.
type DB struct {
	*sql.DB
	writer *sql.DB
	commit *committer // on SQLite: the queue of Tx
	Engine Engine
	// URL is the location the database was opened from, with any password
	// removed, for messages.
	URL string
	raw string
	// loaded are the tables Bulk wrote to, for Analyze.
	loaded bulkLoaded
}

// IsPostgres reports whether url names a PostgreSQL database.
func IsPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// sqlitePragmas go into the DSN so that every pooled connection gets them.
// A page cache of 32 MiB per connection (the default is 2 MiB) keeps
// queries over whole tables, such as the portfolio, from going to the
// file system for every page. Pages are not read through a memory map:
// every mapped page counts as resident memory while the kernel keeps it (at
// 100 000 partners the index's load mapped some 210 MB, twice the index),
// and the map made no measurable difference to the portfolio's or the
// load's speed.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)" +
	"&_pragma=cache_size(-32768)&_pragma=mmap_size(0)&_time_format=sqlite"

// The writer begins its transactions immediately, taking the write lock
// at BEGIN rather than at the first write, so that two writers never
// deadlock upgrading their locks. It keeps statement journals in memory:
// every call of a group commit runs in a savepoint, and writing each
// savepoint's pages to a temporary file cost the writer a seventh of its
// time. The readers refuse any write: one sent there by mistake fails
// loudly instead of waiting for the lock.
const (
	sqliteWriter = sqlitePragmas + "&_pragma=temp_store(MEMORY)&_txlock=immediate"
	sqliteReader = sqlitePragmas + "&_pragma=query_only(1)"
)

// sqliteReaders is the size of the SQLite reader pool.
func sqliteReaders() int { return max(4, 2*runtime.GOMAXPROCS(0)) }

// Open opens the database at location: a postgres:// URL or a SQLite file
// path. It does not migrate.
func Open(ctx context.Context, location string) (*DB, error) {
	if location == "" {
		return nil, errors.New("no database given")
	}
	d := &DB{raw: location}
	if IsPostgres(location) {
		d.Engine = Postgres
		d.URL = redact(location)
		connector, err := newPgConnector(location)
		if err != nil {
			return nil, err
		}
		d.DB = sql.OpenDB(connector)
		d.SetMaxOpenConns(20)
		d.SetMaxIdleConns(20)
		d.writer = d.DB
	} else {
		d.Engine = SQLite
		path := strings.TrimPrefix(location, "file:")
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path = path[:i]
		}
		d.URL = path
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("create database directory: %w", err)
			}
		}
		// WAL lets the readers run beside the one writer. The writer is
		// opened first, so that it creates the file and sets WAL before
		// a read-only connection opens it.
		d.writer = sql.OpenDB(&sqliteConnector{dsn: "file:" + path + "?" + sqliteWriter})
		d.writer.SetMaxOpenConns(1)
		d.writer.SetMaxIdleConns(1)
		d.writer.SetConnMaxIdleTime(0)
		d.commit = &committer{}
		if err := d.writer.PingContext(ctx); err != nil {
			d.writer.Close()
			return nil, fmt.Errorf("open database %s: %w", d.URL, err)
		}
		d.DB = sql.OpenDB(&sqliteConnector{dsn: "file:" + path + "?" + sqliteReader})
		n := sqliteReaders()
		d.SetMaxOpenConns(n)
		d.SetMaxIdleConns(n)
	}
	if err := d.PingContext(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("open database %s: %w", d.URL, err)
	}
	return d, nil
}

// Writer returns the pool that writes: on SQLite its single connection.
// ExecContext, BeginTx and Tx use it already; a caller needs it only for
// a write that reads rows back outside a transaction, such as INSERT …
// RETURNING. Holding it blocks every other writer.
func (d *DB) Writer() *sql.DB { return d.writer }

// ExecContext runs a statement that writes, on the writer.
func (d *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	count(ctx)
	return d.writer.ExecContext(ctx, query, args...)
}

// Exec runs a statement that writes, on the writer.
func (d *DB) Exec(query string, args ...any) (sql.Result, error) {
	return d.ExecContext(context.Background(), query, args...)
}

// QueryContext runs a query on the readers.
func (d *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	count(ctx)
	return d.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a query that returns at most one row on the
// readers.
func (d *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	count(ctx)
	return d.DB.QueryRowContext(ctx, query, args...)
}

// LongRead runs fn's queries, which read through much of the database
// (such as a full load of an index), on a reader connection of their own.
// On SQLite that connection then gives back the pages it cached: they
// would stay, up to the cache's size, in memory few other queries need.
func (d *DB) LongRead(ctx context.Context, fn func(q Querier) error) error {
	if d.Engine != SQLite {
		return fn(d)
	}
	conn, err := d.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := fn(conn); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `PRAGMA shrink_memory`)
	return err
}

// BeginTx begins a transaction on the writer; a read-only one runs on the
// readers.
func (d *DB) BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error) {
	if opts != nil && opts.ReadOnly {
		return d.DB.BeginTx(ctx, opts)
	}
	return d.writer.BeginTx(ctx, opts)
}

// Begin begins a transaction on the writer.
func (d *DB) Begin() (*sql.Tx, error) { return d.BeginTx(context.Background(), nil) }

// Close closes the readers and the writer.
func (d *DB) Close() error {
	err := d.DB.Close()
	if d.commit != nil {
		d.commit.close()
	}
	if d.writer != d.DB {
		err = errors.Join(err, d.writer.Close())
	}
	return err
}

type counter struct{}

// Counting returns a context in which the statements sent through a DB
// (ExecContext, QueryContext, QueryRowContext; not those of a
// transaction) are counted, and a function that returns their number so
// far. Tests use it to hold a page or a read to its number of queries.
func Counting(ctx context.Context) (context.Context, func() int) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, counter{}, n), func() int { return int(n.Load()) }
}

func count(ctx context.Context) {
	if n, ok := ctx.Value(counter{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "postgres://…"
	}
	return u.Redacted()
}

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if d.Engine == Postgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, d.writer, sub)
}

// Migrate applies every pending migration and returns the new version.
func (d *DB) Migrate(ctx context.Context) (int64, error) {
	p, err := d.provider()
	if err != nil {
		return 0, err
	}
	if _, err := p.Up(ctx); err != nil {
		return 0, fmt.Errorf("migrate: %w", err)
	}
	return p.GetDBVersion(ctx)
}

// ErrSchemaOutdated is returned by CheckSchema when migrations are pending.
var ErrSchemaOutdated = errors.New("the database schema is older than this pakt: run `pakt migrate`")

// ErrSchemaUnknown is returned by CheckSchema when the database was migrated
// by a newer pakt.
var ErrSchemaUnknown = errors.New("the database schema is newer than this pakt knows: use a newer pakt")

// CheckSchema verifies that the database is at exactly the schema version this
// binary knows.
func (d *DB) CheckSchema(ctx context.Context) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	return compareVersions(current, target)
}

// compareVersions says whether a database at version current fits a pakt
// whose newest migration is target.
func compareVersions(current, target int64) error {
	switch {
	case current < target:
		return fmt.Errorf("%w (database at version %d, pakt needs %d)", ErrSchemaOutdated, current, target)
	case current > target:
		return fmt.Errorf("%w (database at version %d, pakt knows %d)", ErrSchemaUnknown, current, target)
	}
	return nil
}

// SchemaCurrent is CheckSchema for a check on every call, such as
// /readyz: it reads the version through the readers, so that it never waits
// for a writer (on SQLite the one writer may be busy with a long load).
func (d *DB) SchemaCurrent(ctx context.Context) error {
	var current sql.NullInt64
	if err := d.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version WHERE is_applied`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	target, err := latestMigration()
	if err != nil {
		return err
	}
	return compareVersions(current.Int64, target)
}

// latestMigration is the version of the newest embedded migration, the
// number its file name begins with.
var latestMigration = sync.OnceValues(func() (int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("migration %s: no version number", e.Name())
		}
		latest = max(latest, v)
	}
	return latest, nil
})

// Tx runs fn in a transaction and commits it when fn returns nil. It
// returns once the commit is durable. On SQLite, calls that wait for the
// writer share one transaction, each in its own savepoint (see
// group.go): fn's error or panic rolls back only its own work, and fn
// must not call Tx, nor write through the DB outside tx.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if d.commit != nil && ctx.Value(dryRun{}) == nil {
		return d.txGroup(ctx, fn)
	}
	tx, err := d.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	running.enter(tx, d.Engine == Postgres)
	defer running.leave(tx)
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if ctx.Value(dryRun{}) != nil {
		return nil // rolled back above
	}
	return tx.Commit()
}

type dryRun struct{}

// DryRun returns a context in which every transaction of Tx rolls back at
// its end instead of committing: an action run with it checks everything
// the real one checks and answers the same error, and changes nothing.
// Only for actions whose every write happens in Tx.
func DryRun(ctx context.Context) context.Context {
	return context.WithValue(ctx, dryRun{}, true)
}

// InDryRun reports whether ctx is a DryRun's: what an action does beside
// its transactions (a mail sent at once) it leaves undone then.
func InDryRun(ctx context.Context) bool { return ctx.Value(dryRun{}) != nil }

// Backup writes a consistent copy of the database to dest. SQLite uses
// VACUUM INTO; PostgreSQL uses pg_dump when it is installed.
func (d *DB) Backup(ctx context.Context, dest string) error {
	if d.Engine == SQLite {
		if _, err := os.Stat(dest); err == nil {
			return fmt.Errorf("backup: %s exists already", dest)
		}
		_, err := d.ExecContext(ctx, `VACUUM INTO $1`, dest)
		return err
	}
	return pgDump(ctx, d.raw, dest)
}

// Empty reports whether the database holds no tables at all: a new SQLite
// file, or a PostgreSQL schema (the first on the search path) with nothing
// in it.
func (d *DB) Empty(ctx context.Context) (bool, error) {
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'table'`
	if d.Engine == Postgres {
		query = `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()`
	}
	var n int
	if err := d.QueryRowContext(ctx, query).Scan(&n); err != nil {
		return false, err
	}
	return n == 0, nil
}

// Version returns the engine's version, e.g. "3.51.2" for SQLite or
// "15.20 (Debian 15.20-0+deb12u1)" for PostgreSQL, for reports.
func (d *DB) Version(ctx context.Context) (string, error) {
	query := `SELECT sqlite_version()`
	if d.Engine == Postgres {
		query = `SHOW server_version`
	}
	var v string
	err := d.QueryRowContext(ctx, query).Scan(&v)
	return v, err
}

// Querier is what both *sql.DB and *sql.Tx offer; store functions that can
// run inside or outside a transaction take it.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// IsUniqueViolation reports whether err is a unique-constraint violation on
// either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}

// Row is what a store's scanner reads one row from: *sql.Row and *sql.Rows
// both are one.
type Row = interface{ Scan(dest ...any) error }

// Query runs a query on q and reads every row with scan, closing the rows
// and reporting their error. No rows give an empty slice, which the API
// shows as [] rather than null.
func Query[T any](ctx context.Context, q Querier, scan func(Row) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// NewID returns a new key: a UUIDv7, random and ordered by time, never
// sequential.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }

// Placeholders returns n query placeholders from $from on: "$3, $4, $5".
func Placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$")
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// In appends vals to args and returns their placeholders, for an IN list:
// `... WHERE id IN (` + db.In(&args, ids) + `)`.
func In[T any](args *[]any, vals []T) string {
	from := len(*args) + 1
	for _, v := range vals {
		*args = append(*args, v)
	}
	return Placeholders(from, len(vals))
}
