package cosell

import (
	"context"

	"pakt/internal/partner"
)

// OpenDealsOf lists the registered and approved deals the organisation
// registered or is a party of (not declined), for its offboarding; the
// caller has checked that staff ask.
func (s *Service) OpenDealsOf(ctx context.Context, orgID string) ([]partner.OpenItem, error) {
	return partner.QueryOpenItems(ctx, s.DB, `SELECT d.id, d.customer_name FROM deals d
		WHERE d.status IN ('registered', 'approved')
		AND (d.org_id = $1 OR EXISTS (SELECT 1 FROM deal_parties p WHERE p.deal_id = d.id AND p.org_id = $1 AND p.status <> 'declined'))
		ORDER BY d.customer_name, d.id`, orgID)
}
