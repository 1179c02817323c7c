package db_test

import (
	"context"
	"database/sql"
	"net"
	"testing"
	"time"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// A PostgreSQL server that is away or that ends the connection is
// "unavailable" (the web answers 503); other errors are not, and only a
// full disk is "disk full".
func TestIsUnavailable(t *testing.T) {
	ctx := context.Background()
	// Nothing listens on the port: the connection is refused, at once.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	start := time.Now()
	_, err = db.Open(ctx, "postgres://postgres@"+addr+"/test?sslmode=disable")
	if !db.IsUnavailable(err) || db.IsDiskFull(err) {
		t.Errorf("a refused connection: IsUnavailable %v, IsDiskFull %v, want true, false (%v)", db.IsUnavailable(err), db.IsDiskFull(err), err)
	}
	if d := time.Since(start); d > 6*time.Second {
		t.Errorf("a refused connection took %s to fail, want at most the connect timeout", d)
	}

	sqlite := dbtest.SQLite(t)
	_, err = sqlite.ExecContext(ctx, `INSERT INTO no_such_table (x) VALUES (1)`)
	for name, err := range map[string]error{"no rows": sql.ErrNoRows, "a canceled request": context.Canceled, "a SQL error": err} {
		if db.IsUnavailable(err) || db.IsDiskFull(err) {
			t.Errorf("%s: IsUnavailable %v, IsDiskFull %v, want false (%v)", name, db.IsUnavailable(err), db.IsDiskFull(err), err)
		}
	}

	u := dbtest.PostgresURL(t)
	if u == "" {
		t.Skip("PAKT_TEST_POSTGRES not set")
	}
	// The server ends a connection (as when it is stopped): 57P01.
	d, err := db.Open(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	conn, err := d.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var pid int
	if err := conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		t.Fatal(err)
	}
	if _, err := d.ExecContext(ctx, `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	_, err = conn.ExecContext(ctx, `SELECT 1`)
	if !db.IsUnavailable(err) {
		t.Errorf("a connection ended by the server: IsUnavailable false, want true (%v)", err)
	}
	_, err = d.ExecContext(ctx, `SELECT * FROM no_such_table`)
	if err == nil || db.IsUnavailable(err) {
		t.Errorf("a SQL error on PostgreSQL: IsUnavailable true, want false (%v)", err)
	}
	// The pool opens a new connection for the next statement.
	if _, err := d.ExecContext(ctx, `SELECT 1`); err != nil {
		t.Errorf("after the ended connection: %v, want the pool to reconnect", err)
	}
}

// A PostgreSQL address that takes the connection and never answers (a
// server that hangs, a network that swallows packets) makes pakt give up
// after the connect timeout, as unavailable, instead of waiting with it.
func TestUnansweringDatabaseTimesOut(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the connect timeout")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, never answered
		}
	}()
	start := time.Now()
	_, err = db.Open(context.Background(), "postgres://postgres@"+l.Addr().String()+"/test?sslmode=disable")
	took := time.Since(start)
	if err == nil || !db.IsUnavailable(err) || took < 4*time.Second || took > 8*time.Second {
		t.Errorf("a server that never answers: %v after %s, want unavailable after the 5 s connect timeout", err, took)
	}
}
