package directory

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"

	"pakt/internal/auth"
)

// readiness tells whether the index has been loaded at least once and
// whether a load in the background (Warm) is under way.
type readiness struct {
	loaded atomic.Bool
	mu     sync.Mutex
	warm   chan struct{} // closed when the background load ends; nil when none started
}

// Warm starts the first load of the index in the background and returns at
// once. Until it is done, Refresh returns without waiting for it and Ready
// reports false, so that searches can answer from the database meanwhile.
// The returned channel is closed when the load ends; a failed load is
// handed to fail, and the next Refresh loads again.
func (ix *Index) Warm(ctx context.Context, fail func(error)) <-chan struct{} {
	ix.ready.mu.Lock()
	defer ix.ready.mu.Unlock()
	if ix.ready.warm != nil {
		return ix.ready.warm
	}
	done := make(chan struct{})
	ix.ready.warm = done
	go func() {
		defer close(done)
		err := ix.load(ctx)
		if err != nil {
			fail(err)
		}
	}()
	return done
}

// warming returns the channel of the background load while it runs and the
// index is not loaded yet; nil otherwise.
func (ix *Index) warming() <-chan struct{} {
	if ix.ready.loaded.Load() {
		return nil
	}
	ix.ready.mu.Lock()
	defer ix.ready.mu.Unlock()
	if ix.ready.warm == nil {
		return nil
	}
	select {
	case <-ix.ready.warm:
		return nil
	default:
		return ix.ready.warm
	}
}

// Ready reports whether the index has been loaded at least once, so that
// Search answers from the whole directory.
func (ix *Index) Ready() bool { return ix.ready.loaded.Load() }

// Refresh brings the index up to date with the database. While the first
// load runs in the background (Warm), it returns at once and the index is
// not Ready; otherwise the first Refresh loads the index itself.
func (ix *Index) Refresh(ctx context.Context) error {
	if ix.warming() != nil {
		return nil
	}
	return ix.load(ctx)
}

// Wait waits until the index is loaded, loading it itself when no
// background load runs.
func (ix *Index) Wait(ctx context.Context) error {
	if w := ix.warming(); w != nil {
		select {
		case <-w:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return ix.Refresh(ctx)
}

// load is refresh, after which the index is Ready.
func (ix *Index) load(ctx context.Context) error {
	if err := ix.refresh(ctx); err != nil {
		return err
	}
	ix.ready.loaded.Store(true)
	return nil
}

// HitSnippet is the snippet of a description as a Hit shows it. The index
// keeps no descriptions: whoever searches it reads those of the page's
// hits and sets their snippets.
func HitSnippet(description string) string { return snippet(description, 240) }

// Prepare returns q with its paging and sort defaults set, as Search runs
// it, and its search words: folded, without legal forms and repeats.
func Prepare(q Query) (Query, []string) { return prepare(q, nil) }

// Counts reports whether q asks for the counts of the facet named name (of
// FacetNames, or FreeFacet) and a may see them.
func (q Query) Counts(a *auth.Actor, name string) bool {
	counted := q.counted(a)
	if name == FreeFacet {
		return counted[numFacets]
	}
	f := slices.Index(FacetNames[:], name)
	return f >= 0 && counted[f]
}
