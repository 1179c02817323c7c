package dues

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/community"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/notify"
)

// Service implements the fees, reminders, resignations and the members
// over time. The pages, the API and the scheduled work call it.
type Service struct {
	DB        *db.DB
	Now       func() time.Time
	Community *community.Service
	// Notify tells the members and the board; nil tells nobody.
	Notify *notify.Service
	// Zone is the programme time zone: its calendar days are the days of
	// due dates and notice periods.
	Zone *time.Location
}

// NewService returns the dues service.
func NewService(d *db.DB, now func() time.Time, c *community.Service, n *notify.Service) *Service {
	return &Service{DB: d, Now: now, Community: c, Notify: n}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the programme's calendar day now.
func (s *Service) today() time.Time { return i18n.Day(s.now(), s.Zone) }

// inside returns a's standing when it belongs to the association (admin,
// board, member), else apperr.ErrNotFound.
func (s *Service) inside(ctx context.Context, a *auth.Actor) (community.Standing, error) {
	st, err := s.Community.Standing(ctx, nil, a)
	if err == nil && !st.Inside() {
		err = apperr.ErrNotFound
	}
	return st, err
}

// running answers apperr.ErrNotFound to everyone but those who run the
// association (admins, board).
func (s *Service) running(ctx context.Context, a *auth.Actor) error {
	st, err := s.Community.Standing(ctx, nil, a)
	if err == nil && !st.Runs() {
		err = apperr.ErrNotFound
	}
	return err
}

// Shows reports whether the navigation offers a the membership pages:
// while an association runs, to those who run it and its members.
func (s *Service) Shows(ctx context.Context, a *auth.Actor) bool {
	if !s.Community.Enabled(ctx) {
		return false
	}
	_, err := s.inside(ctx, a)
	return err == nil
}

// Settings returns the fee and resignation settings (admins, board).
func (s *Service) Settings(ctx context.Context, a *auth.Actor) (*Settings, error) {
	if err := s.running(ctx, a); err != nil {
		return nil, err
	}
	return getSettings(ctx, s.DB)
}

// apply checks in and applies it to st.
func (in SettingsInput) apply(st *Settings) error {
	var v apperr.Validation
	fee := func(dst *int64, src *int64, field string) {
		if src != nil {
			if *dst = *src; *dst < 0 || *dst > MaxFee {
				v.Add(field, "validation.range", 0, MaxFee/100)
			}
		}
	}
	fee(&st.FeeOrdinary, in.FeeOrdinary, "fee_ordinary")
	fee(&st.FeeSupporting, in.FeeSupporting, "fee_supporting")
	between := func(dst *int, src *int, field string, lo, hi int) {
		if src != nil {
			if *dst = *src; *dst < lo || *dst > hi {
				v.Add(field, "validation.range", lo, hi)
			}
		}
	}
	between(&st.DueMonth, in.DueMonth, "due_month", 1, 12)
	between(&st.DueDay, in.DueDay, "due_day", 1, 31)
	between(&st.RemindDays, in.RemindDays, "remind_days", 0, MaxRemindDays)
	between(&st.NoticeMonths, in.NoticeMonths, "notice_months", 0, MaxNoticeMonths)
	if in.Currency != nil {
		if st.Currency = *in.Currency; !i18n.ValidCurrency(st.Currency) {
			v.Add("currency", "dues.validation.currency")
		}
	}
	if in.NoticeTo != nil {
		if st.NoticeTo = *in.NoticeTo; !slices.Contains(Periods, st.NoticeTo) {
			v.Add("notice_to", "validation.choice")
		}
	}
	return v.Err()
}

// SaveSettings changes the fees of the years to come, the due day, the
// reminder and the notice period (admins, board); fees already raised
// and resignations already submitted keep theirs.
func (s *Service) SaveSettings(ctx context.Context, a *auth.Actor, in SettingsInput) (*Settings, error) {
	if err := s.running(ctx, a); err != nil {
		return nil, err
	}
	return audit.Update(ctx, s.DB, s.now(), a.Who(), "dues_settings", "programme", getSettings, in.apply, saveSettings)
}

// CheckSettings validates in as SaveSettings would, without saving.
func (s *Service) CheckSettings(ctx context.Context, a *auth.Actor, in SettingsInput) error {
	st, err := s.Settings(ctx, a)
	if err != nil {
		return err
	}
	return in.apply(st)
}

// finish marks the fees overdue on today.
func (s *Service) finish(list ...*Fee) {
	today := s.today()
	for _, f := range list {
		f.Overdue = Overdue(f.DueOn.Time, f.PaidOn, today)
	}
}

// Fees returns the fees of year (0: every year), the latest year first:
// every member's to those who run the association, its own to a member's
// users; anyone else gets apperr.ErrNotFound.
func (s *Service) Fees(ctx context.Context, a *auth.Actor, year int, lang string) ([]*Fee, error) {
	st, err := s.inside(ctx, a)
	if err != nil {
		return nil, err
	}
	org := ""
	if !st.Runs() {
		org = a.OrgID
	}
	list, err := listFees(ctx, s.DB, year, org)
	if err != nil {
		return nil, err
	}
	s.finish(list...)
	if org == "" {
		i18n.SortBy(lang, list, func(f *Fee) string { return strconv.Itoa(9999-f.Year) + " " + f.OrgName })
	}
	return list, nil
}

// Fee returns a fee as Fees shows it.
func (s *Service) Fee(ctx context.Context, a *auth.Actor, id string) (*Fee, error) {
	st, err := s.inside(ctx, a)
	if err != nil {
		return nil, err
	}
	f, err := getFee(ctx, s.DB, id)
	if err != nil {
		return nil, err
	}
	if !st.Runs() && !a.InOrg(f.OrgID) {
		return nil, apperr.ErrNotFound
	}
	s.finish(f)
	return f, nil
}

// Years returns the years fees were raised for, the latest first, to
// those who run the association.
func (s *Service) Years(ctx context.Context, a *auth.Actor) ([]int, error) {
	if err := s.running(ctx, a); err != nil {
		return nil, err
	}
	return feeYears(ctx, s.DB)
}

// Pay records a fee as paid on the payment's day, or as not paid when it
// is empty (admins, board: pakt takes no payments, the board records
// them). A day in the future is refused.
func (s *Service) Pay(ctx context.Context, a *auth.Actor, id string, in Payment) (*Fee, error) {
	if err := s.running(ctx, a); err != nil {
		return nil, err
	}
	var v apperr.Validation
	paid := v.Day("paid_on", in.PaidOn, false)
	if !paid.IsZero() && paid.After(s.today()) {
		v.Add("paid_on", "dues.validation.future")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		f, err := getFee(ctx, tx, id)
		if err != nil {
			return err
		}
		before := f.PaidOn
		action := "pay"
		var to *time.Time
		if paid.IsZero() {
			action = "unpay"
			if before == nil {
				return nil
			}
		} else {
			if before != nil && before.Equal(paid) {
				return nil
			}
			to = &paid
		}
		if err := setPaid(ctx, tx, id, to); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), action, "membership_fee", id, f.OrgID,
			map[string]any{"paid_on": before}, map[string]any{"paid_on": to, "year": f.Year, "amount_minor": f.AmountMinor, "currency": f.Currency})
	})
	if err != nil {
		return nil, err
	}
	return s.Fee(ctx, a, id)
}

