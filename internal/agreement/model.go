// Package agreement implements cooperation agreements between partner
// organisations, following the programme's partner-to-partner code of
// conduct: one section for each of its seven rules, the checklist of the
// first exploratory talk and the jour fixe cadence. Every saved change is a
// new version; the agreement is in force when every party's admin accepted
// the same, latest version. Agreements are seen by their parties and the
// programme staff only.
package agreement

import (
	"slices"
	"strings"
	"time"

	"pakt/internal/audit"
)

// What the audit log records of this package (see audit.Kind).
var (
	_ = audit.Kind("agreement", "create", "update", "accept")
	_ = audit.Event("agreement", "create", "update", "accept")
)

// The statuses of an agreement.
const (
	// StatusDraft: nobody has accepted any version yet.
	StatusDraft = "draft"
	// StatusNegotiation: a party accepted a version, but not every party
	// the latest one (also after a change to an agreement in force).
	StatusNegotiation = "negotiation"
	// StatusInForce: every party accepted the latest version.
	StatusInForce = "in_force"
)

// Statuses lists the statuses in their order.
var Statuses = []string{StatusDraft, StatusNegotiation, StatusInForce}

// The items of the checklist for the first exploratory talk.
var ChecklistItems = []string{"lead", "contributions", "reward_split", "follow_up_orders", "customer_protection", "jour_fixe_cadence", "gtm_budget"}

// The states of a checklist item.
const (
	ItemOpen      = "open"
	ItemClarified = "clarified"
)

// ItemStates lists the states of a checklist item.
var ItemStates = []string{ItemOpen, ItemClarified}

// Cadences are how often the parties' jour fixe meets.
var Cadences = []string{"none", "weekly", "biweekly", "monthly", "quarterly"}

// Sections are the seven rules of the code of conduct, in order, followed by
// the checklist and the jour fixe; each is a translation key suffix
// (agreement.section.NAME).
var Sections = []string{"general", "understanding", "communication", "responsibilities", "employees", "costs", "disputes", "confidentiality", "checklist", "jour_fixe"}

// NoticeKinds are the kinds of notification agreements send; each has
// KIND.subject and KIND.body texts.
var NoticeKinds = []string{"agreement.notice.created", "agreement.notice.new_version", "agreement.notice.accepted",
	"agreement.notice.in_force", "agreement.notice.renegotiation"}

// FullShare is 100 % in basis points: the shares of the parties sum to it.
const FullShare = 10000

