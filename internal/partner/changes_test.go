package partner

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/db/dbtest"
)

// TestIndexMissesNoCommittedChange: writers change, create and delete
// organisations concurrently, each change held open a random while after
// it took its number, so that changes commit in another order than their
// numbers; readers refresh the index meanwhile. After every refresh the
// index shows each change committed before the refresh began (every
// organisation changes once, so a missed change is not hidden by a later
// one), and at the end it shows what a whole new load shows.
func TestIndexMissesNoCommittedChange(t *testing.T) {
	dbtest.Engines(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
		s := NewService(d, func() time.Time { return now })
		const changed, deleted, created, writers, readers = 120, 20, 40, 8, 2
		var ids []string
		for i := range changed + deleted {
			name, city := fmt.Sprintf("Wechsel %03d GmbH", i), "Anfang"
			o, err := s.Create(ctx, auth.System, Input{LegalName: &name, City: &city})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, o.ID)
		}
		if err := s.Index.Refresh(ctx); err != nil {
			t.Fatal(err)
		}

		var mu sync.Mutex
		committed := map[string]string{} // id → its city, "" when deleted
		work := make(chan int)
		go func() {
			for i := range changed + deleted + created {
				work <- i
			}
			close(work)
		}()
		var wg, rg sync.WaitGroup
		var done atomic.Bool
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					id, city, err := write(ctx, s, ids, i, changed, deleted, w)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					committed[id] = city
					mu.Unlock()
				}
			}()
		}
		var refreshes atomic.Int64
		for range readers {
			rg.Add(1)
			go func() {
				defer rg.Done()
				for !done.Load() {
					mu.Lock()
					before := make(map[string]string, len(committed))
					for id, city := range committed {
						before[id] = city
					}
					mu.Unlock()
					if err := s.Index.Refresh(ctx); err != nil {
						t.Error(err)
						return
					}
					refreshes.Add(1)
					for id, city := range before {
						if _, got, ok := s.Index.Whereabouts(auth.System, id); ok != (city != "") || got != city {
							t.Errorf("a refresh after the change of %s was committed shows city %q (found %v), want %q", id, got, ok, city)
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		done.Store(true)
		rg.Wait()
		if t.Failed() {
			return
		}
		if err := s.Index.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		whole := NewIndex(d)
		if err := whole.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		for id, city := range committed {
			_, got, ok := s.Index.Whereabouts(auth.System, id)
			_, fresh, freshOK := whole.Whereabouts(auth.System, id)
			if ok != (city != "") || got != city || ok != freshOK || got != fresh {
				t.Errorf("%s: the index kept up to date shows %q (%v), a whole load %q (%v), want %q", id, got, ok, fresh, freshOK, city)
			}
		}
		t.Logf("%d changes, %d refreshes", len(committed), refreshes.Load())
	})
}

// write makes the i-th change of TestIndexMissesNoCommittedChange: it
// changes the city of one of the first changed organisations, deletes
// one of the next deleted ones, or creates one; it returns the
// organisation's id and the city it then has ("" when deleted).
func write(ctx context.Context, s *Service, ids []string, i, changed, deleted, writer int) (string, string, error) {
	switch {
	case i < changed:
		id, city := ids[i], fmt.Sprintf("Ort %d von %d", i, writer)
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			if err := touchOrg(ctx, tx, id, s.now()); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE organisations SET city = $2 WHERE id = $1`, id, city); err != nil {
				return err
			}
			// Hold the number a while, so that a later one commits first.
			time.Sleep(time.Duration(rand.IntN(3000)) * time.Microsecond)
			return nil
		})
		return id, city, err
	case i < changed+deleted:
		return ids[i], "", s.Delete(ctx, auth.System, ids[i])
	default:
		name, city := fmt.Sprintf("Neu %03d GmbH", i), fmt.Sprintf("Neustadt %d", i)
		o, err := s.Create(ctx, auth.System, Input{LegalName: &name, City: &city})
		if err != nil {
			return "", "", err
		}
		return o.ID, city, nil
	}
}