// Raise raises the fees of year for the memberships that run on the day
// on and have none of that year, at the settings' amount for their kind
// (none for a kind whose fee is 0), due on the settings' due day or
// GraceDays after on when that has passed. It returns how many it
// raised. Several processes may raise at once: each membership gets one
// fee per year.
func (s *Service) Raise(ctx context.Context, a *auth.Actor, year int, on time.Time) (int, error) {
	if err := s.running(ctx, a); err != nil {
		return 0, err
	}
	all, err := s.Community.History(ctx, a)
	if err != nil {
		return 0, err
	}
	have, err := raised(ctx, s.DB, year)
	if err != nil {
		return 0, err
	}
	all = slices.DeleteFunc(all, func(m *community.Membership) bool {
		return have[m.ID] || !community.Runs(m.StartsOn, m.EndsOn, on)
	})
	if len(all) == 0 {
		return 0, nil
	}
	n := 0
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		n = 0
		if err := lockSettings(ctx, tx); err != nil {
			return err
		}
		st, err := getSettings(ctx, tx)
		if err != nil {
			return err
		}
		now := s.now()
		for _, m := range all {
			amount := st.FeeOrdinary
			if m.Kind == community.KindSupporting {
				amount = st.FeeSupporting
			}
			if amount == 0 {
				continue
			}
			f := &Fee{ID: db.NewID(), MembershipID: m.ID, OrgID: m.OrgID, Year: year, Kind: m.Kind, AmountMinor: amount, Currency: st.Currency,
				DueOn: Date{Time: DueOn(year, st.DueMonth, st.DueDay, dayOf(on))}, Created: now}
			ok, err := insertFee(ctx, tx, f)
			if err != nil || !ok {
				return err
			}
			n++
			if err := audit.Record(ctx, tx, now, a.Who(), "create", "membership_fee", f.ID, f.OrgID, nil, f); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

// money writes an amount for a notice in both languages.
func money(minor int64, currency string) string {
	return notify.Bilingual(i18n.Money("de", minor, currency), i18n.Money("en", minor, currency))
}

// day writes a day for a notice in both languages.
func day(t time.Time) string { return notify.Bilingual(i18n.Date("de", t), i18n.Date("en", t)) }

// remind tells the partner admins of each unpaid fee that falls due
// within the reminder's days, and of each fee overdue, once each.
func (s *Service) remind(ctx context.Context) error {
	st, err := getSettings(ctx, s.DB)
	if err != nil {
		return err
	}
	today := s.today()
	told := false
	for _, overdue := range []bool{false, true} {
		if !overdue && st.RemindDays == 0 {
			continue
		}
		list, err := unpaidDue(ctx, s.DB, today, today.AddDate(0, 0, st.RemindDays), overdue)
		if err != nil {
			return err
		}
		for _, f := range list {
			err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
				ok, err := markTold(ctx, tx, f.ID, overdue, s.now())
				if err != nil || !ok || s.Notify == nil {
					return err
				}
				kind := "dues.reminder"
				if overdue {
					kind = "dues.overdue"
				}
				told = true
				return s.Notify.Notify(ctx, tx, notify.Notice{Kind: kind, Args: []string{strconv.Itoa(f.Year), money(f.AmountMinor, f.Currency), day(f.DueOn.Time)},
					Link: "/community/dues", Orgs: []string{f.OrgID}, AdminsOnly: true})
			})
			if err != nil {
				return err
			}
		}
	}
	if told {
		s.Notify.Kick()
	}
	return nil
}

