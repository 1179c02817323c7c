package cosell

import (
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/match"
	"pakt/internal/partner"
)

// Limits of a registration's fields.
const (
	maxName        = 200
	maxSolution    = 200
	maxDescription = 5000
	maxReason      = 1000
	maxMinor       = 1_000_000_000_000_000
	// MaxProtectionDays is the longest protection window a programme may set.
	MaxProtectionDays = 730
	// DefaultProtectionDays is the window of a new programme.
	DefaultProtectionDays = 90
)

// DealInput is what a partner registers.
type DealInput struct {
	Customer      Customer `json:"customer"`
	Solution      string   `json:"solution"`
	Competencies  []string `json:"competencies" doc:"competency ids of the programme"`
	ValueMinor    int64    `json:"value_minor" doc:"the expected value in minor units (cents)"`
	Currency      string   `json:"currency" enum:"deal_currency"`
	ExpectedClose string   `json:"expected_close" doc:"YYYY-MM-DD"`
	Description   string   `json:"description"`
	Stage         string   `json:"stage,omitempty" enum:"deal_stage" doc:"qualify when empty"`
	// FollowUpOf makes the deal a follow-up of a deal of the caller: it
	// inherits that deal's parties, shares and customer.
	FollowUpOf string `json:"follow_up_of,omitempty"`
}

// Day returns the calendar day of t in zone, as midnight UTC: the days of
// deals are stored and compared so.
func Day(t time.Time, zone *time.Location) time.Time {
	t = t.In(zone)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// apply validates in and writes it into d. today is the programme's
// current day: a registration's expected close may not lie before it
// unless past is set (imports of closed deals).
func apply(d *Deal, in DealInput, competencies map[string]bool, today time.Time, past bool) error {
	var v apperr.Validation
	c := in.Customer
	d.Customer.Name = c.Name
	v.Text(&d.Customer.Name, apperr.Name, "customer_name", maxName, true)
	d.Customer.Domain = match.NormalizeDomain(c.Domain)
	if strings.TrimSpace(c.Domain) != "" && (d.Customer.Domain == "" || !strings.Contains(d.Customer.Domain, ".")) {
		v.Add("customer_domain", "validation.domain")
	}
	d.Customer.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	switch {
	case d.Customer.Country == "":
		v.Add("customer_country", "validation.required")
	case !partner.ValidCountry(d.Customer.Country):
		v.Add("customer_country", "validation.country")
	}
	d.Customer.Postcode, d.Customer.City = c.Postcode, c.City
	v.Text(&d.Customer.Postcode, apperr.Line, "customer_postcode", 20, false)
	v.Text(&d.Customer.City, apperr.Line, "customer_city", 100, false)
	d.Customer.Industry = strings.TrimSpace(c.Industry)
	if d.Customer.Industry != "" && !slices.Contains(partner.Industries, d.Customer.Industry) {
		v.Add("customer_industry", "validation.choice")
	}
	d.Customer.Size = strings.TrimSpace(c.Size)
	if d.Customer.Size != "" && !slices.Contains(partner.Sizes, d.Customer.Size) {
		v.Add("customer_size", "validation.choice")
	}
	d.Solution = in.Solution
	v.Text(&d.Solution, apperr.Line, "solution", maxSolution, true)
	d.Competencies = apperr.UniqueSorted(in.Competencies)
	for _, id := range d.Competencies {
		if !competencies[id] {
			v.Add("competencies", "validation.choice")
			break
		}
	}
	d.ValueMinor = in.ValueMinor
	if d.ValueMinor < 0 || d.ValueMinor > maxMinor {
		v.Add("value_minor", "validation.amount", int64(maxMinor/100))
	}
	d.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if !slices.Contains(Currencies, d.Currency) {
		v.Add("currency", "validation.choice")
	}
	if day := v.Day("expected_close", in.ExpectedClose, true); !day.IsZero() {
		d.ExpectedClose = partner.Date{Time: day}
		if !past && day.Before(today) {
			v.Add("expected_close", "cosell.validation.close_past")
		}
	}
	d.Description = in.Description
	v.Text(&d.Description, apperr.Paragraphs, "description", maxDescription, false)
	d.Stage = strings.TrimSpace(in.Stage)
	if d.Stage == "" {
		d.Stage = Stages[0]
	}
	if !slices.Contains(Stages, d.Stage) {
		v.Add("stage", "validation.choice")
	}
	if err := v.Err(); err != nil {
		return err
	}
	k := match.Normalize(match.Customer{Name: d.Customer.Name, Domain: d.Customer.Domain, Country: d.Customer.Country})
	d.key = keys{name: k.Name, blocks: k.Blocks}
	return nil
}

// matchKey is the matcher's key of a stored deal.
func (d *Deal) matchKey() match.Key {
	return match.Key{Name: d.key.name, Domain: d.Customer.Domain, Country: d.Customer.Country, Blocks: d.key.blocks}
}

// ProtectionEnd is the last day a registration approved on the day
// approved protects its customer, with a window of days: the approval day
// is the first of them.
func ProtectionEnd(approved time.Time, days int) time.Time { return approved.AddDate(0, 0, days-1) }

// Lapsed reports whether protection that ends on until is over on today:
// the customer is protected on until itself and free the day after.
func Lapsed(until, today time.Time) bool { return today.After(until) }

// CheckShares validates the roles and shares of a deal's parties: known
// roles, shares from 0 to 10000 summing to 10000, each organisation once,
// and exactly one party in the lead.
func CheckShares(shares []Share) error {
	var v apperr.Validation
	sum, leads := 0, 0
	seen := map[string]bool{}
	for _, s := range shares {
		if !slices.Contains(Roles, s.Role) {
			v.Add("role_"+s.OrgID, "validation.choice")
		}
		if s.Role == RoleLead {
			leads++
		}
		if s.SplitBP < 0 || s.SplitBP > FullSplit {
			v.Add("split_"+s.OrgID, "validation.range", 0, 100)
		}
		if seen[s.OrgID] {
			v.Add("org", "cosell.validation.party_twice")
		}
		seen[s.OrgID] = true
		sum += s.SplitBP
	}
	if !v.Has("split_") && sum != FullSplit {
		v.Add("split", "cosell.validation.split_sum")
	}
	if leads != 1 {
		v.Add("role", "cosell.validation.one_lead")
	}
	return v.Err()
}

// ProposeShares returns the shares of a deal after adding the organisation
// add in role to current, on behalf of the party from: when from and add
// have a cooperation agreement in force with shares for both (agreed),
// from's share is divided between the two in the agreement's proportion;
// otherwise in half. The others keep theirs.
func ProposeShares(current []Share, from, add, role string, agreed map[string]int) []Share {
	out := make([]Share, 0, len(current)+1)
	var have int
	for _, s := range current {
		if s.OrgID == from {
			have = s.SplitBP
		}
	}
	mine := have - have/2
	if a, b := agreed[from], agreed[add]; a > 0 && b >= 0 && a+b > 0 {
		mine = int((int64(have)*int64(a)*2 + int64(a+b)) / (int64(a+b) * 2))
	}
	for _, s := range current {
		if s.OrgID == from {
			s.SplitBP = mine
		}
		out = append(out, s)
	}
	return append(out, Share{OrgID: add, Role: role, SplitBP: have - mine})
}

// Forecast is the expected revenue of open approved deals, each weighed
// by the chance of its stage, rounded half up per deal.
func Forecast(deals []*Deal) int64 {
	var sum int64
	for _, d := range deals {
		if d.Status == StatusApproved {
			sum += (d.ValueMinor*StageWeight[d.Stage] + 50) / 100
		}
	}
	return sum
}
