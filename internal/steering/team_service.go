package steering

import (
	"context"
	"database/sql"
	"sync"

	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// Team returns how each manager works and the team's totals over the last
// TeamQuarters quarters (staff). An admin, the head of channel, sees every
// manager's row; a partner manager sees its own row and the team's totals
// only, so that managers compare themselves with the team, not with each
// other. Rows are sorted by name in lang.
func (s *Service) Team(ctx context.Context, a *auth.Actor, lang string) (*Team, error) {
	if err := Permit(a, "", ReadOverdue); err != nil {
		return nil, err
	}
	in := teamInput{Today: s.now(), Quadrants: s.Quadrants, Stages: s.Stages}
	var from, to string
	in.Quarters, _, _ = lastQuarters(in.Today, TeamQuarters)
	from, to = in.Quarters[0], in.Quarters[len(in.Quarters)-1]
	var err error
	if in.Cadences, err = listCadences(ctx, s.DB); err != nil {
		return nil, err
	}
	if in.Managers, err = teamManagers(ctx, s.DB); err != nil {
		return nil, err
	}
	if in.Partners, err = s.lastContacts(ctx); err != nil {
		return nil, err
	}
	if s.QuadrantOf != nil {
		quadrant, err := s.QuadrantOf(ctx, a)
		if err != nil {
			return nil, err
		}
		for i := range in.Partners {
			in.Partners[i].Quadrant = quadrant[in.Partners[i].OrgID]
		}
	}
	if in.Tallies, err = s.tallies(ctx, from, to); err != nil {
		return nil, err
	}
	if s.ProspectsPerOwner != nil {
		if in.Prospects, err = s.ProspectsPerOwner(ctx); err != nil {
			return nil, err
		}
	}
	if s.FirstDeals != nil {
		if in.FirstDeals, err = s.FirstDeals(ctx); err != nil {
			return nil, err
		}
	}
	if s.Satisfaction != nil {
		if in.Scores, err = s.Satisfaction(ctx); err != nil {
			return nil, err
		}
	}
	t := teamFigures(in)
	if !a.IsAdmin() {
		own := t.Managers[:0]
		for _, m := range t.Managers {
			if m.ManagerID == a.UserID {
				own = append(own, m)
			}
		}
		t.Managers = own
	}
	i18n.SortBy(lang, t.Managers, func(m ManagerFigures) string { return m.Name })
	return t, nil
}

// tallyCache holds the activities per organisation of the team view's
// quarters; a recorded or deleted activity moves the activities counter
// and so reloads them, and so does the start of a new quarter.
type tallyCache struct {
	mu     sync.Mutex
	from   string
	cached *db.Cached[[]OrgTally]
}

// tallies returns the activities per organisation and quarter of the
// quarters [from, to], from the cache while no activity changed.
func (s *Service) tallies(ctx context.Context, from, to string) ([]OrgTally, error) {
	s.tallyCache.mu.Lock()
	if s.tallyCache.cached == nil || s.tallyCache.from != from {
		s.tallyCache.from, s.tallyCache.cached = from, &db.Cached[[]OrgTally]{}
	}
	c := s.tallyCache.cached
	s.tallyCache.mu.Unlock()
	return c.Get(ctx, s.DB, func(ctx context.Context) ([]OrgTally, error) {
		return teamTallies(ctx, s.DB, from, to)
	}, db.Activities)
}

// MetCLevel reports whether a personal activity (not an e-mail) with the
// organisation included a contact flagged C-level: the evidence a stage
// gate asks for before a business case. It takes no actor: the caller has
// checked its reader.
func (s *Service) MetCLevel(ctx context.Context, orgID string) (bool, error) {
	return metCLevel(ctx, s.DB, orgID)
}

// ensureTallies counts the activities per organisation and quarter once,
// when none are counted yet: after the migration that added the counts to
// a database with activities.
func (s *Service) ensureTallies(ctx context.Context, tx *sql.Tx) error {
	n, err := countTallies(ctx, tx)
	if err != nil || n > 0 {
		return err
	}
	if found, err := anyActivity(ctx, tx); err != nil || !found {
		return err
	}
	return rebuildTallies(ctx, tx)
}
