package leads

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/partner"
)

var (
	currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)
	domainRe   = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$`)
)

// MaxValueMinor bounds amounts: a trillion in minor units.
const MaxValueMinor = 100_000_000_000_000

// applyCampaign checks in and applies it to c; creating checks the
// required fields even when they were not given.
func applyCampaign(c *Campaign, in CampaignInput, creating bool) error {
	var v apperr.Validation
	v.TextInput(&c.Name, in.Name, apperr.Name, "name", 200, true, creating)
	v.TextInput(&c.Description, in.Description, apperr.Paragraphs, "description", 5000, false, creating)
	if in.BudgetMinor != nil {
		c.BudgetMinor = *in.BudgetMinor
	}
	if c.BudgetMinor < 0 || c.BudgetMinor > MaxValueMinor {
		v.Add("budget_minor", "validation.range", 0, MaxValueMinor)
	}
	currency(&v, &c.Currency, in.Currency, creating)
	if in.From != nil || creating {
		c.From = day(&v, "from", in.From)
	}
	if in.To != nil || creating {
		c.To = day(&v, "to", in.To)
	}
	if !v.Has("from") && !v.Has("to") && c.To < c.From {
		v.Add("to", "leads.validation.period")
	}
	return v.Err()
}

// currency applies a currency code, EUR when a new object has none.
func currency(v *apperr.Validation, dst, src *string, creating bool) {
	if src != nil {
		*dst = strings.ToUpper(strings.TrimSpace(*src))
	}
	if *dst == "" && creating {
		*dst = "EUR"
	}
	if !currencyRe.MatchString(*dst) {
		v.Add("currency", "validation.currency")
	}
}

// day reads a required YYYY-MM-DD day.
func day(v *apperr.Validation, field string, s *string) string {
	var in string
	if s != nil {
		in = *s
	}
	t := v.Day(field, in, true)
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// applyLead checks in and applies it to l. known tells the competency ids
// of the taxonomy and campaigns the campaign ids.
func applyLead(l *Lead, in LeadInput, known func(string) bool, campaigns func(string) bool, creating bool) error {
	var v apperr.Validation
	if in.CampaignID != nil {
		l.CampaignID = strings.TrimSpace(*in.CampaignID)
		if l.CampaignID != "" && !campaigns(l.CampaignID) {
			v.Add("campaign_id", "validation.choice")
		}
	}
	v.TextInput(&l.CustomerName, in.CustomerName, apperr.Name, "customer_name", 200, true, creating)
	if in.WebDomain != nil {
		l.WebDomain = partner.CleanDomain(*in.WebDomain)
		if !v.Clean(&l.WebDomain, apperr.Line, "web_domain") {
			l.WebDomain = ""
		} else if l.WebDomain != "" && !domainRe.MatchString(l.WebDomain) {
			v.Add("web_domain", "validation.domain")
		}
	}
	if in.Country != nil {
		l.Country = strings.ToUpper(strings.TrimSpace(*in.Country))
	}
	if (creating || in.Country != nil) && !partner.ValidCountry(l.Country) {
		v.Add("country", "validation.country")
	}
	v.TextInput(&l.Postcode, in.Postcode, apperr.Line, "postcode", 20, false, creating)
	v.TextInput(&l.City, in.City, apperr.Line, "city", 100, false, creating)
	choice(&v, &l.Industry, in.Industry, "industry", partner.Industries)
	choice(&v, &l.Size, in.Size, "size", partner.Sizes)
	if in.Competencies != nil {
		l.Competencies = l.Competencies[:0]
		for _, id := range *in.Competencies {
			if id = strings.TrimSpace(id); id != "" && !slices.Contains(l.Competencies, id) {
				l.Competencies = append(l.Competencies, id)
			}
		}
		for _, id := range l.Competencies {
			if !known(id) {
				v.Add("competencies", "validation.unknown_competency")
				break
			}
		}
	}
	if (creating || in.Competencies != nil) && len(l.Competencies) == 0 {
		v.Add("competencies", "leads.validation.competencies")
	} else if len(l.Competencies) > 20 {
		v.Add("competencies", "leads.validation.too_many", 20)
	}
	if in.ValueMinor != nil {
		l.ValueMinor = *in.ValueMinor
	}
	if l.ValueMinor < 0 || l.ValueMinor > MaxValueMinor {
		v.Add("value_minor", "validation.range", 0, MaxValueMinor)
	}
	currency(&v, &l.Currency, in.Currency, creating)
	v.TextInput(&l.Description, in.Description, apperr.Paragraphs, "description", 5000, false, creating)
	v.TextInput(&l.contact.Name, in.ContactName, apperr.Name, "contact_name", 200, false, creating)
	v.TextInput(&l.contact.Email, in.ContactEmail, apperr.Line, "contact_email", 200, false, creating)
	if l.contact.Email != "" && !v.Has("contact_email") && (!strings.Contains(l.contact.Email, "@") || strings.ContainsAny(l.contact.Email, " ,;")) {
		v.Add("contact_email", "validation.email")
	}
	v.TextInput(&l.contact.Phone, in.ContactPhone, apperr.Line, "contact_phone", 50, false, creating)
	if in.AnswerHours != nil {
		l.AnswerHours = *in.AnswerHours
	}
	if creating && l.AnswerHours == 0 {
		l.AnswerHours = DefaultAnswerHours
	}
	if l.AnswerHours < MinAnswerHours || l.AnswerHours > MaxAnswerHours {
		v.Add("answer_hours", "validation.range", MinAnswerHours, MaxAnswerHours)
	}
	return v.Err()
}

// choice applies an optional choice out of list ("" for none).
func choice(v *apperr.Validation, dst, src *string, field string, list []string) {
	if src == nil {
		return
	}
	*dst = strings.TrimSpace(*src)
	if *dst != "" && !slices.Contains(list, *dst) {
		v.Add(field, "validation.choice")
	}
}

// History is a partner's answers to offered leads.
type History struct {
	Accepted, Answered int
}

// withHistory adds each candidate's acceptance history to its score and
// reasons (written by reason): PointsAcceptance times its acceptance rate,
// half of them for a partner never offered a lead; marks those in offered, and sorts the
// candidates best first (then by name, then id, so that ties keep one
// order).
func withHistory(cands []Candidate, hist map[string]History, offered map[string]bool, reason func(accepted, answered int) string) []Candidate {
	out := make([]Candidate, len(cands))
	for i, c := range cands {
		c.Reasons = slices.Clone(c.Reasons)
		if h := hist[c.OrgID]; h.Answered > 0 {
			c.Score += PointsAcceptance * h.Accepted / h.Answered
			c.Reasons = append(c.Reasons, reason(h.Accepted, h.Answered))
		} else {
			c.Score += PointsAcceptance / 2 // no history: neither rewarded nor held back
		}
		c.Offered = offered[c.OrgID]
		out[i] = c
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Name, b.Name), cmp.Compare(a.OrgID, b.OrgID))
	})
	return out
}

// nextInQueue returns the first partner of the queue the lead was not
// offered to yet, or "" when the queue is exhausted.
func nextInQueue(queue []string, offered map[string]bool) string {
	for _, org := range queue {
		if !offered[org] {
			return org
		}
	}
	return ""
}

// expired reports whether an offer with the deadline is over at now: the
// deadline itself is still in time.
func expired(deadline, now time.Time) bool { return now.After(deadline) }

// Rate is a share in percent, rounded down; 0 when nothing was counted.
func Rate(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return part * 100 / whole
}
