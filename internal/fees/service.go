package fees

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// Service implements recruiter fees. Pages and API call it, so they share
// one set of permission rules: programme admins set the rules, staff read
// every recruiter's statements and performance, a recruiter reads its
// own; partners and the anonymous nothing.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// Zone is the programme time zone: days and months are its.
	Zone *time.Location
	// Pipeline is the stages on the way to won, in order, won last
	// (lifecycle.WayToWon); set by the app.
	Pipeline []string
	// Entries returns the stage entries of the prospects a user owns,
	// between two moments (zero: open), by prospect and time; set by the
	// app (lifecycle). Nil knows of none.
	Entries func(ctx context.Context, ownerID string, from, to time.Time) ([]Entry, error)
	// FirstWins returns when each of the organisations won its first deal;
	// set by the app (deal registration). Nil knows of none, so that every
	// clawback falls due.
	FirstWins func(ctx context.Context, orgs []string) (map[string]time.Time, error)
	// Funnel returns the funnel of the prospects a user owns, per stage on
	// the way to won; set by the app (lifecycle). Nil shows none.
	Funnel func(ctx context.Context, ownerID string) ([]StagePerformance, error)
}

// NewService returns the fees service.
func NewService(d *db.DB, now func() time.Time) *Service { return &Service{DB: d, Now: now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the programme's day now.
func (s *Service) today() time.Time { return i18n.Day(s.Now(), s.Zone) }

// CurrentMonth is the programme's month now (YYYY-MM).
func (s *Service) CurrentMonth() string { return s.today().Format("2006-01") }

// mayRead reports whether a sees fees at all: staff and recruiters.
func mayRead(a *auth.Actor) bool {
	return a.IsStaff() || (a != nil && a.Role == auth.RoleRecruiter && a.UserID != "")
}

// canSee reports whether a sees the fees of the recruiter: staff all,
// a recruiter its own.
func canSee(a *auth.Actor, recruiterID string) bool {
	return a.IsStaff() || (mayRead(a) && a.UserID == recruiterID)
}

// CanWrite returns nil for a programme admin, who sets fee rules; a
// forbidden error for a partner manager, who reads them; and
// apperr.ErrNotFound for everyone else.
func CanWrite(a *auth.Actor) error {
	switch {
	case a.IsAdmin():
		return nil
	case a.IsStaff():
		return apperr.New(apperr.Forbidden, "fees.error.admin_only")
	}
	return apperr.ErrNotFound
}

// recruiter returns the name of the recruiter id for a, who may see it.
func (s *Service) recruiter(ctx context.Context, a *auth.Actor, id string) (string, error) {
	if !canSee(a, id) {
		return "", apperr.ErrNotFound
	}
	return recruiterName(ctx, s.DB, id)
}

// Rules returns every version of the recruiter's rule, newest first.
func (s *Service) Rules(ctx context.Context, a *auth.Actor, recruiterID string) ([]*Rule, error) {
	if _, err := s.recruiter(ctx, a, recruiterID); err != nil {
		return nil, err
	}
	return ruleVersions(ctx, s.DB, recruiterID)
}

// SaveRule saves a new version of the recruiter's rule (programme admins),
// applying from its first day, which may not lie before today: the days
// before keep what they were paid. Saving what the version in force on
// that day already says makes no version.
func (s *Service) SaveRule(ctx context.Context, a *auth.Actor, recruiterID string, in RuleInput) (*Rule, error) {
	if _, err := s.recruiter(ctx, a, recruiterID); err != nil {
		return nil, err
	}
	if err := CanWrite(a); err != nil {
		return nil, err
	}
	from, err := check(&in, Payable(s.Pipeline), s.today())
	if err != nil {
		return nil, err
	}
	r := &Rule{RecruiterID: recruiterID, RuleInput: in, Author: a.Who().Label, CreatedAt: s.now(), from: from}
	var same *Rule
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		list, err := ruleVersions(ctx, tx, recruiterID)
		if err != nil {
			return err
		}
		before := ruleOn(list, from)
		if before != nil && before.RuleInput == in {
			same = before
			return nil
		}
		if err := insertRule(ctx, tx, r, a.UserID); err != nil {
			return err
		}
		action, was := "create", any(nil)
		if len(list) > 0 {
			action, was = "update", list[0]
		}
		return audit.Record(ctx, tx, r.CreatedAt, a.Who(), action, "recruiter_fee_rule", recruiterID, "", was, r)
	})
	if err != nil {
		return nil, err
	}
	if same != nil {
		return same, nil
	}
	return r, nil
}

