package fees

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
)

var pipeline = []string{"identified", "qualified", "first_contact", "clevel_meeting", "business_case", "contract", "onboarding", "won"}

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// at is noon of a day in UTC, which is the same day in Berlin.
func at(s string) time.Time { return date(s).Add(12 * time.Hour) }

func rule(version int, from, stage string, stageFee, wonFee int64, clawback int) *Rule {
	return &Rule{Version: version, RuleInput: RuleInput{Currency: "EUR", Stage: stage, StageFeeMinor: stageFee, WonFeeMinor: wonFee,
		ClawbackMonths: clawback, ValidFrom: from}, from: date(from)}
}

// describe writes lines as "kind prospect day amount vN" for comparison.
func describe(lines []*Line) string {
	var out []string
	for _, l := range lines {
		out = append(out, fmt.Sprintf("%s %s %s %d v%d", l.Kind, l.Prospect, l.On, l.AmountMinor, l.RuleVersion))
	}
	return strings.Join(out, "; ")
}

func TestCompute(t *testing.T) {
	v1 := rule(1, "2026-01-01", "qualified", 20_000, 150_000, 3)
	noClawback := rule(1, "2026-01-01", "", 0, 150_000, 0)
	wonOnly := rule(1, "2026-01-01", "", 0, 150_000, 3)
	raised := rule(2, "2026-03-15", "qualified", 30_000, 200_000, 3)
	later := rule(2, "2026-03-15", "business_case", 50_000, 150_000, 3)
	e := func(org, stage, when string) Entry {
		return Entry{OrgID: org, Name: strings.ToUpper(org), Stage: stage, At: at(when)}
	}
	cases := []struct {
		name     string
		entries  []Entry
		rules    []*Rule
		wins     map[string]time.Time
		from, to string
		today    string
		want     string
	}{
		{name: "a stage fee when the named stage is reached",
			entries: []Entry{e("a", "identified", "2026-02-01"), e("a", "qualified", "2026-02-10")}, rules: []*Rule{v1},
			from: "2026-02-01", to: "2026-03-01", today: "2026-12-01", want: "stage A 2026-02-10 20000 v1"},
		{name: "nothing outside the period",
			entries: []Entry{e("a", "identified", "2026-02-01"), e("a", "qualified", "2026-02-10")}, rules: []*Rule{v1},
			from: "2026-03-01", to: "2026-04-01", today: "2026-12-01", want: ""},
		{name: "nothing before the first rule",
			entries: []Entry{e("a", "identified", "2025-12-01"), e("a", "qualified", "2025-12-10")}, rules: []*Rule{v1},
			from: "2025-12-01", to: "2026-01-01", today: "2026-12-01", want: ""},
		{name: "a skipped stage is reached by a later one",
			entries: []Entry{e("a", "identified", "2026-02-01"), e("a", "contract", "2026-02-12")}, rules: []*Rule{v1},
			from: "2026-02-01", to: "2026-03-01", today: "2026-12-01", want: "stage A 2026-02-12 20000 v1"},
		{name: "lost reaches nothing",
			entries: []Entry{e("a", "identified", "2026-02-01"), e("a", "lost", "2026-02-12")}, rules: []*Rule{v1},
			from: "2026-02-01", to: "2026-03-01", today: "2026-12-01", want: ""},
		{name: "a prospect that re-enters the stage is paid once",
			entries: []Entry{e("a", "identified", "2026-02-01"), e("a", "qualified", "2026-02-03"), e("a", "identified", "2026-02-05"),
				e("a", "qualified", "2026-02-07"), e("a", "first_contact", "2026-02-09"), e("a", "qualified", "2026-02-11")},
			rules: []*Rule{v1}, from: "2026-02-01", to: "2026-03-01", today: "2026-12-01", want: "stage A 2026-02-03 20000 v1"},
		{name: "reached before a rule existed is not paid on re-entry",
			entries: []Entry{e("a", "qualified", "2025-12-03"), e("a", "identified", "2026-01-05"), e("a", "qualified", "2026-01-07")},
			rules:   []*Rule{v1}, from: "2026-01-01", to: "2026-02-01", today: "2026-12-01", want: ""},
		{name: "a won fee and a stage fee of one prospect",
			entries: []Entry{e("a", "qualified", "2026-02-01"), e("a", "won", "2026-02-20")}, rules: []*Rule{v1},
			wins: map[string]time.Time{"a": at("2026-04-01")},
			from: "2026-02-01", to: "2026-03-01", today: "2026-12-01", want: "stage A 2026-02-01 20000 v1; won A 2026-02-20 150000 v1"},
		{name: "a first deal within the months keeps the won fee",
			entries: []Entry{e("a", "won", "2026-02-20")}, rules: []*Rule{wonOnly}, wins: map[string]time.Time{"a": at("2026-05-19")},
			from: "2026-02-01", to: "2026-12-01", today: "2026-12-01", want: "won A 2026-02-20 150000 v1"},
		{name: "a first deal after the months claws the won fee back when the window ends",
			entries: []Entry{e("a", "won", "2026-02-20")}, rules: []*Rule{wonOnly}, wins: map[string]time.Time{"a": at("2026-05-20")},
			from: "2026-02-01", to: "2026-12-01", today: "2026-12-01", want: "won A 2026-02-20 150000 v1; clawback A 2026-05-20 -150000 v1"},
		{name: "no deal at all: the clawback falls in the month it falls due",
			entries: []Entry{e("a", "won", "2026-02-20")}, rules: []*Rule{wonOnly},
			from: "2026-05-01", to: "2026-06-01", today: "2026-12-01", want: "clawback A 2026-05-20 -150000 v1"},
		{name: "a clawback not yet due is not listed",
			entries: []Entry{e("a", "won", "2026-02-20")}, rules: []*Rule{v1},
			from: "2026-05-01", to: "2026-06-01", today: "2026-05-19", want: ""},
		{name: "the window ends on the month's last day",
			entries: []Entry{e("a", "won", "2026-11-30")}, rules: []*Rule{wonOnly},
			from: "2027-02-01", to: "2027-03-01", today: "2027-12-01", want: "clawback A 2027-02-28 -150000 v1"},
		{name: "no clawback when the rule has none",
			entries: []Entry{e("a", "won", "2026-02-20")}, rules: []*Rule{noClawback},
			from: "2026-01-01", to: "2027-01-01", today: "2027-12-01", want: "won A 2026-02-20 150000 v1"},
		{name: "a prospect won twice is paid once",
			entries: []Entry{e("a", "won", "2026-02-20"), e("a", "onboarding", "2026-02-21"), e("a", "won", "2026-02-22")}, rules: []*Rule{noClawback},
			from: "2026-01-01", to: "2027-01-01", today: "2027-12-01", want: "won A 2026-02-20 150000 v1"},
		{name: "a rule changed mid-month prices each day by the version in force",
			entries: []Entry{e("a", "qualified", "2026-03-14"), e("b", "qualified", "2026-03-15"), e("a", "won", "2026-03-14"), e("b", "won", "2026-03-20")},
			rules:   []*Rule{v1, raised}, wins: map[string]time.Time{"a": at("2026-04-01"), "b": at("2026-04-01")},
			from: "2026-03-01", to: "2026-04-01", today: "2026-12-01",
			want: "stage A 2026-03-14 20000 v1; won A 2026-03-14 150000 v1; stage B 2026-03-15 30000 v2; won B 2026-03-20 200000 v2"},
		{name: "a clawback takes back what the win was paid, not today's fee",
			entries: []Entry{e("a", "won", "2026-03-10")}, rules: []*Rule{wonOnly, raised},
			from: "2026-06-01", to: "2026-07-01", today: "2026-12-01", want: "clawback A 2026-06-10 -150000 v1"},
		{name: "a new named stage pays no prospect twice",
			entries: []Entry{e("a", "qualified", "2026-03-01"), e("a", "business_case", "2026-03-20"), e("b", "business_case", "2026-03-21")},
			rules:   []*Rule{v1, later}, from: "2026-03-01", to: "2026-04-01", today: "2026-12-01",
			want: "stage A 2026-03-01 20000 v1; stage B 2026-03-21 50000 v2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Compute(Input{Entries: c.entries, Rules: c.rules, FirstWins: c.wins, Pipeline: pipeline,
				From: date(c.from), To: date(c.to), Today: date(c.today), Zone: time.UTC})
			if d := describe(got); d != c.want {
				t.Errorf("got  %s\nwant %s", d, c.want)
			}
		})
	}
}

