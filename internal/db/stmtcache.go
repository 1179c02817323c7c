package db

import (
	"container/list"
	"context"
	"database/sql/driver"
	"errors"
	"reflect"

	"modernc.org/sqlite"
)

// The SQLite driver compiles a statement's text anew for every Exec and
// Query; on a busy writer that was a fifth of its time. Each SQLite
// connection therefore keeps its most recently used statements prepared,
// by their text, and runs a repeated one without parsing it again.
// SQLite recompiles a kept statement by itself when the schema changes.

// stmtCacheSize bounds the statements one connection keeps prepared; the
// least recently used is finalised when a new one does not fit.
const stmtCacheSize = 64

// sqliteConnector opens SQLite connections that keep their statements.
type sqliteConnector struct {
	dsn string
	drv sqlite.Driver
}

func (c *sqliteConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	inner, ok := conn.(sqliteConn)
	if !ok {
		conn.Close()
		return nil, errors.New("sqlite driver: connection lacks context methods")
	}
	return &cachingConn{sqliteConn: inner, byText: map[string]*list.Element{}}, nil
}

func (c *sqliteConnector) Driver() driver.Driver { return &c.drv }

// sqliteConn is what the driver's connection offers and cachingConn
// passes on.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// keptStmt is a prepared statement of a cachingConn. busy is set while
// it runs or its rows are open; a second use of the same text meanwhile
// (a query inside the loop over another's rows) goes uncached.
type keptStmt struct {
	text string
	stmt interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	}
	busy bool
}

// cachingConn is a SQLite connection with its kept statements. Like every
// driver connection it is used by one goroutine at a time.
type cachingConn struct {
	sqliteConn
	byText map[string]*list.Element // of *keptStmt
	order  list.List                // most recently used first
}

// take returns the kept statement for query, preparing and keeping it
// when it is new; nil when it is busy or cannot be kept.
func (c *cachingConn) take(ctx context.Context, query string) (*keptStmt, error) {
	if e, ok := c.byText[query]; ok {
		k := e.Value.(*keptStmt)
		if k.busy {
			return nil, nil
		}
		c.order.MoveToFront(e)
		k.busy = true
		return k, nil
	}
	s, err := c.sqliteConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	stmt, ok := s.(interface {
		driver.Stmt
		driver.StmtExecContext
		driver.StmtQueryContext
	})
	if !ok {
		s.Close()
		return nil, nil
	}
	k := &keptStmt{text: query, stmt: stmt, busy: true}
	c.byText[query] = c.order.PushFront(k)
	for c.order.Len() > stmtCacheSize {
		if !c.evict() {
			break
		}
	}
	return k, nil
}

// evict finalises the least recently used statement that is not busy.
func (c *cachingConn) evict() bool {
	for e := c.order.Back(); e != nil; e = e.Prev() {
		k := e.Value.(*keptStmt)
		if k.busy {
			continue
		}
		c.order.Remove(e)
		delete(c.byText, k.text)
		k.stmt.Close()
		return true
	}
	return false
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	k, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.sqliteConn.ExecContext(ctx, query, args)
	}
	defer func() { k.busy = false }()
	return k.stmt.ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	k, err := c.take(ctx, query)
	if err != nil {
		return nil, err
	}
	if k == nil {
		return c.sqliteConn.QueryContext(ctx, query, args)
	}
	rows, err := k.stmt.QueryContext(ctx, args)
	if err != nil {
		k.busy = false
		return nil, err
	}
	return &keptRows{Rows: rows, k: k}, nil
}

// Close finalises the kept statements, then closes the connection.
func (c *cachingConn) Close() error {
	var err error
	for e := c.order.Front(); e != nil; e = e.Next() {
		err = errors.Join(err, e.Value.(*keptStmt).stmt.Close())
	}
	c.order.Init()
	clear(c.byText)
	return errors.Join(err, c.sqliteConn.Close())
}

// keptRows frees its statement for the next use when closed.
type keptRows struct {
	driver.Rows
	k *keptStmt
}

func (r *keptRows) Close() error {
	err := r.Rows.Close()
	r.k.busy = false
	return err
}

// The driver's rows describe their columns; database/sql asks for that
// through optional interfaces, which keptRows passes on (the driver's rows
// have them all: TestKeptRowsDescribeColumns).
type columnTyper interface {
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeLength
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

func (r *keptRows) typer() columnTyper { return r.Rows.(columnTyper) }

func (r *keptRows) ColumnTypeDatabaseTypeName(i int) string {
	return r.typer().ColumnTypeDatabaseTypeName(i)
}

func (r *keptRows) ColumnTypeLength(i int) (int64, bool) { return r.typer().ColumnTypeLength(i) }

func (r *keptRows) ColumnTypeNullable(i int) (nullable, ok bool) {
	return r.typer().ColumnTypeNullable(i)
}

func (r *keptRows) ColumnTypePrecisionScale(i int) (precision, scale int64, ok bool) {
	return r.typer().ColumnTypePrecisionScale(i)
}

func (r *keptRows) ColumnTypeScanType(i int) reflect.Type { return r.typer().ColumnTypeScanType(i) }