// Agreement is a cooperation agreement as its reader sees it: the current
// version's content, the parties with their acceptances.
type Agreement struct {
	ID             string     `json:"id"`
	Title          string     `json:"title"`
	Customer       string     `json:"customer"`
	LeadOrgID      string     `json:"lead_org_id"`
	Status         string     `json:"status" enum:"agreement_status"`
	CurrentVersion int        `json:"current_version"`
	ListingID      string     `json:"listing_id,omitempty"`
	CreatedBy      string     `json:"created_by"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
	InForceAt      *time.Time `json:"in_force_at"`
	Parties        []*Party   `json:"parties"`
	// Content is the current version's content (nil in lists).
	Content *Content `json:"content,omitempty"`
}

// PartyIDs returns the parties' organisation ids in their order.
func (a *Agreement) PartyIDs() []string {
	out := make([]string, len(a.Parties))
	for i, p := range a.Parties {
		out[i] = p.OrgID
	}
	return out
}

// Names maps the parties' organisation ids to their names.
func (a *Agreement) Names() map[string]string {
	out := make(map[string]string, len(a.Parties))
	for _, p := range a.Parties {
		out[p.OrgID] = p.Name
	}
	return out
}

// Party returns the party of the organisation, or nil.
func (a *Agreement) Party(orgID string) *Party {
	for _, p := range a.Parties {
		if p.OrgID == orgID {
			return p
		}
	}
	return nil
}

// InForce reports whether the agreement is in force.
func (a *Agreement) InForce() bool { return a.Status == StatusInForce }

// Party is an organisation that is party to an agreement, with its latest
// acceptance.
type Party struct {
	OrgID string `json:"org_id"`
	Name  string `json:"name"`
	Lead  bool   `json:"lead"`
	// AcceptedVersion is the latest version the party accepted, 0 for none.
	AcceptedVersion int        `json:"accepted_version"`
	AcceptedAt      *time.Time `json:"accepted_at"`
	AcceptedBy      string     `json:"accepted_by"`
}

// AcceptedCurrent reports whether the party accepted the version v.
func (p *Party) AcceptedCurrent(v int) bool { return p.AcceptedVersion == v }

// Version is one saved state of an agreement.
type Version struct {
	Version     int       `json:"version"`
	AuthorID    string    `json:"author_id"`
	Author      string    `json:"author"`
	AuthorOrgID string    `json:"author_org_id"`
	AuthorOrg   string    `json:"author_org"`
	Note        string    `json:"note"`
	CreatedAt   time.Time `json:"created_at"`
	// Content is the version's full content (nil in lists).
	Content *Content `json:"content,omitempty"`
}

// Content is what a version of an agreement says: the general terms, one
// section per rule of the code of conduct, the checklist of the first
// exploratory talk and the jour fixe.
type Content struct {
	Title            string           `json:"title"`
	Customer         string           `json:"customer"`
	Understanding    Understanding    `json:"understanding"`
	Communication    Communication    `json:"communication"`
	Responsibilities Responsibilities `json:"responsibilities"`
	Employees        Employees        `json:"employees"`
	Costs            Costs            `json:"costs"`
	Disputes         Disputes         `json:"disputes"`
	Confidentiality  Confidentiality  `json:"confidentiality"`
	Checklist        []ChecklistEntry `json:"checklist"`
	JourFixe         JourFixe         `json:"jour_fixe"`
}

// Understanding is rule 1: what the partnership is for.
type Understanding struct {
	Goals string `json:"goals"`
	Scope string `json:"scope"`
}

// Communication is rule 2: bilateral, to the customer, in public. Press
// releases and references need the consent of every party when the flags
// are set.
type Communication struct {
	Bilateral        string `json:"bilateral"`
	ToCustomer       string `json:"to_customer"`
	PressConsent     bool   `json:"press_needs_consent"`
	ReferenceConsent bool   `json:"references_need_consent"`
	Public           string `json:"public"`
}

// Responsibilities is rule 3: who leads and what each party contributes.
type Responsibilities struct {
	LeadOrgID string      `json:"lead_org_id"`
	Parties   []PartyRole `json:"parties"`
}

// PartyRole is a party's role and contribution.
type PartyRole struct {
	OrgID        string `json:"org_id"`
	Role         string `json:"role"`
	Contribution string `json:"contribution"`
}

// Employees is rule 4: no poaching of each other's people, during the
// project and for MonthsAfter months after it.
type Employees struct {
	NoPoaching  bool `json:"no_poaching"`
	MonthsAfter int  `json:"months_after"`
}

// Costs is rule 5: each party's share of costs and revenue in basis points
// (summing to 10000), and how follow-up orders are split: a rule in words
// and, optionally, shares.
type Costs struct {
	Shares         []Share `json:"shares"`
	FollowUp       string  `json:"follow_up"`
	FollowUpShares []Share `json:"follow_up_shares,omitempty"`
}

// Share is a party's share in basis points (100 = 1 %).
type Share struct {
	OrgID string `json:"org_id"`
	BP    int    `json:"bp"`
}

// Disputes is rule 6: the escalation steps and each party's contact.
type Disputes struct {
	Steps    []string    `json:"steps"`
	Contacts []PartyText `json:"contacts"`
}

// PartyText is a text per party.
type PartyText struct {
	OrgID string `json:"org_id"`
	Text  string `json:"text"`
}

// Confidentiality is rule 7: what is confidential and for how long (0
// months: without limit).
type Confidentiality struct {
	Scope  string `json:"scope"`
	Months int    `json:"months"`
}

// ChecklistEntry is one item of the checklist for the first exploratory
// talk.
type ChecklistEntry struct {
	Item   string `json:"item"`
	Status string `json:"status"`
	Note   string `json:"note"`
}

// JourFixe is the parties' regular meeting: how often, the first meeting
// (stored in UTC; forms and pages use the programme time zone) and how
// long.
type JourFixe struct {
	Cadence string     `json:"cadence" enum:"agreement_cadence"`
	First   *time.Time `json:"first,omitempty"`
	Minutes int        `json:"minutes"`
}

// Active reports whether the parties meet regularly.
func (j JourFixe) Active() bool { return j.Cadence != "" && j.Cadence != "none" }

// Item returns the checklist entry of item.
func (c *Content) Item(item string) ChecklistEntry {
	for _, e := range c.Checklist {
		if e.Item == item {
			return e
		}
	}
	return ChecklistEntry{Item: item, Status: ItemOpen}
}

// Role returns the party's role and contribution.
func (c *Content) Role(orgID string) PartyRole {
	for _, r := range c.Responsibilities.Parties {
		if r.OrgID == orgID {
			return r
		}
	}
	return PartyRole{OrgID: orgID}
}

// Share returns the party's share of costs and revenue in basis points.
func (c *Content) Share(orgID string) int { return shareOf(c.Costs.Shares, orgID) }

// FollowUpShare returns the party's share of follow-up orders in basis
// points, and whether shares of follow-up orders are set at all.
func (c *Content) FollowUpShare(orgID string) (int, bool) {
	return shareOf(c.Costs.FollowUpShares, orgID), len(c.Costs.FollowUpShares) > 0
}

func shareOf(shares []Share, orgID string) int {
	i := slices.IndexFunc(shares, func(s Share) bool { return s.OrgID == orgID })
	if i < 0 {
		return 0
	}
	return shares[i].BP
}

// Contact returns the party's contact for disputes.
func (c *Content) Contact(orgID string) string {
	for _, t := range c.Disputes.Contacts {
		if t.OrgID == orgID {
			return t.Text
		}
	}
	return ""
}

// EmptySections lists the rules of the code of conduct that content leaves
// empty, by their section keys (agreement.section.<key>): a party accepting
// it is warned.
func EmptySections(c *Content) []string {
	var out []string
	blank := func(s ...string) bool {
		for _, x := range s {
			if strings.TrimSpace(x) != "" {
				return false
			}
		}
		return true
	}
	if blank(c.Understanding.Goals, c.Understanding.Scope) {
		out = append(out, "understanding")
	}
	if blank(c.Communication.Bilateral, c.Communication.ToCustomer, c.Communication.Public) {
		out = append(out, "communication")
	}
	roles := []string{}
	for _, p := range c.Responsibilities.Parties {
		roles = append(roles, p.Role, p.Contribution)
	}
	if blank(roles...) {
		out = append(out, "responsibilities")
	}
	texts := slices.Clone(c.Disputes.Steps)
	for _, p := range c.Disputes.Contacts {
		texts = append(texts, p.Text)
	}
	if blank(texts...) {
		out = append(out, "disputes")
	}
	if blank(c.Confidentiality.Scope) {
		out = append(out, "confidentiality")
	}
	return out
}