// The version in force on a day is the one with the latest first day not
// after it; a later version of the same first day replaces an earlier one.
func TestRuleOn(t *testing.T) {
	a, b, c := rule(1, "2026-01-01", "", 0, 1, 0), rule(2, "2026-03-01", "", 0, 2, 0), rule(3, "2026-03-01", "", 0, 3, 0)
	rules := []*Rule{c, a, b}
	for _, x := range []struct {
		day  string
		want *Rule
	}{{"2025-12-31", nil}, {"2026-01-01", a}, {"2026-02-28", a}, {"2026-03-01", c}, {"2027-01-01", c}} {
		if got := ruleOn(rules, date(x.day)); got != x.want {
			t.Errorf("ruleOn(%s) = %v, want %v", x.day, got, x.want)
		}
	}
}

func TestTotals(t *testing.T) {
	lines := []*Line{{AmountMinor: 150_000, Currency: "EUR"}, {AmountMinor: -150_000, Currency: "EUR"}, {AmountMinor: 20_000, Currency: "EUR"},
		{AmountMinor: 5_000, Currency: "CHF"}}
	got := totals(lines)
	if len(got) != 2 || got[0] != (Total{"CHF", 5_000, 1}) || got[1] != (Total{"EUR", 20_000, 3}) {
		t.Errorf("totals = %+v", got)
	}
	if got := totals(nil); got == nil || len(got) != 0 {
		t.Errorf("no lines: %#v, want an empty list", got)
	}
}

