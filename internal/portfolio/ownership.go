package portfolio

import (
	"context"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

// steered returns apperr.ErrNotFound unless a steers the organisation
// (partner.Steers: staff, and a manager only its own partners when the
// programme says so): assessments and business cases are internal data.
func steered(ctx context.Context, q db.Querier, a *auth.Actor, orgID string) error {
	ok, err := partner.SteersOrg(ctx, q, a, orgID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.ErrNotFound
	}
	return nil
}
