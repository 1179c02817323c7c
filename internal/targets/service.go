package targets

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// Service keeps the targets and rolls the partners' plans and the
// pipeline up against them.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// Zone is the programme time zone: which day it is in a period, and
	// where a period's first and last day begin and end for the pipeline.
	Zone *time.Location
	// PeriodRange returns the first and last day of a period ("2027",
	// "2027-H1", "2027-Q3", "2027-05"), ok false for anything else: the
	// plans' own rule, set by the app from steering. Targets have the
	// periods of the plans they are compared with.
	PeriodRange func(period string) (from, to time.Time, ok bool)
	// PlanSums returns the sums of the partners' plans of exactly period
	// per responsible manager and currency, with what deals registered in
	// pakt added; set by the app from steering, asked only for staff.
	// Without it no plans roll up.
	PlanSums func(ctx context.Context, a *auth.Actor, period string) ([]PlanSum, error)
	// WonPerOwner counts the prospects won in [from, to) per owner, only
	// the reader's own for a recruiter; set by the app from the pipeline.
	// Without it no prospects count.
	WonPerOwner func(ctx context.Context, a *auth.Actor, from, to time.Time) (map[string]int64, error)
}

// NewService returns the targets service; set PeriodRange and the hooks.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{DB: d, Now: now}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// day is t's date at midnight UTC, as dates are kept.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// today is the programme's date today.
func (s *Service) today() time.Time { return day(s.Now().In(i18n.ZoneOr(s.Zone))) }

// CurrentPeriod is the year of today, the period shown first.
func (s *Service) CurrentPeriod() string { return s.today().Format("2006") }

// MayRead reports whether a sees any targets: staff all or their own,
// recruiters their own recruitment; partners and the anonymous nothing.
func MayRead(a *auth.Actor) bool {
	return a.IsStaff() || a != nil && a.Role == auth.RoleRecruiter && a.UserID != ""
}

// MaySet reports whether a sets targets: programme admins only.
func MaySet(a *auth.Actor) bool { return a.IsAdmin() }

// permitSet is the rule of setting targets: admins may, partner managers
// are forbidden (they see the page), anyone else finds nothing.
func permitSet(a *auth.Actor) error {
	switch {
	case MaySet(a):
		return nil
	case a.IsStaff():
		return apperr.New(apperr.Forbidden, "targets.error.admin_only")
	}
	return apperr.ErrNotFound
}

// period checks a period and returns its first and last day.
func (s *Service) period(v *apperr.Validation, period string) (from, to time.Time) {
	ok := false
	if s.PeriodRange != nil {
		from, to, ok = s.PeriodRange(period)
	}
	switch {
	case period == "":
		v.Add("period", "validation.required")
	case !ok:
		v.Add("period", "targets.validation.period")
	}
	return from, to
}

// Periods returns the periods the reader may choose: the current one and
// those with targets, latest first.
func (s *Service) Periods(ctx context.Context, a *auth.Actor) ([]string, error) {
	if !MayRead(a) {
		return nil, apperr.ErrNotFound
	}
	list, err := listPeriods(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	cur := s.CurrentPeriod()
	for _, p := range list {
		if p == cur {
			return list, nil
		}
	}
	return append([]string{cur}, list...), nil
}

// Target returns the target of a user ("" the programme's) in a period,
// for admins, who set them; apperr.ErrNotFound when none was set.
func (s *Service) Target(ctx context.Context, a *auth.Actor, userID, period string) (*Target, error) {
	if err := permitSet(a); err != nil {
		return nil, err
	}
	return getTarget(ctx, s.DB, userID, period)
}

// maxAmount bounds amounts and counts far below the int64 limit, so that
// the sums and forecasts of many stay exact.
const maxAmount = 1_000_000_000_000_000

// Save sets the target of a person, or the programme's, for a period:
// programme admins only; the change is audited.
func (s *Service) Save(ctx context.Context, a *auth.Actor, in Input) (*Target, error) {
	if err := permitSet(a); err != nil {
		return nil, err
	}
	var out *Target
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var v apperr.Validation
		period := strings.TrimSpace(in.Period)
		from, to := s.period(&v, period)
		userID := strings.TrimSpace(in.UserID)
		if v.Clean(&userID, apperr.Line, "user_id") && userID != "" {
			p, err := getPerson(ctx, tx, userID)
			switch {
			case apperr.CodeOf(err) == apperr.NotFound:
				v.Add("user_id", "targets.validation.person")
			case err != nil:
				return err
			case p.Role == auth.RoleRecruiter && (in.RevenueMinor != 0 || in.Deals != 0 || in.Certifications != 0):
				v.Add("user_id", "targets.validation.recruiter")
			}
		}
		cur := strings.ToUpper(strings.TrimSpace(in.Currency))
		if cur == "" {
			cur = "EUR"
		}
		if !i18n.ValidCurrency(cur) {
			v.Add("currency", "validation.choice")
		}
		for _, f := range []struct {
			name string
			n    int64
		}{{"revenue_minor", in.RevenueMinor}, {"deals", in.Deals}, {"certifications", in.Certifications}, {"recruits", in.Recruits}} {
			if f.n < 0 || f.n > maxAmount {
				v.Add(f.name, "targets.validation.amount")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		before, err := getTarget(ctx, tx, userID, period)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		t := &Target{ID: db.NewID(), UserID: userID, Period: period, From: from, To: to}
		if before != nil {
			cp := *before
			t = &cp
		}
		t.Currency, t.RevenueMinor, t.Deals, t.Certifications, t.Recruits = cur, in.RevenueMinor, in.Deals, in.Certifications, in.Recruits
		t.UpdatedBy, t.UpdatedAt = a.Name, s.now()
		action := "create"
		if before == nil {
			err = insertTarget(ctx, tx, t)
		} else {
			action = "update"
			err = updateTarget(ctx, tx, t)
		}
		if err != nil {
			return err
		}
		out = t
		var was any
		if before != nil {
			was = before
		}
		return audit.Record(ctx, tx, t.UpdatedAt, a.Who(), action, "target", t.ID, "", was, t)
	})
	return out, err
}
