package db

import (
	"context"
	"database/sql"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// While the server cannot be reached, a new connection is tried at most
// every retryConnect and the requests in between fail at once, so that
// none waits in the pool's queue for the server's return.
func TestConnectionsAreTriedSparinglyWhileTheServerIsAway(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var tries atomic.Int64
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			tries.Add(1)
			c.Close() // a server that ends every connection at once
		}
	}()
	connector, err := newPgConnector("postgres://postgres@" + l.Addr().String() + "/test?sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	pool := sql.OpenDB(connector)
	defer pool.Close()
	pool.SetMaxOpenConns(20)

	// 100 clients, each sending its next request a millisecond after
	// the last failed, for 350 ms; after the first 50 ms, when the pool
	// knows the server is away, the tries are counted.
	const run = 350 * time.Millisecond
	var requests, other atomic.Int64
	var slowest atomic.Int64
	var wg sync.WaitGroup
	end := time.Now().Add(run)
	for range 100 {
		wg.Go(func() {
			for time.Now().Before(end) {
				start := time.Now()
				err := pool.PingContext(context.Background())
				d := int64(time.Since(start))
				for s := slowest.Load(); d > s && !slowest.CompareAndSwap(s, d); s = slowest.Load() {
				}
				requests.Add(1)
				if !IsUnavailable(err) {
					other.Add(1)
				}
				time.Sleep(time.Millisecond)
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	first := tries.Load()
	wg.Wait()
	// One try may be two TCP connections (seen here: pgx's connect tries
	// its fallbacks of the address).
	if n, most := tries.Load()-first, 2*(int64((run-50*time.Millisecond)/retryConnect)+1); n < 1 || n > most {
		t.Errorf("%d TCP connections tried in the last %s, want 1 to %d", n, run-50*time.Millisecond, most)
	}
	if other.Load() != 0 {
		t.Errorf("%d of %d requests failed otherwise than unavailable", other.Load(), requests.Load())
	}
	if s := time.Duration(slowest.Load()); s > time.Second {
		t.Errorf("a request waited %s for its failure, want it at once", s)
	}
	t.Logf("%d requests failed, %d connections tried; the slowest failure took %s", requests.Load(), tries.Load(), time.Duration(slowest.Load()))
}
