package leads

import (
	"context"

	"pakt/internal/partner"
)

// OpenOffersOf lists the leads offered to the organisation and not yet
// answered, for its offboarding; the caller has checked that staff ask.
func (s *Service) OpenOffersOf(ctx context.Context, orgID string) ([]partner.OpenItem, error) {
	return partner.QueryOpenItems(ctx, s.DB, `SELECT l.id, l.customer_name FROM lead_offers o JOIN leads l ON l.id = o.lead_id
		WHERE o.org_id = $1 AND o.outcome = '' ORDER BY o.deadline, l.id`, orgID)
}
