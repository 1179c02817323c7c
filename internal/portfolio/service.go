package portfolio

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/audit"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/notify"
	"pakt/internal/partner"
)

// Score is one criterion's rating in an assessment, with the criterion's
// name and weight as they were when the assessment was made.
type Score struct {
	CriterionID string `json:"criterion_id"`
	Axis        string `json:"axis" enum:"axis"`
	NameDE      string `json:"name_de"`
	NameEN      string `json:"name_en"`
	Weight      int    `json:"weight"`
	Position    int    `json:"position"`
	Score       *int   `json:"score"`
	Note        string `json:"note"`
}

// Name returns the criterion's name in lang, as it was.
func (s Score) Name(lang string) string {
	if lang == "de" {
		return s.NameDE
	}
	return s.NameEN
}

// Assessment is one assessment of an organisation. Scores are in tenths of
// a point (0–1000); the thresholds are the ones in force when it was made.
type Assessment struct {
	ID    string `json:"id"`
	OrgID string `json:"org_id"`
	// ProfileID is the ideal-partner profile whose weights and thresholds
	// the assessment was made with.
	ProfileID     string    `json:"profile_id"`
	AssessorID    string    `json:"assessor_id"`
	AssessorName  string    `json:"assessor"`
	AssessedOn    time.Time `json:"assessed_on"`
	CanTenths     int       `json:"can_tenths"`
	WillTenths    int       `json:"will_tenths"`
	CanThreshold  int       `json:"can_threshold"`
	WillThreshold int       `json:"will_threshold"`
	Quadrant      Quadrant  `json:"quadrant" enum:"quadrant"`
	Note          string    `json:"note"`
	CreatedAt     time.Time `json:"created_at"`
	Scores        []Score   `json:"scores,omitempty"`
	// Alert is set in the answer to a new assessment only: what it tells
	// about the one before (AlertOf).
	Alert string `json:"alert,omitempty" enum:"assessment_alert" doc:"in the answer to a new assessment only: hero_dropped (a hero's CAN or WILL fell) or shadow_rising (a shadow's CAN rose); the partner's manager is told"`
}

// Service implements criteria, thresholds, assessments and the portfolio.
// Every operation is for programme staff only; everyone else is told that
// nothing exists.
type Service struct {
	DB  *db.DB
	Now func() time.Time
	// Notify tells a partner's manager of an assessment's alert; nil
	// tells no one.
	Notify *notify.Service

	// current holds, per profile, today's points of every organisation
	// assessed in it, in name order; any change to an organisation or a
	// new assessment (in any profile) moves a counter and so reloads it.
	mu      sync.Mutex
	current map[string]*db.Cached[[]Point]
}

// NewService returns the portfolio service.
func NewService(d *db.DB, now func() time.Time) *Service { return &Service{DB: d, Now: now} }

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// staffOnly hides the portfolio from everyone but programme staff.
func staffOnly(a *auth.Actor) error {
	if !a.IsStaff() {
		return apperr.ErrNotFound
	}
	return nil
}

// EnsureDefaults gives a new installation its default criteria and
// thresholds; it does nothing once the settings exist.
func (s *Service) EnsureDefaults(ctx context.Context) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM portfolio_settings`).Scan(&n); err != nil || n > 0 {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO portfolio_settings (id, can_threshold, will_threshold, updated_at) VALUES (1, $1, $2, $3)`,
			DefaultThreshold, DefaultThreshold, now); err != nil {
			return err
		}
		for i, d := range defaultCriteria {
			c := &Criterion{ID: db.NewID(), Slug: d.slug, Axis: d.axis, NameDE: d.nameDE, NameEN: d.nameEN, DescriptionDE: d.descDE, DescriptionEN: d.descEN,
				AnchorsDE: d.anchorsDE[:], AnchorsEN: d.anchorsEN[:], Weight: d.weight, Position: i + 1, Active: true,
				Published: publicByDefault[d.slug], SelfQuestionDE: d.selfQuestionDE, SelfQuestionEN: d.selfQuestionEN, CreatedAt: now, UpdatedAt: now}
			c.deriveAnchors()
			if err := insertCriterion(ctx, tx, c); err != nil {
				return err
			}
		}
		return nil
	})
}

