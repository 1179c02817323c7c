package cosell

import (
	"context"
	"time"
)

// FirstWins returns, per organisation of orgs that has won a deal, when it
// won its first: as the registering partner or as a party that accepted
// its part. Recruiter fees ask it whether a partner a recruiter won made
// its first deal in time; the caller has checked who may see it.
func (s *Service) FirstWins(ctx context.Context, orgs []string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if len(orgs) == 0 {
		return out, nil
	}
	return out, firstWins(ctx, s.DB, orgs, out)
}

// AllFirstWins is FirstWins of every organisation that has won a deal: the
// partners' time to their first deal in the team view of how each manager
// works.
func (s *Service) AllFirstWins(ctx context.Context) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	return out, firstWins(ctx, s.DB, nil, out)
}
