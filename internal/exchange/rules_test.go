package exchange

import (
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/auth"
	"pakt/internal/partner"
)

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// 2026-11-23 is a Monday, 2026-11-24 a Tuesday.
func TestDigestDue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name, freq, now string
		last            *time.Time
		want            bool
	}{
		{"daily, never sent", FrequencyDaily, "2026-11-24 09:00", nil, true},
		{"daily, before the digest hour", FrequencyDaily, "2026-11-24 05:59", nil, false},
		{"daily, sent yesterday", FrequencyDaily, "2026-11-24 09:00", ptr(at("2026-11-23 09:00")), true},
		{"daily, sent today", FrequencyDaily, "2026-11-24 18:00", ptr(at("2026-11-24 06:01")), false},
		{"weekly on Monday, never sent", FrequencyWeekly, "2026-11-23 07:00", nil, true},
		{"weekly on Tuesday", FrequencyWeekly, "2026-11-24 09:00", nil, false},
		{"weekly on Monday, sent last Monday", FrequencyWeekly, "2026-11-23 07:00", ptr(at("2026-11-16 06:00")), true},
		{"weekly on Monday, sent this morning", FrequencyWeekly, "2026-11-23 20:00", ptr(at("2026-11-23 06:00")), false},
		{"off", FrequencyOff, "2026-11-23 09:00", nil, false},
		{"unknown", "hourly", "2026-11-23 09:00", nil, false},
	} {
		if _, got := DigestDue(c.freq, c.last, at(c.now)); got != c.want {
			t.Errorf("%s: DigestDue = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestDigestSince(t *testing.T) {
	t.Parallel()
	now := at("2026-11-23 09:00")
	if got := DigestSince(FrequencyDaily, nil, now); !got.Equal(at("2026-11-22 09:00")) {
		t.Errorf("first daily digest since %v, want a day back", got)
	}
	if got := DigestSince(FrequencyWeekly, nil, now); !got.Equal(at("2026-11-16 09:00")) {
		t.Errorf("first weekly digest since %v, want a week back", got)
	}
	last := at("2026-11-20 06:00")
	if got := DigestSince(FrequencyWeekly, &last, now); !got.Equal(last) {
		t.Errorf("digest since %v, want the last digest %v", got, last)
	}
}

func TestExpiry(t *testing.T) {
	t.Parallel()
	posted := at("2026-11-23 15:30")
	if got := DefaultExpiry(posted); !got.Equal(at("2026-12-23 00:00")) {
		t.Errorf("DefaultExpiry = %v, want 30 days on", got)
	}
	if got := MaxExpiry(posted); !got.Equal(at("2027-05-22 00:00")) {
		t.Errorf("MaxExpiry = %v, want 180 days on", got)
	}
	last := at("2026-12-23 00:00")
	if Expired(last, at("2026-12-23 23:59")) {
		t.Error("a listing expired on its last day")
	}
	if !Expired(last, at("2026-12-24 00:00")) {
		t.Error("a listing did not expire the day after its last day")
	}
}

func TestMatches(t *testing.T) {
	t.Parallel()
	if !Matches([]string{"vr", "azure"}, []string{"security", "azure"}) {
		t.Error("a shared topic did not match")
	}
	if Matches([]string{"vr"}, []string{"azure"}) || Matches([]string{"vr"}, nil) {
		t.Error("no shared topic matched")
	}
}

func TestAgreementLink(t *testing.T) {
	t.Parallel()
	got := AgreementLink("L1", "ORG-A", "ORG-B", "VR & Cloud: Schulung für Müller")
	want := "/agreements/new?listing=L1&parties=ORG-A,ORG-B&title=VR+%26+Cloud%3A+Schulung+f%C3%BCr+M%C3%BCller"
	if got != want {
		t.Errorf("AgreementLink = %q, want %q", got, want)
	}
}

func TestLikePattern(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"": "", "  Über ": "%über%", "50%_x": `%50\%\_x%`, `a\b`: `%a\\b%`} {
		if got := likePattern(in); got != want {
			t.Errorf("likePattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func fields(err error) map[string]string {
	out := map[string]string{}
	if e, ok := apperr.As(err); ok {
		for _, f := range e.Fields {
			out[f.Field] = f.Key
		}
	}
	return out
}

func TestApplyValidates(t *testing.T) {
	t.Parallel()
	today := at("2026-11-23 10:00")
	known := map[string]bool{"vr": true, "azure": true}
	seeking := func() ListingInput {
		return ListingInput{Kind: ptr(KindSeeking), Title: ptr("VR-Schulung"), Description: ptr("Wir suchen …"), Topics: &[]string{"vr"},
			Country: ptr("de"), From: ptr("2027-01-01"), To: ptr("2027-03-31"), EffortTenths: ptr(125)}
	}
	for _, c := range []struct {
		name   string
		change func(in *ListingInput)
		want   map[string]string
	}{
		{"complete", func(*ListingInput) {}, map[string]string{}},
		{"no kind", func(in *ListingInput) { in.Kind = ptr("selling") }, map[string]string{"kind": "validation.choice"}},
		{"no title", func(in *ListingInput) { in.Title = ptr("  ") }, map[string]string{"title": "validation.required"}},
		{"unknown topic", func(in *ListingInput) { in.Topics = &[]string{"vr", "cobol"} }, map[string]string{"topics": "validation.choice"}},
		{"no topic", func(in *ListingInput) { in.Topics = &[]string{} }, map[string]string{"topics": "validation.required"}},
		{"bad country", func(in *ListingInput) { in.Country = ptr("XX") }, map[string]string{"country": "validation.choice"}},
		{"end before start", func(in *ListingInput) { in.To = ptr("2026-12-01") }, map[string]string{"to": "exchange.validation.to_before_from"}},
		{"no effort", func(in *ListingInput) { in.EffortTenths = nil }, map[string]string{"effort_tenths": "validation.required"}},
		{"budget upside down", func(in *ListingInput) { in.BudgetMinMinor, in.BudgetMaxMinor = ptr(int64(500000)), ptr(int64(100000)) },
			map[string]string{"budget_max_minor": "exchange.validation.max_below_min"}},
		{"bad industry", func(in *ListingInput) { in.CustomerIndustry = ptr("mining") }, map[string]string{"customer_industry": "validation.choice"}},
		{"expiry too late", func(in *ListingInput) { in.ExpiresOn = ptr("2027-06-01") }, map[string]string{"expires_on": "exchange.validation.expiry_max"}},
		{"expiry past", func(in *ListingInput) { in.ExpiresOn = ptr("2026-11-01") }, map[string]string{"expires_on": "exchange.validation.expiry_past"}},
		{"offering without skill", func(in *ListingInput) { in.Kind, in.AmountTenths, in.Unit = ptr(KindOffering), ptr(50), ptr("days") },
			map[string]string{"skill": "validation.required"}},
		{"offering with a bad unit", func(in *ListingInput) {
			in.Kind, in.Skill, in.AmountTenths, in.Unit = ptr(KindOffering), ptr("Go"), ptr(50), ptr("hours")
		},
			map[string]string{"unit": "validation.choice"}},
	} {
		in := seeking()
		c.change(&in)
		l := &Listing{CreatedAt: today}
		got := fields(apply(l, in, known, true, today))
		if len(got) != len(c.want) {
			t.Errorf("%s: errors %v, want %v", c.name, got, c.want)
			continue
		}
		for f, k := range c.want {
			if got[f] != k {
				t.Errorf("%s: %s = %q, want %q", c.name, f, got[f], k)
			}
		}
	}
}

func TestApplyDefaultsAndClears(t *testing.T) {
	t.Parallel()
	today := at("2026-11-23 10:00")
	l := &Listing{CreatedAt: today}
	in := ListingInput{Kind: ptr(KindSeeking), Title: ptr("T"), Description: ptr("D"), Topics: &[]string{"vr", "vr"}, Country: ptr("at"),
		From: ptr("2027-01-01"), To: ptr("2027-01-31"), EffortTenths: ptr(10), BudgetMaxMinor: ptr(int64(2_000_000)), CustomerName: ptr(" Hofer AG ")}
	if err := apply(l, in, map[string]bool{"vr": true}, true, today); err != nil {
		t.Fatal(err)
	}
	if l.Country != "AT" || l.Currency != "EUR" || len(l.Topics) != 1 || l.customerName != "Hofer AG" || !l.ExpiresOn.Equal(DefaultExpiry(today)) {
		t.Errorf("got country %s, currency %s, topics %v, customer %q, expiry %v", l.Country, l.Currency, l.Topics, l.customerName, l.ExpiresOn)
	}
	// An offering keeps nothing of a customer.
	o := &Listing{CreatedAt: today}
	in.Kind, in.Skill, in.AmountTenths, in.Unit = ptr(KindOffering), ptr("Unity"), ptr(15), ptr("fte")
	if err := apply(o, in, map[string]bool{"vr": true}, true, today); err != nil {
		t.Fatal(err)
	}
	if o.customerName != "" || o.BudgetMaxMinor != 0 || o.EffortTenths != 0 || o.Currency != "" {
		t.Errorf("offering kept seeking fields: %+v", o)
	}
	// The kind is fixed.
	if got := fields(apply(l, ListingInput{Kind: ptr(KindOffering)}, nil, false, today)); got["kind"] != "exchange.validation.kind_fixed" {
		t.Errorf("changing the kind: %v", got)
	}
}

// The customer's name shows to the poster's organisation and staff, and to
// the accepted partner only after the reveal; others never see it or who
// was accepted.
func TestRedact(t *testing.T) {
	t.Parallel()
	now := at("2026-11-23 10:00")
	poster := &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "A"}
	member := &auth.Actor{Role: auth.RolePartnerMember, OrgID: "A"}
	winner := &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "B"}
	other := &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "C"}
	staff := &auth.Actor{Role: auth.RoleManager}
	mk := func(revealed bool) *Listing {
		l := &Listing{ID: "L", OrgID: "A", Title: "T", Status: StatusClosed, AcceptedAnswerID: "ans", AcceptedOrgID: "B",
			customerName: "Geheimkunde GmbH", ExpiresOn: partner.Date{Time: at("2026-12-31 00:00")}}
		if revealed {
			l.revealedAt = &now
		}
		return l
	}
	for _, c := range []struct {
		who      string
		a        *auth.Actor
		revealed bool
		customer bool
		accepted bool
	}{
		{"poster", poster, false, true, true},
		{"poster's member", member, false, true, true},
		{"staff", staff, false, true, true},
		{"winner before reveal", winner, false, false, true},
		{"winner after reveal", winner, true, true, true},
		{"other after reveal", other, true, false, false},
	} {
		l := mk(c.revealed)
		my := ""
		if c.a == winner {
			my = "ans"
		}
		redact(c.a, l, my, true, now)
		if got := l.CustomerName != ""; got != c.customer {
			t.Errorf("%s: sees the customer %v, want %v", c.who, got, c.customer)
		}
		if got := l.AcceptedOrgID != ""; got != c.accepted {
			t.Errorf("%s: sees who was accepted %v, want %v", c.who, got, c.accepted)
		}
		if wantLink := c.a == poster || c.a == winner; (l.AgreementLink != "") != wantLink {
			t.Errorf("%s: agreement link %q", c.who, l.AgreementLink)
		}
	}
}

func TestRights(t *testing.T) {
	t.Parallel()
	now := at("2026-11-23 10:00")
	open := &Listing{OrgID: "A", Status: StatusOpen, ExpiresOn: partner.Date{Time: at("2026-12-01 00:00")}}
	past := &Listing{OrgID: "A", Status: StatusOpen, ExpiresOn: partner.Date{Time: at("2026-11-22 00:00")}}
	for _, c := range []struct {
		name      string
		a         *auth.Actor
		l         *Listing
		my        string
		published bool
		want      Rights
	}{
		{"poster", &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "A"}, open, "", true, Rights{Manage: true, Close: true, SeeAnswers: true}},
		{"poster's member", &auth.Actor{Role: auth.RolePartnerMember, OrgID: "A"}, open, "", true, Rights{SeeAnswers: true}},
		{"published partner", &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "B"}, open, "", true, Rights{Answer: true}},
		{"published partner's member", &auth.Actor{Role: auth.RolePartnerMember, OrgID: "B"}, open, "", true, Rights{}},
		{"answered already", &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "B"}, open, "x", true, Rights{}},
		{"unpublished partner", &auth.Actor{Role: auth.RolePartnerAdmin, OrgID: "B"}, open, "", false, Rights{}},
		{"staff", &auth.Actor{Role: auth.RoleAdmin}, open, "", false, Rights{Close: true, SeeAnswers: true}},
		{"past its last day", &auth.Actor{Role: auth.RolePartnerMember, OrgID: "B"}, past, "", true, Rights{}},
	} {
		if got := rightsOf(c.a, c.l, c.my, c.published, now); got != c.want {
			t.Errorf("%s: rights %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestDigestText(t *testing.T) {
	t.Parallel()
	vr := &partner.Competency{ID: "c1", NameDE: "Virtuelle Realität", NameEN: "Virtual reality"}
	l := &Listing{ID: "L1", Kind: KindSeeking, Title: "VR-Schulung", OrgName: "Müller IT", Topics: []string{"c1"}, Country: "DE", Region: "Bayern",
		From: partner.Date{Time: at("2027-01-01 00:00")}, To: partner.Date{Time: at("2027-03-31 00:00")}, EffortTenths: 125}
	de := DigestText("de", "https://pakt.example", []*Listing{l}, map[string]*partner.Competency{"c1": vr})
	for _, want := range []string{"Partner gesucht: VR-Schulung", "Themen: Virtuelle Realität", "Bayern, Deutschland", "01.01.2027 – 31.03.2027",
		"12,5 Personentage", "von Müller IT", "https://pakt.example/exchange/L1"} {
		if !strings.Contains(de, want) {
			t.Errorf("German digest lacks %q:\n%s", want, de)
		}
	}
	en := DigestText("en", "", []*Listing{l}, map[string]*partner.Competency{"c1": vr})
	for _, want := range []string{"Partner sought: VR-Schulung", "Topics: Virtual reality", "Bayern, Germany", "12.5 person-days"} {
		if !strings.Contains(en, want) {
			t.Errorf("English digest lacks %q:\n%s", want, en)
		}
	}
}
