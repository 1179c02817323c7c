// Package survey asks the partners how satisfied they are: a short survey
// round sent to the partner admins of every active partner by inbox and
// e-mail, with a recommendation question (0 to 10, as the Net Promoter
// Score asks it) and three questions the admin sets (a scale of 1 to 5 or
// a free text, in German and English). An admin starts a round, or pakt
// starts one every so many months (Tick, the interval in the settings).
// Each partner organisation answers a round once: any of its admins, and a
// later answer replaces the earlier one until the round closes. The answer
// says whether the partner agrees that its manager sees its answers with
// its name.
//
// The results are for staff only: the Net Promoter Score and the averages
// per manager (organisations.manager_id), per tier, per CAN × WILL
// quadrant (the QuadrantOf hook) and per round, and the answers with their
// free texts. Who sees what (rules.go): admins see every answer with the
// partner's name; managers see a partner's name only when it agreed and
// they steer the partner (the ownership rule, partner.Steers), and no
// figures of a group of fewer than MinGroup answers, which could tell who
// answered what. Partners never see another partner's answer nor any
// result; partner members take no part (only admins act for a partner).
package survey

import (
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("survey_round", "create", "close")
	_ = audit.Kind("survey_answer", "answer")
	_ = audit.Kind("survey_settings", "update")
)

// The kinds of the questions the admin sets.
const (
	KindScale = "scale" // 1 to 5
	KindText  = "text"
)

// Kinds lists the question kinds.
var Kinds = []string{KindScale, KindText}

// Questions is how many questions the admin sets besides the
// recommendation.
const Questions = 3

// Limits of the settings.
const (
	MaxIntervalMonths = 24
	MinOpenDays       = 1
	MaxOpenDays       = 90
	MaxQuestion       = 300
	MaxText           = 2000
)

// Question is one of the questions the admin sets.
type Question struct {
	Position int    `json:"position" doc:"1 to 3"`
	TextDE   string `json:"text_de"`
	TextEN   string `json:"text_en"`
	Kind     string `json:"kind" enum:"survey_question_kind"`
}

// Text is the question in lang.
func (q Question) Text(lang string) string {
	if lang == "de" {
		return q.TextDE
	}
	return q.TextEN
}

// Scale reports whether the question is answered on the scale of 1 to 5.
func (q Question) Scale() bool { return q.Kind == KindScale }

// Settings are the programme's survey settings.
type Settings struct {
	IntervalMonths int        `json:"interval_months" doc:"months between the rounds pakt starts itself, 0 to 24; 0: only rounds an admin starts"`
	OpenDays       int        `json:"open_days" doc:"days a round stays open for answers, 1 to 90"`
	Questions      []Question `json:"questions" doc:"the three questions the next round asks besides the recommendation"`
}

// SettingsInput changes the settings; nil fields stay.
type SettingsInput struct {
	IntervalMonths *int        `json:"interval_months,omitempty" doc:"0 to 24; 0: only rounds an admin starts"`
	OpenDays       *int        `json:"open_days,omitempty" doc:"1 to 90"`
	Questions      *[]Question `json:"questions,omitempty" doc:"exactly three, positions 1 to 3, both texts and a kind each"`
}

// Round is one survey round.
type Round struct {
	ID       string     `json:"id"`
	OpenedAt time.Time  `json:"opened_at"`
	ClosesAt time.Time  `json:"closes_at" doc:"when the round closes by itself"`
	ClosedAt *time.Time `json:"closed_at,omitempty" doc:"when an admin closed it early"`
	Open     bool       `json:"open"`
	Invited  int        `json:"invited" doc:"partners the round was sent to"`
	Answered int        `json:"answered" doc:"partners that answered"`
	// Summary is the round's Net Promoter Score and averages.
	Summary   *Group     `json:"summary"`
	Questions []Question `json:"questions"`
}

// Value is the answer to one of the round's questions.
type Value struct {
	Position int    `json:"position"`
	Scale    *int   `json:"scale,omitempty" doc:"1 to 5, for a scale question"`
	Text     string `json:"text,omitempty" doc:"for a text question"`
}

