package exchange

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

// Expiry: a listing expires DefaultExpiryDays after it was posted unless the
// poster chooses another day, at most MaxExpiryDays after posting.
const (
	DefaultExpiryDays = 30
	MaxExpiryDays     = 180
)

// DigestHour is the hour (UTC) from which the day's digests go out, and
// DigestWeekday the day of the weekly digest.
const (
	DigestHour    = 6
	DigestWeekday = time.Monday
)

// Limits of the texts and numbers of a listing.
const (
	maxTitle       = 200
	maxDescription = 5000
	maxMessage     = 5000
	maxTopics      = 10
	maxTenths      = 10_000_000
	maxMinor       = 1_000_000_000_000_000
)

// Day returns the calendar day (UTC) of t.
func Day(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// DefaultExpiry is the day a listing posted at created expires when the
// poster does not choose one.
func DefaultExpiry(created time.Time) time.Time {
	return Day(created).AddDate(0, 0, DefaultExpiryDays)
}

// MaxExpiry is the last day a listing posted at created may run until.
func MaxExpiry(created time.Time) time.Time { return Day(created).AddDate(0, 0, MaxExpiryDays) }

// Expired reports whether a listing that runs until expiresOn is over on
// the day of now.
func Expired(expiresOn, now time.Time) bool { return Day(expiresOn).Before(Day(now)) }

// DigestDue reports whether a subscription with the frequency, whose last
// digest went out at last (nil: never), is due at now, and the start of the
// period the digest is for. Daily digests go out once a day from
// DigestHour; weekly ones on DigestWeekday from DigestHour: a weekly
// subscriber gets nothing on another day.
func DigestDue(frequency string, last *time.Time, now time.Time) (time.Time, bool) {
	now = now.UTC()
	start := Day(now)
	switch frequency {
	case FrequencyDaily:
	case FrequencyWeekly:
		if now.Weekday() != DigestWeekday {
			return start, false
		}
	default:
		return start, false
	}
	if now.Hour() < DigestHour {
		return start, false
	}
	return start, last == nil || last.Before(start)
}

// DigestSince is the moment from which a digest collects new listings:
// the last digest, or one period back for the first.
func DigestSince(frequency string, last *time.Time, now time.Time) time.Time {
	if last != nil {
		return last.UTC()
	}
	if frequency == FrequencyWeekly {
		return now.UTC().AddDate(0, 0, -7)
	}
	return now.UTC().AddDate(0, 0, -1)
}

// Matches reports whether a listing on topics matches a subscription to
// wanted: they share a topic.
func Matches(topics, wanted []string) bool {
	for _, t := range topics {
		if slices.Contains(wanted, t) {
			return true
		}
	}
	return false
}

// AgreementLink is the address that starts a cooperation agreement between
// the poster and the accepted partner of a listing, with the listing's
// title as the agreement's.
func AgreementLink(listingID, posterOrg, answerOrg, title string) string {
	return "/agreements/new?listing=" + url.QueryEscape(listingID) + "&parties=" + url.QueryEscape(posterOrg) + "," +
		url.QueryEscape(answerOrg) + "&title=" + url.QueryEscape(title)
}

// mayUse reports whether a may use the exchange at all: staff and partner
// users; recruiters and anonymous callers do not see it.
func mayUse(a *auth.Actor) bool { return a.IsStaff() || a.IsPartner() }

// canSee reports whether a may see the listing l: staff see every listing,
// partner users the open ones, their own organisation's and those their
// organisation answered (myAnswer).
func canSee(a *auth.Actor, l *Listing, myAnswer string) bool {
	switch {
	case !mayUse(a):
		return false
	case a.IsStaff(), a.InOrg(l.OrgID):
		return true
	}
	return l.Status == StatusOpen || myAnswer != ""
}

// canSeeCustomer reports whether a may see the name of l's customer: the
// poster's organisation, staff, and after the reveal the accepted partner.
func canSeeCustomer(a *auth.Actor, l *Listing) bool {
	switch {
	case a.IsStaff(), a.InOrg(l.OrgID):
		return true
	}
	return l.revealedAt != nil && l.AcceptedOrgID != "" && a.InOrg(l.AcceptedOrgID)
}

// rightsOf works out what a may do with l. published tells whether a's
// organisation is a published partner (only those post and answer). The
// poster's members read the listing and its answers; its partner admins act.
func rightsOf(a *auth.Actor, l *Listing, myAnswer string, published bool, now time.Time) Rights {
	open := l.Status == StatusOpen && !Expired(l.ExpiresOn.Time, now)
	own := a.InOrg(l.OrgID)
	acts := a.ActsFor(l.OrgID)
	var r Rights
	r.Manage = acts && open
	r.Close = (acts || a.IsStaff()) && l.Status == StatusOpen
	r.SeeAnswers = own || a.IsStaff()
	r.Answer = open && !own && published && myAnswer == "" && a.ActsForOwnOrg()
	r.Reveal = acts && l.AcceptedAnswerID != "" && l.revealedAt == nil && l.customerName != ""
	return r
}

// redact fills the viewer's fields of l and empties what a may not see.
func redact(a *auth.Actor, l *Listing, myAnswer string, published bool, now time.Time) {
	l.MyAnswerID = myAnswer
	l.CustomerName = ""
	if canSeeCustomer(a, l) {
		l.CustomerName = l.customerName
	}
	party := a.IsStaff() || a.InOrg(l.OrgID) || (l.AcceptedOrgID != "" && a.InOrg(l.AcceptedOrgID))
	l.CustomerRevealed = party && l.revealedAt != nil
	if !party {
		l.AcceptedAnswerID, l.AcceptedOrgID = "", ""
	}
	l.AgreementLink = ""
	if l.AcceptedOrgID != "" && (a.ActsFor(l.OrgID) || a.ActsFor(l.AcceptedOrgID)) {
		l.AgreementLink = AgreementLink(l.ID, l.OrgID, l.AcceptedOrgID, l.Title)
	}
	l.Rights = rightsOf(a, l, myAnswer, published, now)
}

// ListingInput is what a listing is posted or changed from; nil fields are
// left as they are. Amounts are in tenths (1.5 person-days is 15) and
// money in minor units of the currency (cents); a budget bound of 0 is
// none.
type ListingInput struct {
	Kind             *string   `json:"kind,omitempty" doc:"seeking or offering; fixed once posted" enum:"listing_kind"`
	Title            *string   `json:"title,omitempty"`
	Description      *string   `json:"description,omitempty"`
	Topics           *[]string `json:"topics,omitempty" doc:"competency ids"`
	Country          *string   `json:"country,omitempty" doc:"ISO 3166-1 alpha-2"`
	Region           *string   `json:"region,omitempty"`
	From             *string   `json:"from,omitempty" doc:"YYYY-MM-DD"`
	To               *string   `json:"to,omitempty" doc:"YYYY-MM-DD"`
	EffortTenths     *int      `json:"effort_tenths,omitempty" doc:"seeking: person-days in tenths"`
	BudgetMinMinor   *int64    `json:"budget_min_minor,omitempty" doc:"seeking: minor units, 0 for none"`
	BudgetMaxMinor   *int64    `json:"budget_max_minor,omitempty" doc:"seeking: minor units, 0 for none"`
	Currency         *string   `json:"currency,omitempty" doc:"ISO 4217, default EUR"`
	CustomerIndustry *string   `json:"customer_industry,omitempty" doc:"seeking: an industry code" enum:"industry"`
	CustomerSize     *string   `json:"customer_size,omitempty" doc:"seeking: a size band" enum:"size"`
	CustomerName     *string   `json:"customer_name,omitempty" doc:"seeking: confidential, shown to the accepted partner only when revealed"`
	Skill            *string   `json:"skill,omitempty" doc:"offering"`
	AmountTenths     *int      `json:"amount_tenths,omitempty" doc:"offering: in tenths of the unit"`
	Unit             *string   `json:"unit,omitempty" doc:"offering: days or fte" enum:"unit"`
	ExpiresOn        *string   `json:"expires_on,omitempty" doc:"YYYY-MM-DD, at most 180 days after posting; default 30"`
}

var currencyRe = regexp.MustCompile(`^[A-Z]{3}$`)

// apply validates in and writes it onto l. topics is the set of known
// competency ids; created is when l was (or is being) posted; today the day
// of the change.
func apply(l *Listing, in ListingInput, topics map[string]bool, creating bool, today time.Time) error {
	var v apperr.Validation
	if creating {
		l.Kind = strings.TrimSpace(deref(in.Kind))
		if !slices.Contains(Kinds, l.Kind) {
			v.Add("kind", "validation.choice")
		}
	} else if in.Kind != nil && strings.TrimSpace(*in.Kind) != l.Kind {
		v.Add("kind", "exchange.validation.kind_fixed")
	}
	v.TextInput(&l.Title, in.Title, apperr.Name, "title", maxTitle, true, creating)
	v.TextInput(&l.Description, in.Description, apperr.Paragraphs, "description", maxDescription, true, creating)
	if in.Topics != nil {
		l.Topics = apperr.UniqueSorted(*in.Topics)
	}
	if in.Topics != nil || creating {
		switch {
		case len(l.Topics) == 0:
			v.Add("topics", "validation.required")
		case len(l.Topics) > maxTopics:
			v.Add("topics", "exchange.validation.too_many_topics", maxTopics)
		}
		for _, t := range l.Topics {
			if !topics[t] {
				v.Add("topics", "validation.choice")
				break
			}
		}
	}
	if in.Country != nil {
		l.Country = strings.ToUpper(strings.TrimSpace(*in.Country))
	}
	if (in.Country != nil || creating) && !partner.ValidCountry(l.Country) {
		if l.Country == "" {
			v.Add("country", "validation.required")
		} else {
			v.Add("country", "validation.choice")
		}
	}
	v.TextInput(&l.Region, in.Region, apperr.Line, "region", 100, false, creating)
	date := func(dst *partner.Date, src *string, field string) {
		if src == nil && !creating {
			return
		}
		s := strings.TrimSpace(deref(src))
		if s == "" {
			v.Add(field, "validation.required")
			return
		}
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			v.Add(field, "validation.date")
			return
		}
		*dst = partner.Date{Time: d}
	}
	date(&l.From, in.From, "from")
	date(&l.To, in.To, "to")
	if !v.Has("from") && !v.Has("to") && !l.From.IsZero() && l.To.Before(l.From.Time) {
		v.Add("to", "exchange.validation.to_before_from")
	}
	tenths := func(dst *int, src *int, field string, required bool) {
		if src != nil {
			*dst = *src
		}
		if src == nil && !creating {
			return
		}
		switch {
		case *dst < 0 || *dst > maxTenths:
			v.Add(field, "exchange.validation.amount")
		case *dst == 0 && required:
			v.Add(field, "validation.required")
		}
	}
	text := func(dst, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	switch l.Kind {
	case KindSeeking:
		tenths(&l.EffortTenths, in.EffortTenths, "effort_tenths", true)
		for _, b := range []struct {
			dst   *int64
			src   *int64
			field string
		}{{&l.BudgetMinMinor, in.BudgetMinMinor, "budget_min_minor"}, {&l.BudgetMaxMinor, in.BudgetMaxMinor, "budget_max_minor"}} {
			if b.src != nil {
				*b.dst = *b.src
			}
			if *b.dst < 0 || *b.dst > maxMinor {
				v.Add(b.field, "exchange.validation.amount")
			}
		}
		if l.BudgetMinMinor > 0 && l.BudgetMaxMinor > 0 && l.BudgetMaxMinor < l.BudgetMinMinor {
			v.Add("budget_max_minor", "exchange.validation.max_below_min")
		}
		text(&l.Currency, in.Currency)
		l.Currency = strings.ToUpper(l.Currency)
		if l.BudgetMinMinor == 0 && l.BudgetMaxMinor == 0 {
			l.Currency = ""
		} else if l.Currency == "" {
			l.Currency = "EUR"
		}
		if l.Currency != "" && !currencyRe.MatchString(l.Currency) {
			v.Add("currency", "validation.choice")
		}
		text(&l.CustomerIndustry, in.CustomerIndustry)
		if l.CustomerIndustry != "" && !slices.Contains(partner.Industries, l.CustomerIndustry) {
			v.Add("customer_industry", "validation.choice")
		}
		text(&l.CustomerSize, in.CustomerSize)
		if l.CustomerSize != "" && !slices.Contains(partner.Sizes, l.CustomerSize) {
			v.Add("customer_size", "validation.choice")
		}
		v.TextInput(&l.customerName, in.CustomerName, apperr.Name, "customer_name", 200, false, creating)
		l.Skill, l.AmountTenths, l.Unit = "", 0, ""
	case KindOffering:
		v.TextInput(&l.Skill, in.Skill, apperr.Line, "skill", 200, true, creating)
		tenths(&l.AmountTenths, in.AmountTenths, "amount_tenths", true)
		text(&l.Unit, in.Unit)
		if in.Unit != nil || creating {
			if !slices.Contains(partner.ResourceUnits, l.Unit) {
				v.Add("unit", "validation.choice")
			}
		}
		l.EffortTenths, l.BudgetMinMinor, l.BudgetMaxMinor, l.Currency = 0, 0, 0, ""
		l.CustomerIndustry, l.CustomerSize, l.customerName = "", "", ""
	}
	if in.ExpiresOn != nil && strings.TrimSpace(*in.ExpiresOn) != "" {
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(*in.ExpiresOn))
		switch {
		case err != nil:
			v.Add("expires_on", "validation.date")
		case d.Before(Day(today)):
			v.Add("expires_on", "exchange.validation.expiry_past")
		case d.After(MaxExpiry(l.CreatedAt)):
			v.Add("expires_on", "exchange.validation.expiry_max", MaxExpiryDays)
		default:
			l.ExpiresOn = partner.Date{Time: d}
		}
	} else if creating {
		l.ExpiresOn = partner.Date{Time: DefaultExpiry(l.CreatedAt)}
	}
	return v.Err()
}

// searchText is what the text filter looks in, lower-cased in Go so that
// umlauts match on both engines.
func (l *Listing) searchText() string {
	return strings.ToLower(l.Title + "\n" + l.Description + "\n" + l.Skill)
}

// likePattern makes a LIKE pattern that finds text anywhere, with the
// wildcards in text escaped (ESCAPE '\').
func likePattern(text string) string {
	text = strings.ToLower(strings.TrimSpace(text))
	if text == "" {
		return ""
	}
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(text) + "%"
}

// checkMessage validates an answer's message.
func checkMessage(msg *string) error {
	var v apperr.Validation
	v.Text(msg, apperr.Paragraphs, "message", maxMessage, true)
	return v.Err()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
