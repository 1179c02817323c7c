package funds

import (
	"context"

	"pakt/internal/partner"
)

// OpenRequestsOf lists the organisation's fund requests not yet rejected
// or paid, for its offboarding; the caller has checked that staff ask.
func (s *Service) OpenRequestsOf(ctx context.Context, orgID string) ([]partner.OpenItem, error) {
	return partner.QueryOpenItems(ctx, s.DB, `SELECT id, title FROM fund_activities
		WHERE org_id = $1 AND status IN ('requested', 'approved', 'claimed', 'returned') ORDER BY planned_on, id`, orgID)
}
