package portfolio

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/mail"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/db"
	"pakt/internal/partner"
)

// Question is a published criterion as the public self-assessment asks it.
type Question struct {
	CriterionID string   `json:"criterion_id"`
	Question    string   `json:"question"`
	Topic       string   `json:"topic"`
	Answers     []string `json:"answers"`
}

// Questions returns the default profile's questions in lang.
func (s *Service) Questions(ctx context.Context, lang string) ([]Question, error) {
	return s.ProfileQuestions(ctx, lang, "")
}

// ProfileQuestions returns the questions of the profile the public
// self-assessment offers under slug ("" the default) in lang: its
// published, active criteria that weigh in it. Anyone may read them; a
// profile not offered does not exist.
func (s *Service) ProfileQuestions(ctx context.Context, lang, slug string) ([]Question, error) {
	pf, err := offeredProfile(ctx, s.DB, slug)
	if err != nil {
		return nil, err
	}
	all, err := listCriteria(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	out := []Question{}
	for _, c := range all {
		if !asked(c, pf) {
			continue
		}
		q := Question{CriterionID: c.ID, Topic: c.Name(lang), Question: c.SelfQuestion(lang)}
		for level := 0; level <= MaxScore; level++ {
			q.Answers = append(q.Answers, c.Anchor(lang, level))
		}
		out = append(out, q)
	}
	return out, nil
}

// Band is a neutral word for how well something fits; it never names a
// quadrant.
type Band string

// The bands of a self-assessment.
const (
	BandLow  Band = "low"
	BandMid  Band = "mid"
	BandHigh Band = "high"
)

// answerBand places one answer (0–5).
func answerBand(score int) Band {
	switch {
	case score >= 4:
		return BandHigh
	case score >= 2:
		return BandMid
	}
	return BandLow
}

// asked reports whether the public self-assessment asks c in profile pf:
// published, active and of weight in it.
func asked(c *Criterion, pf *Profile) bool {
	return c.Active && c.Published && pf.Weight(c) > 0
}

// fitBand places the overall fit (tenths of a point) against the
// profile's thresholds in points: mid from their mean, high from 20 points
// above it (at most 100). With the default thresholds of 50, mid from 50,
// high from 70.
func fitBand(tenths, canThreshold, willThreshold int) Band {
	mid := (canThreshold + willThreshold + 1) / 2
	switch {
	case tenths >= min(mid+20, 100)*10:
		return BandHigh
	case tenths >= mid*10:
		return BandMid
	}
	return BandLow
}

// SelfAnswer is one answer of a self-assessment, with the topic as asked.
type SelfAnswer struct {
	CriterionID string `json:"criterion_id"`
	Topic       string `json:"topic"`
	Score       int    `json:"score"`
	Band        Band   `json:"band"`
}

// SelfResult is what a company learns from its self-assessment: its fit
// (0–1000 tenths, weighted like the assessment) and a neutral word per
// answer.
type SelfResult struct {
	FitTenths int          `json:"fit_tenths"`
	Band      Band         `json:"band"`
	Answers   []SelfAnswer `json:"answers"`
	// Contacted says the company left its details and will be contacted.
	Contacted bool `json:"contacted"`
}

// SelfContact are the details of a company that wants to be contacted.
type SelfContact struct {
	Company string `json:"company"`
	Name    string `json:"name"`
	Email   string `json:"email"`
	Phone   string `json:"phone,omitempty"`
	Country string `json:"country,omitempty"`
	Consent bool   `json:"consent"`
}

// SelfInput is a completed self-assessment: an answer (0–5) for every
// question, and contact details when the company wants to be contacted.
type SelfInput struct {
	// Profile is the slug of the profile answered; empty, the default.
	Profile string         `json:"profile,omitempty" doc:"the slug of the ideal-partner profile answered (default: the default profile); its weights and thresholds make the result"`
	Answers map[string]int `json:"answers"`
	Contact *SelfContact   `json:"contact,omitempty"`
	// Website stays empty: people do not see the field (the form hides
	// it), robots fill it in. A self-assessment with it gets a neutral
	// answer and nothing of it is kept.
	Website string `json:"website,omitempty"`
	// Repeat marks answers sent again with contact details after their
	// result was shown without them: the test was counted then, so it is
	// not counted again.
	Repeat bool `json:"repeat,omitempty" doc:"true when the answers of a result shown without contact details are sent again with them: the test is not counted twice"`
}

// selfLimit is how many self-assessments one address may send per hour.
const selfLimit = 10

// selfActor records the prospects the public page creates.
var selfActor = &auth.Actor{Name: "self-assessment", Role: auth.RoleAdmin, System: true}

// SelfAssess evaluates a public self-assessment from address addr. Without
// contact details only the day's count is stored; with them the company
// becomes a prospect with its answers and contact person, and onProspect
// (when set) puts it into the recruitment pipeline.
func (s *Service) SelfAssess(ctx context.Context, partners *partner.Service, lang, addr string, in SelfInput, onProspect func(ctx context.Context, orgID string) error) (*SelfResult, error) {
	now := s.now()
	if err := db.Allow(ctx, s.DB, "self-assessment:"+addr, selfLimit, time.Hour, now, "error.self_throttled"); err != nil {
		return nil, err
	}
	if in.Website != "" {
		return &SelfResult{Band: BandMid}, nil
	}
	pf, err := offeredProfile(ctx, s.DB, in.Profile)
	if err != nil {
		return nil, err
	}
	questions, err := listCriteria(ctx, s.DB)
	if err != nil {
		return nil, err
	}
	var v apperr.Validation
	res := &SelfResult{}
	var ratings []Rating
	isAsked := map[string]bool{}
	for _, c := range questions {
		if !asked(c, pf) {
			continue
		}
		isAsked[c.ID] = true
		score, answered := in.Answers[c.ID]
		if !answered {
			v.Add("answers."+c.ID, "validation.required")
			continue
		}
		if score < 0 || score > MaxScore {
			v.Add("answers."+c.ID, "validation.range", 0, MaxScore)
			continue
		}
		res.Answers = append(res.Answers, SelfAnswer{CriterionID: c.ID, Topic: c.Name(lang), Score: score, Band: answerBand(score)})
		sc := score
		ratings = append(ratings, Rating{Axis: "fit", Weight: pf.Weight(c), Score: &sc})
	}
	for id := range in.Answers {
		if !isAsked[id] {
			v.Add("answers."+id, "validation.unknown_criterion")
		}
	}
	if len(isAsked) == 0 {
		return nil, apperr.ErrNotFound
	}
	var contact partner.Contact
	var org partner.Input
	if c := in.Contact; c != nil {
		company, name, email, phone := c.Company, c.Name, c.Email, c.Phone
		v.Text(&company, apperr.Name, "contact.company", 200, true)
		v.Text(&name, apperr.Name, "contact.name", 200, true)
		if v.Clean(&email, apperr.Line, "contact.email") {
			email = strings.ToLower(email)
			if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
				v.Add("contact.email", "validation.email")
			}
		}
		v.Text(&phone, apperr.Line, "contact.phone", 50, false)
		country := strings.ToUpper(strings.TrimSpace(c.Country))
		if country != "" && !partner.ValidCountry(country) {
			v.Add("contact.country", "validation.country")
		}
		if !c.Consent {
			v.Add("contact.consent", "validation.consent")
		}
		contact = partner.Contact{Name: name, Email: email, Phone: phone, Position: ""}
		kind, status := partner.KindProspect, "prospect"
		org = partner.Input{Kind: &kind, Status: &status, LegalName: &company, Country: &country}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	res.FitTenths, _ = AxisScore(ratings, "fit")
	res.Band = fitBand(res.FitTenths, pf.CanThreshold, pf.WillThreshold)
	orgID := ""
	if in.Contact != nil {
		ids, err := partners.CreateAll(ctx, selfActor, []partner.Draft{{Input: org, Contacts: []partner.Contact{contact}}}, nil)
		var be *apperr.BatchError
		if errors.As(err, &be) {
			return nil, be.Items[0].Err
		}
		if err != nil {
			return nil, err
		}
		orgID = ids[0]
		res.Contacted = true
	}
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		completed, contacted := 1, 0
		if orgID != "" {
			contacted = 1
			if in.Repeat {
				completed = 0
			}
			answers, err := json.Marshal(res.Answers)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO self_assessments (id, org_id, profile_id, lang, fit_tenths, answers, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
				db.NewID(), orgID, pf.ID, lang, res.FitTenths, string(answers), now); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO self_assessment_counts (day, completed, contacted) VALUES ($1, $2, $3)
			ON CONFLICT (day) DO UPDATE SET completed = self_assessment_counts.completed + $2, contacted = self_assessment_counts.contacted + $3`,
			day(now), completed, contacted)
		return err
	})
	if err != nil {
		return nil, err
	}
	if orgID != "" && onProspect != nil {
		if err := onProspect(ctx, orgID); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// SelfAssessment is a stored self-assessment of a company that left its
// contact details.
type SelfAssessment struct {
	ID        string       `json:"id"`
	OrgID     string       `json:"org_id"`
	ProfileID string       `json:"profile_id" doc:"the id of the ideal-partner profile answered"`
	Lang      string       `json:"lang"`
	FitTenths int          `json:"fit_tenths"`
	Answers   []SelfAnswer `json:"answers"`
	CreatedAt time.Time    `json:"created_at"`
}

// SelfAssessments returns an organisation's self-assessments, newest
// first; staff only.
func (s *Service) SelfAssessments(ctx context.Context, a *auth.Actor, orgID string) ([]SelfAssessment, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	rows, err := s.DB.QueryContext(ctx, `SELECT id, org_id, profile_id, lang, fit_tenths, answers, created_at FROM self_assessments WHERE org_id = $1 ORDER BY created_at DESC, id DESC`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []SelfAssessment{}
	for rows.Next() {
		var sa SelfAssessment
		var answers string
		if err := rows.Scan(&sa.ID, &sa.OrgID, &sa.ProfileID, &sa.Lang, &sa.FitTenths, &answers, &sa.CreatedAt); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(answers), &sa.Answers); err != nil {
			return nil, err
		}
		sa.CreatedAt = sa.CreatedAt.UTC()
		out = append(out, sa)
	}
	return out, rows.Err()
}

// SelfCounts are how many self-assessments were completed, and how many of
// them left contact details, in a period.
type SelfCounts struct {
	Since     time.Time `json:"since"`
	Completed int       `json:"completed"`
	Contacted int       `json:"contacted"`
}

// SelfAssessmentCounts returns the counts since a day; staff only.
func (s *Service) SelfAssessmentCounts(ctx context.Context, a *auth.Actor, since time.Time) (*SelfCounts, error) {
	if err := staffOnly(a); err != nil {
		return nil, err
	}
	c := &SelfCounts{Since: day(since)}
	err := s.DB.QueryRowContext(ctx, `SELECT COALESCE(sum(completed), 0), COALESCE(sum(contacted), 0) FROM self_assessment_counts WHERE day >= $1`, c.Since).
		Scan(&c.Completed, &c.Contacted)
	return c, err
}