// Criteria returns every criterion, retired ones included, by axis and
// position.
func (s *Service) Criteria(ctx context.Context, a *auth.Actor) ([]*Criterion, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	return listCriteria(ctx, s.DB)
}

// CriterionInput is what a criterion is created or changed from.
type CriterionInput struct {
	Slug          *string   `json:"slug,omitempty"`
	Axis          *string   `json:"axis,omitempty" enum:"axis"`
	NameDE        *string   `json:"name_de,omitempty"`
	NameEN        *string   `json:"name_en,omitempty"`
	DescriptionDE *string   `json:"description_de,omitempty"`
	DescriptionEN *string   `json:"description_en,omitempty"`
	AnchorsDE     *[]string `json:"anchors_de,omitempty"`
	AnchorsEN     *[]string `json:"anchors_en,omitempty"`
	Weight        *int      `json:"weight,omitempty"`
	Position      *int      `json:"position,omitempty"`
	Active        *bool     `json:"active,omitempty"`
	Published     *bool     `json:"published,omitempty"`
	// SelfQuestionDE and SelfQuestionEN ask the criterion in the public
	// self-assessment, in the second person ("Do you …?"); empty, a
	// question naming the criterion is asked.
	SelfQuestionDE *string `json:"self_question_de,omitempty" doc:"the question of the public self-assessment in German, in the second person; empty: a question naming the criterion is asked"`
	SelfQuestionEN *string `json:"self_question_en,omitempty" doc:"the question of the public self-assessment in English, in the second person; empty: a question naming the criterion is asked"`
}

// MaxSelfQuestion is the longest question of a criterion in the public
// self-assessment, in characters.
const MaxSelfQuestion = 300

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func (in CriterionInput) apply(c *Criterion, creating bool) error {
	var v apperr.Validation
	text := func(dst, src *string, kind apperr.TextKind, field string, max int, required bool) {
		v.TextInput(dst, src, kind, field, max, required, creating)
	}
	text(&c.Axis, in.Axis, apperr.Line, "axis", 10, true)
	if c.Axis != "" && c.Axis != AxisCan && c.Axis != AxisWill {
		v.Add("axis", "validation.choice")
	}
	text(&c.NameDE, in.NameDE, apperr.Name, "name_de", 100, true)
	text(&c.NameEN, in.NameEN, apperr.Name, "name_en", 100, true)
	text(&c.DescriptionDE, in.DescriptionDE, apperr.Paragraphs, "description_de", 1000, false)
	text(&c.DescriptionEN, in.DescriptionEN, apperr.Paragraphs, "description_en", 1000, false)
	text(&c.SelfQuestionDE, in.SelfQuestionDE, apperr.Line, "self_question_de", MaxSelfQuestion, false)
	text(&c.SelfQuestionEN, in.SelfQuestionEN, apperr.Line, "self_question_en", MaxSelfQuestion, false)
	text(&c.Slug, in.Slug, apperr.Line, "slug", 60, false)
	if c.Slug == "" {
		c.Slug = partner.Slugify(c.NameEN)
	}
	if !slugRe.MatchString(c.Slug) {
		v.Add("slug", "validation.slug")
	}
	anchors := func(dst *[]string, src *[]string, field string) {
		if src == nil {
			if creating {
				*dst = make([]string, MaxScore+1)
			}
			return
		}
		out := make([]string, MaxScore+1)
		for i, s := range *src {
			if i > MaxScore {
				v.Add(field, "validation.anchors", MaxScore+1)
				break
			}
			if v.Clean(&s, apperr.Line, field) && len([]rune(s)) > 200 {
				v.Add(field, "validation.too_long", 200)
			}
			out[i] = s
		}
		*dst = out
	}
	anchors(&c.AnchorsDE, in.AnchorsDE, "anchors_de")
	anchors(&c.AnchorsEN, in.AnchorsEN, "anchors_en")
	if c.AnchorsDerived() {
		// The levels of the business case follow its break-even rule: the
		// texts it shows may be sent back, other texts are refused.
		de, en := c.AnchorsDE, c.AnchorsEN
		c.deriveAnchors()
		if in.AnchorsDE != nil && !v.Has("anchors_de") && !slices.Equal(de, c.AnchorsDE) {
			v.Add("anchors_de", "criteria.anchors_fixed")
		}
		if in.AnchorsEN != nil && !v.Has("anchors_en") && !slices.Equal(en, c.AnchorsEN) {
			v.Add("anchors_en", "criteria.anchors_fixed")
		}
	}
	if in.Weight != nil {
		c.Weight = *in.Weight
	}
	if c.Weight < 0 || c.Weight > 100 {
		v.Add("weight", "validation.range", 0, 100)
	}
	if in.Position != nil {
		c.Position = *in.Position
	}
	if in.Active != nil {
		c.Active = *in.Active
	}
	if in.Published != nil {
		c.Published = *in.Published
	}
	return v.Err()
}

