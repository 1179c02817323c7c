package incentive

import (
	"slices"
	"testing"
	"time"

	"pakt/internal/apperr"
)

// Each amount is rounded half up once, on the exact product: half a cent
// and more goes up, less goes down, and nothing is ever negative.
func TestPartRoundsHalfUp(t *testing.T) {
	for _, c := range []struct {
		value   int64
		factors []int
		want    int64
	}{
		{1, []int{5000}, 1},                 // 0.5 → 1
		{3, []int{5000}, 2},                 // 1.5 → 2
		{5, []int{5000}, 3},                 // 2.5 → 3 (half up, not to even)
		{1, []int{4999}, 0},                 // 0.4999 → 0
		{1, []int{5001}, 1},                 // 0.5001 → 1
		{10, []int{6000, 2500}, 2},          // 1.5 → 2: one rounding, not 6 × 25 % = 1.5 → 2 by chance
		{1, []int{5000, 5000}, 0},           // 0.25 → 0, though the rounded share (1) × 50 % would give 1
		{3, []int{5000, 5000}, 1},           // 0.75 → 1
		{100_001, []int{10_000, 500}, 5000}, // 5000.05 → 5000
		{100_010, []int{10_000, 500}, 5001}, // 5000.5 → 5001
		{0, []int{10_000, 500}, 0},
		{MaxMinor, []int{10_000, 10_000}, MaxMinor}, // no overflow at the largest amount
		{MaxMinor, []int{3333, 7777}, 25_920_741_000_000},
	} {
		if got := part(c.value, c.factors...); got != c.want {
			t.Errorf("part(%d, %v) = %d, want %d", c.value, c.factors, got, c.want)
		}
	}
}

func testRule() *Rule {
	return &Rule{RuleInput: RuleInput{Currency: "EUR", Rates: Rates{Lead: 500, Delivery: 300, Referral: 1000, Reseller: 0}, P2PBonusBP: 200}}
}

// A party's share, base and P2P bonus; the bonus only for deals of two or
// more parties.
func TestComputeBonusOnlyForTwoOrMore(t *testing.T) {
	r := testRule()
	// 100 000,00 EUR, 60 % for the lead: share 60 000,00, 5 % base 3 000,00,
	// 2 % bonus 1 200,00.
	c := Compute(10_000_000, 6000, r, RoleLead, 2, 0)
	if c.Share != 6_000_000 || c.Base != 300_000 || c.Bonus != 120_000 || c.Amount != 420_000 || len(c.Notes) != 0 {
		t.Errorf("two parties: %+v", c)
	}
	c = Compute(10_000_000, 10_000, r, RoleLead, 1, 0)
	if c.Bonus != 0 || c.Amount != 500_000 {
		t.Errorf("one party earns no bonus: %+v", c)
	}
	c = Compute(10_000_000, 4000, r, RoleReseller, 3, 0)
	if c.Base != 0 || c.Bonus != 80_000 || c.Amount != 80_000 {
		t.Errorf("a role at 0 %% still gets the bonus: %+v", c)
	}
}

// The cap per deal limits base + bonus and takes from the bonus first.
func TestComputeDealCap(t *testing.T) {
	r := testRule()
	r.CapDealMinor = 400_000
	for _, c := range []struct {
		name                     string
		value                    int64
		wantAmount, wantCut      int64
		wantBonusPaid, wantNotes int
	}{
		{"below", 5_000_000, 210_000, 0, 60_000, 0},       // 150 000 + 60 000
		{"exactly at", 9_523_810, 400_000, 0, 114_286, 0}, // 285 714,30 + 114 285,72 → 285 714 + 114 286 = 400 000
		{"above", 10_000_000, 400_000, 20_000, 100_000, 1},
		{"far above, bonus gone, base cut", 20_000_000, 400_000, 440_000, 0, 1},
	} {
		got := Compute(c.value, 6000, r, RoleLead, 2, 0)
		l := &Line{BonusMinor: got.Bonus, DealCapMinor: got.DealCap, AmountMinor: got.Amount}
		if got.Amount != c.wantAmount || got.DealCap != c.wantCut || l.PaidBonus() != int64(c.wantBonusPaid) || len(got.Notes) != c.wantNotes {
			t.Errorf("%s: %+v, paid bonus %d", c.name, got, l.PaidBonus())
		}
		if l.PaidBase()+l.PaidBonus() != got.Amount || l.PaidBase() < 0 {
			t.Errorf("%s: base %d + bonus %d is not the amount %d", c.name, l.PaidBase(), l.PaidBonus(), got.Amount)
		}
	}
}

