package db

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// openSQLite opens a fresh SQLite database with a table t(id, name).
func openSQLite(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	d, err := Open(ctx, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.ExecContext(ctx, `CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)`); err != nil {
		t.Fatal(err)
	}
	return d
}

// kept returns the number of statements the writer's connection keeps.
func kept(t *testing.T, d *DB) int {
	t.Helper()
	conn, err := d.writer.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	n := -1
	if err := conn.Raw(func(dc any) error {
		n = dc.(*cachingConn).order.Len()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWriterKeepsARepeatedStatementOnce(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	before := kept(t, d)
	for i := range 20 {
		if _, err := d.ExecContext(ctx, `INSERT INTO t (id, name) VALUES (?, ?)`, i, fmt.Sprint("n", i)); err != nil {
			t.Fatal(err)
		}
	}
	if got := kept(t, d); got != before+1 {
		t.Fatalf("after 20 inserts of one text: %d statements kept, want %d", got, before+1)
	}
	var n int
	if err := d.writer.QueryRowContext(ctx, `SELECT count(*) FROM t`).Scan(&n); err != nil || n != 20 {
		t.Fatalf("rows: %d, %v; want 20", n, err)
	}
}

func TestWriterKeepsABoundedNumberOfStatements(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	for i := range 3 * stmtCacheSize {
		// Each text is new; every one must still run and return its own
		// answer after older ones were finalised.
		var got int
		if err := d.writer.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&got); err != nil || got != i {
			t.Fatalf("SELECT %d: got %d, %v", i, got, err)
		}
	}
	if got := kept(t, d); got != stmtCacheSize {
		t.Fatalf("%d statements kept, want the bound %d", got, stmtCacheSize)
	}
}

func TestSameStatementInsideItsOwnRows(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	for i := range 3 {
		if _, err := d.ExecContext(ctx, `INSERT INTO t (id, name) VALUES (?, ?)`, i, fmt.Sprint("n", i)); err != nil {
			t.Fatal(err)
		}
	}
	const q = `SELECT id, name FROM t WHERE id >= ? ORDER BY id`
	err := d.Tx(ctx, func(tx *sql.Tx) error {
		outer, err := tx.QueryContext(ctx, q, 0)
		if err != nil {
			return err
		}
		defer outer.Close()
		var pairs int
		for outer.Next() {
			var id int
			var name string
			if err := outer.Scan(&id, &name); err != nil {
				return err
			}
			// The same text while the outer rows are open: the kept
			// statement is busy, so this one runs uncached.
			inner, err := tx.QueryContext(ctx, q, id)
			if err != nil {
				return err
			}
			for inner.Next() {
				pairs++
			}
			if err := inner.Close(); err != nil {
				return err
			}
		}
		if pairs != 3+2+1 {
			return fmt.Errorf("%d pairs, want 6", pairs)
		}
		return outer.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestKeptStatementAfterAnError(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	const ins = `INSERT INTO t (id, name) VALUES (?, ?)`
	if _, err := d.ExecContext(ctx, ins, 1, "same"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, ins, 2, "same"); !IsUniqueViolation(err) {
		t.Fatalf("duplicate name: got %v, want a unique violation", err)
	}
	// The kept statement was reset: the next use binds and runs afresh.
	if _, err := d.ExecContext(ctx, ins, 2, "other"); err != nil {
		t.Fatalf("after the failed insert: %v", err)
	}
	var names []string
	rows, err := d.writer.QueryContext(ctx, `SELECT name FROM t ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if fmt.Sprint(names) != "[same other]" {
		t.Fatalf("names %v, want [same other]", names)
	}
}

func TestKeptStatementSeesSchemaChanges(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	if _, err := d.ExecContext(ctx, `INSERT INTO t (id, name) VALUES (1, 'a')`); err != nil {
		t.Fatal(err)
	}
	cols := func() []string {
		rows, err := d.writer.QueryContext(ctx, `SELECT * FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		c, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if got := fmt.Sprint(cols()); got != "[id name]" {
		t.Fatalf("columns %s", got)
	}
	if _, err := d.ExecContext(ctx, `ALTER TABLE t ADD COLUMN city TEXT`); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(cols()); got != "[id name city]" {
		t.Fatalf("columns after ALTER TABLE: %s, want [id name city]", got)
	}
}

func TestKeptRowsDescribeColumns(t *testing.T) {
	ctx := context.Background()
	d := openSQLite(t)
	// Twice: the second time the rows come from the kept statement.
	for range 2 {
		rows, err := d.writer.QueryContext(ctx, `SELECT id, name FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		types, err := rows.ColumnTypes()
		rows.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(types) != 2 || types[0].DatabaseTypeName() != "INTEGER" || types[1].DatabaseTypeName() != "TEXT" {
			t.Fatalf("column types %v", types)
		}
	}
}
