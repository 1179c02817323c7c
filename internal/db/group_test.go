package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// Many writers at once, some failing, some panicking, some dry runs: each
// gets its own result, and exactly the successful ones' rows exist, each
// visible to a new connection as soon as its Tx has returned.
func TestTxConcurrentCallersKeepTheirOwnResults(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		fresh := d
		if d.Engine == db.SQLite {
			var err error
			if fresh, err = db.Open(ctx, d.URL); err != nil {
				t.Fatal(err)
			}
			defer fresh.Close()
		}
		const n = 300
		kind := func(i int) string {
			switch {
			case i%5 == 1:
				return "fails"
			case i%7 == 2:
				return "panics"
			case i%11 == 3:
				return "dry"
			}
			return "ok"
		}
		start := make(chan struct{})
		problems := make(chan string, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("group-%d", i)
				cctx := ctx
				if kind(i) == "dry" {
					cctx = db.DryRun(ctx)
				}
				defer func() {
					v := recover()
					if (v != nil) != (kind(i) == "panics") {
						problems <- fmt.Sprintf("%s: panic %v", name, v)
					}
					if v == nil {
						return
					}
					if v != name {
						problems <- fmt.Sprintf("%s: got the panic %v", name, v)
					}
				}()
				<-start
				err := d.Tx(cctx, func(tx *sql.Tx) error {
					if _, err := tx.ExecContext(cctx, `INSERT INTO counters (name, value) VALUES ($1, $2)`, name, i); err != nil {
						return err
					}
					switch kind(i) {
					case "fails":
						return errors.New(name)
					case "panics":
						panic(name)
					}
					return nil
				})
				switch kind(i) {
				case "fails":
					if err == nil || err.Error() != name {
						problems <- fmt.Sprintf("%s: got %v, want its own error", name, err)
					}
					return
				case "ok", "dry":
					if err != nil {
						problems <- fmt.Sprintf("%s: %v", name, err)
						return
					}
				}
				if kind(i) != "ok" {
					return
				}
				var v int
				if err := fresh.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = $1`, name).Scan(&v); err != nil || v != i {
					problems <- fmt.Sprintf("%s: right after Tx a new connection reads %d, %v", name, v, err)
				}
			}()
		}
		close(start)
		wg.Wait()
		close(problems)
		for p := range problems {
			t.Error(p)
		}
		var want []string
		for i := range n {
			if kind(i) == "ok" {
				want = append(want, fmt.Sprintf("group-%d", i))
			}
		}
		got, err := db.Query(ctx, d, func(r db.Row) (string, error) {
			var s string
			return s, r.Scan(&s)
		}, `SELECT name FROM counters WHERE name LIKE 'group-%'`)
		if err != nil {
			t.Fatal(err)
		}
		gotSet := map[string]bool{}
		for _, s := range got {
			gotSet[s] = true
		}
		if len(got) != len(want) {
			t.Errorf("%d rows, want %d", len(got), len(want))
		}
		for _, s := range want {
			if !gotSet[s] {
				t.Errorf("%s is missing", s)
			}
		}
	})
}

// A caller waiting for the writer whose context ends returns at once,
// and its fn never runs; the writer goes on serving the others.
func TestTxWaitingCallerCancelled(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		if d.Engine == db.Postgres {
			t.Skip("PostgreSQL writers do not wait for each other here")
		}
		ctx := context.Background()
		running, release := make(chan struct{}), make(chan struct{})
		done := make(chan error)
		go func() {
			done <- d.Tx(ctx, func(tx *sql.Tx) error {
				close(running)
				<-release
				_, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('holder', 1)`)
				return err
			})
		}()
		<-running
		cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		ran := false
		err := d.Tx(cctx, func(tx *sql.Tx) error { ran = true; return nil })
		if !errors.Is(err, context.DeadlineExceeded) || ran {
			t.Fatalf("waiting caller: got %v (ran %v), want the deadline and no run", err, ran)
		}
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO counters (name, value) VALUES ('after', 1)`)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT count(*) FROM counters WHERE name IN ('holder', 'after')`).Scan(&n); err != nil || n != 2 {
			t.Fatalf("%d rows, %v; want 2", n, err)
		}
	})
}
