package community

import (
	"context"
	"database/sql"
	"slices"
	"sync"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
)

// Service implements the association's mode, memberships and the rule of
// who a caller is in it. The pages, the API and the association's parts
// all call it.
type Service struct {
	DB  *db.DB
	Now func() time.Time

	mu     sync.Mutex
	mode   string
	readAt time.Time
	// members remembers for modeFresh whether an organisation is a
	// member today: every page asks it once per navigation entry.
	members map[string]memberMemo
}

// memberMemo is whether an organisation was a member on day, read at at.
type memberMemo struct {
	member bool
	day    time.Time
	at     time.Time
}

// NewService returns the community service.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{DB: d, Now: now}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// modeFresh is how long a process trusts the mode it read: another
// process sharing the database sees a change within it.
const modeFresh = 2 * time.Second

// Mode returns what pakt runs: ModeVendor, ModeAssociation or ModeBoth.
// It is read at most every modeFresh, as every page asks it.
func (s *Service) Mode(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.mode != "" && time.Since(s.readAt) < modeFresh {
		return s.mode, nil
	}
	m, err := getMode(ctx, s.DB)
	if err != nil {
		return "", err
	}
	s.mode, s.readAt = m, time.Now()
	return m, nil
}

// Enabled reports whether pakt runs an association; false when the mode
// cannot be read.
func (s *Service) Enabled(ctx context.Context) bool {
	m, err := s.Mode(ctx)
	return err == nil && Association(m)
}

// Standing returns what a is in the association on q (a part's
// transaction, or nil for the service's database). With no association
// running, everyone but admins answers apperr.ErrNotFound: the
// association does not exist for them.
func (s *Service) Standing(ctx context.Context, q db.Querier, a *auth.Actor) (Standing, error) {
	if q == nil {
		q = s.DB
	}
	if !s.Enabled(ctx) {
		if a.IsAdmin() {
			return Admin, nil
		}
		return Outsider, apperr.ErrNotFound
	}
	member := false
	if a.IsPartner() {
		var err error
		if member, err = s.isMember(ctx, q, a.OrgID); err != nil {
			return Outsider, err
		}
	}
	return standing(a, member), nil
}

// isMember is IsMember, remembered for modeFresh outside a transaction
// (q is the service's database): another process's admission or
// resignation shows within it, this process's at once.
func (s *Service) isMember(ctx context.Context, q db.Querier, org string) (bool, error) {
	today := day(s.Now())
	if q != db.Querier(s.DB) {
		return isMember(ctx, q, org, today)
	}
	s.mu.Lock()
	m, ok := s.members[org]
	s.mu.Unlock()
	if ok && m.day.Equal(today) && time.Since(m.at) < modeFresh {
		return m.member, nil
	}
	member, err := isMember(ctx, q, org, today)
	if err != nil {
		return false, err
	}
	s.mu.Lock()
	if s.members == nil || len(s.members) > 10_000 {
		s.members = map[string]memberMemo{}
	}
	s.members[org] = memberMemo{member: member, day: today, at: time.Now()}
	s.mu.Unlock()
	return member, nil
}

// forget drops what isMember remembers of org, after a change of its
// membership in this process.
func (s *Service) forget(org string) {
	s.mu.Lock()
	delete(s.members, org)
	s.mu.Unlock()
}

// inside returns a's standing when it belongs to the association (admin,
// board, member), else apperr.ErrNotFound.
func (s *Service) inside(ctx context.Context, a *auth.Actor) (Standing, error) {
	st, err := s.Standing(ctx, nil, a)
	if err == nil && !st.Inside() {
		err = apperr.ErrNotFound
	}
	return st, err
}

// Shows is the navigation's twin of inside: whether a sees the
// association's home page.
func (s *Service) Shows(ctx context.Context, a *auth.Actor) bool {
	st, err := s.Standing(ctx, nil, a)
	return err == nil && st.Inside()
}

// IsMember reports whether the organisation's membership runs today, on q.
func (s *Service) IsMember(ctx context.Context, q db.Querier, org string) (bool, error) {
	return isMember(ctx, q, org, day(s.Now()))
}

// Settings returns the association's settings (admins).
func (s *Service) Settings(ctx context.Context, a *auth.Actor) (*Settings, error) {
	if !a.IsAdmin() {
		return nil, apperr.ErrNotFound
	}
	m, err := getMode(ctx, s.DB)
	return &Settings{Mode: m}, err
}

// apply checks in and applies it to st.
func (in SettingsInput) apply(st *Settings) error {
	var v apperr.Validation
	if in.Mode != nil {
		st.Mode = *in.Mode
		if !slices.Contains(Modes, st.Mode) {
			v.Add("mode", "validation.choice")
		}
	}
	return v.Err()
}

