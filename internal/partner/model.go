// Package partner holds organisations and their profiles (competencies,
// certifications, references, free resources, contacts) and the partner
// directory that searches them.
package partner

import (
	"slices"
	"strings"
	"time"

	"pakt/internal/audit"
	"pakt/internal/partner/directory"
	"pakt/internal/upload"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("organisation", "create", "update", "delete")
	_ = audit.Kind("competency", "create", "update", "delete")
	_ = audit.Kind("contact", "create", "update", "delete")
	_ = audit.Kind("certification", "create", "update", "delete", "verify", "unverify", "attach_proof")
	_ = audit.Kind("reference", "create", "update", "delete")
	_ = audit.Kind("resource", "create", "update", "delete")
)

// Kinds of organisation.
const (
	KindOwner    = "owner"
	KindPartner  = "partner"
	KindProspect = "prospect"
	KindMember   = "member"
)

// Kinds lists the organisation kinds.
var Kinds = []string{KindOwner, KindPartner, KindProspect, KindMember}

// Statuses are the lifecycle states of an organisation.
var Statuses = []string{"prospect", "onboarding", "active", "paused", "ended"}

// Tiers are the partner programme's tiers, lowest first.
var Tiers = []string{"registered", "silver", "gold", "platinum"}

// Sizes are the employee-count bands.
var Sizes = []string{"micro", "small", "medium", "large", "enterprise"}

// Industries are the industry codes a profile and a reference can name.
var Industries = []string{"automotive", "construction", "education", "energy", "finance", "healthcare",
	"insurance", "it", "logistics", "manufacturing", "media", "professional_services", "public", "retail",
	"telecom", "tourism"}

// ResourceUnits are the units free resources are counted in.
var ResourceUnits = []string{"days", "fte"}

// Organisation is the programme owner or a partner, prospect or member, with
// its profile.
type Organisation struct {
	ID          string   `json:"id"`
	Kind        string   `json:"kind,omitempty" enum:"partner_kind"` // staff and the organisation itself
	LegalName   string   `json:"legal_name"`
	Domain      string   `json:"domain"`
	Description string   `json:"description"`
	Country     string   `json:"country"`
	Region      string   `json:"region"`
	City        string   `json:"city"`
	Size        string   `json:"size" enum:"size"`
	Industries  []string `json:"industries"`
	Status      string   `json:"status,omitempty" enum:"partner_status"` // staff and the organisation itself
	Tier        string   `json:"tier" enum:"tier"`
	ManagerID   string   `json:"manager_id,omitempty"` // staff and the organisation itself
	Published   bool     `json:"published"`
	// Competencies are competency ids.
	Competencies   []string        `json:"competencies"`
	Certifications []Certification `json:"certifications"`
	References     []Reference     `json:"references"`
	Resources      []Resource      `json:"resources"`
	// Contacts are shown only to the organisation itself and to staff.
	Contacts []Contact `json:"contacts,omitempty"`
	// EmailDomains are the domains of its people's e-mail addresses: a
	// new user who signs in with a company account of one becomes a user
	// of the organisation. Shown to the organisation itself and to staff.
	EmailDomains []string `json:"email_domains,omitempty"`
	// steered: the reader steers the organisation (see Steers), set where
	// it was loaded for a reader.
	steered   bool
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// EmailDomainList is the e-mail domains as the profile form shows them.
func (o *Organisation) EmailDomainList() string { return strings.Join(o.EmailDomains, ", ") }

// HasCompetency reports whether the organisation has the competency id.
func (o *Organisation) HasCompetency(id string) bool { return slices.Contains(o.Competencies, id) }

// HasIndustry reports whether the organisation works in the industry code.
func (o *Organisation) HasIndustry(code string) bool { return slices.Contains(o.Industries, code) }

// Date is a calendar day, written as YYYY-MM-DD in JSON and forms.
type Date = directory.Date

// ParseDate reads YYYY-MM-DD; an empty string is the zero Date.
func ParseDate(s string) (Date, error) { return directory.ParseDate(s) }

// Certification is a designation or certification of the organisation
// with its expiry, declared by the partner. It makes the organisation
// "certified" (for the concierge) only once staff verified it against its
// proof, the certificate's number or file; a change of its name, issuer,
// number or expiry takes the verification back.
type Certification struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Issuer     string `json:"issuer"`
	ValidUntil Date   `json:"valid_until"`
	// Number is the certificate's number, the proof staff verify it
	// against; shown to staff who steer the organisation and to its own
	// users.
	Number string `json:"number,omitempty" doc:"the certificate's number: the proof staff verify it against (shown to staff who steer the organisation and its own users)"`
	// ProofFile is the certificate as a file, the other proof; nil
	// without. Download it at /partners/{org_id}/certifications/{id}/proof.
	ProofFile *upload.Stored `json:"proof_file,omitempty" doc:"the certificate as a file (set by uploading it; shown to staff who steer the organisation and its own users)"`
	// Verified: staff checked it against its proof. Set by staff's
	// verification only; ignored in what is saved.
	Verified   bool       `json:"verified" doc:"staff verified it against its number or file; only verified, valid certifications make a partner certified (set by staff only)"`
	VerifiedAt *time.Time `json:"verified_at,omitempty" doc:"when staff verified it (set by staff only)"`
	VerifiedBy string     `json:"verified_by,omitempty" doc:"who verified it (set by staff only; shown to staff who steer the organisation and its own users)"`
}

