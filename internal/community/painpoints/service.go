package painpoints

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/notify"
)

// Service implements the pain points: submitting, supporting, the board's
// review, merging and report, and the vendor's answers. The pages, the API
// and the demo all call it.
type Service struct {
	DB        *db.DB
	Now       func() time.Time
	Community *community.Service
	// Notify tells the supporters of answers and merges; nil tells nobody.
	Notify *notify.Service
}

// NewService returns the pain points service.
func NewService(d *db.DB, now func() time.Time, c *community.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Community: c, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// standing returns a's standing in the association, apperr.ErrNotFound
// when it sees no pain points at all.
func (s *Service) standing(ctx context.Context, a *auth.Actor) (community.Standing, error) {
	st, err := s.Community.Standing(ctx, nil, a)
	if err == nil && len(Visible(st)) == 0 {
		err = apperr.ErrNotFound
	}
	return st, err
}

// Shows reports whether a finds the pain points in the navigation: while
// the association runs, whoever sees them (admins read them with the
// association off too, but are not offered them).
func (s *Service) Shows(ctx context.Context, a *auth.Actor) bool {
	if !s.Community.Enabled(ctx) {
		return false
	}
	_, err := s.standing(ctx, a)
	return err == nil
}

// shown returns p as a caller of the standing sees it: its supporters by
// the rule Names, and for the vendor's liaison without the submitting
// organisation.
func shown(st community.Standing, p *Point, supporters []Supporter) *Point {
	p.Supporters = []Supporter{}
	for _, v := range supporters {
		if Names(st, v) {
			p.Supporters = append(p.Supporters, v)
		}
	}
	if !st.Inside() {
		p.OrgID, p.OrgName, p.Mine = "", "", nil
	}
	return p
}

// orgOf is the organisation whose vote the caller sees as its own.
func orgOf(st community.Standing, a *auth.Actor) string {
	if st == community.Member {
		return a.OrgID
	}
	return ""
}

// List returns a page of the points the caller sees, ranked by the number
// of supporting organisations, then newest.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) (*Page, error) {
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, err
	}
	statuses := Visible(st)
	var v apperr.Validation
	if f.Status != "" && !slices.Contains(statuses, f.Status) {
		v.Add("status", "validation.choice")
	}
	if f.Topic != "" && !slices.Contains(Topics, f.Topic) {
		v.Add("topic", "validation.choice")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if f.Status == "" {
		statuses = slices.DeleteFunc(statuses, func(x string) bool { return x == StatusMerged })
	}
	page, err := listPoints(ctx, s.DB, statuses, f, orgOf(st, a))
	if err != nil {
		return nil, err
	}
	for _, p := range page.Items {
		shown(st, p, nil)
	}
	return page, nil
}

// Get returns a point the caller sees, with the supporters it may name.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id string) (*Point, error) {
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, err
	}
	p, err := getPoint(ctx, s.DB, id, orgOf(st, a))
	if err != nil {
		return nil, err
	}
	if !Sees(st, p.Status) {
		return nil, apperr.ErrNotFound
	}
	list, err := votes(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	return shown(st, p, list), nil
}

// CanSubmit answers whether a submits pain points: nil for the users of
// member organisations, apperr.Forbidden for the others inside the
// association, apperr.ErrNotFound for everyone else.
func (s *Service) CanSubmit(ctx context.Context, a *auth.Actor) error {
	st, err := s.standing(ctx, a)
	switch {
	case err != nil:
		return err
	case maySubmit(st, a):
		return nil
	case st.Inside():
		return apperr.New(apperr.Forbidden, "painpoints.error.members_submit")
	}
	return apperr.ErrNotFound
}

// Abilities are what a caller may do with a point it sees.
type Abilities struct {
	Submit   bool
	Support  bool
	Withdraw bool
	Board    bool
	Answer   bool
	Liaison  bool
	// Moves are the statuses the board may move the point to.
	Moves []string
}

// Can returns what a may do with p (nil: with the list).
func (s *Service) Can(ctx context.Context, a *auth.Actor, p *Point) Abilities {
	st, err := s.standing(ctx, a)
	if err != nil {
		return Abilities{}
	}
	c := Abilities{Submit: maySubmit(st, a), Board: st.Runs(), Liaison: st == community.Liaison}
	if p != nil {
		c.Support = mayVote(st, a) && open(p.Status)
		c.Withdraw = mayVote(st, a) && p.Mine != nil
		c.Answer = mayAnswer(st) && Answerable(p.Status)
		if c.Board {
			c.Moves = moves[p.Status]
		}
	}
	return c
}

// check validates in.
func (in *Input) check() error {
	var v apperr.Validation
	v.Text(&in.Title, apperr.Line, "title", MaxTitle, true)
	v.Text(&in.Description, apperr.Paragraphs, "description", MaxDescription, true)
	v.Text(&in.Area, apperr.Line, "area", MaxArea, false)
	if !slices.Contains(Topics, in.Topic) {
		v.Add("topic", "validation.choice")
	}
	return v.Err()
}

