package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Bulk loads many rows in one transaction: PostgreSQL through COPY,
// SQLite through prepared INSERTs of many rows each. Seeding and imports
// of hundreds of thousands of rows use it instead of one INSERT per row.
type Bulk struct {
	// Tx is the transaction the rows go into; ordinary statements of the
	// load (counters, lookups) run in it too.
	Tx     *sql.Tx
	conn   *sql.Conn
	engine Engine
	stmts  map[string]*sql.Stmt
	tables map[string]bool // the tables written to
}

// bulkLoaded is the set of tables that loads through Bulk wrote to since
// the last Analyze.
type bulkLoaded struct {
	mu     sync.Mutex
	tables map[string]bool
}

// sqliteMaxVars is SQLite's limit on the parameters of one statement
// (SQLITE_MAX_VARIABLE_NUMBER); bulkRows is how many rows one INSERT
// carries at most: more saves little and makes the statements long.
const (
	sqliteMaxVars = 32766
	bulkRows      = 256
)

// Bulk runs fn with a Bulk on one connection in one transaction and
// commits when fn returns nil; nothing is written when it returns an error.
// A load too large for one transaction runs its parts through a Loader.
func (d *DB) Bulk(ctx context.Context, fn func(b *Bulk) error) error {
	l, err := d.Loader(ctx)
	if err != nil {
		return err
	}
	return errors.Join(l.Part(ctx, fn), l.Close())
}

// Loader holds the writer's connection for a load in many parts, each in
// its own transaction. Meanwhile nothing else writes: a part's fn must not
// start transactions of its own.
//
// On SQLite the connection gets a larger page cache and keeps its
// statement journals in memory for the load, and is closed after it, so
// that the pool opens a fresh one with the usual settings. One connection
// for all parts keeps the cache filled: a fresh one for each part would
// read the pages of the tables' indexes from the file again, and allocate
// its cache again.
type Loader struct {
	d    *DB
	conn *sql.Conn
}

// Loader takes the writer's connection for a load; Close gives it back.
// With a context from Unsynced, SQLite does not wait for the disk.
func (d *DB) Loader(ctx context.Context) (*Loader, error) {
	conn, err := d.writer.Conn(ctx)
	if err != nil {
		return nil, err
	}
	l := &Loader{d: d, conn: conn}
	if d.Engine == SQLite {
		pragmas := []string{`PRAGMA cache_size = -262144`, `PRAGMA temp_store = MEMORY`}
		if ctx.Value(unsynced{}) != nil {
			pragmas = append(pragmas, `PRAGMA synchronous = OFF`)
		}
		for _, p := range pragmas {
			if _, err := conn.ExecContext(ctx, p); err != nil {
				return nil, errors.Join(err, l.Close())
			}
		}
	}
	return l, nil
}

// Part runs fn with a Bulk in a transaction of its own and commits when fn
// returns nil; nothing of the part is written when it returns an error.
func (l *Loader) Part(ctx context.Context, fn func(b *Bulk) error) error {
	d := l.d
	tx, err := l.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	running.enter(tx, d.Engine == Postgres)
	defer running.leave(tx)
	defer tx.Rollback()
	b := &Bulk{Tx: tx, conn: l.conn, engine: d.Engine, stmts: map[string]*sql.Stmt{}, tables: map[string]bool{}}
	if err := fn(b); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	d.loaded.mu.Lock()
	defer d.loaded.mu.Unlock()
	if d.loaded.tables == nil {
		d.loaded.tables = map[string]bool{}
	}
	maps.Copy(d.loaded.tables, b.tables)
	return nil
}

// Close gives the connection back: on SQLite it is closed, with its
// settings for the load.
func (l *Loader) Close() error {
	if l.d.Engine == SQLite {
		// Raw's ErrBadConn tells the pool to close the connection; the
		// Conn is done then.
		l.conn.Raw(func(any) error { return driver.ErrBadConn })
		return nil
	}
	return l.conn.Close()
}

// Analyze brings the query planner's statistics of the tables that Bulk
// loaded since the last call up to date; a caller runs it at the end of a
// load of many parts. PostgreSQL plans by the statistics ANALYZE gathers:
// without them, after a load into empty tables, it takes a list of a few
// ids for a large part of a table and scans all of it. Autovacuum would
// gather them, but only after a while, and not at all where it is off.
// SQLite plans without statistics: nothing to do.
func (d *DB) Analyze(ctx context.Context) error {
	d.loaded.mu.Lock()
	tables := slices.Sorted(maps.Keys(d.loaded.tables))
	d.loaded.tables = nil
	d.loaded.mu.Unlock()
	if d.Engine != Postgres || len(tables) == 0 {
		return nil
	}
	_, err := d.ExecContext(ctx, `ANALYZE `+strings.Join(tables, ", "))
	return err
}

type unsynced struct{}

// Unsynced returns a context in which Bulk on SQLite does not wait for the
// disk to have each load (synchronous=OFF): faster, but a crash of the
// machine during the load may leave the file broken. Only for filling a
// new database that can be made again, such as the demo's.
func Unsynced(ctx context.Context) context.Context {
	return context.WithValue(ctx, unsynced{}, true)
}

