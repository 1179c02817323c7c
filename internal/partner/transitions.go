package partner

import (
	"context"
	"database/sql"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
)

// change validates in, writes it onto o and saves o inside tx, audited as
// a's change.
func (s *Service) change(ctx context.Context, tx *sql.Tx, a *auth.Actor, o *Organisation, in Input) error {
	var err error
	if o.EmailDomains, err = orgDomains(ctx, tx, o.ID); err != nil {
		return err
	}
	before, was := core(o), *o
	if in.ManagerID != nil && *in.ManagerID != o.ManagerID && a.IsStaff() && !mayHandOver(a, o) {
		var v apperr.Validation
		v.Add("manager_id", "ownership.error.not_yours")
		return v.Err()
	}
	if err := s.apply(ctx, refs{q: tx}, a, o, in, false); err != nil {
		return err
	}
	// A new manager is a handover, kept in the partner's history.
	if o.ManagerID != was.ManagerID {
		if err := s.recordHandover(ctx, tx, a, &was, o.ManagerID, ""); err != nil {
			return err
		}
		if err := deleteDeputy(ctx, tx, o.ID, o.ManagerID); err != nil {
			return err
		}
	}
	if err := saveDomains(ctx, tx, o.ID, in.EmailDomains, o.EmailDomains); err != nil {
		return err
	}
	o.UpdatedAt = s.now()
	// The update comes last: it holds a shard of the organisations'
	// counter until the commit.
	if err := audit.Record(ctx, tx, o.UpdatedAt, a.Who(), "update", "organisation", o.ID, o.ID, before, core(o)); err != nil {
		return err
	}
	return updateOrg(ctx, tx, o)
}

// ChangeIn changes the organisation id inside tx, for a feature whose own
// rule decided that the change is due: the pipeline giving a won prospect
// its manager, a completed onboarding making a partner active, an
// offboarding unpublishing and ending a partner. The fields in are
// validated as Update does, staff-only ones against a (auth.System when
// the programme itself makes the change). It returns the organisation as
// changed.
func (s *Service) ChangeIn(ctx context.Context, tx *sql.Tx, a *auth.Actor, id string, in Input) (*Organisation, error) {
	o, err := loadOrg(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if err := s.change(ctx, tx, a, o, in); err != nil {
		return nil, err
	}
	return o, nil
}
