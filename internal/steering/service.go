package steering

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/i18n"
	"pakt/internal/partner"
)

// Service implements activities, cadences, the overdue list and plans.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// Quadrants are the portfolio's quadrant names in display order: the
	// values a cadence per quadrant can take. The app sets them from the
	// portfolio, which steering does not import.
	Quadrants []string
	// QuadrantOf returns the current quadrant of every assessed
	// organisation, for the overdue list; set by the app from the
	// portfolio. Without it the list shows no quadrants and only the tier
	// cadences apply.
	QuadrantOf func(ctx context.Context, a *auth.Actor) (map[string]string, error)
	// Warning returns WarnVampire when staff are warned before spending
	// time with the organisation, else ""; set by the app from the
	// portfolio's rule. Nil warns of nothing.
	Warning func(ctx context.Context, a *auth.Actor, orgID string) (string, error)
	// DealFigures returns an organisation's deals registered in pakt for a
	// plan period [from, to] (days) in currency: won deals, their value by
	// its share, and the forecast of its open approved deals weighted by
	// stage. The app sets it from deal registration, which steering does
	// not import; it is asked only after the reader was checked. Without
	// it plans count only what was entered by hand.
	DealFigures func(ctx context.Context, orgID string, from, to time.Time, currency string) (DealFigures, error)
	// PaidPerOrg returns the marketing funds paid in [from, to) per
	// organisation, in euro cents; set by the app from marketing funds,
	// asked only after the reader was checked. Without it the report on
	// vampires counts only time.
	PaidPerOrg func(ctx context.Context, from, to time.Time) (map[string]int64, error)
	// ProspectsPerOwner counts the prospects per owner (a user id) and
	// stage, for the team view; set by the app from the pipeline, with
	// Stages its stages in order. Without it the view shows no pipeline.
	ProspectsPerOwner func(ctx context.Context) (map[string]map[string]int, error)
	Stages            []string
	// FirstDeals returns each organisation's first won deal (when it
	// closed), for the partners' time to their first deal in the team
	// view; set by the app from deal registration.
	FirstDeals func(ctx context.Context) (map[string]time.Time, error)
	// Satisfaction returns each organisation's latest 0–10 recommendation
	// score, for the team view; set by the app from the partner survey.
	// Without it the view shows "—".
	Satisfaction func(ctx context.Context) (map[string]int, error)

	// contacts holds every organisation's last personal contact; a changed
	// organisation or activity moves a counter and so reloads it.
	contacts db.Cached[[]Contact]
	// tallyCache holds the activities per partner and quarter of the team
	// view.
	tallyCache tallyCache
}

// NewService returns the steering service; set Quadrants and QuadrantOf
// for the cadences per quadrant.
func NewService(d *db.DB, now func() time.Time) *Service {
	return &Service{DB: d, Now: now}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Op is something done with steering data.
type Op int

// The operations permit decides on.
const (
	ReadActivities Op = iota
	EditActivities
	ReadPlans
	EditPlans
	ReadCadences
	EditCadences
	ReadOverdue
)

// Permit is the one rule of who may do what, used by every operation:
// admins do everything; partner managers everything but change the
// cadences; partner admins and members read their own organisation's plans
// and nothing else (activities hold internal notes); recruiters nothing.
// Whatever is not allowed does not exist (apperr.ErrNotFound), except a
// manager changing cadences, which is forbidden. orgID is "" for
// operations not about one organisation.
func Permit(a *auth.Actor, orgID string, op Op) error {
	switch {
	case a == nil:
		return apperr.ErrNotFound
	case a.IsAdmin():
		return nil
	case a.Role == auth.RoleManager:
		if op == EditCadences {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		return nil
	case op == ReadPlans && a.InOrg(orgID):
		return nil
	}
	return apperr.ErrNotFound
}

// permitOrg checks Permit and that the organisation exists.
func (s *Service) permitOrg(ctx context.Context, q db.Querier, a *auth.Actor, orgID string, op Op) error {
	if err := Permit(a, orgID, op); err != nil {
		return err
	}
	exists := orgExists
	if a.IsStaff() {
		// Staff steer only the partners the ownership rule gives them.
		exists = func(ctx context.Context, q db.Querier, orgID string) (bool, error) {
			return partner.SteersOrg(ctx, q, a, orgID)
		}
	}
	ok, err := exists(ctx, q, orgID)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.ErrNotFound
	}
	return nil
}

// EnsureDefaults gives a new installation the default cadences; it does
// nothing once any cadence exists.
func (s *Service) EnsureDefaults(ctx context.Context) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.ensureTallies(ctx, tx); err != nil {
			return err
		}
		n, err := countCadences(ctx, tx)
		if err != nil || n > 0 {
			return err
		}
		return replaceCadences(ctx, tx, DefaultCadences)
	})
}

