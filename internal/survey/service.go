package survey

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Service implements the survey's settings, rounds, answers and results.
// The pages, the API and the scheduled work all call it.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Partners *partner.Service
	// Notify sends the invitations; nil tells nobody.
	Notify *notify.Service
	// Zone is the programme time zone dates in notices are written in.
	Zone *time.Location

	// Quadrants are the portfolio's CAN × WILL quadrant names in display
	// order; QuadrantOf returns each assessed partner's current quadrant
	// (portfolio). Nil leaves the results per quadrant empty.
	Quadrants  []string
	QuadrantOf func(ctx context.Context, a *auth.Actor) (map[string]string, error)
}

// NewService returns the survey service.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// staffOnly answers 404 to everyone but staff: the results do not exist
// for partners and recruiters.
func staffOnly(a *auth.Actor) error {
	if !a.IsStaff() {
		return apperr.ErrNotFound
	}
	return nil
}

// adminOnly lets admins change the survey; managers see it exists but may
// not, and nobody else sees it.
func adminOnly(a *auth.Actor) error {
	if err := staffOnly(a); err != nil {
		return err
	}
	if !a.IsAdmin() {
		return apperr.New(apperr.Forbidden, "survey.error.admins_only")
	}
	return nil
}

// answering lets the partner admins answer; partner members, recruiters
// and anonymous callers do not see the survey at all, staff are told
// that partners answer.
func answering(a *auth.Actor) error {
	switch {
	case a.IsStaff():
		return apperr.New(apperr.Forbidden, "survey.error.partners_answer")
	case !a.ActsForOwnOrg():
		return apperr.ErrNotFound
	}
	return nil
}

// Settings returns the survey settings (admins).
func (s *Service) Settings(ctx context.Context, a *auth.Actor) (*Settings, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	return getSettings(ctx, s.DB)
}

// apply checks in and applies it to st.
func (in SettingsInput) apply(st *Settings) error {
	var v apperr.Validation
	if in.IntervalMonths != nil {
		st.IntervalMonths = *in.IntervalMonths
		if st.IntervalMonths < 0 || st.IntervalMonths > MaxIntervalMonths {
			v.Add("interval_months", "validation.range", 0, MaxIntervalMonths)
		}
	}
	if in.OpenDays != nil {
		st.OpenDays = *in.OpenDays
		if st.OpenDays < MinOpenDays || st.OpenDays > MaxOpenDays {
			v.Add("open_days", "validation.range", MinOpenDays, MaxOpenDays)
		}
	}
	if in.Questions != nil {
		qs := slices.Clone(*in.Questions)
		slices.SortStableFunc(qs, func(x, y Question) int { return cmp.Compare(x.Position, y.Position) })
		if len(qs) != Questions {
			v.Add("questions", "survey.validation.three")
		} else {
			for i := range qs {
				q, n := &qs[i], strconv.Itoa(i+1)
				if q.Position != i+1 {
					v.Add("questions", "survey.validation.three")
				}
				v.Text(&q.TextDE, apperr.Line, "q"+n+"_de", MaxQuestion, true)
				v.Text(&q.TextEN, apperr.Line, "q"+n+"_en", MaxQuestion, true)
				if !slices.Contains(Kinds, q.Kind) {
					v.Add("q"+n+"_kind", "validation.choice")
				}
			}
		}
		st.Questions = qs
	}
	return v.Err()
}

// SaveSettings changes the interval, the days a round stays open and the
// questions of the rounds to come (admins); rounds already started keep
// the questions they asked.
func (s *Service) SaveSettings(ctx context.Context, a *auth.Actor, in SettingsInput) (*Settings, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	var out *Settings
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getSettings(ctx, tx)
		if err != nil {
			return err
		}
		st := *before
		st.Questions = slices.Clone(before.Questions)
		if err := in.apply(&st); err != nil {
			return err
		}
		if err := saveSettings(ctx, tx, &st); err != nil {
			return err
		}
		out = &st
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "survey_settings", "programme", "", before, st)
	})
	return out, err
}