// Insert writes rows into table, each row holding the values of columns
// in their order. table and columns are the caller's constants, never
// input. An error names the table and the row (its index in rows) that
// could not be written.
func (b *Bulk) Insert(ctx context.Context, table string, columns []string, rows [][]any) error {
	for i, r := range rows {
		if len(r) != len(columns) {
			return fmt.Errorf("bulk insert into %s, row %d: %d values for %d columns", table, i, len(r), len(columns))
		}
	}
	if len(rows) == 0 {
		return nil
	}
	b.tables[table] = true
	if b.engine == Postgres {
		return b.copy(ctx, table, columns, rows)
	}
	per := max(1, min(bulkRows, sqliteMaxVars/len(columns)))
	args := make([]any, 0, per*len(columns))
	for from := 0; from < len(rows); from += per {
		part := rows[from:min(from+per, len(rows))]
		stmt, err := b.insertStmt(ctx, table, columns, len(part))
		if err != nil {
			return fmt.Errorf("bulk insert into %s: %w", table, err)
		}
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			// A failed statement undoes only its own rows: write them one
			// at a time to find the one that fails.
			return b.blame(ctx, table, columns, part, from, err)
		}
	}
	return nil
}

// insertStmt prepares, once per load, an INSERT of n rows into table.
func (b *Bulk) insertStmt(ctx context.Context, table string, columns []string, n int) (*sql.Stmt, error) {
	key := table + "(" + strings.Join(columns, ",") + ")" + strconv.Itoa(n)
	if s := b.stmts[key]; s != nil {
		return s, nil
	}
	// Anonymous parameters: the driver looks each numbered one up by its
	// name, which costs time growing with the parameters of the statement.
	row := "(" + strings.Repeat("?, ", len(columns)-1) + "?)"
	var q strings.Builder
	q.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
	}
	s, err := b.Tx.PrepareContext(ctx, q.String())
	if err != nil {
		return nil, err
	}
	b.stmts[key] = s
	return s, nil
}

// blame finds the row of part that a multi-row INSERT failed on (cause)
// by writing them one by one, and names it; from is the index of part's
// first row in the caller's rows.
func (b *Bulk) blame(ctx context.Context, table string, columns []string, part [][]any, from int, cause error) error {
	stmt, err := b.insertStmt(ctx, table, columns, 1)
	if err != nil {
		return fmt.Errorf("bulk insert into %s, rows %d to %d: %w", table, from, from+len(part)-1, cause)
	}
	for i, r := range part {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			return fmt.Errorf("bulk insert into %s, row %d: %w", table, from+i, err)
		}
	}
	return fmt.Errorf("bulk insert into %s, rows %d to %d: %w", table, from, from+len(part)-1, cause)
}

// copyLine finds the line of a COPY error in PostgreSQL's context, e.g.
// "COPY contacts, line 3".
var copyLine = regexp.MustCompile(`COPY [^,]+, line (\d+)`)

// copy writes rows with COPY FROM on the transaction's connection.
func (b *Bulk) copy(ctx context.Context, table string, columns []string, rows [][]any) error {
	err := b.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
		return err
	})
	if err == nil {
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		if m := copyLine.FindStringSubmatch(pe.Where); m != nil {
			if line, _ := strconv.Atoi(m[1]); line > 0 {
				return fmt.Errorf("bulk insert into %s, row %d: %w", table, line-1, err)
			}
		}
	}
	return fmt.Errorf("bulk insert into %s: %w", table, err)
}

// WithoutIndexes runs fn, a large load, with the named indexes dropped and
// builds them again afterwards, also when fn fails. An index on a column
// whose values arrive in random order (names, sort keys) costs a load of a
// million rows more than its table does, as every row lands on another
// page of it; built once at the end, it is sorted in one pass. The
// definitions are read from the database before the drop, so the
// migrations stay their only source. Only for a load into a database no
// one else uses yet, such as the demo's: meanwhile queries that want the
// indexes scan.
func (d *DB) WithoutIndexes(ctx context.Context, names []string, fn func() error) (err error) {
	var args []any
	in := In(&args, names)
	query := `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (` + in + `)`
	if d.Engine == Postgres {
		query = `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (` + in + `)`
	}
	defs, err := Query(ctx, d, func(r Row) ([2]string, error) {
		var def [2]string
		return def, r.Scan(&def[0], &def[1])
	}, query, args...)
	if err != nil {
		return err
	}
	if len(defs) != len(names) {
		return fmt.Errorf("indexes %v: %d of them exist", names, len(defs))
	}
	for _, def := range defs {
		if _, err := d.ExecContext(ctx, `DROP INDEX `+def[0]); err != nil {
			return fmt.Errorf("drop index %s: %w", def[0], err)
		}
	}
	defer func() {
		// Built again even when the load failed or its context ended.
		bctx := context.WithoutCancel(ctx)
		for _, def := range defs {
			if _, e := d.ExecContext(bctx, def[1]); e != nil {
				err = errors.Join(err, fmt.Errorf("build index %s: %w", def[0], e))
			}
		}
	}()
	return fn()
}
