package db

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
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
