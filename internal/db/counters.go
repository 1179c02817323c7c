package db

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Counter names a row of the counters table: a number that every change
// of one kind of data moves in the change's transaction. In-memory caches
// compare it before each use, so that several pakt processes on one
// PostgreSQL database never serve what another one changed.
type Counter string

// The counters the migrations create.
const (
	Organisations   Counter = "organisations"    // profiles, their children and memberships
	Competencies    Counter = "competencies"     // the competency taxonomy
	Assessments     Counter = "assessments"      // CAN × WILL assessments
	ProspectChanges Counter = "prospect_changes" // stage changes in the pipeline
	Activities      Counter = "activities"       // steering activities
	Concierge       Counter = "concierge"        // introductions and pins
)

// Bump moves c by one inside the caller's transaction and returns its new
// value. Given a DB rather than a transaction, it writes on its writer.
func Bump(ctx context.Context, q Querier, c Counter) (int64, error) {
	if d, ok := q.(*DB); ok {
		q = d.writer
	}
	var v int64
	err := q.QueryRowContext(ctx, `UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value`, string(c)).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("counter %s: %w", c, err)
	}
	return v, nil
}

// Counters returns the values of cs, in their order. Caches call it before
// every use, so it reads only their rows, with the names written into the
// query (they are this package's constants) and nothing allocated per row.
func Counters(ctx context.Context, q Querier, cs ...Counter) ([]int64, error) {
	var buf [128]byte
	query := append(buf[:0], "SELECT name, value FROM counters WHERE name IN ("...)
	for i, c := range cs {
		if strings.ContainsRune(string(c), '\'') {
			return nil, fmt.Errorf("counter name %q", c)
		}
		if i > 0 {
			query = append(query, ", "...)
		}
		query = append(append(append(query, '\''), c...), '\'')
	}
	rows, err := q.QueryContext(ctx, string(append(query, ')')))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]int64, len(cs))
	found := 0
	var name sql.RawBytes
	var v int64
	for rows.Next() {
		if err := rows.Scan(&name, &v); err != nil {
			return nil, err
		}
		for i, c := range cs {
			if string(name) == string(c) {
				out[i] = v
				found++
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if found != len(cs) {
		return nil, fmt.Errorf("counters: %d of the %d asked for exist", found, len(cs))
	}
	return out, nil
}

// Cached holds a value loaded from the database together with the
// counters it was loaded at. Its zero value is ready to use; it is safe
// for concurrent use.
type Cached[T any] struct {
	mu     sync.Mutex
	at     []int64
	loaded bool
	value  T
}

// Get returns the value, loading it with load when it was never loaded or
// when one of the counters moved since. The counters are read first and
// the rows after them, so a change committed in between is loaded now and
// again next time, never missed. The value is shared: callers must not
// change it.
func (c *Cached[T]) Get(ctx context.Context, q Querier, load func(context.Context) (T, error), counters ...Counter) (T, error) {
	at, err := Counters(ctx, q, counters...)
	if err != nil {
		var zero T
		return zero, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || !slices.Equal(c.at, at) {
		v, err := load(ctx)
		if err != nil {
			var zero T
			return zero, err
		}
		c.value, c.at, c.loaded = v, at, true
	}
	return c.value, nil
}

// BumpBy moves c by n (at least 1) inside the caller's transaction and
// returns the first and the last of the n values it took, for a batch
// that numbers its rows at once. Given a DB, it writes on its writer.
func BumpBy(ctx context.Context, q Querier, c Counter, n int64) (first, last int64, err error) {
	if n < 1 {
		return 0, 0, fmt.Errorf("counter %s: cannot move by %d", c, n)
	}
	if d, ok := q.(*DB); ok {
		q = d.writer
	}
	err = q.QueryRowContext(ctx, `UPDATE counters SET value = value + $2 WHERE name = $1 RETURNING value`, string(c), n).Scan(&last)
	if err != nil {
		return 0, 0, fmt.Errorf("counter %s: %w", c, err)
	}
	return last - n + 1, last, nil
}
