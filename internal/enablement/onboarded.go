package enablement

import (
	"context"
	"database/sql"

	"pakt/internal/auth"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// finishOnboarding makes the partner active inside tx when its last
// onboarding task is done (Onboarded), through partner's service, audited
// as the programme's change, and tells its manager; told says whether a
// notice was queued. It does nothing without Partners (tests of the
// checklist alone).
func (s *Service) finishOnboarding(ctx context.Context, tx *sql.Tx, a *auth.Actor, orgID string) (told bool, err error) {
	if s.Partners == nil {
		return false, nil
	}
	status, err := orgStatus(ctx, tx, orgID)
	if err != nil {
		return false, err
	}
	open, total, err := openTasks(ctx, tx, orgID)
	if err != nil || !Onboarded(status, open, total) {
		return false, err
	}
	active := "active"
	o, err := s.Partners.ChangeIn(ctx, tx, auth.System, orgID, partner.Input{Status: &active})
	if err != nil {
		return false, err
	}
	if o.ManagerID == "" || o.ManagerID == a.UserID || s.Notify == nil {
		return false, nil
	}
	return true, s.Notify.Notify(ctx, tx, notify.Notice{Kind: "enablement.notice.onboarded", Args: []string{o.LegalName},
		Link: "/partners/" + orgID, Users: []string{o.ManagerID}})
}