// Reference is a project reference.
type Reference struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Customer    string `json:"customer"`
	Industry    string `json:"industry" enum:"industry"`
	Year        int    `json:"year"`
	Description string `json:"description"`
}

// Resource is free capacity offered for a period: an amount of a skill, in
// days or full-time equivalents, in tenths to allow 0.5 FTE.
type Resource struct {
	ID           string `json:"id"`
	Skill        string `json:"skill"`
	AmountTenths int    `json:"amount_tenths"`
	Unit         string `json:"unit" enum:"unit"`
	From         Date   `json:"from"`
	To           Date   `json:"to"`
}

// Overlaps reports whether the resource is available on some day in
// [from, to]; a zero bound is open.
func (r Resource) Overlaps(from, to Date) bool {
	if !to.IsZero() && r.From.After(to.Time) {
		return false
	}
	if !from.IsZero() && r.To.Before(from.Time) {
		return false
	}
	return true
}

// Contact is a person at an organisation.
type Contact struct {
	ID            string `json:"id"`
	Name          string `json:"name"`
	Position      string `json:"position"`
	Email         string `json:"email"`
	Phone         string `json:"phone"`
	DecisionMaker bool   `json:"decision_maker"`
	// CLevel marks a member of the partner's management (managing
	// director, CEO, CFO …): the people the best partner managers talk
	// business value with. Shown where contacts are: to staff and to the
	// organisation itself.
	CLevel bool `json:"c_level" doc:"a member of the partner's management (C-level)"`
}

// Competency is an entry of the taxonomy the admin maintains, named in
// German and English.
type Competency struct {
	ID            string    `json:"id"`
	Slug          string    `json:"slug"`
	NameDE        string    `json:"name_de"`
	NameEN        string    `json:"name_en"`
	DescriptionDE string    `json:"description_de"`
	DescriptionEN string    `json:"description_en"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Name returns the competency's name in lang, falling back to the other.
func (c *Competency) Name(lang string) string {
	if lang == "de" && c.NameDE != "" || c.NameEN == "" {
		return c.NameDE
	}
	return c.NameEN
}

// Countries are the country codes offered in forms, most used first; the
// API accepts every ISO 3166-1 code.
var Countries = []string{"DE", "AT", "CH", "NL", "BE", "LU", "FR", "IT", "ES", "PT", "PL", "CZ", "SK", "HU", "SI", "HR",
	"DK", "SE", "NO", "FI", "IE", "GB", "EE", "LV", "LT", "RO", "BG", "GR", "US", "CA", "IN", "IL", "AE", "SG", "AU"}