// Activities returns an organisation's activities, newest first.
func (s *Service) Activities(ctx context.Context, a *auth.Actor, orgID string) ([]*Activity, error) {
	if err := s.permitOrg(ctx, s.DB, a, orgID, ReadActivities); err != nil {
		return nil, err
	}
	return listActivities(ctx, s.DB, orgID)
}

// ActivityInput is what an activity is recorded from.
type ActivityInput struct {
	Kind string `json:"kind" doc:"meeting, call, email, qbr or jour_fixe" enum:"activity_kind"`
	// On is the day, YYYY-MM-DD; not in the future.
	On           string `json:"on" doc:"YYYY-MM-DD, not in the future"`
	Participants string `json:"participants,omitempty"`
	Notes        string `json:"notes,omitempty"`
	Minutes      int    `json:"minutes,omitempty" doc:"the time spent, in minutes (0–1440)"`
	// InitiatedBy is "us" (the default) or "partner".
	InitiatedBy string `json:"initiated_by,omitempty" enum:"initiated_by" doc:"who started the contact: us (proactive, the default) or partner (reactive)"`
	// ContactIDs are the organisation's contacts who took part.
	ContactIDs []string `json:"contact_ids,omitempty" doc:"ids of the organisation's contacts who took part"`
}

// AddActivity records an activity with an organisation.
func (s *Service) AddActivity(ctx context.Context, a *auth.Actor, orgID string, in ActivityInput) (*Activity, error) {
	var out *Activity
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.permitOrg(ctx, tx, a, orgID, EditActivities); err != nil {
			return err
		}
		now := s.now()
		act := &Activity{ID: db.NewID(), OrgID: orgID, Kind: strings.TrimSpace(in.Kind), Participants: in.Participants,
			Notes: in.Notes, Minutes: in.Minutes, InitiatedBy: strings.TrimSpace(in.InitiatedBy), ContactIDs: []string{}, CreatedBy: a.Name, CreatedAt: now}
		var v apperr.Validation
		if act.InitiatedBy == "" {
			act.InitiatedBy = InitiatedByUs
		}
		if !slices.Contains(Initiators, act.InitiatedBy) {
			v.Add("initiated_by", "validation.choice")
		}
		cLevel, err := orgContacts(ctx, tx, orgID)
		if err != nil {
			return err
		}
		for _, id := range in.ContactIDs {
			c, ok := cLevel[id]
			switch {
			case !ok:
				v.Add("contact_ids", "steering.validation.contact")
			case !slices.Contains(act.ContactIDs, id):
				act.ContactIDs = append(act.ContactIDs, id)
				act.CLevel = act.CLevel || c
			}
		}
		if act.Minutes < 0 || act.Minutes > MaxActivityMinutes {
			v.Add("minutes", "validation.range", 0, MaxActivityMinutes)
		}
		v.Text(&act.Participants, apperr.Line, "participants", 500, false)
		v.Text(&act.Notes, apperr.Paragraphs, "notes", 5000, false)
		if !slices.Contains(Kinds, act.Kind) {
			v.Add("kind", "validation.choice")
		}
		switch on, err := time.Parse("2006-01-02", strings.TrimSpace(in.On)); {
		case strings.TrimSpace(in.On) == "":
			v.Add("on", "validation.required")
		case err != nil:
			v.Add("on", "validation.date")
		case on.After(day(now)):
			v.Add("on", "steering.validation.future")
		default:
			act.On = on
		}
		if err := v.Err(); err != nil {
			return err
		}
		act.Personal = Personal(act.Kind)
		if err := insertActivity(ctx, tx, act); err != nil {
			return err
		}
		out = act
		return audit.Record(ctx, tx, now, a.Who(), "create", "activity", act.ID, orgID, nil, act)
	})
	if err != nil {
		return nil, err
	}
	// The activity is recorded: a warning that cannot be worked out now
	// is left off rather than the answer made an error.
	if w, err := s.WarningFor(ctx, a, orgID); err == nil {
		out.Warning = w
	}
	return out, nil
}

