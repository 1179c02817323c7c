package partner

import (
	"context"
	"strings"

	"pakt/internal/auth"
)

// Resolve finds the organisation a user means by text in a form: its id,
// its name, or a part of its name that only one organisation a may see in
// the directory holds (the directory's search, filtered by who asks). It
// returns the id, or "" and the number of organisations that match (0 for
// none, more than 1 when the text is too short to tell).
func (s *Service) Resolve(ctx context.Context, a *auth.Actor, text string) (id string, matches int, err error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return "", 0, nil
	}
	if len(text) == 36 && strings.Count(text, "-") == 4 {
		return text, 1, nil
	}
	res, err := s.Search(ctx, a, Query{Text: text, PerPage: 50})
	if err != nil {
		return "", 0, err
	}
	for _, hit := range res.Hits {
		if SortKey(hit.LegalName) == SortKey(text) {
			return hit.ID, 1, nil
		}
	}
	if len(res.Hits) == 1 {
		return res.Hits[0].ID, 1, nil
	}
	return "", len(res.Hits), nil
}
