package funds

import (
	"context"
	"database/sql"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
)

// Links returns the deals and leads linked to an activity a may see, with
// their outcomes when the Outcomes hook knows them.
func (s *Service) Links(ctx context.Context, a *auth.Actor, id string) ([]*Link, error) {
	x, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	list, err := listLinks(ctx, s.DB, x.ID)
	if err != nil {
		return nil, err
	}
	return list, s.outcomes(ctx, list)
}

// outcomes fills the outcome of each link.
func (s *Service) outcomes(ctx context.Context, list []*Link) error {
	if s.Outcomes == nil || len(list) == 0 {
		return nil
	}
	for _, kind := range LinkKinds {
		var ids []string
		for _, l := range list {
			if l.Kind == kind {
				ids = append(ids, l.RefID)
			}
		}
		if len(ids) == 0 {
			continue
		}
		m, err := s.Outcomes(ctx, kind, ids)
		if err != nil {
			return err
		}
		for _, l := range list {
			if o, ok := m[l.RefID]; ok && l.Kind == kind {
				l.Won, l.Value, l.Currency = o.Won, o.Value, o.Currency
			}
		}
	}
	return nil
}

// wonOf sums the won value of links in Currency; a deal reached by a lead
// and linked itself counts once.
func wonOf(list []*Link) int64 {
	var won int64
	seen := map[string]bool{}
	for _, l := range list {
		if !l.Won || l.Currency != Currency || seen[l.Kind+l.RefID] {
			continue
		}
		seen[l.Kind+l.RefID] = true
		won += l.Value
	}
	return won
}

// ActivityReturn is the return on funds of an activity: the won revenue of
// its linked deals and leads per euro paid (or approved, until paid).
func ActivityReturn(x *Activity, links []*Link) Return {
	spent := x.Paid
	if x.Status != StatusPaid {
		spent = x.Approved
	}
	return ReturnOf(spent, wonOf(links))
}

// OrgReturn is the return on funds of a partner's paid activities, for the
// partner's own page and staff.
func (s *Service) OrgReturn(ctx context.Context, a *auth.Actor, org string) (Return, error) {
	if !mayRead(a) || !validID(org) {
		return Return{}, apperr.ErrNotFound
	}
	if err := sees(ctx, s.DB, a, org); err != nil {
		return Return{}, err
	}
	byActivity, err := orgLinks(ctx, s.DB, org)
	if err != nil {
		return Return{}, err
	}
	var all []*Link
	for _, l := range byActivity {
		all = append(all, l...)
	}
	if err := s.outcomes(ctx, all); err != nil {
		return Return{}, err
	}
	paid, err := listActivities(ctx, s.DB, Filter{OrgID: org, Status: StatusPaid}, time.Time{}, time.Time{})
	if err != nil {
		return Return{}, err
	}
	var spent int64
	for _, x := range paid {
		spent += x.Paid
	}
	return ReturnOf(spent, wonOf(all)), nil
}

// Linkables returns the partner's deals and leads that the activity may be
// linked to and is not yet, for those who may link.
func (s *Service) Linkables(ctx context.Context, a *auth.Actor, id string) (deals, leads []Linkable, err error) {
	x, err := s.load(ctx, s.DB, a, id)
	if err != nil || !x.Rights.Link {
		return nil, nil, err
	}
	have, err := listLinks(ctx, s.DB, x.ID)
	if err != nil {
		return nil, nil, err
	}
	linked := map[string]bool{}
	for _, l := range have {
		linked[l.Kind+"/"+l.RefID] = true
	}
	pick := func(kind string, hook func(context.Context, string) ([]Linkable, error)) ([]Linkable, error) {
		if hook == nil {
			return nil, nil
		}
		all, err := hook(ctx, x.OrgID)
		if err != nil {
			return nil, err
		}
		var out []Linkable
		for _, l := range all {
			if !linked[kind+"/"+l.ID] {
				out = append(out, l)
			}
		}
		return out, nil
	}
	if deals, err = pick(LinkDeal, s.Deals); err != nil {
		return nil, nil, err
	}
	leads, err = pick(LinkLead, s.Leads)
	return deals, leads, err
}

// LinkInput names a deal or lead of the activity's partner.
type LinkInput struct {
	Kind  string `json:"kind" enum:"fund_link_kind"`
	RefID string `json:"ref_id"`
}

// Link links a deal or lead of the activity's partner to the activity
// (staff and the partner's admins); only the partner's own deals and leads
// (as the Deals and Leads hooks list them) may be linked.
func (s *Service) Link(ctx context.Context, a *auth.Actor, id string, in LinkInput) ([]*Link, error) {
	return s.changeLink(ctx, a, id, in, true)
}

// Unlink removes a link from an activity.
func (s *Service) Unlink(ctx context.Context, a *auth.Actor, id string, in LinkInput) ([]*Link, error) {
	return s.changeLink(ctx, a, id, in, false)
}

func (s *Service) changeLink(ctx context.Context, a *auth.Actor, id string, in LinkInput, add bool) ([]*Link, error) {
	x, err := s.load(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	if !a.IsStaff() {
		if err := mayAct(a, x.OrgID); err != nil {
			return nil, err
		}
	}
	if !x.Rights.Link {
		return nil, apperr.New(apperr.Conflict, "funds.error.not_linkable")
	}
	var v apperr.Validation
	if !contains(LinkKinds, in.Kind) {
		v.Add("kind", "validation.choice")
	}
	v.Text(&in.RefID, apperr.Line, "ref_id", 200, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	l := &Link{Kind: in.Kind, RefID: in.RefID}
	if add {
		hook := s.Deals
		if in.Kind == LinkLead {
			hook = s.Leads
		}
		var found bool
		if hook != nil {
			all, err := hook(ctx, x.OrgID)
			if err != nil {
				return nil, err
			}
			for _, c := range all {
				if c.ID == in.RefID {
					l.Label, found = c.Label, true
				}
			}
		}
		if !found {
			v.Add("ref_id", "funds.error.unknown_ref")
			return nil, v.Err()
		}
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		var changed bool
		var err error
		action := "fund_link"
		if add {
			changed, err = insertLink(ctx, tx, x.ID, l, now)
		} else {
			action = "fund_unlink"
			changed, err = deleteLink(ctx, tx, x.ID, l.Kind, l.RefID)
		}
		if err != nil || !changed {
			return err
		}
		var before, after any = nil, l
		if !add {
			before, after = l, nil
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "fund_activity", x.ID, x.OrgID, before, after)
	})
	if err != nil {
		return nil, err
	}
	return s.Links(ctx, a, id)
}