// Tick is the scheduled work: while the association runs, it raises the
// fees of the current year for running memberships that have none, sends
// the reminders and the notices of overdue fees, and ends the memberships
// whose resignation's last day has come.
func (s *Service) Tick(ctx context.Context) error {
	if !s.Community.Enabled(ctx) {
		return nil
	}
	today := s.today()
	if _, err := s.Raise(ctx, auth.System, today.Year(), today); err != nil {
		return err
	}
	if err := s.remind(ctx); err != nil {
		return err
	}
	return s.effect(ctx, today)
}

// Resignations returns the pending resignations of every member to those
// who run the association, and all of its own organisation's, the latest
// first, to a member's users.
func (s *Service) Resignations(ctx context.Context, a *auth.Actor) ([]*Resignation, error) {
	st, err := s.inside(ctx, a)
	if err != nil {
		return nil, err
	}
	if st.Runs() {
		return listResignations(ctx, s.DB, "", true)
	}
	return listResignations(ctx, s.DB, a.OrgID, false)
}

// Membership is a member organisation's own view: its running
// membership, its fees, its pending resignation and the day a resignation
// submitted today would end the membership.
type Membership struct {
	Membership  *community.Membership `json:"membership"`
	Fees        []*Fee                `json:"fees"`
	Resignation *Resignation          `json:"resignation"`
	WouldEnd    Date                  `json:"would_end_on" doc:"the last day of membership if the organisation resigned today"`
	CanResign   bool                  `json:"can_resign" doc:"whether the caller may resign or withdraw for the organisation (its partner admins)"`
}