// WarningFor returns WarnVampire when staff are warned before spending
// time with the organisation (see Warning), else "".
func (s *Service) WarningFor(ctx context.Context, a *auth.Actor, orgID string) (string, error) {
	if s.Warning == nil {
		return "", nil
	}
	return s.Warning(ctx, a, orgID)
}

// DeleteActivity removes an activity of an organisation.
func (s *Service) DeleteActivity(ctx context.Context, a *auth.Actor, orgID, id string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.permitOrg(ctx, tx, a, orgID, EditActivities); err != nil {
			return err
		}
		before, err := getActivity(ctx, tx, orgID, id)
		if err != nil {
			return err
		}
		if err := deleteActivity(ctx, tx, before); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "delete", "activity", id, orgID, before, nil)
	})
}

// Plans returns an organisation's plans, latest period first, with their
// attainment.
func (s *Service) Plans(ctx context.Context, a *auth.Actor, orgID string) ([]*Plan, error) {
	if err := s.permitOrg(ctx, s.DB, a, orgID, ReadPlans); err != nil {
		return nil, err
	}
	plans, err := listPlans(ctx, s.DB, orgID)
	if err != nil {
		return nil, err
	}
	if err := s.fromDeals(ctx, plans...); err != nil {
		return nil, err
	}
	return plans, nil
}

// fromDeals fills in each plan's figures from deals and its attainment.
func (s *Service) fromDeals(ctx context.Context, plans ...*Plan) error {
	if s.DealFigures == nil {
		return nil
	}
	for _, p := range plans {
		f, err := s.DealFigures(ctx, p.OrgID, p.From, p.To, p.Currency)
		if err != nil {
			return err
		}
		p.FromDeals = f
		p.Attain()
	}
	return nil
}

// PlanInput is what a plan is saved from: the period names it; revenue is
// in minor units of the currency (cents for EUR). The actual revenue and
// deals are those outside pakt: deals registered in pakt count by
// themselves.
type PlanInput struct {
	Period               string `json:"period" doc:"2027, 2027-H1, 2027-Q3 or 2027-05"`
	Currency             string `json:"currency,omitempty" doc:"ISO 4217, default EUR"`
	TargetRevenueMinor   int64  `json:"target_revenue_minor"`
	TargetDeals          int64  `json:"target_deals"`
	TargetCertifications int64  `json:"target_certifications"`
	ActualRevenueMinor   int64  `json:"actual_revenue_minor" doc:"further revenue outside pakt; deals registered in pakt count by themselves"`
	ActualDeals          int64  `json:"actual_deals" doc:"further deals won outside pakt; deals registered in pakt count by themselves"`
	ActualCertifications int64  `json:"actual_certifications"`
}

// maxAmount bounds amounts and counts far below the int64 limit.
const maxAmount = 1_000_000_000_000_000

