package incentive

import (
	"math/big"
	"slices"
	"strings"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/i18n"
)

// roundHalfUp returns num/den rounded half up, for num ≥ 0 and den > 0:
// ⌊(2·num + den) / (2·den)⌋, exact for any size.
func roundHalfUp(num, den *big.Int) *big.Int {
	n := new(big.Int).Lsh(num, 1)
	n.Add(n, den)
	d := new(big.Int).Lsh(den, 1)
	return n.Quo(n, d)
}

// part returns value × each factor / 10 000 per factor, rounded half up
// once on the exact product: value × split × rate / 10 000² is one
// rounding, not a rounded share rounded again.
func part(value int64, factors ...int) int64 {
	num := big.NewInt(value)
	den := big.NewInt(1)
	for _, f := range factors {
		num.Mul(num, big.NewInt(int64(f)))
		den.Mul(den, big.NewInt(Full))
	}
	return roundHalfUp(num, den).Int64()
}

// Computation is how one party's line comes about.
type Computation struct {
	Share, Base, Bonus, DealCap, QuarterCap, Amount int64
	Notes                                           []string
}

// Compute works out a party's line: its share of value by split, the base
// at the role's rate and the P2P bonus (deals of two or more parties) on
// that share, each rounded half up on the exact product; then the cap per
// deal on base + bonus, then the cap per quarter on what the partner has
// earned in the quarter before (earned). A cap takes from the bonus first
// (Line.PaidBonus). Caps of 0 do not apply. Nothing is ever negative.
func Compute(value int64, split int, rule *Rule, role string, parties int, earned int64) Computation {
	c := Computation{Share: part(value, split), Base: part(value, split, rule.Rates.For(role))}
	if parties >= 2 {
		c.Bonus = part(value, split, rule.P2PBonusBP)
	}
	sum := c.Base + c.Bonus
	if rule.CapDealMinor > 0 && sum > rule.CapDealMinor {
		c.DealCap = sum - rule.CapDealMinor
		sum = rule.CapDealMinor
		c.Notes = append(c.Notes, NoteDealCap)
	}
	if rule.CapQuarterMinor > 0 && sum > 0 {
		left := max(0, rule.CapQuarterMinor-earned)
		if sum > left {
			c.QuarterCap = sum - left
			sum = left
			if left == 0 {
				c.Notes = append(c.Notes, NoteQuarterCapReached)
			} else {
				c.Notes = append(c.Notes, NoteQuarterCap)
			}
		}
	}
	c.Amount = sum
	return c
}

// NotesOf returns a line's notes from what its caps took.
func NotesOf(l *Line) []string {
	notes := []string{}
	if l.DealCapMinor > 0 {
		notes = append(notes, NoteDealCap)
	}
	if l.QuarterCapMinor > 0 {
		if l.AmountMinor == 0 {
			notes = append(notes, NoteQuarterCapReached)
		} else {
			notes = append(notes, NoteQuarterCap)
		}
	}
	return notes
}

// applies reports whether r applies to a deal in cur won on the day.
func applies(r *Rule, cur string, day time.Time) bool {
	return r.Currency == cur && !day.Before(r.from) && (r.to.IsZero() || !day.After(r.to))
}

// overlaps reports whether the validity periods of a and b share a day.
func overlaps(a, b *Rule) bool {
	return (b.to.IsZero() || !a.from.After(b.to)) && (a.to.IsZero() || !b.from.After(a.to))
}

// ruleFor returns the rule of rules that applies to a deal in cur won on
// the day, or nil.
func ruleFor(rules []*Rule, cur string, day time.Time) *Rule {
	for _, r := range rules {
		if applies(r, cur, day) {
			return r
		}
	}
	return nil
}

// MaxMinor bounds amounts in minor units (a trillion units with cents),
// so that no product of the rules can overflow.
const MaxMinor int64 = 100_000_000_000_000

