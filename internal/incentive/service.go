package incentive

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
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Service implements incentive rules, lines and statements. The pages, the
// API and deal registration (Earn) all call it, so they share one set of
// permission rules: programme admins write rules, staff read everything,
// a partner's users read its own statements and the terms in force.
type Service struct {
	DB       *db.DB
	Now      func() time.Time
	Partners *partner.Service
	// Notify tells a partner's users of a line earned; nil tells nobody.
	Notify *notify.Service
	// Zone is the programme time zone: the day and the quarter of a win
	// are read on its calendar (nil: i18n's default).
	Zone *time.Location
}

// NewService returns the incentive service.
func NewService(d *db.DB, now func() time.Time, partners *partner.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Partners: partners, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// mayRead reports whether a sees incentives at all: staff and partner
// users (recruiters and the anonymous do not).
func mayRead(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

// CanWrite returns nil for a programme admin, who writes rules; a
// forbidden error for the other staff, who read them; and
// apperr.ErrNotFound for everyone else: partner users read the terms in
// force, not the rules' management.
func CanWrite(a *auth.Actor) error {
	switch {
	case a.IsAdmin():
		return nil
	case a.IsStaff():
		return apperr.New(apperr.Forbidden, "incentive.error.admin_only")
	}
	return apperr.ErrNotFound
}

// CurrentQuarter is the programme's quarter now.
func (s *Service) CurrentQuarter() string { return i18n.Quarter(s.Now(), s.Zone) }

// Rules returns the rules in their current versions: all for staff; for
// partner users the programme's published terms, the rules that apply
// today or later, without who wrote them.
func (s *Service) Rules(ctx context.Context, a *auth.Actor) ([]*Rule, error) {
	if !mayRead(a) {
		return nil, apperr.ErrNotFound
	}
	all, err := currentRules(ctx, s.DB)
	if err != nil || a.IsStaff() {
		return all, err
	}
	today := i18n.Day(s.Now(), s.Zone)
	out := []*Rule{}
	for _, r := range all {
		if r.OpenEnd() || !r.to.Before(today) {
			r.Author = ""
			out = append(out, r)
		}
	}
	return out, nil
}

// Rule returns a version of a rule (0: the current one), for staff.
func (s *Service) Rule(ctx context.Context, a *auth.Actor, id string, version int) (*Rule, error) {
	if !a.IsStaff() || version < 0 {
		return nil, apperr.ErrNotFound
	}
	return getRule(ctx, s.DB, id, version)
}

// Versions returns every version of a rule, newest first, for staff.
func (s *Service) Versions(ctx context.Context, a *auth.Actor, id string) ([]*Rule, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	list, err := ruleVersions(ctx, s.DB, id)
	if err == nil && len(list) == 0 {
		err = apperr.ErrNotFound
	}
	return list, err
}

// CreateRule makes a rule (programme admins). A rule whose validity
// overlaps another rule's for the same currency is refused.
func (s *Service) CreateRule(ctx context.Context, a *auth.Actor, in RuleInput) (*Rule, error) {
	if err := CanWrite(a); err != nil {
		return nil, err
	}
	return s.save(ctx, a, nil, in)
}

// UpdateRule saves a rule anew as its next version (programme admins);
// the lines earned keep the version that computed them. Saving what the
// rule already says makes no version.
func (s *Service) UpdateRule(ctx context.Context, a *auth.Actor, id string, in RuleInput) (*Rule, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	cur, err := getRule(ctx, s.DB, id, 0)
	if err != nil {
		return nil, err
	}
	if err := CanWrite(a); err != nil {
		return nil, err
	}
	return s.save(ctx, a, cur, in)
}

// save writes in as a new rule (cur nil) or as the next version of cur.
func (s *Service) save(ctx context.Context, a *auth.Actor, cur *Rule, in RuleInput) (*Rule, error) {
	from, to, err := check(&in)
	if err != nil {
		return nil, err
	}
	r := &Rule{ID: db.NewID(), Version: 1, RuleInput: in, Author: a.Who().Label, CreatedAt: s.now(), from: from, to: to}
	if cur != nil {
		if cur.RuleInput == in {
			return cur, nil
		}
		r.ID, r.Version = cur.ID, cur.CurrentVersion+1
	}
	r.CurrentVersion = r.Version
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		all, err := currentRules(ctx, tx)
		if err != nil {
			return err
		}
		for _, o := range all {
			if o.ID != r.ID && o.Currency == r.Currency && overlaps(o, r) {
				until := o.ValidTo
				if until == "" {
					until = "…"
				}
				var v apperr.Validation
				v.Add("valid_from", "incentive.error.overlap", o.Name, o.ValidFrom, until)
				return v.Err()
			}
		}
		if err := saveRuleVersion(ctx, tx, r, a.UserID); err != nil {
			return err
		}
		action, before := "create", any(nil)
		if cur != nil {
			action, before = "update", cur
		}
		return audit.Record(ctx, tx, r.CreatedAt, a.Who(), action, "incentive_rule", r.ID, "", before, r)
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Earn computes and keeps each party's line of a won deal, inside tx, the
// transaction in which deal registration marks the deal won. The rule is
// the one for the deal's currency valid on the day of the win (programme
// time zone); without one the deal earns nothing and Earned.NoRule says
// so. A deal won again (reopened, won anew) pays no party twice: a party
// with a line keeps it, only a party without one gets a line.
func (s *Service) Earn(ctx context.Context, tx *sql.Tx, d WonDeal) (Earned, error) {
	if err := checkDeal(d); err != nil {
		return Earned{}, err
	}
	have, err := dealLines(ctx, tx, d.ID)
	if err != nil {
		return Earned{}, err
	}
	out := Earned{Lines: have}
	var todo []Party
	for _, p := range d.Parties {
		if !slices.ContainsFunc(have, func(l *Line) bool { return l.OrgID == p.OrgID }) {
			todo = append(todo, p)
		}
	}
	if len(todo) == 0 {
		return out, nil
	}
	won, quarter := i18n.Day(d.WonAt, s.Zone), i18n.Quarter(d.WonAt, s.Zone)
	rules, err := currentRules(ctx, tx)
	if err != nil {
		return Earned{}, err
	}
	r := ruleFor(rules, d.Currency, won)
	if r == nil {
		out.NoRule = d.Currency
		return out, nil
	}
	if err := lockRule(ctx, tx, r.ID); err != nil {
		return Earned{}, err
	}
	now := s.now()
	for _, p := range todo {
		earned, err := earnedIn(ctx, tx, p.OrgID, quarter, d.Currency)
		if err != nil {
			return Earned{}, err
		}
		c := Compute(d.Value, p.SplitBP, r, p.Role, len(d.Parties), earned)
		l := &Line{ID: db.NewID(), DealID: d.ID, OrgID: p.OrgID, Customer: d.Customer, WonOn: won.Format(time.DateOnly), Quarter: quarter,
			Role: p.Role, SplitBP: p.SplitBP, Parties: len(d.Parties), ShareMinor: c.Share, Currency: d.Currency,
			RuleID: r.ID, RuleName: r.Name, RuleVersion: r.Version, RateBP: r.Rates.For(p.Role), BaseMinor: c.Base, BonusMinor: c.Bonus,
			DealCapMinor: c.DealCap, QuarterCapMinor: c.QuarterCap, AmountMinor: c.Amount, CreatedAt: now, wonOn: won}
		if len(d.Parties) >= 2 {
			l.BonusBP = r.P2PBonusBP
		}
		l.Notes = NotesOf(l)
		if err := insertLine(ctx, tx, l); err != nil {
			return Earned{}, err
		}
		if err := audit.Record(ctx, tx, now, auth.System.Who(), "earn", "incentive_line", l.ID, l.OrgID, nil, l); err != nil {
			return Earned{}, err
		}
		if s.Notify != nil {
			if err := s.Notify.Notify(ctx, tx, notify.Notice{Kind: "incentive.earned", Args: []string{d.Customer, quarter},
				Link: "/incentives/statements/" + p.OrgID + "/" + quarter, Orgs: []string{p.OrgID}}); err != nil {
				return Earned{}, err
			}
		}
		out.Lines = append(out.Lines, l)
	}
	return out, nil
}

// Statement returns what org earned in the quarter (e.g. 2026-Q4): for
// staff and org's own users; anyone else, an unknown partner or a quarter
// that is none get apperr.ErrNotFound.
func (s *Service) Statement(ctx context.Context, a *auth.Actor, org, quarter string) (*Statement, error) {
	if _, ok := i18n.ParseQuarter(quarter); !ok || !(a.IsStaff() || a.InOrg(org)) {
		return nil, apperr.ErrNotFound
	}
	if a.IsStaff() {
		// Staff read the statements of the partners they steer.
		if err := partner.Steered(ctx, s.DB, a, org); err != nil {
			return nil, err
		}
	}
	names, err := s.Partners.Names(ctx, []string{org})
	if err != nil {
		return nil, err
	}
	name, ok := names[org]
	if !ok {
		return nil, apperr.ErrNotFound
	}
	lines, err := orgLines(ctx, s.DB, org, quarter)
	if err != nil {
		return nil, err
	}
	return &Statement{OrgID: org, OrgName: name, Quarter: quarter, Lines: lines, Totals: totals(lines)}, nil
}

// quarterOf checks a quarter asked for; "" is the current one.
func (s *Service) quarterOf(quarter string) (string, error) {
	if quarter == "" {
		return s.CurrentQuarter(), nil
	}
	if _, ok := i18n.ParseQuarter(quarter); !ok {
		var v apperr.Validation
		v.Add("quarter", "incentive.error.quarter")
		return "", v.Err()
	}
	return quarter, nil
}

// Statements returns the statements of every partner that earned in the
// quarter ("" the current one), sorted by name in lang (staff only).
func (s *Service) Statements(ctx context.Context, a *auth.Actor, quarter, lang string) ([]*Statement, error) {
	if !a.IsStaff() {
		return nil, apperr.ErrNotFound
	}
	quarter, err := s.quarterOf(quarter)
	if err != nil {
		return nil, err
	}
	lines, err := quarterLines(ctx, s.DB, quarter)
	if err != nil {
		return nil, err
	}
	names, err := quarterNames(ctx, s.DB, quarter)
	if err != nil {
		return nil, err
	}
	orgs := make([]string, 0, len(names))
	for org := range names {
		orgs = append(orgs, org)
	}
	steered, err := partner.SteeredAmong(ctx, s.DB, a, orgs)
	if err != nil {
		return nil, err
	}
	out := []*Statement{}
	for i := 0; i < len(lines); {
		j := i + 1
		for j < len(lines) && lines[j].OrgID == lines[i].OrgID {
			j++
		}
		if org := lines[i].OrgID; steered[org] {
			out = append(out, &Statement{OrgID: org, OrgName: names[org], Quarter: quarter, Lines: lines[i:j:j], Totals: totals(lines[i:j])})
		}
		i = j
	}
	i18n.SortBy(lang, out, func(st *Statement) string { return st.OrgName })
	return out, nil
}

// Summaries returns statements without their lines: for staff, every
// partner's of the quarter ("" the current one) sorted by name in lang;
// for a partner user, its own organisation's of every quarter it earned in
// (or of the one asked for), newest first.
func (s *Service) Summaries(ctx context.Context, a *auth.Actor, quarter, lang string) ([]*Summary, error) {
	if a.IsStaff() {
		list, err := s.Statements(ctx, a, quarter, lang)
		if err != nil {
			return nil, err
		}
		out := make([]*Summary, len(list))
		for i, st := range list {
			out[i] = &Summary{OrgID: st.OrgID, OrgName: st.OrgName, Quarter: st.Quarter, Totals: st.Totals}
		}
		return out, nil
	}
	if !a.IsPartner() {
		return nil, apperr.ErrNotFound
	}
	if quarter != "" {
		if _, err := s.quarterOf(quarter); err != nil {
			return nil, err
		}
	}
	names, err := s.Partners.Names(ctx, []string{a.OrgID})
	if err != nil {
		return nil, err
	}
	sums, err := orgTotals(ctx, s.DB, a.OrgID)
	if err != nil {
		return nil, err
	}
	out := []*Summary{}
	for _, t := range sums {
		if quarter != "" && t.Quarter != quarter {
			continue
		}
		if n := len(out); n == 0 || out[n-1].Quarter != t.Quarter {
			out = append(out, &Summary{OrgID: a.OrgID, OrgName: names[a.OrgID], Quarter: t.Quarter})
		}
		last := out[len(out)-1]
		last.Totals = append(last.Totals, t.Total)
	}
	return out, nil
}

// Quarters returns the quarters a may pick, newest first: the current one
// and those with lines (all partners' for staff, its own for a partner).
func (s *Service) Quarters(ctx context.Context, a *auth.Actor) ([]string, error) {
	if !mayRead(a) {
		return nil, apperr.ErrNotFound
	}
	org := ""
	if !a.IsStaff() {
		org = a.OrgID
	}
	list, err := orgQuarters(ctx, s.DB, org)
	if err != nil {
		return nil, err
	}
	if cur := s.CurrentQuarter(); !slices.Contains(list, cur) {
		list = append(list, cur)
	}
	slices.Sort(list)
	slices.Reverse(list)
	return list, nil
}