// SaveSettings changes the mode (admins); switching the association off
// keeps its data, which shows again when it is switched on.
func (s *Service) SaveSettings(ctx context.Context, a *auth.Actor, in SettingsInput) (*Settings, error) {
	before, err := s.Settings(ctx, a)
	if err != nil {
		return nil, err
	}
	st := *before
	if err := in.apply(&st); err != nil {
		return nil, err
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := saveMode(ctx, tx, st.Mode); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "community_settings", "programme", "", before, st)
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.mode, s.readAt = st.Mode, time.Now()
	s.mu.Unlock()
	return &st, nil
}

// CheckSettings validates in as SaveSettings would, without saving.
func (s *Service) CheckSettings(ctx context.Context, a *auth.Actor, in SettingsInput) error {
	st, err := s.Settings(ctx, a)
	if err != nil {
		return err
	}
	return in.apply(st)
}

// Members returns the memberships that run today, sorted by the
// organisations' names in lang: to the association's admins, board and
// members.
func (s *Service) Members(ctx context.Context, a *auth.Actor, lang string) ([]*Membership, error) {
	if _, err := s.inside(ctx, a); err != nil {
		return nil, err
	}
	list, err := listMembers(ctx, s.DB, day(s.Now()))
	if err != nil {
		return nil, err
	}
	i18n.SortBy(lang, list, func(m *Membership) string { return m.OrgName })
	return list, nil
}

// MemberNames is Members for reports over every member: the member
// organisations with their names only, sorted in lang.
func (s *Service) MemberNames(ctx context.Context, a *auth.Actor, lang string) ([]MemberName, error) {
	if _, err := s.inside(ctx, a); err != nil {
		return nil, err
	}
	list, err := memberNames(ctx, s.DB, day(s.Now()))
	if err != nil {
		return nil, err
	}
	i18n.SortBy(lang, list, func(m MemberName) string { return m.Name })
	return list, nil
}

// StartMembership makes org a member of the kind from starts on, in the
// caller's transaction q (the admission that decided it, or the demo). A
// membership that still runs on starts or later refuses it.
func (s *Service) StartMembership(ctx context.Context, q db.Querier, a *auth.Actor, org, kind string, starts time.Time) (*Membership, error) {
	var v apperr.Validation
	if !slices.Contains(Kinds, kind) {
		v.Add("kind", "validation.choice")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	n, err := overlapping(ctx, q, org, day(starts))
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, apperr.New(apperr.Conflict, "community.error.member_already")
	}
	m := &Membership{ID: db.NewID(), OrgID: org, Kind: kind, StartsOn: Date{Time: day(starts)}, Created: s.now()}
	if err := insertMembership(ctx, q, m, a.UserID); err != nil {
		return nil, err
	}
	s.forget(org)
	return m, audit.Record(ctx, q, m.Created, a.Who(), "create", "membership", m.ID, org, nil, m)
}

// EndMembership ends org's running membership on ends (its last day), in
// the caller's transaction q: a resignation or an exclusion decided by
// the part that calls it. It answers apperr.ErrNotFound when none runs.
func (s *Service) EndMembership(ctx context.Context, q db.Querier, a *auth.Actor, org string, ends time.Time) (*Membership, error) {
	list, err := orgMemberships(ctx, q, org)
	if err != nil {
		return nil, err
	}
	today := day(s.Now())
	for _, m := range list {
		if !Runs(m.StartsOn, m.EndsOn, today) {
			continue
		}
		before := *m
		m.EndsOn = &Date{Time: day(ends)}
		if err := setMembershipEnd(ctx, q, m.ID, m.EndsOn.Time); err != nil {
			return nil, err
		}
		s.forget(org)
		return m, audit.Record(ctx, q, s.now(), a.Who(), "end", "membership", m.ID, org, before, m)
	}
	return nil, apperr.ErrNotFound
}

// Memberships returns an organisation's memberships over time, the latest
// first: to those who run the association and the organisation's own users.
func (s *Service) Memberships(ctx context.Context, a *auth.Actor, org string) ([]*Membership, error) {
	st, err := s.Standing(ctx, nil, a)
	if err != nil {
		return nil, err
	}
	if !st.Runs() && !a.InOrg(org) {
		return nil, apperr.ErrNotFound
	}
	return orgMemberships(ctx, s.DB, org)
}

// History returns every membership over time, ended ones too, by start:
// the association's development, to those who run it (admins, board).
func (s *Service) History(ctx context.Context, a *auth.Actor) ([]*Membership, error) {
	st, err := s.Standing(ctx, nil, a)
	if err != nil {
		return nil, err
	}
	if !st.Runs() {
		return nil, apperr.ErrNotFound
	}
	return allMemberships(ctx, s.DB)
}
