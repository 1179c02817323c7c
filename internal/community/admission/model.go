// Package admission is the association's admission of members: an
// organisation applies (a partner admin of an organisation that is not a
// member, or anyone through the public form, which creates the
// organisation as an applicant), pakt checks the application against the
// admission criteria the admins configure (the seed statutes' by
// default), the board votes, and the quorum and majority decide. An
// admitted organisation's membership starts in the transaction that
// records the decision (community.StartMembership); the applicant is told
// the decision with its reasons.
//
// Who sees what: those who run the association (admins, the board) see
// every application with its votes; an applicant's own users see their
// organisation's applications with the criteria, the decision and its
// reasons, never the individual votes; a public applicant, who has no
// login until it is admitted, sees its own application alike through the
// private link mailed to it when it applied; everyone else gets 404.
package admission

import (
	"time"

	"pakt/internal/audit"
	"pakt/internal/partner"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("admission_settings", "update")
	_ = audit.Kind("application", "create", "ballot", "decide", "withdraw")
)

// The states of an application: submitted (no vote yet), voting (the
// board has begun to vote), then admitted or rejected, or withdrawn by
// the applicant while it was open. Decided and withdrawn applications
// keep their record.
const (
	StatusSubmitted = "submitted"
	StatusVoting    = "voting"
	StatusAdmitted  = "admitted"
	StatusRejected  = "rejected"
	StatusWithdrawn = "withdrawn"
)

// Statuses lists the states in their order.
var Statuses = []string{StatusSubmitted, StatusVoting, StatusAdmitted, StatusRejected, StatusWithdrawn}

// Open reports whether an application in status awaits its decision.
func Open(status string) bool { return status == StatusSubmitted || status == StatusVoting }

// The choices of a board member's vote.
const (
	VoteApprove = "approve"
	VoteReject  = "reject"
	VoteAbstain = "abstain"
)

// Choices lists the choices of a vote.
var Choices = []string{VoteApprove, VoteReject, VoteAbstain}

// The admission criteria, as the seed statutes name them.
const (
	// CriterionIndependent: a legally independent company or partnership,
	// declared by the applicant and checked by the board.
	CriterionIndependent = "independent"
	// CriterionCertified: active certified partner status with the vendor,
	// proven by a certificate file that has not expired.
	CriterionCertified = "certified"
	// CriterionReferences: at least Settings.MinReferences project references.
	CriterionReferences = "references"
	// CriterionCompetencies: at least one core competency.
	CriterionCompetencies = "competencies"
)

// Criteria lists the criteria in the order the pages show them.
var Criteria = []string{CriterionIndependent, CriterionCertified, CriterionReferences, CriterionCompetencies}

// The results of a criterion's check.
const (
	Met     = "met"
	NotMet  = "not_met"
	ToCheck = "to_check"
)

// The limits of an application and of the settings.
const (
	MaxFileSize     = 5 << 20
	MaxReferences   = 10
	MaxCompetencies = 10
	MaxTitle        = 200
	MaxDescription  = 1000
	MaxComment      = 500
	MaxReason       = 4000
	MaxQuorum       = 50
	// A share of MajorityPercent: more than this percentage of the votes
	// that do not abstain must approve.
	MinMajority = 50
	MaxMajority = 99
)

// Settings are the admission criteria and the board's decision rule.
type Settings struct {
	Independent   bool `json:"independent" doc:"the applicant must declare itself a legally independent company or partnership (the board checks it)"`
	Certified     bool `json:"certified" doc:"the applicant must prove active certified partner status with the vendor: a certificate file whose expiry lies ahead"`
	References    bool `json:"references" doc:"the applicant must name at least min_references project references"`
	MinReferences int  `json:"min_references" doc:"how many project references the criterion asks (1–10)"`
	Competencies  bool `json:"competencies" doc:"the applicant must name at least one core competency"`
	// Quorum is the least number of votes cast (abstentions count) before
	// the board may decide.
	Quorum int `json:"quorum" doc:"the least number of board votes cast, abstentions included, before the board may decide (1–50)"`
	// MajorityPercent: an application is admitted when more than this
	// share of the votes that do not abstain approve (50: more approve
	// than reject).
	MajorityPercent int `json:"majority_percent" doc:"admitted when more than this percentage of the non-abstaining votes approve (50–99; 50: more approvals than rejections; a tie does not admit)"`
}

// DefaultSettings are the seed statutes' criteria, a quorum of three and
// a simple majority.
func DefaultSettings() Settings {
	return Settings{Independent: true, Certified: true, References: true, MinReferences: 2, Competencies: true, Quorum: 3, MajorityPercent: 50}
}

// On reports whether the criterion c is required.
func (s Settings) On(c string) bool {
	switch c {
	case CriterionIndependent:
		return s.Independent
	case CriterionCertified:
		return s.Certified
	case CriterionReferences:
		return s.References
	case CriterionCompetencies:
		return s.Competencies
	}
	return false
}

// SettingsInput changes the settings; a field left out stays.
type SettingsInput struct {
	Independent     *bool `json:"independent,omitempty"`
	Certified       *bool `json:"certified,omitempty"`
	References      *bool `json:"references,omitempty"`
	MinReferences   *int  `json:"min_references,omitempty"`
	Competencies    *bool `json:"competencies,omitempty"`
	Quorum          *int  `json:"quorum,omitempty"`
	MajorityPercent *int  `json:"majority_percent,omitempty"`
}

// Date is a calendar day.
type Date = partner.Date

// Reference is a project reference of an application.
type Reference struct {
	Title       string `json:"title"`
	Customer    string `json:"customer"`
	Year        int    `json:"year"`
	Description string `json:"description"`
}

