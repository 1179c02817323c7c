package lifecycle

import (
	"context"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
)

// WonPerOwner counts the prospects won in [from, to) per owner: those that
// entered the stage won in the range and are still won, counted once each
// however often they entered it. Admins and partner managers get every
// owner's count; a recruiter only its own (CanSee); anyone else
// apperr.ErrNotFound. Recruitment targets compare them with each person's
// target.
func (s *Service) WonPerOwner(ctx context.Context, a *auth.Actor, from, to time.Time) (map[string]int64, error) {
	if !a.IsStaff() && (a == nil || a.Role != auth.RoleRecruiter) {
		return nil, apperr.ErrNotFound
	}
	won, err := wonPerOwner(ctx, s.DB, from.UTC(), to.UTC())
	if err != nil {
		return nil, err
	}
	for owner := range won {
		if !CanSee(a, owner) {
			delete(won, owner)
		}
	}
	return won, nil
}
