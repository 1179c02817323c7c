package lifecycle

import (
	"context"
	"slices"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// DueWithin is how many days ahead a next step counts as due on the
// recruiter's dashboard.
const DueWithin = 7

// Overview is a recruiter's pipeline at a glance: its open prospects, the
// next steps that are due or overdue, and the funnel of its prospects.
type Overview struct {
	// Open are the prospects still being recruited, the soonest due first.
	Open []*Prospect
	// Due are the open prospects whose next step is overdue or due within
	// DueWithin days, the most overdue first.
	Due []*Prospect
	// Overdue counts the overdue ones among Due.
	Overdue int
	// Won and Lost count the prospects that reached an end.
	Won, Lost int
	// Funnel is the funnel over the recruiter's prospects of all time.
	Funnel []FunnelStage
}

// Overview returns the overview of the prospects a recruiter owns;
// apperr.ErrNotFound for anyone else (staff have the board and the funnel).
func (s *Service) Overview(ctx context.Context, a *auth.Actor) (*Overview, error) {
	if a == nil || a.Role != auth.RoleRecruiter || a.UserID == "" {
		return nil, apperr.ErrNotFound
	}
	list, err := listProspects(ctx, s.DB, a.UserID)
	if err != nil {
		return nil, err
	}
	o := &Overview{Open: []*Prospect{}, Due: []*Prospect{}}
	soon := day(s.now()).AddDate(0, 0, DueWithin)
	mine := map[string]bool{}
	for _, p := range list {
		if !CanSee(a, p.OwnerID) {
			continue
		}
		mine[p.OrgID] = true
		s.flag(p)
		switch p.Stage {
		case Won:
			o.Won++
			continue
		case Lost:
			o.Lost++
			continue
		}
		o.Open = append(o.Open, p)
		if p.DueOn != nil && !p.DueOn.After(soon) {
			o.Due = append(o.Due, p)
			if p.Overdue {
				o.Overdue++
			}
		}
	}
	// The store sorts by due date, but where a missing date goes differs
	// between the engines: open prospects without one come last here.
	slices.SortStableFunc(o.Open, func(x, y *Prospect) int {
		switch {
		case x.DueOn == nil && y.DueOn == nil:
			return 0
		case x.DueOn == nil:
			return 1
		case y.DueOn == nil:
			return -1
		}
		return x.DueOn.Compare(*y.DueOn)
	})
	slices.SortStableFunc(o.Due, func(x, y *Prospect) int { return x.DueOn.Compare(*y.DueOn) })
	err = s.withChanges(ctx, func(all []Change) error {
		var sel []Change
		for _, c := range all {
			if mine[c.OrgID] {
				sel = append(sel, c)
			}
		}
		o.Funnel = Funnel(sel, s.now())
		return nil
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// SelfAssessment is what a prospect answered in the public self-assessment
// before it left its contact details.
type SelfAssessment struct {
	// FitTenths is how well it fits, 0–1000 tenths of a point.
	FitTenths int
	At        time.Time
	Answers   []SelfAnswer
}

// SelfAnswer is one answer: the topic as the prospect read it and its
// score from 0 to 5.
type SelfAnswer struct {
	Topic string
	Score int
}

// Profile is what a prospect's page shows besides its pipeline entry.
type Profile struct {
	// Org is the prospect's organisation with its contacts.
	Org *partner.Organisation
	// OrgVisible says the viewer may open the organisation's profile: once
	// won, to whoever may see the partner it became.
	OrgVisible bool
	// SelfAssessments are the prospect's own answers, newest first.
	SelfAssessments []SelfAssessment
}

// Profile returns the organisation behind a prospect a may see, with its
// contact people and self-assessments; apperr.ErrNotFound when a may not
// see the prospect.
func (s *Service) Profile(ctx context.Context, a *auth.Actor, orgID string) (*Profile, error) {
	p, err := s.visible(ctx, s.DB, a, orgID)
	if err != nil {
		return nil, err
	}
	// Whoever may see the prospect may see whom to talk to there: a
	// recruiter works with the contacts of the prospects it owns.
	o, err := s.Partners.Get(ctx, auth.System, orgID)
	if err != nil {
		return nil, err
	}
	pr := &Profile{Org: o, SelfAssessments: []SelfAssessment{}}
	if p.Stage == Won && o.Kind != partner.KindProspect {
		pr.OrgVisible = partner.CanView(a, o)
	}
	if s.SelfAssessments != nil {
		if pr.SelfAssessments, err = s.SelfAssessments(ctx, orgID); err != nil {
			return nil, err
		}
	}
	return pr, nil
}
