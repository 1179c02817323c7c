package lifecycle

import (
	"context"
	"time"

	"pakt/internal/db"
)

// wonPerOwner counts, per owner, the prospects still won that entered the
// stage won in [from, to), of organisations not deleted.
func wonPerOwner(ctx context.Context, q db.Querier, from, to time.Time) (map[string]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.owner_id, count(DISTINCT c.org_id)
		FROM prospect_stage_changes c
		JOIN prospects p ON p.org_id = c.org_id
		JOIN organisations o ON o.id = c.org_id
		WHERE c.to_stage = $1 AND p.stage = $1 AND c.at >= $2 AND c.at < $3 AND o.deleted_at IS NULL
		GROUP BY p.owner_id`, Won, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var owner string
		var n int64
		if err := rows.Scan(&owner, &n); err != nil {
			return nil, err
		}
		out[owner] = n
	}
	return out, rows.Err()
}
