package directory_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner/directory"
)

// heldSource is a directory in memory whose loads of changes can be held
// back, to line searches up behind one load: what the database behind
// partner's source cannot be made to do on cue.
type heldSource struct {
	mu       sync.Mutex
	mark     db.Mark
	profiles []directory.Profile
	hold     chan struct{} // a Changed waits on it while it is set
	counters atomic.Int32  // Counters calls done
	changed  atomic.Int32  // Changed calls
}

func (s *heldSource) Counters(context.Context) (db.Mark, db.Mark, error) {
	s.mu.Lock()
	m := s.mark
	s.mu.Unlock()
	s.counters.Add(1) // after the read: a change made once it counts is not seen
	return m, db.Mark{}, nil
}

func (s *heldSource) Competencies(context.Context) ([]directory.Competency, error) { return nil, nil }

func (s *heldSource) Changed(_ context.Context, since, upto db.Mark) ([]directory.Profile, []string, error) {
	s.changed.Add(1)
	s.mu.Lock()
	hold := s.hold
	s.mu.Unlock()
	if hold != nil {
		<-hold
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Profile i was added at shard 0's value i+1.
	return append([]directory.Profile(nil), s.profiles[since[0]:upto[0]]...), nil, nil
}

func (s *heldSource) Each(_ context.Context, upto db.Mark, yield func(*directory.Profile) error) error {
	s.mu.Lock()
	ps := append([]directory.Profile(nil), s.profiles[:upto[0]]...)
	s.mu.Unlock()
	for i := range ps {
		if err := yield(&ps[i]); err != nil {
			return err
		}
	}
	return nil
}

// add adds a listed organisation and moves the counter.
func (s *heldSource) add(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.profiles = append(s.profiles, directory.Profile{ID: fmt.Sprint("org-", len(s.profiles)), LegalName: name, Country: "DE",
		Published: true, Listed: true, UpdatedAt: clock()})
	s.mark[0]++
}

// waitFor waits until n reaches want.
func waitFor(t *testing.T, what string, n *atomic.Int32, want int32) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); n.Load() < want; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %d, want %d", what, n.Load(), want)
		}
	}
}

func TestSearchesWaitingForALoadShareIt(t *testing.T) {
	ctx := context.Background()
	src := &heldSource{}
	src.add("Erste GmbH")
	ix := directory.NewIndex(src)
	if err := ix.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	total := func() int { return ix.Search(auth.System, directory.Query{}, clock()).Total }

	// A change, and a search that loads it and is held there.
	src.add("Zweite AG")
	hold := make(chan struct{})
	src.mu.Lock()
	src.hold = hold
	src.mu.Unlock()
	var searches sync.WaitGroup
	searches.Go(func() {
		if err := ix.Refresh(ctx); err != nil {
			t.Error(err)
		}
	})
	waitFor(t, "loads of changes", &src.changed, 1)

	// Ten searches that saw the same change queue up behind that load;
	// then another change comes in that none of them saw.
	seen := src.counters.Load()
	for range 10 {
		searches.Go(func() {
			if err := ix.Refresh(ctx); err != nil {
				t.Error(err)
			}
		})
	}
	waitFor(t, "counter reads", &src.counters, seen+10)
	src.add("Dritte KG")
	src.mu.Lock()
	src.hold = nil
	src.mu.Unlock()
	close(hold)
	searches.Wait()

	// The one load served all eleven searches: none loaded the later
	// change it had not seen.
	if n := src.changed.Load(); n != 1 {
		t.Errorf("%d loads of changes for eleven searches that saw one change, want 1", n)
	}
	if n := total(); n != 2 {
		t.Errorf("after the load: %d organisations found, want 2", n)
	}
	// The next search sees the later change and loads it.
	if err := ix.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if n, loads := total(), src.changed.Load(); n != 3 || loads != 2 {
		t.Errorf("a search after the third organisation: %d found after %d loads, want 3 after 2", n, loads)
	}
}
