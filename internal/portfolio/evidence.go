package portfolio

import (
	"context"
	"errors"

	"pakt/internal/apperr"
)

// The evidence the pipeline's stage gates ask of an organisation. Both
// check no actor: the pipeline has checked that the prospect may be seen.

// Assessed reports whether the organisation has an assessment in any
// ideal-partner profile.
func (s *Service) Assessed(ctx context.Context, orgID string) (bool, error) {
	return assessedAtAll(ctx, s.DB, orgID)
}

// BreakEvenMonth returns the month in which the organisation's business
// case breaks even (see BreakEven), 0 when it does not within Horizon; ok
// is false when the organisation has no business case.
func (s *BusinessCases) BreakEvenMonth(ctx context.Context, orgID string) (month int, ok bool, err error) {
	bc, err := getBusinessCase(ctx, s.DB, orgID)
	if errors.Is(err, apperr.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	month, _ = BreakEven(*bc)
	return month, true, nil
}