// The cap per quarter: the line that crosses it is cut to what is left,
// a line exactly at it is whole, lines after it pay 0 with a note.
func TestComputeQuarterCap(t *testing.T) {
	r := testRule()
	r.CapQuarterMinor = 1_000_000
	for _, c := range []struct {
		name        string
		earned      int64
		wantAmount  int64
		wantCut     int64
		wantNotes   []string
		wantPaidBon int64
	}{
		{"before", 0, 500_000, 0, nil, 0},
		{"exactly at", 500_000, 500_000, 0, nil, 0},
		{"crossing", 700_000, 300_000, 200_000, []string{NoteQuarterCap}, 0},
		{"reached", 1_000_000, 0, 500_000, []string{NoteQuarterCapReached}, 0},
		{"after", 1_200_000, 0, 500_000, []string{NoteQuarterCapReached}, 0},
	} {
		got := Compute(10_000_000, 10_000, r, RoleLead, 1, c.earned)
		if got.Amount != c.wantAmount || got.QuarterCap != c.wantCut || !slices.Equal(got.Notes, c.wantNotes) {
			t.Errorf("%s: %+v", c.name, got)
		}
		l := &Line{QuarterCapMinor: got.QuarterCap, AmountMinor: got.Amount}
		if !slices.Equal(NotesOf(l), append([]string{}, c.wantNotes...)) {
			t.Errorf("%s: notes read back %v, want %v", c.name, NotesOf(l), c.wantNotes)
		}
	}
	// Both caps: the deal cap first, then the quarter's on what is left.
	r.CapDealMinor = 400_000
	got := Compute(10_000_000, 10_000, r, RoleLead, 2, 800_000)
	if got.DealCap != 300_000 || got.QuarterCap != 200_000 || got.Amount != 200_000 || !slices.Equal(got.Notes, []string{NoteDealCap, NoteQuarterCap}) {
		t.Errorf("both caps: %+v", got)
	}
}

func rule(cur, from, to string) *Rule {
	r := &Rule{RuleInput: RuleInput{Currency: cur, ValidFrom: from, ValidTo: to}}
	r.from, _ = time.Parse(time.DateOnly, from)
	if to != "" {
		r.to, _ = time.Parse(time.DateOnly, to)
	}
	return r
}

// Validity periods overlap when they share a day; an open end overlaps
// everything after its start.
func TestOverlaps(t *testing.T) {
	for _, c := range []struct {
		a, b *Rule
		want bool
	}{
		{rule("EUR", "2026-01-01", "2026-06-30"), rule("EUR", "2026-07-01", "2026-12-31"), false},
		{rule("EUR", "2026-01-01", "2026-07-01"), rule("EUR", "2026-07-01", "2026-12-31"), true},
		{rule("EUR", "2026-01-01", ""), rule("EUR", "2030-01-01", "2030-12-31"), true},
		{rule("EUR", "2026-01-01", "2026-12-31"), rule("EUR", "2025-01-01", ""), true},
		{rule("EUR", "2027-01-01", ""), rule("EUR", "2025-01-01", "2026-12-31"), false},
		{rule("EUR", "2026-03-01", "2026-03-31"), rule("EUR", "2026-01-01", "2026-12-31"), true},
	} {
		if got := overlaps(c.a, c.b); got != c.want {
			t.Errorf("overlaps(%s–%s, %s–%s) = %v", c.a.ValidFrom, c.a.ValidTo, c.b.ValidFrom, c.b.ValidTo, got)
		}
		if got := overlaps(c.b, c.a); got != c.want {
			t.Errorf("overlaps is not symmetric for %s–%s, %s–%s", c.a.ValidFrom, c.a.ValidTo, c.b.ValidFrom, c.b.ValidTo)
		}
	}
	rules := []*Rule{rule("EUR", "2026-01-01", "2026-06-30"), rule("EUR", "2026-07-01", ""), rule("CHF", "2026-01-01", "2026-12-31")}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	if r := ruleFor(rules, "EUR", day("2026-06-30")); r != rules[0] {
		t.Errorf("EUR on the last day of the first rule: %v", r)
	}
	if r := ruleFor(rules, "EUR", day("2031-01-01")); r != rules[1] {
		t.Errorf("EUR long after: %v", r)
	}
	if r := ruleFor(rules, "CHF", day("2027-01-01")); r != nil {
		t.Errorf("CHF after its rule ended: %v", r)
	}
	if r := ruleFor(rules, "USD", day("2026-05-01")); r != nil {
		t.Errorf("USD without a rule: %v", r)
	}
}

