package cosell

import (
	"context"
	"time"
)

// FirstWins returns, per organisation, when the first deal it was an
// accepted party of was won: the partners' time to their first deal in the
// team view of how each manager works.
func (s *Service) FirstWins(ctx context.Context) (map[string]time.Time, error) {
	return firstWins(ctx, s.DB)
}