// SaveCriterion creates (id "") or changes a criterion; admins only. Old
// assessments keep the names and weights they were made with.
func (s *Service) SaveCriterion(ctx context.Context, a *auth.Actor, id string, in CriterionInput) (*Criterion, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var out *Criterion
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		c := &Criterion{ID: db.NewID(), Active: true, Weight: 10, CreatedAt: now}
		var before *Criterion
		if id != "" {
			var err error
			if before, err = getCriterion(ctx, tx, id); err != nil {
				return err
			}
			cp := *before
			c = &cp
		} else if err := tx.QueryRowContext(ctx, `SELECT COALESCE(max(position), 0) + 1 FROM criteria`).Scan(&c.Position); err != nil {
			return err
		}
		if err := in.apply(c, id == ""); err != nil {
			return err
		}
		c.UpdatedAt = now
		var err error
		if id == "" {
			err = insertCriterion(ctx, tx, c)
		} else {
			err = updateCriterion(ctx, tx, c)
		}
		if db.IsUniqueViolation(err) {
			var v apperr.Validation
			v.Add("slug", "validation.slug_taken")
			return v.Err()
		} else if err != nil {
			return err
		}
		out = c
		action, b := "create", any(nil)
		if before != nil {
			action, b = "update", before
		}
		return audit.Record(ctx, tx, now, a.Who(), action, "criterion", c.ID, "", b, c)
	})
	return out, err
}

// Thresholds returns the thresholds in force: the default profile's.
func (s *Service) Thresholds(ctx context.Context, a *auth.Actor) (*Thresholds, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	return getThresholds(ctx, s.DB)
}

// SetThresholds changes the default profile's thresholds (0–100 each);
// admins only. Old
// assessments keep their quadrant; the portfolio places them anew.
func (s *Service) SetThresholds(ctx context.Context, a *auth.Actor, can, will int) (*Thresholds, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	if !a.IsAdmin() {
		return nil, apperr.New(apperr.Forbidden, "error.forbidden")
	}
	var v apperr.Validation
	if can < 0 || can > 100 {
		v.Add("can", "validation.range", 0, 100)
	}
	if will < 0 || will > 100 {
		v.Add("will", "validation.range", 0, 100)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	t := &Thresholds{Can: can, Will: will, UpdatedAt: s.now()}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getThresholds(ctx, tx)
		if err != nil {
			return err
		}
		// The programme's thresholds are the default profile's.
		if _, err := tx.ExecContext(ctx, `UPDATE ideal_profiles SET can_threshold = $1, will_threshold = $2, updated_at = $3 WHERE id = $4`,
			can, will, t.UpdatedAt, DefaultProfile); err != nil {
			return err
		}
		return audit.Record(ctx, tx, t.UpdatedAt, a.Who(), "update", "thresholds", "portfolio", "", before, t)
	})
	return t, err
}