// lines prices the recruiter's prospects for the days [from, to).
func (s *Service) lines(ctx context.Context, recruiterID string, rules []*Rule, from, to time.Time) ([]*Line, error) {
	if len(rules) == 0 || s.Entries == nil {
		return []*Line{}, nil
	}
	// The whole history up to the period's end: a prospect is paid for
	// a stage once, so its earlier entries count.
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, i18n.ZoneOr(s.Zone))
	entries, err := s.Entries(ctx, recruiterID, time.Time{}, end)
	if err != nil {
		return nil, err
	}
	wins := map[string]time.Time{}
	if s.FirstWins != nil && len(s.Pipeline) > 0 {
		var won []string
		for _, e := range entries {
			if e.Stage == s.Pipeline[len(s.Pipeline)-1] && !slices.Contains(won, e.OrgID) {
				won = append(won, e.OrgID)
			}
		}
		if wins, err = s.FirstWins(ctx, won); err != nil {
			return nil, err
		}
	}
	return Compute(Input{Entries: entries, Rules: rules, FirstWins: wins, Pipeline: s.Pipeline, From: from, To: to, Today: s.today(), Zone: s.Zone}), nil
}

// Statement returns what the recruiter earned in the month (YYYY-MM):
// for staff and the recruiter itself; anyone else, an unknown recruiter
// or a month that is none get apperr.ErrNotFound.
func (s *Service) Statement(ctx context.Context, a *auth.Actor, recruiterID, month string) (*Statement, error) {
	first, ok := ParseMonth(month)
	if !ok {
		return nil, apperr.ErrNotFound
	}
	name, err := s.recruiter(ctx, a, recruiterID)
	if err != nil {
		return nil, err
	}
	rules, err := ruleVersions(ctx, s.DB, recruiterID)
	if err != nil {
		return nil, err
	}
	lines, err := s.lines(ctx, recruiterID, rules, first, first.AddDate(0, 1, 0))
	if err != nil {
		return nil, err
	}
	return &Statement{RecruiterID: recruiterID, RecruiterName: name, Month: month, Lines: lines, Totals: totals(lines)}, nil
}

// Months returns the recruiter's months with their totals, newest first:
// from the month its first rule applies up to the current one.
func (s *Service) Months(ctx context.Context, a *auth.Actor, recruiterID string) ([]MonthTotal, error) {
	if _, err := s.recruiter(ctx, a, recruiterID); err != nil {
		return nil, err
	}
	rules, err := ruleVersions(ctx, s.DB, recruiterID)
	if err != nil {
		return nil, err
	}
	return s.months(ctx, recruiterID, rules)
}

func (s *Service) months(ctx context.Context, recruiterID string, rules []*Rule) ([]MonthTotal, error) {
	out := []MonthTotal{}
	if len(rules) == 0 {
		return out, nil
	}
	start := rules[0].from
	for _, r := range rules {
		if r.from.Before(start) {
			start = r.from
		}
	}
	start = time.Date(start.Year(), start.Month(), 1, 0, 0, 0, 0, time.UTC)
	cur, _ := ParseMonth(s.CurrentMonth())
	if start.After(cur) {
		cur = start
	}
	lines, err := s.lines(ctx, recruiterID, rules, start, cur.AddDate(0, 1, 0))
	if err != nil {
		return nil, err
	}
	for m := cur; !m.Before(start); m = m.AddDate(0, -1, 0) {
		var in []*Line
		for _, l := range lines {
			if !l.day.Before(m) && l.day.Before(m.AddDate(0, 1, 0)) {
				in = append(in, l)
			}
		}
		out = append(out, MonthTotal{Month: m.Format("2006-01"), Totals: totals(in)})
	}
	return out, nil
}

// Recruiters returns the recruiters a sees with the rule in force today
// and the current month's totals, by name in lang: every one for staff, a
// recruiter itself.
func (s *Service) Recruiters(ctx context.Context, a *auth.Actor, lang string) ([]*Recruiter, error) {
	if !mayRead(a) {
		return nil, apperr.ErrNotFound
	}
	all, err := recruiters(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := []*Recruiter{}
	month, _ := ParseMonth(s.CurrentMonth())
	for _, p := range all {
		if !canSee(a, p[0]) {
			continue
		}
		rules, err := ruleVersions(ctx, s.DB, p[0])
		if err != nil {
			return nil, err
		}
		lines, err := s.lines(ctx, p[0], rules, month, month.AddDate(0, 1, 0))
		if err != nil {
			return nil, err
		}
		out = append(out, &Recruiter{ID: p[0], Name: p[1], Rule: ruleOn(rules, s.today()),
			Month: MonthTotal{Month: s.CurrentMonth(), Totals: totals(lines)}})
	}
	i18n.SortBy(lang, out, func(r *Recruiter) string { return r.Name })
	return out, nil
}

// Performance returns how the recruiter's prospects fare in the pipeline:
// per stage the conversion and the median days, and how many were won.
func (s *Service) Performance(ctx context.Context, a *auth.Actor, recruiterID string) (*Performance, error) {
	name, err := s.recruiter(ctx, a, recruiterID)
	if err != nil {
		return nil, err
	}
	p := &Performance{RecruiterID: recruiterID, RecruiterName: name, Stages: []StagePerformance{}}
	if s.Funnel == nil {
		return p, nil
	}
	stages, err := s.Funnel(ctx, recruiterID)
	if err != nil {
		return nil, err
	}
	for _, st := range stages {
		if len(s.Pipeline) > 0 && st.Stage == s.Pipeline[len(s.Pipeline)-1] {
			p.Won = st.Entered
		}
	}
	p.Stages = stages
	return p, nil
}
