package db

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Counter names a change counter: a number that every change of one kind
// of data moves in the change's transaction. In-memory caches compare it
// before each use, so that several pakt processes on one PostgreSQL
// database never serve what another one changed.
//
// A counter is up to Shards rows of the counters table, one per shard, so
// that concurrent writers do not all wait for one row's lock: a
// transaction moves one shard (see Bump), and a reader reads every shard
// (a Mark). The rows of shards other than 0 are made by their first Bump;
// a counter's row of shard 0 is made by the migration that introduces it.
type Counter string

// The counters the migrations create.
const (
	Organisations   Counter = "organisations"    // profiles, their children and memberships
	Competencies    Counter = "competencies"     // the competency taxonomy
	Assessments     Counter = "assessments"      // CAN × WILL assessments
	ProspectChanges Counter = "prospect_changes" // stage changes in the pipeline
	Activities      Counter = "activities"       // steering activities
	Concierge       Counter = "concierge"        // introductions and pins
	Participation   Counter = "participation"    // the association's memberships, groups, meetings, events and attendances
)

// Shards is how many rows a counter may have, a power of two: more than
// the transactions one process runs at once (PostgreSQL's pool has 20
// connections), so that each has a shard of its own (see running), and
// room for several processes. A reader reads only the rows that exist.
const Shards = 64

// shardBits is log2(Shards).
const shardBits = 6

// Mark is where a counter stands: the value of each of its shards. A
// shard's writers wait for each other, so its values are taken in commit
// order: every change numbered up to a mark read from the database was
// committed when the mark was read, and every change committed later gets
// a higher value in its shard. Marks compare with ==.
type Mark [Shards]int64

// Seq is the change number a Bump returns, from which a row's change can
// be found: the shard's value times Shards plus the shard. Change
// numbers are unique per counter; within one shard they grow in commit
// order, across shards they are not ordered.
func Seq(value int64, shard int) int64 { return value*Shards + int64(shard) }

// Covers reports whether the change numbered seq was taken at or before
// m, so that it was committed when m was read.
func (m Mark) Covers(seq int64) bool {
	return seq >= 0 && seq/Shards <= m[seq%Shards]
}

// AtLeast reports whether m is as new as o in every shard: what was read
// at m holds every change that had been committed when o was read.
func (m Mark) AtLeast(o Mark) bool {
	for s := range Shards {
		if m[s] < o[s] {
			return false
		}
	}
	return true
}

// Since returns an SQL condition on the change-number column col that
// holds for the changes after since up to and including upto, with its
// arguments, numbered from $n on: for each shard that moved, the numbers
// of the shard between its two values. It is a condition that never holds
// when no shard moved.
func Since(col string, since, upto Mark, n int) (string, []any) {
	var b strings.Builder
	var args []any
	for s := range Shards {
		if upto[s] <= since[s] {
			continue
		}
		if len(args) > 0 {
			b.WriteString(" OR ")
		}
		fmt.Fprintf(&b, "(%s > $%d AND %s <= $%d AND %s %% %d = %d)", col, n, col, n+1, col, Shards, s)
		args = append(args, Seq(since[s], s), Seq(upto[s], s))
		n += 2
	}
	if len(args) == 0 {
		return "1 = 0", nil
	}
	return "(" + b.String() + ")", args
}

// shardOf picks the shard that q moves. A transaction moves one shard
// however often it bumps, so that two transactions never wait for each
// other's shards in opposite orders (a deadlock). One that Tx, the
// SQLite group or Bulk runs has the lowest shard no other running
// transaction of this process holds (see running); another one is spread
// over the shards by its identity. Outside a transaction the lowest free
// shard does.
func shardOf(q Querier) int {
	tx, ok := q.(*sql.Tx)
	if !ok {
		return running.free()
	}
	if s, ok := running.of(tx); ok {
		return s
	}
	// Fibonacci hashing of the address: the top bits of the product
	// depend on all of its bits.
	return int((uint64(reflect.ValueOf(tx).Pointer()) * 0x9E3779B97F4A7C15) >> (64 - shardBits))
}

// running holds the shards of the transactions this process runs. It is
// the package's one piece of shared state: Bump is handed a transaction,
// not the DB that began it. Taking the lowest free shard keeps the shards
// in use, and so the rows every reader of a counter reads, as few as the
// transactions that ever ran at once: on SQLite, whose transactions run
// one at a time, shard 0 alone. On PostgreSQL, which other processes may
// write too, a process counts from a shard of its own (offset), so that
// two processes seldom take the same shards.
var running = shardRegistry{byTx: map[*sql.Tx]int{}, offset: rand.IntN(Shards)}