// Answer is a partner's answer to a round as the reader may see it.
type Answer struct {
	// OrgID and OrgName are empty when the reader may not see who
	// answered (NameShown, and for managers the ownership rule).
	OrgID   string  `json:"org_id,omitempty"`
	OrgName string  `json:"org_name,omitempty"`
	Score   int     `json:"score" doc:"0 to 10: how likely the partner recommends the programme"`
	Values  []Value `json:"values"`
	Named   bool    `json:"named" doc:"the partner agreed that its manager sees its answers with its name"`
	// AnsweredAt is set only with the partner's name: when an anonymous
	// partner answered could tell who it is.
	AnsweredAt *time.Time `json:"answered_at,omitempty" doc:"when the partner answered; only with its name"`

	org, orgName, manager, managerName, tier string
}

// Scale returns the scale answer to the question at position, or 0.
func (a *Answer) Scale(position int) int {
	for _, v := range a.Values {
		if v.Position == position && v.Scale != nil {
			return *v.Scale
		}
	}
	return 0
}

// Text returns the text answer to the question at position.
func (a *Answer) Text(position int) string {
	for _, v := range a.Values {
		if v.Position == position {
			return v.Text
		}
	}
	return ""
}

// AnswerInput is a partner's answer.
type AnswerInput struct {
	Score  *int    `json:"score" doc:"0 to 10: how likely the partner recommends the programme"`
	Values []Value `json:"values" doc:"the answers to the round's questions by position; a scale question takes 1 to 5, a text question a text; each may be left out; an error names the field answer_<position>"`
	Named  bool    `json:"named" doc:"the partner agrees that its manager sees its answers with its name"`
}

// Form is a round as the partner answering it sees it: the questions and
// its organisation's answer so far.
type Form struct {
	Round  *Round  `json:"round"`
	Answer *Answer `json:"answer,omitempty" doc:"the organisation's answer so far"`
}

// Invitation is an open round a partner's admins may answer.
type Invitation struct {
	RoundID    string     `json:"round_id"`
	OpenedAt   time.Time  `json:"opened_at"`
	ClosesAt   time.Time  `json:"closes_at"`
	AnsweredAt *time.Time `json:"answered_at,omitempty" doc:"when the organisation answered, if it did"`
}

// Group is the Net Promoter Score and the averages of a group of answers:
// a round, a manager's partners, a tier, a quadrant.
type Group struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Answers counts the group's answers.
	Answers int `json:"answers"`
	// Suppressed: the group has fewer than MinGroup answers and the reader
	// is a manager; nothing else is shown.
	Suppressed bool `json:"suppressed" doc:"fewer than 3 answers: the figures are hidden from managers"`
	NPS        *int `json:"nps,omitempty" doc:"Net Promoter Score, -100 to 100"`
	Promoters  int  `json:"promoters" doc:"answers of 9 or 10"`
	Passives   int  `json:"passives" doc:"answers of 7 or 8"`
	Detractors int  `json:"detractors" doc:"answers of 0 to 6"`
	// Averages are the averages of the scale questions in tenths (0: no
	// answer or a text question), by position 1 to 3.
	Averages []int `json:"averages" doc:"tenths, by question; 0 for a text question or without answers"`
	// Score is the average recommendation in tenths.
	Score int `json:"score" doc:"average recommendation, in tenths"`
}

// TextAnswer is a free-text answer as the reader may see it.
type TextAnswer struct {
	Position int    `json:"position"`
	Text     string `json:"text"`
	OrgName  string `json:"org_name,omitempty" doc:"empty when the reader may not see who answered"`
}

// Results are a round's results for staff.
type Results struct {
	Round     *Round       `json:"round"`
	Managers  []*Group     `json:"managers"`
	Tiers     []*Group     `json:"tiers"`
	Quadrants []*Group     `json:"quadrants"`
	Answers   []*Answer    `json:"answers" doc:"each answer; the partner's name only where the reader may see it"`
	Texts     []TextAnswer `json:"texts"`
	// Withheld counts the anonymous answers a manager does not see, as
	// the round has fewer than MinGroup answers.
	Withheld int `json:"withheld" doc:"anonymous answers hidden from managers, as the round has fewer than 3 answers"`
	// Anonymised tells a manager that names are hidden unless agreed
	// and steered.
	Anonymised bool `json:"anonymised" doc:"the reader sees names only of partners that agreed and whose internal data it may see"`
}