// CheckSettings validates in as SaveSettings would, without saving.
func (s *Service) CheckSettings(ctx context.Context, a *auth.Actor, in SettingsInput) error {
	st, err := s.Settings(ctx, a)
	if err != nil {
		return err
	}
	return in.apply(st)
}

// Start starts a survey round (admins): it asks the settings' questions,
// stays open for the settings' days and goes to the partner admins of
// every active partner, by inbox and e-mail in each one's language.
// Rounds may overlap: each partner answers each round it was sent.
func (s *Service) Start(ctx context.Context, a *auth.Actor) (*Round, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	return s.start(ctx, a, false)
}

// errNotDue stops a scheduled start that another process made already.
var errNotDue = errors.New("survey: no round due")

// start starts a round as a and returns it as made (Confirming's dry run
// rolls it back, so it is not read again). When scheduled, it starts one
// only if the interval has passed (Due), checked in the transaction after
// taking the settings' row, so that several processes sharing the
// database start one round between them (errNotDue for the others).
func (s *Service) start(ctx context.Context, a *auth.Actor, scheduled bool) (*Round, error) {
	now := s.now()
	r := &Round{ID: db.NewID(), OpenedAt: now}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if scheduled {
			if err := lockSettings(ctx, tx); err != nil {
				return err
			}
		}
		st, err := getSettings(ctx, tx)
		if err != nil {
			return err
		}
		if scheduled {
			last, err := lastOpened(ctx, tx)
			if err != nil {
				return err
			}
			if !Due(st.IntervalMonths, last, now) {
				return errNotDue
			}
		}
		r.ClosesAt, r.Questions = now.AddDate(0, 0, st.OpenDays), st.Questions
		orgs, err := activePartners(ctx, tx)
		if err != nil {
			return err
		}
		r.Invited = len(orgs)
		if err := insertRound(ctx, tx, r, a.UserID, orgs); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, now, a.Who(), "create", "survey_round", r.ID, "", nil,
			map[string]any{"closes_at": r.ClosesAt, "invited": len(orgs), "questions": r.Questions}); err != nil {
			return err
		}
		if s.Notify == nil || len(orgs) == 0 {
			return nil
		}
		closes := notify.Bilingual(i18n.Date("de", r.ClosesAt.In(i18n.ZoneOr(s.Zone))), i18n.Date("en", r.ClosesAt.In(i18n.ZoneOr(s.Zone))))
		return s.Notify.Notify(ctx, tx, notify.Notice{Kind: "survey.invited", Args: []string{closes},
			Link: "/survey/rounds/" + r.ID + "/answer", Orgs: orgs, AdminsOnly: true})
	})
	if err != nil {
		return nil, err
	}
	if s.Notify != nil {
		s.Notify.Kick()
	}
	s.finish(a, r, nil)
	return r, nil
}

// Close closes an open round before its time (admins); partners can no
// longer answer it.
func (s *Service) Close(ctx context.Context, a *auth.Actor, id string) (*Round, error) {
	if err := adminOnly(a); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getRound(ctx, tx, id); err != nil {
			return err
		}
		now := s.now()
		ok, err := closeRound(ctx, tx, id, now)
		if err != nil {
			return err
		}
		if !ok {
			return apperr.New(apperr.Conflict, "survey.error.closed")
		}
		return audit.Record(ctx, tx, now, a.Who(), "close", "survey_round", id, "", map[string]bool{"open": true}, map[string]bool{"open": false})
	})
	if err != nil {
		return nil, err
	}
	return s.Round(ctx, a, id)
}

// Tick starts a round when the settings' interval has passed since the
// last one opened. It is scheduled work.
func (s *Service) Tick(ctx context.Context) error {
	st, err := getSettings(ctx, s.DB)
	if err != nil {
		return err
	}
	last, err := lastOpened(ctx, s.DB)
	if err != nil {
		return err
	}
	if !Due(st.IntervalMonths, last, s.now()) {
		return nil
	}
	if _, err = s.start(ctx, auth.System, true); errors.Is(err, errNotDue) {
		return nil
	}
	return err
}

