package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// connectTimeout bounds how long opening a PostgreSQL connection may take
// when the URL does not say: while the server is away, a request waits at
// most this long for a connection instead of hanging with the network.
const connectTimeout = "5"

// withConnectTimeout adds connect_timeout to a postgres:// URL that has
// none.
func withConnectTimeout(location string) string {
	u, err := url.Parse(location)
	if err != nil {
		return location // pgx reports it
	}
	q := u.Query()
	if q.Has("connect_timeout") {
		return location
	}
	q.Set("connect_timeout", connectTimeout)
	u.RawQuery = q.Encode()
	return u.String()
}

// retryConnect is how often a new PostgreSQL connection is tried while the
// server cannot be reached.
const retryConnect = 100 * time.Millisecond

// pgConnector opens PostgreSQL connections; while the server cannot be
// reached it tries one at a time, at most one every retryConnect, and
// fails the others at once with the last error. database/sql opens
// connections one at a time for the requests queued for one, and hands
// each failure to one of them at random, while new requests try on their
// own: without the gate a request queued when the server went away could
// wait until it was back.
type pgConnector struct {
	driver.Connector
	mu       sync.Mutex
	failed   error // the last failure while the server is away, else nil
	failedAt time.Time
	trying   bool // a connection is being tried while the server is away
}

// newPgConnector returns the connector of the database at location.
func newPgConnector(location string) (*pgConnector, error) {
	cfg, err := pgx.ParseConfig(withConnectTimeout(location))
	if err != nil {
		return nil, err
	}
	return &pgConnector{Connector: stdlib.GetConnector(*cfg)}, nil
}

// Connect opens a connection, or fails at once while the server is away.
func (c *pgConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c.mu.Lock()
	probe := c.failed != nil
	if probe && (c.trying || time.Since(c.failedAt) < retryConnect) {
		err := c.failed
		c.mu.Unlock()
		return nil, err
	}
	c.trying = probe
	c.mu.Unlock()
	conn, err := c.Connector.Connect(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if probe {
		c.trying = false
	}
	switch {
	case err == nil:
		c.failed = nil
	case ctx.Err() == nil && IsUnavailable(err): // not the caller giving up
		c.failed, c.failedAt = err, time.Now()
	}
	return conn, err
}

// IsUnavailable reports whether err says that the database cannot be
// reached for the moment, so that the request may succeed when tried
// again: on PostgreSQL a refused or broken connection, a server shutting
// down, starting up or out of connections. The connections such an error
// broke are discarded by the pool, which opens new ones when the server
// is back.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", // admin_shutdown: the server is stopping
			"57P02", // crash_shutdown
			"57P03", // cannot_connect_now: starting up or shutting down
			"53300": // too_many_connections
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection exceptions
	}
	var connectErr *pgconn.ConnectError
	var netErr *net.OpError
	return errors.As(err, &connectErr) || errors.As(err, &netErr) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE)
}

// sqliteFull is SQLite's result code for a full disk (SQLITE_FULL).
const sqliteFull = 13

// IsDiskFull reports whether err says that the database's disk is full: a
// write failed and nothing of its transaction was saved. SQLite rolls the
// transaction back and keeps the file intact; PostgreSQL answers
// disk_full.
func IsDiskFull(err error) bool {
	if err == nil {
		return false
	}
	var coded interface{ Code() int }
	if errors.As(err, &coded) && coded.Code()&0xff == sqliteFull {
		return true
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "53100" {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}
