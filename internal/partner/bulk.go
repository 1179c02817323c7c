package partner

import (
	"context"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
)

// InsertAll creates every draft through the bulk load b, for seeding and
// imports too large for CreateAll: all of them, or none when any is
// invalid (an *apperr.BatchError lists them all), validated as CreateAll
// validates them, with the managers and competencies read once instead of
// once per draft. The organisations take one run of change numbers,
// so the directory loads them like any others. Unlike CreateAll it writes
// no audit entries: a load of a million organisations would write a
// million copies of their profiles. Only staff create organisations. It
// returns the new ids in the order of drafts.
func (s *Service) InsertAll(ctx context.Context, b *db.Bulk, a *auth.Actor, drafts []Draft) ([]string, error) {
	p, err := s.Prepare(ctx, b.Tx, a, drafts)
	if err != nil {
		return nil, err
	}
	return s.Insert(ctx, b, p)
}

// Prepared are drafts checked by Prepare, to be written by Insert.
type Prepared struct {
	orgs []*Organisation
}

// Prepare checks drafts as InsertAll does, reading the managers and
// competencies they name through q, and makes their organisations
// without writing them. A load in many parts prepares the next part while
// the current one is written; a manager disabled meanwhile is still
// taken, so it is for loads that run while nobody works, such as seeding.
func (s *Service) Prepare(ctx context.Context, q db.Querier, a *auth.Actor, drafts []Draft) (*Prepared, error) {
	if !a.IsStaff() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	if len(drafts) == 0 {
		return &Prepared{}, nil
	}
	r, err := bulkRefs(ctx, q)
	if err != nil {
		return nil, err
	}
	now := s.now()
	orgs := make([]*Organisation, len(drafts))
	var bad []apperr.ItemError
	for i := range drafts {
		d := &drafts[i]
		o, invalid, err := s.draftOrg(ctx, r, a, d, now)
		if err != nil {
			return nil, err
		}
		if invalid != nil {
			bad = append(bad, apperr.ItemError{Index: i, Err: invalid})
			continue
		}
		o.Certifications, o.References, o.Resources, o.Contacts = d.Certifications, d.References, d.Resources, d.Contacts
		for _, c := range entries(o) {
			c.setKey(db.NewID())
		}
		orgs[i] = o
	}
	if len(bad) > 0 {
		return nil, &apperr.BatchError{Items: bad}
	}
	return &Prepared{orgs: orgs}, nil
}

// Insert writes the prepared organisations through the bulk load b and
// returns their ids in the order of the drafts.
func (s *Service) Insert(ctx context.Context, b *db.Bulk, p *Prepared) ([]string, error) {
	if len(p.orgs) == 0 {
		return []string{}, nil
	}
	first, _, err := db.BumpBy(ctx, b.Tx, db.Organisations, int64(len(p.orgs)))
	if err != nil {
		return nil, err
	}
	if err := insertOrgs(ctx, b, p.orgs, first); err != nil {
		return nil, err
	}
	ids := make([]string, len(p.orgs))
	for i, o := range p.orgs {
		ids[i] = o.ID
	}
	return ids, nil
}