// SavePlan creates the plan of the input's period or replaces its targets
// and actuals; the plan returned counts its deals from pakt as well.
func (s *Service) SavePlan(ctx context.Context, a *auth.Actor, orgID string, in PlanInput) (*Plan, error) {
	var out *Plan
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.permitOrg(ctx, tx, a, orgID, EditPlans); err != nil {
			return err
		}
		var v apperr.Validation
		period := strings.TrimSpace(in.Period)
		from, to, ok := PeriodRange(period)
		if period == "" {
			v.Add("period", "validation.required")
		} else if !ok {
			v.Add("period", "steering.validation.period")
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
		}{{"target_revenue_minor", in.TargetRevenueMinor}, {"target_deals", in.TargetDeals}, {"target_certifications", in.TargetCertifications},
			{"actual_revenue_minor", in.ActualRevenueMinor}, {"actual_deals", in.ActualDeals}, {"actual_certifications", in.ActualCertifications}} {
			if f.n < 0 || f.n > maxAmount {
				v.Add(f.name, "steering.validation.amount")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		now := s.now()
		before, err := getPlan(ctx, tx, orgID, period)
		if err != nil && apperr.CodeOf(err) != apperr.NotFound {
			return err
		}
		p := &Plan{ID: db.NewID(), OrgID: orgID, Period: period, From: from, To: to}
		if before != nil {
			cp := *before
			p = &cp
		}
		p.Currency = cur
		p.TargetRevenueMinor, p.TargetDeals, p.TargetCertifications = in.TargetRevenueMinor, in.TargetDeals, in.TargetCertifications
		p.ActualRevenueMinor, p.ActualDeals, p.ActualCertifications = in.ActualRevenueMinor, in.ActualDeals, in.ActualCertifications
		p.UpdatedBy, p.UpdatedAt = a.Name, now
		p.Attain()
		action := "update"
		if before == nil {
			action = "create"
			err = insertPlan(ctx, tx, p)
		} else {
			err = updatePlan(ctx, tx, p)
		}
		if err != nil {
			return err
		}
		out = p
		var b any
		if before != nil {
			b = before
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "plan", p.ID, orgID, b, p)
	})
	if err != nil {
		return nil, err
	}
	if err := s.fromDeals(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// Cadences returns the cadences per quadrant and tier (staff).
func (s *Service) Cadences(ctx context.Context, a *auth.Actor) ([]Cadence, error) {
	if err := Permit(a, "", ReadCadences); err != nil {
		return nil, err
	}
	return listCadences(ctx, s.DB)
}

// CadenceValues returns the values each scope has a cadence for.
func (s *Service) CadenceValues() map[string][]string {
	return map[string][]string{ScopeQuadrant: s.Quadrants, ScopeTier: partner.Tiers}
}

// SetCadences replaces every cadence with list (admins); a cadence of zero
// days is none and is dropped.
func (s *Service) SetCadences(ctx context.Context, a *auth.Actor, list []Cadence) ([]Cadence, error) {
	if err := Permit(a, "", EditCadences); err != nil {
		return nil, err
	}
	var v apperr.Validation
	keep := []Cadence{}
	seen := map[string]bool{}
	for _, c := range list {
		field := c.Scope + "." + c.Value
		switch {
		case !slices.Contains(s.CadenceValues()[c.Scope], c.Value):
			v.Add(field, "validation.choice")
		case seen[field]:
			v.Add(field, "steering.validation.duplicate")
		case c.Days < 0 || c.Days > MaxCadenceDays:
			v.Add(field, "validation.range", 0, MaxCadenceDays)
		default:
			// Zero days is kept as "none": a programme that switched
			// every cadence off does not get the defaults back at the
			// next start.
			keep = append(keep, c)
		}
		seen[field] = true
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := listCadences(ctx, tx)
		if err != nil {
			return err
		}
		if err := replaceCadences(ctx, tx, keep); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), a.Who(), "update", "cadences", "cadences", "", before, keep)
	})
	if err != nil {
		return nil, err
	}
	return listCadences(ctx, s.DB)
}

// lastContacts returns a copy of the cached list of last contacts,
// reloading it after a change.
func (s *Service) lastContacts(ctx context.Context) ([]Contact, error) {
	list, err := s.contacts.Get(ctx, s.DB, func(ctx context.Context) ([]Contact, error) {
		return contacts(ctx, s.DB)
	}, db.Organisations, db.Activities)
	return slices.Clone(list), err
}

// OverdueList returns the partners whose personal contact is overdue today,
// most overdue first (staff). With mine, only the partners the actor
// manages.
func (s *Service) OverdueList(ctx context.Context, a *auth.Actor, mine bool) ([]Overdue, error) {
	if err := Permit(a, "", ReadOverdue); err != nil {
		return nil, err
	}
	cads, err := listCadences(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	list, err := s.lastContacts(ctx)
	if err != nil {
		return nil, err
	}
	quadrant := map[string]string{}
	if s.QuadrantOf != nil {
		if quadrant, err = s.QuadrantOf(ctx, a); err != nil {
			return nil, err
		}
	}
	st, err := partner.LoadSteering(ctx, s.DB, a)
	if err != nil {
		return nil, err
	}
	kept := list[:0]
	for _, c := range list {
		if (mine && c.ManagerID != a.UserID) || !st.Has(c.OrgID, c.ManagerID) {
			continue
		}
		c.Quadrant = quadrant[c.OrgID]
		kept = append(kept, c)
	}
	return OverdueList(kept, cads, s.now()), nil
}