// shardRegistry hands each running transaction a shard of its own.
type shardRegistry struct {
	mu     sync.Mutex
	used   [Shards]bool
	byTx   map[*sql.Tx]int
	offset int
}

// enter gives tx the lowest shard no other running transaction holds,
// counted from the process's offset when other processes may write the
// database (shared); when every one is held, tx has none (shardOf then
// hashes).
func (r *shardRegistry) enter(tx *sql.Tx, shared bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	from := 0
	if shared {
		from = r.offset
	}
	for i := range Shards {
		if s := (from + i) % Shards; !r.used[s] {
			r.used[s] = true
			r.byTx[tx] = s
			return
		}
	}
}

// leave frees tx's shard once tx has ended.
func (r *shardRegistry) leave(tx *sql.Tx) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.byTx[tx]; ok {
		r.used[s] = false
		delete(r.byTx, tx)
	}
}

// of returns tx's shard, if enter gave it one.
func (r *shardRegistry) of(tx *sql.Tx) (int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.byTx[tx]
	return s, ok
}

// free returns the lowest shard no running transaction holds, or a
// random one when all are held.
func (r *shardRegistry) free() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for s := range Shards {
		if !r.used[s] {
			return s
		}
	}
	return rand.IntN(Shards)
}

// bumpSQL moves one shard of a counter by $3, making the shard's row on
// its first move.
const bumpSQL = `INSERT INTO counters (name, shard, value) VALUES ($1, $2, $3)
	ON CONFLICT (name, shard) DO UPDATE SET value = counters.value + excluded.value RETURNING value`

// Bump moves one shard of c by one inside the caller's transaction and
// returns the change number it took (see Seq). The shard's row stays
// locked until the transaction ends. Given a DB rather than a
// transaction, it writes on its writer.
func Bump(ctx context.Context, q Querier, c Counter) (int64, error) {
	first, _, err := BumpBy(ctx, q, c, 1)
	return first, err
}

// BumpBy moves one shard of c by n (at least 1) inside the caller's
// transaction, for a batch that numbers its rows at once, and returns the
// first and the last of the n change numbers it took: first,
// first+Shards, first+2·Shards, …, last. Given a DB, it writes on its
// writer.
func BumpBy(ctx context.Context, q Querier, c Counter, n int64) (first, last int64, err error) {
	if n < 1 {
		return 0, 0, fmt.Errorf("counter %s: cannot move by %d", c, n)
	}
	if d, ok := q.(*DB); ok {
		q = d.writer
	}
	shard := shardOf(q)
	var v int64
	if err := q.QueryRowContext(ctx, bumpSQL, string(c), shard, n).Scan(&v); err != nil {
		return 0, 0, fmt.Errorf("counter %s: %w", c, err)
	}
	return Seq(v-n+1, shard), Seq(v, shard), nil
}

// Counters returns the marks of cs, in their order. Caches call it before
// every use, so it reads only their rows, with the names written into the
// query (they are this package's constants) and little allocated.
func Counters(ctx context.Context, q Querier, cs ...Counter) ([]Mark, error) {
	var buf [160]byte
	query := append(buf[:0], "SELECT name, shard, value FROM counters WHERE name IN ("...)
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
	out := make([]Mark, len(cs))
	found := 0
	var name sql.RawBytes
	var shard int
	var v int64
	for rows.Next() {
		if err := rows.Scan(&name, &shard, &v); err != nil {
			return nil, err
		}
		if shard < 0 || shard >= Shards {
			return nil, fmt.Errorf("counter %s: shard %d", name, shard)
		}
		for i, c := range cs {
			if string(name) == string(c) {
				out[i][shard] = v
				if shard == 0 {
					found++
				}
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
// counters' marks it was loaded at. Its zero value is ready to use; it is
// safe for concurrent use.
type Cached[T any] struct {
	mu     sync.Mutex
	at     []Mark
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

// String writes m as its shards' values, for messages.
func (m Mark) String() string {
	b := []byte{'['}
	for i, v := range m {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendInt(b, v, 10)
	}
	return string(append(b, ']'))
}