// Check is one criterion's result for an application.
type Check struct {
	Criterion string `json:"criterion" enum:"admission_criterion"`
	Result    string `json:"result" enum:"admission_result" doc:"met; not_met; to_check: declared by the applicant, for the board to check"`
}

// Tally counts the votes cast on an application.
type Tally struct {
	Approve int `json:"approve"`
	Reject  int `json:"reject"`
	Abstain int `json:"abstain"`
}

// Cast is the number of votes cast, abstentions included.
func (t Tally) Cast() int { return t.Approve + t.Reject + t.Abstain }

// Vote is a board member's vote on an application.
type Vote struct {
	UserID   string    `json:"user_id"`
	UserName string    `json:"user_name"`
	Choice   string    `json:"choice" enum:"admission_vote"`
	Comment  string    `json:"comment"`
	At       time.Time `json:"voted_at"`
}

// Application is an organisation's application for membership. Votes,
// Tally and Outcome are filled for those who run the association only.
type Application struct {
	ID          string      `json:"id"`
	OrgID       string      `json:"org_id"`
	OrgName     string      `json:"org_name"`
	Kind        string      `json:"kind" enum:"membership_kind"`
	Status      string      `json:"status" enum:"application_status"`
	Independent bool        `json:"independent" doc:"the applicant declares itself a legally independent company or partnership"`
	CertName    string      `json:"certificate_name"`
	CertType    string      `json:"certificate_type"`
	CertExpires *Date       `json:"certificate_expires"`
	References  []Reference `json:"references"`
	// Competencies are the ids of the core competencies named; Names
	// their names in the reader's language, in the same order.
	Competencies []string   `json:"competencies"`
	Names        []string   `json:"competency_names"`
	ContactName  string     `json:"contact_name"`
	ContactEmail string     `json:"contact_email"`
	Lang         string     `json:"lang"`
	ConsentAt    *time.Time `json:"consent_at"`
	Created      time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at"`
	Reason       string     `json:"reason" doc:"the board's reasons for its decision, told to the applicant"`
	Checks       []Check    `json:"checks"`
	Votes        []*Vote    `json:"votes,omitempty" doc:"the board's votes: only for the association's admins and board"`
	Tally        *Tally     `json:"tally,omitempty" doc:"only for the association's admins and board"`
	Outcome      string     `json:"outcome,omitempty" enum:"admission_outcome" doc:"what deciding now would give (only for the association's admins and board): open (quorum not reached), admit or reject"`
	// Account says, in the answer to the decision that admits a public
	// applicant, whether its contact was invited to log in.
	Account string `json:"account,omitempty" enum:"admission_account" doc:"only in the answer to a decision that admits a public applicant: invited (a partner admin user was made for the contact's address, which was mailed a link to set its password), taken (the address has an account already: no user was made) or exists (the organisation has users already)"`

	createdBy string
	decidedBy string
	// statusToken is the hash of the public applicant's private link.
	statusToken string
}

// What the decision that admits a public applicant did about its login
// (Application.Account).
const (
	AccountInvited = "invited"
	AccountTaken   = "taken"
	AccountExists  = "exists"
)

// Accounts lists the values of Application.Account.
var Accounts = []string{AccountInvited, AccountTaken, AccountExists}

// The outcomes of the board's votes.
const (
	OutcomeOpen   = "open"
	OutcomeAdmit  = "admit"
	OutcomeReject = "reject"
)

// Outcomes lists the outcomes.
var Outcomes = []string{OutcomeOpen, OutcomeAdmit, OutcomeReject}

// File is a certificate file as sent: its name and content (base64 in JSON).
type File struct {
	Name    string `json:"name"`
	Content Base64 `json:"content" doc:"the file's bytes, base64: a PDF, PNG or JPEG of at most 5 MB"`
}

// Base64 is a file's content, written in JSON as a base64 string (as
// encoding/json writes bytes).
type Base64 []byte

// JSONSchema describes Base64 in the API document.
func (Base64) JSONSchema() map[string]any {
	return map[string]any{"type": "string", "format": "byte"}
}

// Input is an application as the applicant sends it. A logged-in partner
// admin applies for its own organisation; a public applicant (no login)
// names its company and contact and consents to the processing of its
// details.
type Input struct {
	Kind         string      `json:"kind" enum:"membership_kind"`
	Independent  bool        `json:"independent"`
	Certificate  *File       `json:"certificate,omitempty"`
	CertExpires  string      `json:"certificate_expires" doc:"the certificate's expiry, YYYY-MM-DD"`
	References   []Reference `json:"references"`
	Competencies []string    `json:"competencies" doc:"ids of core competencies of the taxonomy"`
	// The public form's fields.
	Company      string `json:"company,omitempty" doc:"public applicants only: the company's legal name"`
	ContactName  string `json:"contact_name,omitempty" doc:"public applicants only"`
	ContactEmail string `json:"contact_email,omitempty" doc:"public applicants only: the decision is mailed there"`
	Consent      bool   `json:"consent,omitempty" doc:"public applicants only: consent to the processing of the application's details"`
	// Website stays empty: the form hides it from people; robots fill it
	// in, and nothing of theirs is kept.
	Website string `json:"website,omitempty"`
}

// VoteInput is a board member's vote.
type VoteInput struct {
	Choice  string `json:"choice" enum:"admission_vote"`
	Comment string `json:"comment"`
}

// DecisionInput records the board's decision with its reasons.
type DecisionInput struct {
	Reason string `json:"reason" doc:"the reasons told to the applicant"`
}