// A rule is refused with the field named: an unknown stage, a stage fee
// without a stage, negative fees, too long a clawback, a first day in the
// past.
func TestCheck(t *testing.T) {
	today := date("2026-12-07")
	ok := RuleInput{Currency: " eur ", Stage: "qualified", StageFeeMinor: 100, WonFeeMinor: 1000, ClawbackMonths: 6, ValidFrom: "2026-12-07"}
	from, err := check(&ok, Payable(pipeline), today)
	if err != nil || !from.Equal(today) || ok.Currency != "EUR" {
		t.Fatalf("a good rule: %v %v %q", from, err, ok.Currency)
	}
	for _, c := range []struct {
		field string
		edit  func(*RuleInput)
	}{
		{"stage", func(in *RuleInput) { in.Stage = "won" }},
		{"stage", func(in *RuleInput) { in.Stage = "" }},
		{"currency", func(in *RuleInput) { in.Currency = "EURO" }},
		{"stage_fee_minor", func(in *RuleInput) { in.StageFeeMinor = -1 }},
		{"won_fee_minor", func(in *RuleInput) { in.WonFeeMinor = MaxMinor + 1 }},
		{"clawback_months", func(in *RuleInput) { in.ClawbackMonths = 61 }},
		{"valid_from", func(in *RuleInput) { in.ValidFrom = "2026-12-06" }},
		{"valid_from", func(in *RuleInput) { in.ValidFrom = "" }},
	} {
		in := ok
		c.edit(&in)
		_, err := check(&in, Payable(pipeline), today)
		e, isErr := apperr.As(err)
		if !isErr || len(e.Fields) != 1 || e.Fields[0].Field != c.field {
			t.Errorf("%s: %v", c.field, err)
		}
	}
	// A rule that pays no stage fee needs no stage.
	none := ok
	none.Stage, none.StageFeeMinor = "", 0
	if _, err := check(&none, Payable(pipeline), today); err != nil {
		t.Errorf("no stage fee: %v", err)
	}
}

func TestAddMonthsAndParseMonth(t *testing.T) {
	for _, c := range [][3]string{{"2026-01-31", "1", "2026-02-28"}, {"2024-01-31", "1", "2024-02-29"}, {"2026-02-20", "3", "2026-05-20"}, {"2026-11-15", "2", "2027-01-15"}} {
		n := int(c[1][0] - '0')
		if got := AddMonths(date(c[0]), n).Format(time.DateOnly); got != c[2] {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", c[0], n, got, c[2])
		}
	}
	if m, ok := ParseMonth("2026-12"); !ok || m.Format(time.DateOnly) != "2026-12-01" {
		t.Errorf("ParseMonth: %v %v", m, ok)
	}
	for _, s := range []string{"2026-13", "2026-1", "2026-12-01", ""} {
		if _, ok := ParseMonth(s); ok {
			t.Errorf("ParseMonth(%q) accepted", s)
		}
	}
}

// The terms read as a sentence, the months in the right number.
func TestTerms(t *testing.T) {
	f := format{"de"}
	for _, c := range []struct {
		r    *Rule
		want string
	}{
		{nil, "Keine Konditionen festgelegt"},
		{rule(1, "2026-01-01", "", 0, 0, 0), "Zahlt nichts."},
		{rule(1, "2026-01-01", "qualified", 25_000, 150_000, 1), "250,00 EUR je Interessent, der zum ersten Mal „Qualifiziert“ erreicht. " +
			"1.500,00 EUR je gewonnenem Partner, zurückgefordert ohne erstes Geschäft innerhalb eines Monats."},
		{rule(1, "2026-01-01", "", 0, 150_000, 6), "1.500,00 EUR je gewonnenem Partner, zurückgefordert ohne erstes Geschäft innerhalb von 6 Monaten."},
		{rule(1, "2026-01-01", "", 0, 150_000, 0), "1.500,00 EUR je gewonnenem Partner."},
	} {
		if got := f.Terms(c.r); got != c.want {
			t.Errorf("got  %q\nwant %q", got, c.want)
		}
	}
}
