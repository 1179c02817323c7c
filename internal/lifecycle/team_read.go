package lifecycle

import "context"

// ProspectsPerOwner counts the prospects per owner (a user id, "" for
// none) and stage, for the team view of how each manager works. It takes
// no actor: the feature that asks has checked its reader.
func (s *Service) ProspectsPerOwner(ctx context.Context) (map[string]map[string]int, error) {
	return prospectsPerOwner(ctx, s.DB)
}
