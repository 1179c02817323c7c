package targets

import (
	"context"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/i18n"
)

// DefaultCurrency is the currency of a line without a target when the
// programme has none either.
const DefaultCurrency = "EUR"

// Rollup returns the targets of period ("" the current year) as the
// reader may see them, names sorted in lang: an admin gets the programme
// (every plan and every prospect won, against the programme's target), a
// line per partner manager (its partners' plans, by organisations'
// responsible manager, and the prospects it won, against its own target;
// admins responsible for partners too, and the partners without a
// manager) and a line per recruiter; a partner manager only its own line;
// a recruiter only its own recruitment. Each line counts the plans in its
// target's currency (the programme's when it has none) and lists the
// others' planned revenue apart. Partners find nothing.
func (s *Service) Rollup(ctx context.Context, a *auth.Actor, period, lang string) (*Rollup, error) {
	if !MayRead(a) {
		return nil, apperr.ErrNotFound
	}
	if period == "" {
		period = s.CurrentPeriod()
	}
	var v apperr.Validation
	from, to := s.period(&v, period)
	if err := v.Err(); err != nil {
		return nil, err
	}
	targets, err := listTargets(ctx, s.DB, period)
	if err != nil {
		return nil, err
	}
	own := map[string]*Target{}
	for _, t := range targets {
		own[t.UserID] = t
	}
	var sums []PlanSum
	if s.PlanSums != nil && a.IsStaff() {
		if sums, err = s.PlanSums(ctx, a, period); err != nil {
			return nil, err
		}
	}
	won := map[string]int64{}
	if s.WonPerOwner != nil {
		zone := i18n.ZoneOr(s.Zone)
		start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, zone)
		end := time.Date(to.Year(), to.Month(), to.Day()+1, 0, 0, 0, 0, zone)
		if won, err = s.WonPerOwner(ctx, a, start, end); err != nil {
			return nil, err
		}
	}
	people, err := listPeople(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	elapsed, total := Days(from, to, s.today())
	out := &Rollup{Period: period, From: from, To: to, Elapsed: *Percent(int64(elapsed), int64(total)), Managers: []*Line{}, Recruiters: []*Line{}}

	programmeCurrency := DefaultCurrency
	if t := own[""]; t != nil {
		programmeCurrency = t.Currency
	}
	line := func(userID, name string) *Line {
		l := &Line{UserID: userID, Name: name, Currency: programmeCurrency}
		if t := own[userID]; t != nil && userID != "" {
			l.Currency = t.Currency
		}
		return l
	}
	perManager := map[string][]PlanSum{}
	for _, sum := range sums {
		perManager[sum.ManagerID] = append(perManager[sum.ManagerID], sum)
	}
	responsible := map[string]bool{}
	for _, p := range people {
		mine := p.ID == a.UserID
		if !a.IsAdmin() && !mine {
			continue
		}
		switch {
		case p.Role == auth.RoleRecruiter:
			if p.Disabled && own[p.ID] == nil && won[p.ID] == 0 && !mine {
				continue
			}
			l := line(p.ID, p.Name)
			Fill(l, own[p.ID], nil, won[p.ID], elapsed, total)
			out.Recruiters = append(out.Recruiters, l)
		case a.IsStaff():
			responsible[p.ID] = true
			// Admins and disabled managers show when something is theirs.
			if (p.Role == auth.RoleAdmin || p.Disabled) && own[p.ID] == nil && len(perManager[p.ID]) == 0 && won[p.ID] == 0 && !(mine && !a.IsAdmin()) {
				continue
			}
			l := line(p.ID, p.Name)
			Fill(l, own[p.ID], perManager[p.ID], won[p.ID], elapsed, total)
			out.Managers = append(out.Managers, l)
		}
	}
	i18n.SortBy(lang, out.Managers, func(l *Line) string { return l.Name })
	i18n.SortBy(lang, out.Recruiters, func(l *Line) string { return l.Name })
	if !a.IsAdmin() {
		return out, nil
	}
	// The partners whose manager is no one, or no longer staff, last.
	var unassigned []PlanSum
	for _, sum := range sums {
		if !responsible[sum.ManagerID] {
			unassigned = append(unassigned, sum)
		}
	}
	if len(unassigned) > 0 {
		l := &Line{Unassigned: true, Name: i18n.T(lang, "targets.unassigned"), Currency: programmeCurrency}
		Fill(l, nil, unassigned, 0, elapsed, total)
		out.Managers = append(out.Managers, l)
	}
	var allWon int64
	for _, n := range won {
		allWon += n
	}
	out.Programme = line("", i18n.T(lang, "targets.programme"))
	Fill(out.Programme, own[""], sums, allWon, elapsed, total)
	return out, nil
}
