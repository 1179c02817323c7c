package lifecycle

import (
	"context"
	"slices"
	"time"
)

// What recruiter fees read of the pipeline: the stage entries of the
// prospects one owner holds, and that owner's funnel. The callers (the
// fees feature, through its hooks) have checked who may see them.

// OwnedEntry is one entry of a prospect into a stage, with the prospect's
// name.
type OwnedEntry struct {
	OrgID string
	Name  string
	Stage string
	At    time.Time
}

// WayToWon returns the stages a prospect passes on its way to won, in
// order, won last.
func WayToWon() []string { return slices.Clone(progress) }

// OwnerEntries returns the stage entries of the prospects ownerID owns,
// entered at or after from (zero: since ever) and before to (zero: up to
// now), by prospect and time.
func (s *Service) OwnerEntries(ctx context.Context, ownerID string, from, to time.Time) ([]OwnedEntry, error) {
	if to.IsZero() {
		to = s.now().Add(time.Second)
	}
	return ownerEntries(ctx, s.DB, ownerID, from.UTC(), to.UTC())
}

// OwnerFunnel returns the funnel (Funnel) of the prospects ownerID owns:
// per stage how many entered, moved on, and the median days spent in it.
func (s *Service) OwnerFunnel(ctx context.Context, ownerID string) ([]FunnelStage, error) {
	entries, err := ownerEntries(ctx, s.DB, ownerID, time.Time{}, s.now().Add(time.Second))
	if err != nil {
		return nil, err
	}
	changes := make([]Change, len(entries))
	for i, e := range entries {
		changes[i] = Change{OrgID: e.OrgID, To: e.Stage, At: e.At}
	}
	return Funnel(changes, s.now()), nil
}