// Own returns the caller's organisation's membership (its users); those
// who run the association and anyone else get apperr.ErrNotFound.
func (s *Service) Own(ctx context.Context, a *auth.Actor) (*Membership, error) {
	st, err := s.inside(ctx, a)
	if err != nil {
		return nil, err
	}
	if st != community.Member {
		return nil, apperr.ErrNotFound
	}
	m, err := s.ownMembership(ctx, a)
	if err != nil {
		return nil, err
	}
	out := &Membership{Membership: m, CanResign: a.ActsForOwnOrg()}
	if out.Fees, err = s.Fees(ctx, a, 0, ""); err != nil {
		return nil, err
	}
	pending, err := listResignations(ctx, s.DB, a.OrgID, true)
	if err != nil {
		return nil, err
	}
	if len(pending) > 0 {
		out.Resignation = pending[0]
	}
	set, err := getSettings(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out.WouldEnd = Date{Time: ResignationEnds(s.today(), set.NoticeMonths, set.NoticeTo)}
	return out, nil
}

// ownMembership returns the caller's organisation's membership that runs today.
func (s *Service) ownMembership(ctx context.Context, a *auth.Actor) (*community.Membership, error) {
	list, err := s.Community.Memberships(ctx, a, a.OrgID)
	if err != nil {
		return nil, err
	}
	today := s.today()
	for _, m := range list {
		if community.Runs(m.StartsOn, m.EndsOn, today) {
			return m, nil
		}
	}
	return nil, apperr.ErrNotFound
}

// acting lets a member's partner admins act for its membership; its
// partner members are told so, anyone else gets apperr.ErrNotFound.
func (s *Service) acting(ctx context.Context, a *auth.Actor) (*community.Membership, error) {
	st, err := s.inside(ctx, a)
	if err != nil {
		return nil, err
	}
	if st != community.Member {
		return nil, apperr.ErrNotFound
	}
	if !a.ActsForOwnOrg() {
		return nil, apperr.New(apperr.Forbidden, "dues.error.admins_resign")
	}
	return s.ownMembership(ctx, a)
}

// tellBoard tells the board of a resignation or its withdrawal.
func (s *Service) tellBoard(ctx context.Context, q db.Querier, kind string, r *Resignation, orgName string) error {
	if s.Notify == nil {
		return nil
	}
	return s.Notify.Notify(ctx, q, notify.Notice{Kind: kind, Args: []string{orgName, day(r.EndsOn.Time)}, Link: "/community/dues", Board: true})
}

// Resign submits the caller's organisation's resignation (its partner
// admins): the membership ends on the last day of the notice period
// (ResignationEnds, from today with the settings' notice), and the board
// is told. A pending resignation is a conflict.
func (s *Service) Resign(ctx context.Context, a *auth.Actor) (*Resignation, error) {
	m, err := s.acting(ctx, a)
	if err != nil {
		return nil, err
	}
	r := &Resignation{ID: db.NewID(), MembershipID: m.ID, OrgID: m.OrgID, OrgName: m.OrgName, SubmittedAt: s.now()}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		pending, err := listResignations(ctx, tx, m.OrgID, true)
		if err != nil {
			return err
		}
		if len(pending) > 0 {
			return apperr.New(apperr.Conflict, "dues.error.resigned_already")
		}
		st, err := getSettings(ctx, tx)
		if err != nil {
			return err
		}
		r.EndsOn = Date{Time: ResignationEnds(s.today(), st.NoticeMonths, st.NoticeTo)}
		if err := insertResignation(ctx, tx, r, a.UserID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, r.SubmittedAt, a.Who(), "create", "resignation", r.ID, r.OrgID, nil, r); err != nil {
			return err
		}
		return s.tellBoard(ctx, tx, "dues.resigned", r, m.OrgName)
	})
	if err != nil {
		return nil, err
	}
	if s.Notify != nil {
		s.Notify.Kick()
	}
	return r, nil
}

// Withdraw withdraws the caller's organisation's pending resignation
// before it takes effect (its partner admins); the board is told.
func (s *Service) Withdraw(ctx context.Context, a *auth.Actor) (*Resignation, error) {
	m, err := s.acting(ctx, a)
	if err != nil {
		return nil, err
	}
	var r *Resignation
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		pending, err := listResignations(ctx, tx, m.OrgID, true)
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			return apperr.New(apperr.Conflict, "dues.error.no_resignation")
		}
		r = pending[0]
		now := s.now()
		if ok, err := closeResignation(ctx, tx, r.ID, now, a.UserID); err != nil || !ok {
			return errors.Join(err, apperr.New(apperr.Conflict, "dues.error.no_resignation"))
		}
		r.WithdrawnAt = &now
		if err := audit.Record(ctx, tx, now, a.Who(), "withdraw", "resignation", r.ID, r.OrgID, nil, r); err != nil {
			return err
		}
		return s.tellBoard(ctx, tx, "dues.withdrawn", r, m.OrgName)
	})
	if err != nil {
		return nil, err
	}
	if s.Notify != nil {
		s.Notify.Kick()
	}
	return r, nil
}

// effect ends the memberships whose resignation's last day has come, on
// that day (community.EndMembership), each once.
func (s *Service) effect(ctx context.Context, today time.Time) error {
	list, err := dueResignations(ctx, s.DB, today)
	if err != nil {
		return err
	}
	for _, r := range list {
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			now := s.now()
			ok, err := closeResignation(ctx, tx, r.ID, now, "")
			if err != nil || !ok {
				return err
			}
			if _, err := s.Community.EndMembership(ctx, tx, auth.System, r.OrgID, r.EndsOn.Time); err != nil && !errors.Is(err, apperr.ErrNotFound) {
				return err
			}
			r.EffectedAt = &now
			return audit.Record(ctx, tx, now, auth.System.Who(), "effect", "resignation", r.ID, r.OrgID, nil, r)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// History returns the running memberships per kind at the end of each
// quarter of the past years, oldest first, the current quarter counted
// today (admins, board).
func (s *Service) History(ctx context.Context, a *auth.Actor, years int) ([]Point, error) {
	all, err := s.Community.History(ctx, a)
	if err != nil {
		return nil, err
	}
	return Count(all, QuarterEnds(s.today(), years)), nil
}