// finish fills a round's open state and summary as a sees it.
func (s *Service) finish(a *auth.Actor, r *Round, list []*Answer) {
	r.Open = isOpen(r.ClosesAt, r.ClosedAt, s.now())
	r.Summary = summarise(a, r.ID, "", list, r.Questions)
	if r.Questions == nil {
		r.Questions = []Question{}
	}
}

// Rounds returns every round, the latest first, with its Net Promoter
// Score and averages (staff): the results over time.
func (s *Service) Rounds(ctx context.Context, a *auth.Actor) ([]*Round, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	list, err := listRounds(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	all, err := roundAnswers(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	for _, r := range list {
		// The averages need the questions' kinds.
		if r.Questions, err = roundQuestions(ctx, s.DB, r.ID); err != nil {
			return nil, err
		}
		s.finish(a, r, all[r.ID])
	}
	return list, nil
}

// Round returns a round with its summary (staff).
func (s *Service) Round(ctx context.Context, a *auth.Actor, id string) (*Round, error) {
	r, _, err := s.round(ctx, a, id)
	return r, err
}

// round reads a round with its summary and its answers (staff).
func (s *Service) round(ctx context.Context, a *auth.Actor, id string) (*Round, []*Answer, error) {
	if err := staffOnly(a); err != nil {
		return nil, nil, err
	}
	r, err := getRound(ctx, s.DB, id)
	if err != nil {
		return nil, nil, err
	}
	list, err := answers(ctx, s.DB, id, "")
	if err != nil {
		return nil, nil, err
	}
	s.finish(a, r, list)
	return r, list, nil
}

// Results returns a round's results as a may see them (staff): the figures
// per manager, tier and quadrant, each answer and the free texts; a
// manager sees names only of partners that agreed and that it steers (the
// ownership rule, partner.SteeredAmong), and no figures of a group of
// fewer than MinGroup answers (see NameShown and Suppressed). Group names
// sort in lang.
func (s *Service) Results(ctx context.Context, a *auth.Actor, id, lang string) (*Results, error) {
	r, list, err := s.round(ctx, a, id)
	if err != nil {
		return nil, err
	}
	quadrant := map[string]string{}
	if s.QuadrantOf != nil {
		if quadrant, err = s.QuadrantOf(ctx, a); err != nil {
			return nil, err
		}
	}
	res := &Results{Round: r, Anonymised: !a.IsAdmin(), Texts: []TextAnswer{}}
	res.Managers = groups(a, list, r.Questions, lang, func(x *Answer) (string, string) {
		if x.manager == "" {
			return "", i18n.T(lang, "survey.no_manager")
		}
		return x.manager, x.managerName
	})
	res.Tiers = groups(a, list, r.Questions, lang, func(x *Answer) (string, string) {
		if x.tier == "" {
			return "", i18n.T(lang, "survey.no_tier")
		}
		return x.tier, i18n.T(lang, "tier."+x.tier)
	})
	// Tiers from the lowest up, those without a tier last.
	slices.SortStableFunc(res.Tiers, func(x, y *Group) int { return cmp.Compare(tierRank(x.Key), tierRank(y.Key)) })
	byQuadrant := groups(a, list, r.Questions, lang, func(x *Answer) (string, string) {
		q := quadrant[x.org]
		if q == "" {
			return "", i18n.T(lang, "survey.no_quadrant")
		}
		return q, i18n.T(lang, "quadrant."+q)
	})
	// Quadrants in the portfolio's order, the unassessed last.
	res.Quadrants = []*Group{}
	for _, q := range append(slices.Clone(s.Quadrants), "") {
		if i := slices.IndexFunc(byQuadrant, func(g *Group) bool { return g.Key == q }); i >= 0 {
			res.Quadrants = append(res.Quadrants, byQuadrant[i])
		}
	}
	orgs := make([]string, len(list))
	for i, x := range list {
		orgs[i] = x.org
	}
	steers, err := partner.SteeredAmong(ctx, s.DB, a, orgs)
	if err != nil {
		return nil, err
	}
	// Too few answers for a manager: the anonymous ones would tell who
	// answered what, so only the named ones show. A partner a manager
	// does not steer answers anonymously to it, agreed or not.
	small := Suppressed(a, len(list))
	shown := list[:0:0]
	for _, x := range list {
		if NameShown(a, x.Named) && steers[x.org] {
			x.OrgID, x.OrgName = x.org, x.orgName
		} else if small {
			res.Withheld++
			continue
		} else {
			x.AnsweredAt = nil
		}
		shown = append(shown, x)
	}
	list = shown
	// Named answers by name, then the anonymous ones by score and text,
	// so that their order tells nothing of who answered when.
	slices.SortStableFunc(list, func(x, y *Answer) int {
		if (x.OrgName == "") != (y.OrgName == "") {
			if x.OrgName == "" {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(y.Score, x.Score); c != 0 {
			return c
		}
		for p := 1; p <= Questions; p++ {
			if c := cmp.Compare(y.Scale(p), x.Scale(p)); c != 0 {
				return c
			}
		}
		return cmp.Compare(firstText(x), firstText(y))
	})
	nNamed := slices.IndexFunc(list, func(x *Answer) bool { return x.OrgName == "" })
	if nNamed < 0 {
		nNamed = len(list)
	}
	i18n.SortBy(lang, list[:nNamed], func(x *Answer) string { return x.OrgName })
	res.Answers = list
	for _, q := range r.Questions {
		if q.Scale() {
			continue
		}
		for _, x := range list {
			if t := x.Text(q.Position); t != "" {
				res.Texts = append(res.Texts, TextAnswer{Position: q.Position, Text: t, OrgName: x.OrgName})
			}
		}
	}
	return res, nil
}

// tierRank places a tier in the programme's order, no tier last.
func tierRank(tier string) int {
	if i := slices.Index(partner.Tiers, tier); i >= 0 {
		return i
	}
	return len(partner.Tiers)
}

func firstText(x *Answer) string {
	for _, v := range x.Values {
		if v.Text != "" {
			return v.Text
		}
	}
	return ""
}

// groups summarises the answers by the key and name of each, sorted by
// name in lang, the group without a key ("") last.
func groups(a *auth.Actor, list []*Answer, questions []Question, lang string, by func(*Answer) (key, name string)) []*Group {
	members := map[string][]*Answer{}
	names := map[string]string{}
	var keys []string
	for _, x := range list {
		k, n := by(x)
		if _, ok := members[k]; !ok {
			keys = append(keys, k)
		}
		members[k] = append(members[k], x)
		names[k] = n
	}
	out := make([]*Group, 0, len(keys))
	var none *Group
	for _, k := range keys {
		g := summarise(a, k, names[k], members[k], questions)
		if k == "" {
			none = g
			continue
		}
		out = append(out, g)
	}
	slices.SortFunc(out, func(x, y *Group) int { return cmp.Compare(x.Key, y.Key) })
	i18n.SortBy(lang, out, func(g *Group) string { return g.Name })
	if none != nil {
		out = append(out, none)
	}
	return out
}

// Invitations returns the open rounds a's organisation was sent (its
// partner admins), the latest first.
func (s *Service) Invitations(ctx context.Context, a *auth.Actor) ([]*Invitation, error) {
	if !a.ActsForOwnOrg() {
		return nil, apperr.ErrNotFound
	}
	return invitations(ctx, s.DB, a.OrgID, s.now())
}

// invitedRound reads a round a's organisation was sent, or 404.
func (s *Service) invitedRound(ctx context.Context, q db.Querier, a *auth.Actor, id string) (*Round, error) {
	if err := answering(a); err != nil {
		return nil, err
	}
	ok, err := invited(ctx, q, id, a.OrgID)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, apperr.ErrNotFound
	}
	r, err := getRound(ctx, q, id)
	if err != nil {
		return nil, err
	}
	// A partner reads no figure of the round.
	r.Open, r.Invited, r.Answered = isOpen(r.ClosesAt, r.ClosedAt, s.now()), 0, 0
	return r, nil
}

// Form returns a round a's organisation was sent with its answer so far
// (the organisation's partner admins only).
func (s *Service) Form(ctx context.Context, a *auth.Actor, id string) (*Form, error) {
	r, err := s.invitedRound(ctx, s.DB, a, id)
	if err != nil {
		return nil, err
	}
	list, err := answers(ctx, s.DB, id, a.OrgID)
	if err != nil {
		return nil, err
	}
	f := &Form{Round: r}
	if len(list) == 1 {
		f.Answer = list[0]
		f.Answer.OrgID, f.Answer.OrgName = f.Answer.org, f.Answer.orgName
	}
	return f, nil
}

// check validates an answer against the round's questions and returns it
// as recorded.
func (in AnswerInput) check(r *Round) (*Answer, error) {
	var v apperr.Validation
	x := &Answer{Named: in.Named, Values: []Value{}}
	if in.Score == nil || *in.Score < 0 || *in.Score > 10 {
		v.Add("score", "survey.validation.score")
	} else {
		x.Score = *in.Score
	}
	given := map[int]Value{}
	for _, val := range in.Values {
		if val.Position < 1 || val.Position > len(r.Questions) {
			v.Add("values", "survey.validation.position")
			continue
		}
		given[val.Position] = val
	}
	for _, q := range r.Questions {
		val, ok := given[q.Position]
		if !ok {
			continue
		}
		field := "answer_" + strconv.Itoa(q.Position)
		out := Value{Position: q.Position}
		if q.Scale() {
			if val.Scale == nil {
				continue // not answered
			}
			if *val.Scale < 1 || *val.Scale > 5 {
				v.Add(field, "validation.range", 1, 5)
				continue
			}
			n := *val.Scale
			out.Scale = &n
		} else {
			t := val.Text
			v.Text(&t, apperr.Paragraphs, field, MaxText, false)
			if t == "" {
				continue
			}
			out.Text = t
		}
		x.Values = append(x.Values, out)
	}
	return x, v.Err()
}

// Answer records a's organisation's answer to an open round it was sent
// (its partner admins); a later answer replaces the earlier one until the
// round closes.
func (s *Service) Answer(ctx context.Context, a *auth.Actor, id string, in AnswerInput) (*Form, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, err := s.invitedRound(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !r.Open {
			return apperr.New(apperr.Conflict, "survey.error.closed")
		}
		x, err := in.check(r)
		if err != nil {
			return err
		}
		now := s.now()
		x.AnsweredAt = &now
		before, err := answers(ctx, tx, id, a.OrgID)
		if err != nil {
			return err
		}
		if err := saveAnswer(ctx, tx, id, a.OrgID, a.UserID, x); err != nil {
			return err
		}
		var b any
		if len(before) == 1 {
			b = before[0]
		}
		return audit.Record(ctx, tx, now, a.Who(), "answer", "survey_answer", id, a.OrgID, b, x)
	})
	if err != nil {
		return nil, err
	}
	return s.Form(ctx, a, id)
}

// CheckAnswer validates in as Answer would, without saving.
func (s *Service) CheckAnswer(ctx context.Context, a *auth.Actor, id string, in AnswerInput) error {
	r, err := s.invitedRound(ctx, s.DB, a, id)
	if err != nil {
		return err
	}
	_, err = in.check(r)
	return err
}

// LatestScores returns each partner organisation's recommendation (0 to
// 10) in the latest round it answered (system use: the team view).
func (s *Service) LatestScores(ctx context.Context) (map[string]int, error) {
	return latestScores(ctx, s.DB)
}
