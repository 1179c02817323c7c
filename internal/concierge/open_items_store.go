package concierge

import (
	"context"

	"pakt/internal/partner"
)

// OpenIntroductionsOf lists the introductions the organisation asked for
// or was asked for that still wait for a decision or an answer, by the
// other side's name, for its offboarding; the caller has checked that
// staff ask.
func (s *Service) OpenIntroductionsOf(ctx context.Context, orgID string) ([]partner.OpenItem, error) {
	return partner.QueryOpenItems(ctx, s.DB, `SELECT i.id, o.legal_name FROM introductions i
		JOIN organisations o ON o.id = CASE WHEN i.asker_org_id = $1 THEN i.target_org_id ELSE i.asker_org_id END
		WHERE (i.asker_org_id = $1 OR i.target_org_id = $1) AND i.status IN ('pending_approval', 'requested')
		ORDER BY i.created_at, i.id`, orgID)
}