// Create submits a pain point for the caller's member organisation.
func (s *Service) Create(ctx context.Context, a *auth.Actor, in Input) (*Point, error) {
	if err := s.CanSubmit(ctx, a); err != nil {
		return nil, err
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	now := s.now()
	p := &Point{ID: db.NewID(), OrgID: a.OrgID, SubmittedBy: a.UserID, Title: in.Title, Description: in.Description, Topic: in.Topic,
		Area: in.Area, Status: StatusNew, Supporters: []Supporter{}, CreatedAt: now, UpdatedAt: now}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := insertPoint(ctx, tx, p); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "create", "pain_point", p.ID, p.OrgID, nil, p)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, p.ID)
}

// CheckCreate validates in as Create would, without saving.
func (s *Service) CheckCreate(ctx context.Context, a *auth.Actor, in Input) error {
	if err := s.CanSubmit(ctx, a); err != nil {
		return err
	}
	return in.check()
}

// open reports whether organisations may still support a point.
func open(status string) bool {
	return status != StatusMerged && status != StatusDeclined && status != StatusResolved
}

// acting returns the point id for one who acts on it: one who does not see
// it gets apperr.ErrNotFound, one who sees it but may not act (may is
// false) apperr.Forbidden with key.
func (s *Service) acting(ctx context.Context, a *auth.Actor, id string, may func(community.Standing) bool, key string) (*Point, community.Standing, error) {
	p, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, "", err
	}
	st, err := s.standing(ctx, a)
	if err != nil {
		return nil, "", err
	}
	if !may(st) {
		return nil, "", apperr.New(apperr.Forbidden, key)
	}
	return p, st, nil
}