// Amounts and rates as people read and type them.
func TestFormats(t *testing.T) {
	for _, c := range []struct{ lang, want string }{{"de", "1.234.567,05\u00a0EUR"}, {"en", "1,234,567.05\u00a0EUR"}} {
		if got := Money(c.lang, 123_456_705, "EUR"); got != c.want {
			t.Errorf("Money %s = %q, want %q", c.lang, got, c.want)
		}
	}
	if got := Money("de", 1234, "JPY"); got != "1.234\u00a0JPY" {
		t.Errorf("yen have no minor unit: %q", got)
	}
	if got := Percent("de", 250); got != "2,5\u00a0%" {
		t.Errorf("Percent de = %q", got)
	}
	if got := Percent("en", 1025); got != "10.25%" {
		t.Errorf("Percent en = %q", got)
	}
	for s, want := range map[string]int{"5": 500, "2,5": 250, "2.25 %": 225, "": 0, "100": 10_000} {
		if got, ok := parsePercent(s); !ok || got != want {
			t.Errorf("parsePercent(%q) = %d, %v", s, got, ok)
		}
	}
	for _, s := range []string{"2,555", "-1", "101", "abc", "1e2"} {
		if _, ok := parsePercent(s); ok {
			t.Errorf("parsePercent(%q) accepted", s)
		}
	}
}

// A won deal that deal registration describes wrongly is refused, naming
// the field.
func TestCheckDeal(t *testing.T) {
	ok := WonDeal{ID: "d", Customer: "K", Value: 100, Currency: "EUR", WonAt: time.Now(),
		Parties: []Party{{OrgID: "a", Role: RoleLead, SplitBP: 6000}, {OrgID: "b", Role: RoleDelivery, SplitBP: 4000}}}
	if err := checkDeal(ok); err != nil {
		t.Fatal(err)
	}
	for field, change := range map[string]func(d *WonDeal){
		"value":    func(d *WonDeal) { d.Value = -1 },
		"currency": func(d *WonDeal) { d.Currency = "eur" },
		"parties":  func(d *WonDeal) { d.Parties[1].SplitBP = 3000 },
		"id":       func(d *WonDeal) { d.ID = " " },
	} {
		d := ok
		d.Parties = slices.Clone(ok.Parties)
		change(&d)
		e, isApp := apperr.As(checkDeal(d))
		if !isApp || len(e.Fields) == 0 || e.Fields[0].Field != field {
			t.Errorf("%s: %v", field, checkDeal(d))
		}
	}
	twice := ok
	twice.Parties = []Party{{OrgID: "a", Role: RoleLead, SplitBP: 5000}, {OrgID: "a", Role: RoleReseller, SplitBP: 5000}}
	if checkDeal(twice) == nil {
		t.Error("a partner twice in one deal accepted")
	}
}

// A statement's total is the sum of its lines, per currency.
func TestTotals(t *testing.T) {
	lines := []*Line{{Currency: "EUR", AmountMinor: 101, BonusMinor: 20}, {Currency: "CHF", AmountMinor: 5}, {Currency: "EUR", AmountMinor: 202, BonusMinor: 30, DealCapMinor: 10}}
	got := totals(lines)
	want := []Total{{Currency: "CHF", AmountMinor: 5, Lines: 1}, {Currency: "EUR", AmountMinor: 303, BonusMinor: 40, Lines: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("totals = %+v, want %+v", got, want)
	}
}
