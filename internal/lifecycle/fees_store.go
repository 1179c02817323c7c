package lifecycle

import (
	"context"
	"time"

	"pakt/internal/db"
)

// ownerEntries reads the stage changes in [from, to) of the prospects
// ownerID owns, by prospect and time.
func ownerEntries(ctx context.Context, q db.Querier, ownerID string, from, to time.Time) ([]OwnedEntry, error) {
	return db.Query(ctx, q, func(r db.Row) (OwnedEntry, error) {
		var e OwnedEntry
		err := r.Scan(&e.OrgID, &e.Name, &e.Stage, &e.At)
		e.At = e.At.UTC()
		return e, err
	}, `SELECT c.org_id, o.legal_name, c.to_stage, c.at
		FROM prospect_stage_changes c JOIN prospects p ON p.org_id = c.org_id
		JOIN organisations o ON o.id = c.org_id AND o.deleted_at IS NULL
		WHERE p.owner_id = $1 AND c.at >= $2 AND c.at < $3
		ORDER BY c.org_id, c.at, c.id`, ownerID, from, to)
}