// Support records the caller's organisation's vote for a point (a partner
// admin of a member organisation); named: the organisation agrees that the
// vendor sees its name. Supporting again changes only the agreement.
func (s *Service) Support(ctx context.Context, a *auth.Actor, id string, named bool) (*Point, error) {
	p, _, err := s.acting(ctx, a, id, func(st community.Standing) bool { return mayVote(st, a) }, "painpoints.error.admins_support")
	if err != nil {
		return nil, err
	}
	if !open(p.Status) {
		return nil, apperr.New(apperr.Conflict, "painpoints.error.closed")
	}
	now := s.now()
	v := Supporter{OrgID: a.OrgID, Named: named, At: now}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockPoint(ctx, tx, id); err != nil {
			return err
		}
		if err := saveVote(ctx, tx, id, v, a.UserID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "support", "pain_point_vote", id, a.OrgID, p.Mine, v)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Withdraw takes back the caller's organisation's vote for a point.
func (s *Service) Withdraw(ctx context.Context, a *auth.Actor, id string) (*Point, error) {
	p, _, err := s.acting(ctx, a, id, func(st community.Standing) bool { return mayVote(st, a) }, "painpoints.error.admins_support")
	if err != nil {
		return nil, err
	}
	if p.Mine == nil {
		return nil, apperr.New(apperr.Conflict, "painpoints.error.not_supported")
	}
	now := s.now()
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := lockPoint(ctx, tx, id); err != nil {
			return err
		}
		if _, err := deleteVote(ctx, tx, id, a.OrgID, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, a.Who(), "withdraw", "pain_point_vote", id, a.OrgID, p.Mine, nil)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// SetStatus is the board's change of a point's status (Move): declining
// needs a reason, which the submitter and the supporters are told.
func (s *Service) SetStatus(ctx context.Context, a *auth.Actor, id string, in StatusInput) (*Point, error) {
	p, _, err := s.acting(ctx, a, id, community.Standing.Runs, "painpoints.error.board_only")
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	v.Text(&in.Reason, apperr.Paragraphs, "reason", MaxReason, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if err := Move(p.Status, in.Status, in.Reason); err != nil {
		return nil, err
	}
	before := *p
	p.Status, p.UpdatedAt = in.Status, s.now()
	if in.Status == StatusDeclined {
		p.Reason = in.Reason
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := setStatus(ctx, tx, p); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p.UpdatedAt, a.Who(), "set_status", "pain_point", id, "", statusOf(&before), statusOf(p)); err != nil {
			return err
		}
		if in.Status != StatusDeclined {
			return nil
		}
		return s.tell(ctx, tx, a, p, "painpoints.declined", p.Reason)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// statusOf is what the audit log keeps of a change of status.
func statusOf(p *Point) map[string]string {
	return map[string]string{"status": p.Status, "reason": p.Reason, "merged_into": p.MergedInto}
}

// tell tells a point's submitter and the users of its supporting
// organisations (in their languages, by inbox and mail) of kind, with the
// point's title and args; not the actor.
func (s *Service) tell(ctx context.Context, q db.Querier, a *auth.Actor, p *Point, kind string, args ...string) error {
	if s.Notify == nil {
		return nil
	}
	list, err := votes(ctx, q, p.ID)
	if err != nil {
		return err
	}
	orgs := make([]string, 0, len(list))
	for _, v := range list {
		orgs = append(orgs, v.OrgID)
	}
	var users []string
	if p.SubmittedBy != "" {
		users = []string{p.SubmittedBy}
	}
	return s.Notify.Notify(ctx, q, notify.Notice{Kind: kind, Args: append([]string{p.Title}, args...), Link: Path(p.ID),
		Users: users, Orgs: orgs, Except: a.UserID})
}

// Path is the address of a point's page.
func Path(id string) string { return "/community/pain-points/" + id }

// Merge merges the duplicate dupID into keptID (the board): the duplicate
// points to the kept one, its votes carry over (an organisation that
// supported both counts once, MergeVotes), and its submitter and
// supporters are told.
func (s *Service) Merge(ctx context.Context, a *auth.Actor, dupID, keptID string) (*Point, error) {
	dup, _, err := s.acting(ctx, a, dupID, community.Standing.Runs, "painpoints.error.board_only")
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	if v.Text(&keptID, apperr.Line, "into", 100, true); v.Err() != nil {
		return nil, v.Err()
	}
	kept, err := s.Get(ctx, a, keptID)
	if apperr.CodeOf(err) == apperr.NotFound {
		v.Add("into", "painpoints.error.merge_unknown")
		return nil, v.Err()
	}
	if err != nil {
		return nil, err
	}
	now := s.now()
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		// Lock both points in one order, then read them again inside.
		ids := []string{dupID, keptID}
		slices.Sort(ids)
		for _, id := range ids {
			if err := lockPoint(ctx, tx, id); err != nil {
				return err
			}
		}
		if dup, err = getPoint(ctx, tx, dupID, ""); err != nil {
			return err
		}
		if kept, err = getPoint(ctx, tx, keptID, ""); err != nil {
			return err
		}
		if err := CheckMerge(dup, kept); err != nil {
			return err
		}
		dupVotes, err := votes(ctx, tx, dupID)
		if err != nil {
			return err
		}
		keptVotes, err := votes(ctx, tx, keptID)
		if err != nil {
			return err
		}
		for _, v := range MergeVotes(keptVotes, dupVotes) {
			if !slices.ContainsFunc(keptVotes, func(k Supporter) bool { return k.OrgID == v.OrgID && k.At.Equal(v.At) }) {
				if err := saveMerged(ctx, tx, keptID, v, a.UserID); err != nil {
					return err
				}
			}
		}
		if err := recount(ctx, tx, keptID, now); err != nil {
			return err
		}
		before := *dup
		dup.Status, dup.MergedInto, dup.UpdatedAt = StatusMerged, keptID, now
		if err := setStatus(ctx, tx, dup); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "merge", "pain_point", dupID, "", statusOf(&before), statusOf(dup)); err != nil {
			return err
		}
		return s.tell(ctx, tx, a, dup, "painpoints.merged", kept.Title)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, dupID)
}

// Answer is the vendor's answer to a point raised with it (the liaison):
// the point becomes answered, the answer is published to the members, and
// the submitter and every supporting organisation's users are told.
func (s *Service) Answer(ctx context.Context, a *auth.Actor, id, answer string) (*Point, error) {
	p, _, err := s.acting(ctx, a, id, mayAnswer, "painpoints.error.vendor_answers")
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	v.Text(&answer, apperr.Paragraphs, "answer", MaxAnswer, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !Answerable(p.Status) {
		return nil, apperr.New(apperr.Conflict, "painpoints.error.not_raised")
	}
	// The caller's view hides the submitter from the liaison: read it
	// whole to tell the submitter.
	whole, err := getPoint(ctx, s.DB, id, "")
	if err != nil {
		return nil, err
	}
	before := *whole
	now := s.now()
	whole.Status, whole.Answer, whole.AnsweredAt, whole.UpdatedAt = StatusAnswered, answer, &now, now
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := setStatus(ctx, tx, whole); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "answer", "pain_point", id, "", map[string]string{"status": before.Status, "answer": before.Answer},
			map[string]string{"status": whole.Status, "answer": whole.Answer}); err != nil {
			return err
		}
		return s.tell(ctx, tx, a, whole, "painpoints.answered")
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, a, id)
}

// Mergeable returns the points of the same topic the board may merge the
// point into.
func (s *Service) Mergeable(ctx context.Context, a *auth.Actor, p *Point) ([]*Point, error) {
	st, err := s.standing(ctx, a)
	if err != nil || !st.Runs() || p.Status == StatusMerged {
		return nil, err
	}
	return mergeable(ctx, s.DB, p.Topic, p.ID)
}
