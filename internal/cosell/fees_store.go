package cosell

import (
	"context"
	"time"

	"pakt/internal/db"
)

// orgWin is when an organisation won a deal.
type orgWin struct {
	org string
	at  time.Time
}

// firstWins fills out with the first win of each organisation of orgs, of
// every organisation when orgs is nil. The wins are read whole and the
// earliest kept here, as SQLite gives the minimum of a timestamp column
// back as text.
func firstWins(ctx context.Context, q db.Querier, orgs []string, out map[string]time.Time) error {
	args := []any{}
	own, party := "", ""
	if orgs != nil {
		own = ` AND d.org_id IN (` + db.In(&args, orgs) + `)`
		party = ` AND p.org_id IN (` + db.In(&args, orgs) + `)`
	}
	wins, err := db.Query(ctx, q, func(r db.Row) (orgWin, error) {
		var w orgWin
		err := r.Scan(&w.org, &w.at)
		return w, err
	}, `SELECT d.org_id, d.closed_at FROM deals d WHERE d.status = 'won' AND d.closed_at IS NOT NULL`+own+`
		UNION ALL
		SELECT p.org_id, d.closed_at FROM deal_parties p JOIN deals d ON d.id = p.deal_id
		WHERE d.status = 'won' AND d.closed_at IS NOT NULL AND p.status = 'accepted'`+party, args...)
	for _, w := range wins {
		if at, ok := out[w.org]; !ok || w.at.Before(at) {
			out[w.org] = w.at.UTC()
		}
	}
	return err
}