// RatingInput is the rating of one criterion in a new assessment.
type RatingInput struct {
	Score *int   `json:"score"`
	Note  string `json:"note,omitempty"`
}

// AssessmentInput is what an assessment is made from: ratings by criterion
// id; a criterion left out is not rated.
type AssessmentInput struct {
	// ProfileID names the ideal-partner profile; empty, the default.
	ProfileID  string                 `json:"profile_id,omitempty" doc:"the ideal-partner profile whose weights and thresholds apply (default: the default profile); an archived profile is refused"`
	AssessedOn string                 `json:"assessed_on,omitempty"`
	Note       string                 `json:"note,omitempty"`
	Ratings    map[string]RatingInput `json:"ratings"`
}

// Assess records an assessment of an organisation in a profile with the
// active criteria, the profile's weights and its thresholds in force, and
// returns it with its quadrant.
func (s *Service) Assess(ctx context.Context, a *auth.Actor, orgID string, in AssessmentInput) (*Assessment, error) {
	out, err := s.AssessAll(ctx, a, []OrgAssessment{{OrgID: orgID, Input: in}})
	var be *apperr.BatchError
	if errors.As(err, &be) {
		return nil, be.Items[0].Err
	}
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// OrgAssessment is one assessment of a batch.
type OrgAssessment struct {
	OrgID string
	Input AssessmentInput
}

// AssessAll records many assessments in one transaction, or none when any
// is refused (an *apperr.BatchError lists them all).
func (s *Service) AssessAll(ctx context.Context, a *auth.Actor, batch []OrgAssessment) ([]*Assessment, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	out := make([]*Assessment, len(batch))
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		criteria, err := listCriteria(ctx, tx)
		if err != nil {
			return err
		}
		_, actions, err := getSettings(ctx, tx)
		if err != nil {
			return err
		}
		// The profiles the batch names, each read once.
		type named struct {
			p   *Profile
			err error
		}
		profiles := map[string]named{}
		now := s.now()
		var bad []apperr.ItemError
		for i, item := range batch {
			pf, ok := profiles[item.Input.ProfileID]
			if !ok {
				pf.p, pf.err = assessableProfile(ctx, tx, item.Input.ProfileID)
				profiles[item.Input.ProfileID] = pf
			}
			var as *Assessment
			err := pf.err
			if err == nil {
				as, err = s.assess(ctx, tx, a, item.OrgID, item.Input, criteria, pf.p, actions, now)
			}
			if err != nil {
				if e, ok := apperr.As(err); ok && (e.Code == apperr.Invalid || e.Code == apperr.NotFound) {
					bad = append(bad, apperr.ItemError{Index: i, Err: e})
					continue
				}
				return err
			}
			out[i] = as
		}
		if len(bad) > 0 {
			return &apperr.BatchError{Items: bad}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// assess validates, places and stores one assessment inside tx.
func (s *Service) assess(ctx context.Context, tx db.Querier, a *auth.Actor, orgID string, in AssessmentInput, criteria []*Criterion, pf *Profile, actions *Actions, now time.Time) (*Assessment, error) {
	t := pf.Thresholds()
	if err := partner.Steered(ctx, tx, a, orgID); err != nil {
		return nil, err
	}
	as := &Assessment{ID: db.NewID(), OrgID: orgID, ProfileID: pf.ID, AssessorID: a.UserID, AssessorName: a.Name, AssessedOn: day(now),
		CanThreshold: t.Can, WillThreshold: t.Will, Note: in.Note, CreatedAt: now}
	var v apperr.Validation
	v.Text(&as.Note, apperr.Paragraphs, "note", 5000, false)
	if in.AssessedOn != "" {
		d, err := time.Parse(time.DateOnly, in.AssessedOn)
		switch {
		case err != nil:
			v.Add("assessed_on", "validation.date")
		case d.After(now):
			v.Add("assessed_on", "validation.not_future")
		default:
			as.AssessedOn = d
		}
	}
	known := map[string]bool{}
	var ratings []Rating
	for _, c := range criteria {
		known[c.ID] = true
		r, rated := in.Ratings[c.ID]
		if !c.Active {
			if rated {
				v.Add("ratings."+c.ID, "validation.criterion_retired")
			}
			continue
		}
		sc := Score{CriterionID: c.ID, Axis: c.Axis, NameDE: c.NameDE, NameEN: c.NameEN, Weight: pf.Weight(c), Position: c.Position, Note: r.Note}
		v.Clean(&sc.Note, apperr.Line, "ratings."+c.ID+".note")
		if rated && r.Score != nil {
			if *r.Score < 0 || *r.Score > MaxScore {
				v.Add("ratings."+c.ID, "validation.range", 0, MaxScore)
			}
			n := *r.Score
			sc.Score = &n
		}
		as.Scores = append(as.Scores, sc)
		ratings = append(ratings, Rating{Axis: c.Axis, Weight: sc.Weight, Score: sc.Score})
	}
	for id := range in.Ratings {
		if !known[id] {
			v.Add("ratings."+id, "validation.unknown_criterion")
		}
	}
	var okCan, okWill bool
	as.CanTenths, okCan = AxisScore(ratings, AxisCan)
	as.WillTenths, okWill = AxisScore(ratings, AxisWill)
	if !okCan {
		v.Add("ratings", "validation.rate_can")
	}
	if !okWill {
		v.Add("ratings", "validation.rate_will")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	as.Quadrant = Place(as.CanTenths, as.WillTenths, t.Can, t.Will)
	prev, err := latestOf(ctx, tx, orgID, pf.ID)
	if err != nil {
		return nil, err
	}
	if err := insertAssessment(ctx, tx, as); err != nil {
		return nil, err
	}
	if err := audit.Record(ctx, tx, now, a.Who(), "create", "assessment", as.ID, orgID, nil, as); err != nil {
		return nil, err
	}
	// Only an assessment that becomes the latest compares with the one
	// before; one dated back changes nothing today.
	if prev != nil && !as.AssessedOn.Before(prev.AssessedOn) {
		if alert := AlertOf(prev.CanTenths, prev.WillTenths, as.CanTenths, as.WillTenths, t.Can, t.Will); actions.Wanted(alert) {
			as.Alert = alert
		}
	}
	if as.Alert != "" {
		return as, s.tellAlert(ctx, tx, a, as, prev)
	}
	return as, nil
}

// tellAlert tells the partner's manager (the programme's admins when it has
// none) of as's alert, unless the manager made the assessment.
func (s *Service) tellAlert(ctx context.Context, tx db.Querier, a *auth.Actor, as, prev *Assessment) error {
	if s.Notify == nil {
		return nil
	}
	var name, manager string
	if err := tx.QueryRowContext(ctx, `SELECT legal_name, COALESCE(manager_id, '') FROM organisations WHERE id = $1`, as.OrgID).Scan(&name, &manager); err != nil {
		return err
	}
	points := func(tenths int) string { return notify.Bilingual(Points("de", tenths), Points("en", tenths)) }
	n := notify.Notice{Kind: "portfolio.alert." + as.Alert, Link: "/assessments/" + as.ID, Except: a.UserID,
		Args: []string{name, points(prev.CanTenths), points(as.CanTenths), points(prev.WillTenths), points(as.WillTenths)}}
	if manager != "" {
		n.Users = []string{manager}
	} else {
		n.Admins = true
	}
	return s.Notify.Notify(ctx, tx, n)
}

// History returns an organisation's assessments, newest first, without
// their scores.
func (s *Service) History(ctx context.Context, a *auth.Actor, orgID string) ([]*Assessment, error) {
	if err := partner.Steered(ctx, s.DB, a, orgID); err != nil {
		return nil, err
	}
	return db.Query(ctx, s.DB, scanAssessment, `SELECT `+assessmentColumns+` FROM assessments a WHERE a.org_id = $1 ORDER BY a.assessed_on DESC, a.created_at DESC, a.id DESC`, orgID)
}

// Assessment returns one assessment with its scores.
func (s *Service) Assessment(ctx context.Context, a *auth.Actor, id string) (*Assessment, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	as, err := scanAssessment(s.DB.QueryRowContext(ctx, `SELECT `+assessmentColumns+` FROM assessments a WHERE a.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if err := partner.Steered(ctx, s.DB, a, as.OrgID); err != nil {
		return nil, err
	}
	return as, loadScores(ctx, s.DB, as)
}

// Filter narrows the portfolio; empty fields do not filter, but for the
// profile, whose empty value is the default profile.
type Filter struct {
	Profile   string
	Tier      string
	ManagerID string
	Region    string
	Status    string
}

// Point is an organisation on the portfolio matrix: its latest assessment,
// placed with the thresholds in force now.
type Point struct {
	OrgID        string    `json:"org_id"`
	LegalName    string    `json:"legal_name"`
	Tier         string    `json:"tier" enum:"tier"`
	ManagerID    string    `json:"manager_id"`
	Region       string    `json:"region"`
	Status       string    `json:"status" enum:"partner_status"`
	AssessmentID string    `json:"assessment_id"`
	AssessedOn   time.Time `json:"assessed_on"`
	CanTenths    int       `json:"can_tenths"`
	WillTenths   int       `json:"will_tenths"`
	Quadrant     Quadrant  `json:"quadrant" enum:"quadrant"`
}

// Portfolio is the matrix of every organisation assessed in a profile.
type Portfolio struct {
	AsOf time.Time `json:"as_of"`
	// Profile is the id of the ideal-partner profile shown.
	Profile    string           `json:"profile" doc:"the id of the ideal-partner profile whose assessments and thresholds are shown"`
	Thresholds Thresholds       `json:"thresholds" doc:"the profile's thresholds of today"`
	Counts     map[Quadrant]int `json:"counts"`
	Points     []Point          `json:"points"`
	// ReassessDue are the shadows due for a new assessment (ReassessDue);
	// on today's portfolio only, empty on an earlier day's.
	ReassessDue []Point `json:"reassess_due" doc:"the shadows whose latest assessment is reassess_months old or older, the longest waiting first; today's portfolio only"`
	// ReassessMonths is the programme's Actions.ReassessMonths (today's
	// portfolio only; 0 on an earlier day's or when switched off).
	ReassessMonths int `json:"reassess_months"`
}

// Portfolio places every organisation assessed in the filter's profile by
// its latest assessment in it on or before asOf (zero: today) with the
// profile's thresholds of today. An unknown profile is refused.
func (s *Service) Portfolio(ctx context.Context, a *auth.Actor, asOf time.Time, f Filter) (*Portfolio, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	_, actions, err := getSettings(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	f.Profile = cmp.Or(f.Profile, DefaultProfile)
	pf, err := findProfile(ctx, s.DB, f.Profile)
	if errors.Is(err, apperr.ErrNotFound) {
		var v apperr.Validation
		v.Add("profile", "validation.choice")
		return nil, v.Err()
	} else if err != nil {
		return nil, err
	}
	t := pf.Thresholds()
	today := day(s.now())
	if asOf.IsZero() {
		asOf = today
	}
	var pts []Point
	if day(asOf).Before(today) {
		pts, err = latestPoints(ctx, s.DB, day(asOf), false, f)
	} else {
		pts, err = s.currentPoints(ctx, today, f)
	}
	if err != nil {
		return nil, err
	}
	st, err := partner.LoadSteering(ctx, s.DB, a)
	if err != nil {
		return nil, err
	}
	pts = slices.DeleteFunc(pts, func(p Point) bool { return !st.Has(p.OrgID, p.ManagerID) })
	p := &Portfolio{AsOf: day(asOf), Profile: pf.ID, Thresholds: t, Counts: map[Quadrant]int{}, Points: pts}
	if p.Points == nil {
		p.Points = []Point{}
	}
	for _, q := range Quadrants {
		p.Counts[q] = 0
	}
	for i := range p.Points {
		pt := &p.Points[i]
		pt.Quadrant = Place(pt.CanTenths, pt.WillTenths, t.Can, t.Will)
		p.Counts[pt.Quadrant]++
	}
	p.ReassessDue, p.ReassessMonths = []Point{}, 0
	if !day(asOf).Before(today) {
		p.ReassessMonths = actions.ReassessMonths
		p.ReassessDue = ReassessDue(p.Points, today, actions.ReassessMonths)
	}
	return p, nil
}

// currentPoints returns today's points in f's profile (an existing one)
// that pass f, from the profile's cache when no organisation or
// assessment changed since it was filled.
func (s *Service) currentPoints(ctx context.Context, today time.Time, f Filter) ([]Point, error) {
	s.mu.Lock()
	if s.current == nil {
		s.current = map[string]*db.Cached[[]Point]{}
	}
	cache := s.current[f.Profile]
	if cache == nil {
		cache = &db.Cached[[]Point]{}
		s.current[f.Profile] = cache
	}
	s.mu.Unlock()
	points, err := cache.Get(ctx, s.DB, func(ctx context.Context) ([]Point, error) {
		return latestPoints(ctx, s.DB, today, true, Filter{Profile: f.Profile})
	}, db.Organisations, db.Assessments)
	if err != nil {
		return nil, err
	}
	out := make([]Point, 0, len(points))
	for _, p := range points {
		if (f.Tier == "" || p.Tier == f.Tier) && (f.ManagerID == "" || p.ManagerID == f.ManagerID) &&
			(f.Region == "" || p.Region == f.Region) && (f.Status == "" || p.Status == f.Status) {
			out = append(out, p)
		}
	}
	return out, nil
}

// Movement is an organisation whose quadrant differs between two days;
// From is "" when it was not assessed yet on the first.
type Movement struct {
	OrgID     string   `json:"org_id"`
	LegalName string   `json:"legal_name"`
	From      Quadrant `json:"from"`
	To        Quadrant `json:"to"`
}

// Migrations lists the organisations that moved between quadrants from one
// day to another, both placed with today's thresholds, by name.
func (s *Service) Migrations(ctx context.Context, a *auth.Actor, from, to time.Time, f Filter) ([]Movement, error) {
	if from.After(to) {
		var v apperr.Validation
		v.Add("to", "validation.to_before_from")
		return nil, v.Err()
	}
	before, err := s.Portfolio(ctx, a, from, f)
	if err != nil {
		return nil, err
	}
	after, err := s.Portfolio(ctx, a, to, f)
	if err != nil {
		return nil, err
	}
	was := map[string]Quadrant{}
	for _, p := range before.Points {
		was[p.OrgID] = p.Quadrant
	}
	out := []Movement{}
	for _, p := range after.Points {
		if q := was[p.OrgID]; q != p.Quadrant {
			out = append(out, Movement{OrgID: p.OrgID, LegalName: p.LegalName, From: q, To: p.Quadrant})
		}
	}
	slices.SortStableFunc(out, func(x, y Movement) int { return strings.Compare(x.LegalName, y.LegalName) })
	return out, nil
}

// CurrentQuadrants returns the current quadrant of every organisation
// assessed in the default profile, for features that steer by it
// (steering's overdue list, funds, leads); staff only, as the portfolio.
func (s *Service) CurrentQuadrants(ctx context.Context, a *auth.Actor) (map[string]string, error) {
	pf, err := s.Portfolio(ctx, a, time.Time{}, Filter{})
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(pf.Points))
	for _, p := range pf.Points {
		out[p.OrgID] = string(p.Quadrant)
	}
	return out, nil
}