// check cleans and checks a rule's input and returns its days.
func check(in *RuleInput) (from, to time.Time, err error) {
	var v apperr.Validation
	v.Text(&in.Name, apperr.Name, "name", 200, true)
	in.Currency = strings.ToUpper(strings.TrimSpace(in.Currency))
	if !i18n.ValidCurrency(in.Currency) {
		v.Add("currency", "validation.currency")
	}
	bp := func(field string, n int) {
		if n < 0 || n > Full {
			v.Add(field, "validation.range", 0, Full)
		}
	}
	bp("rates.lead", in.Rates.Lead)
	bp("rates.delivery", in.Rates.Delivery)
	bp("rates.referral", in.Rates.Referral)
	bp("rates.reseller", in.Rates.Reseller)
	bp("p2p_bonus_bp", in.P2PBonusBP)
	for field, n := range map[string]int64{"cap_deal_minor": in.CapDealMinor, "cap_quarter_minor": in.CapQuarterMinor} {
		if n < 0 || n > MaxMinor {
			v.Add(field, "validation.range", 0, MaxMinor)
		}
	}
	from = v.Day("valid_from", in.ValidFrom, true)
	to = v.Day("valid_to", in.ValidTo, false)
	if !from.IsZero() {
		in.ValidFrom = from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		in.ValidTo = to.Format(time.DateOnly)
		if !from.IsZero() && to.Before(from) {
			v.Add("valid_to", "validation.to_before_from")
		}
	} else if !v.Has("valid_to") {
		in.ValidTo = ""
	}
	return from, to, v.Err()
}

// checkDeal checks what deal registration says of a won deal: a value
// that is no amount, an unknown currency, parties that are not one to
// each partner or whose splits do not sum to 100 % are its error, not
// the partners' loss.
func checkDeal(d WonDeal) error {
	var v apperr.Validation
	if strings.TrimSpace(d.ID) == "" {
		v.Add("id", "validation.required")
	}
	if d.Value < 0 || d.Value > MaxMinor {
		v.Add("value", "validation.range", 0, MaxMinor)
	}
	if !i18n.ValidCurrency(d.Currency) {
		v.Add("currency", "validation.currency")
	}
	if d.WonAt.IsZero() {
		v.Add("won_at", "validation.required")
	}
	sum, seen := 0, map[string]bool{}
	for _, p := range d.Parties {
		if p.OrgID == "" || seen[p.OrgID] || !slices.Contains(Roles, p.Role) || p.SplitBP < 0 || p.SplitBP > Full {
			v.Add("parties", "incentive.error.parties")
			return v.Err()
		}
		seen[p.OrgID] = true
		sum += p.SplitBP
	}
	if len(d.Parties) == 0 || sum != Full {
		v.Add("parties", "incentive.error.split_sum")
	}
	return v.Err()
}

// totals sums lines per currency, in the order of the currencies' codes.
func totals(lines []*Line) []Total {
	var out []Total
	for _, l := range lines {
		i := slices.IndexFunc(out, func(t Total) bool { return t.Currency == l.Currency })
		if i < 0 {
			out = append(out, Total{Currency: l.Currency})
			i = len(out) - 1
		}
		out[i].AmountMinor += l.AmountMinor
		out[i].BonusMinor += l.PaidBonus()
		out[i].Lines++
	}
	slices.SortFunc(out, func(a, b Total) int { return strings.Compare(a.Currency, b.Currency) })
	if out == nil {
		out = []Total{}
	}
	return out
}

// Money formats an amount in minor units of cur in lang, with the
// currency's decimal places and a non-breaking space before its code:
// "1.234,50 EUR", "1,234.50 EUR".
func Money(lang string, minor int64, cur string) string {
	return i18n.Amount(lang, minor, cur) + "\u00a0" + cur
}

// Percent formats basis points as a percentage in lang (i18n.Percent).
func Percent(lang string, bp int) string { return i18n.Percent(lang, bp) }

// parsePercent reads a percentage with at most two decimal places, with
// a comma or a point, an optional % sign, as basis points.
func parsePercent(s string) (int, bool) {
	if strings.TrimSpace(s) == "" {
		return 0, true
	}
	return i18n.ParsePercent(s)
}
