package partner

import (
	"context"

	"pakt/internal/db"
)

// OpenItem is something an organisation still has open in a feature (a
// deal, a lead offered to it, a fund request, an introduction): what staff
// hand over or close when its partnership ends.
type OpenItem struct {
	ID    string
	Title string
}

// QueryOpenItems runs a feature's query of open items, which selects an id
// and a title, in its order.
func QueryOpenItems(ctx context.Context, q db.Querier, query string, args ...any) ([]OpenItem, error) {
	return db.Query(ctx, q, func(r db.Row) (OpenItem, error) {
		var o OpenItem
		return o, r.Scan(&o.ID, &o.Title)
	}, query, args...)
}
