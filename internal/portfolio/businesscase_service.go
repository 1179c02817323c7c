package portfolio

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// BusinessCases implements the rules of business cases: one per
// organisation, seen and changed by programme staff only. Everyone else is
// told that there is none, whether there is or not.
type BusinessCases struct {
	DB  *db.DB
	Now func() time.Time
	// Notify tells a partner's admins of a case shared with them and the
	// sharing manager of their adjusted copy; nil tells nobody.
	Notify *notify.Service
}

// NewBusinessCases returns the business case service.
func NewBusinessCases(d *db.DB, now func() time.Time) *BusinessCases {
	return &BusinessCases{DB: d, Now: now}
}

func (s *BusinessCases) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Get returns the business case of an organisation, or apperr.ErrNotFound
// when it has none, the organisation does not exist or a is not staff.
func (s *BusinessCases) Get(ctx context.Context, a *auth.Actor, orgID string) (*BusinessCase, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	if err := partner.Steered(ctx, s.DB, a, orgID); err != nil {
		return nil, err
	}
	return getBusinessCase(ctx, s.DB, orgID)
}

// Save creates or replaces the business case of an organisation; staff
// only. The inputs of bc are normalised (see Normalise) and validated; its
// OrgID, UpdatedBy and UpdatedAt are set here. The change is audited with
// the case before and after.
func (s *BusinessCases) Save(ctx context.Context, a *auth.Actor, orgID string, bc BusinessCase) (*BusinessCase, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := partner.Steered(ctx, tx, a, orgID); err != nil {
			return err
		}
		bc.Normalise()
		if err := bc.Validate(); err != nil {
			return err
		}
		before, err := getBusinessCase(ctx, tx, orgID)
		action := "update"
		if errors.Is(err, apperr.ErrNotFound) {
			action = "create"
		} else if err != nil {
			return err
		}
		bc.OrgID, bc.UpdatedBy, bc.UpdatedAt = orgID, a.Who().Label, s.now()
		if err := upsertBusinessCase(ctx, tx, &bc); err != nil {
			return err
		}
		var b any
		if before != nil {
			b = before
		}
		return audit.Record(ctx, tx, bc.UpdatedAt, a.Who(), action, "business_case", orgID, orgID, b, bc)
	})
	if err != nil {
		return nil, err
	}
	return &bc, nil
}

// Suggest returns the score the organisation's business case suggests for
// the CAN criterion "business case"; ok is false when there is no case the
// actor may see.
func (s *BusinessCases) Suggest(ctx context.Context, a *auth.Actor, orgID string) (score int, ok bool, err error) {
	bc, err := s.Get(ctx, a, orgID)
	if errors.Is(err, apperr.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return SuggestedScore(*bc), true, nil
}
