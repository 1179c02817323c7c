package agreement

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/apperr"
	"pakt/internal/i18n"
)

func TestParsePercent(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"60", 6000, true},
		{"40", 4000, true},
		{"33,33", 3333, true},
		{"33.33", 3333, true},
		{"12,5", 1250, true},
		{" 60 % ", 6000, true},
		{"0", 0, true},
		{"100", 10000, true},
		{"100,00", 10000, true},
		{"100,01", 0, false},
		{"101", 0, false},
		{"33,333", 0, false},
		{"-5", 0, false},
		{"abc", 0, false},
		{"", 0, false},
		{"5,", 0, false},
		{",5", 0, false},
		{"1.000", 0, false},
	} {
		got, ok := ParsePercent(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	for _, c := range []struct {
		bp       int
		de, en   string
		labelDE  string
		labelEN  string
		roundTrp bool
	}{
		{6000, "60", "60", "60 %", "60%", true},
		{3333, "33,33", "33.33", "33,33 %", "33.33%", true},
		{1250, "12,5", "12.5", "12,5 %", "12.5%", true},
		{5, "0,05", "0.05", "0,05 %", "0.05%", true},
		{0, "0", "0", "0 %", "0%", true},
	} {
		if got := FormatPercent("de", c.bp); got != c.de {
			t.Errorf("FormatPercent(de, %d) = %q, want %q", c.bp, got, c.de)
		}
		if got := FormatPercent("en", c.bp); got != c.en {
			t.Errorf("FormatPercent(en, %d) = %q, want %q", c.bp, got, c.en)
		}
		if got := PercentLabel("de", c.bp); got != c.labelDE {
			t.Errorf("PercentLabel(de, %d) = %q, want %q", c.bp, got, c.labelDE)
		}
		if got := PercentLabel("en", c.bp); got != c.labelEN {
			t.Errorf("PercentLabel(en, %d) = %q, want %q", c.bp, got, c.labelEN)
		}
		// What the form shows, it reads back.
		for _, lang := range i18n.Languages {
			if bp, ok := ParsePercent(FormatPercent(lang, c.bp)); !ok || bp != c.bp {
				t.Errorf("%s: %d → %q → %d, %v", lang, c.bp, FormatPercent(lang, c.bp), bp, ok)
			}
		}
	}
}

func TestEqualShares(t *testing.T) {
	for n, want := range map[int][]int{2: {5000, 5000}, 3: {3334, 3333, 3333}, 7: {1429, 1429, 1429, 1429, 1428, 1428, 1428}} {
		got := EqualShares(n)
		sum := 0
		for _, s := range got {
			sum += s
		}
		if !slices.Equal(got, want) || sum != FullShare {
			t.Errorf("EqualShares(%d) = %v (sum %d), want %v", n, got, sum, want)
		}
	}
}

func TestStatusOf(t *testing.T) {
	p := func(versions ...int) []*Party {
		var out []*Party
		for _, v := range versions {
			out = append(out, &Party{AcceptedVersion: v})
		}
		return out
	}
	for _, c := range []struct {
		name    string
		parties []*Party
		current int
		want    string
	}{
		{"nobody accepted", p(0, 0), 1, StatusDraft},
		{"nobody accepted a later version", p(0, 0), 4, StatusDraft},
		{"one of two accepted", p(2, 0), 2, StatusNegotiation},
		{"both accepted the latest", p(3, 3), 3, StatusInForce},
		{"both accepted, then a change", p(3, 3), 4, StatusNegotiation},
		{"different versions", p(3, 2), 3, StatusNegotiation},
		{"three parties, all latest", p(5, 5, 5), 5, StatusInForce},
	} {
		if got := StatusOf(c.parties, c.current); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
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

func TestCheckNormalises(t *testing.T) {
	parties := []string{"org-a", "org-b"}
	first := time.Date(2027, 1, 12, 9, 30, 45, 0, time.FixedZone("CET", 3600))
	c := &Content{Title: "  Projekt Müller ", Customer: "Stadtwerke Köln",
		Responsibilities: Responsibilities{LeadOrgID: "org-b", Parties: []PartyRole{{OrgID: "org-b", Role: " Generalunternehmer "}}},
		Costs:            Costs{Shares: []Share{{OrgID: "org-b", BP: 4000}, {OrgID: "org-a", BP: 6000}}, FollowUpShares: []Share{{OrgID: "org-a", BP: 0}}},
		Disputes:         Disputes{Steps: []string{" Projektleitung ", "", "Geschäftsführung"}},
		Checklist:        []ChecklistEntry{{Item: "gtm_budget", Status: ItemClarified, Note: "50:50"}},
		JourFixe:         JourFixe{Cadence: "biweekly", First: &first},
	}
	if err := Check(c, parties); err != nil {
		t.Fatalf("Check: %v", err)
	}
	if c.Title != "Projekt Müller" {
		t.Errorf("title not trimmed: %q", c.Title)
	}
	if got := c.Responsibilities.Parties; len(got) != 2 || got[0].OrgID != "org-a" || got[1].Role != "Generalunternehmer" {
		t.Errorf("roles in the parties' order: %+v", got)
	}
	if got := c.Costs.Shares; got[0] != (Share{"org-a", 6000}) || got[1] != (Share{"org-b", 4000}) {
		t.Errorf("shares in the parties' order: %+v", got)
	}
	if c.Costs.FollowUpShares != nil {
		t.Errorf("zero follow-up shares should be none: %+v", c.Costs.FollowUpShares)
	}
	if !slices.Equal(c.Disputes.Steps, []string{"Projektleitung", "Geschäftsführung"}) {
		t.Errorf("steps: %q", c.Disputes.Steps)
	}
	if len(c.Checklist) != len(ChecklistItems) || c.Checklist[0].Item != "lead" || c.Checklist[0].Status != ItemOpen ||
		c.Item("gtm_budget").Status != ItemClarified {
		t.Errorf("checklist: %+v", c.Checklist)
	}
	if want := time.Date(2027, 1, 12, 8, 30, 0, 0, time.UTC); !c.JourFixe.First.Equal(want) || c.JourFixe.First.Location() != time.UTC || c.JourFixe.Minutes != 60 {
		t.Errorf("jour fixe: %v, %d minutes; want %v, 60", c.JourFixe.First, c.JourFixe.Minutes, want)
	}

	// The same content checks the same: normal form is stable.
	again := Clone(c)
	if err := Check(again, parties); err != nil || !Same(again, c) {
		t.Errorf("checking twice changed the content: %v", err)
	}
}

func TestCheckNamesTheField(t *testing.T) {
	parties := []string{"org-a", "org-b"}
	base := func() *Content { return DefaultContent("Titel", "Kunde", parties, "", nil) }
	for _, c := range []struct {
		name   string
		change func(c *Content)
		field  string
		key    string
	}{
		{"shares below 100 %", func(c *Content) { c.Costs.Shares = []Share{{"org-a", 6000}, {"org-b", 3000}} }, "costs.shares", "agreement.shares_sum"},
		{"shares above 100 %", func(c *Content) { c.Costs.Shares = []Share{{"org-a", 6000}, {"org-b", 6000}} }, "costs.shares", "agreement.shares_sum"},
		{"a negative share", func(c *Content) { c.Costs.Shares = []Share{{"org-a", 11000}, {"org-b", -1000}} }, "costs.share.org-b", "agreement.share_range"},
		{"a share of a stranger", func(c *Content) { c.Costs.Shares = append(c.Costs.Shares, Share{"org-x", 0}) }, "costs.shares", "agreement.unknown_party"},
		{"follow-up shares not 100 %", func(c *Content) { c.Costs.FollowUpShares = []Share{{"org-a", 5000}} }, "costs.follow_up_shares", "agreement.shares_sum"},
		{"lead not a party", func(c *Content) { c.Responsibilities.LeadOrgID = "org-x" }, "responsibilities.lead_org_id", "agreement.lead_not_party"},
		{"no title", func(c *Content) { c.Title = " " }, "title", "validation.required"},
		{"no customer", func(c *Content) { c.Customer = "" }, "customer", "validation.required"},
		{"poaching months", func(c *Content) { c.Employees.MonthsAfter = 61 }, "employees.months_after", "validation.range"},
		{"confidentiality months", func(c *Content) { c.Confidentiality.Months = -1 }, "confidentiality.months", "validation.range"},
		{"checklist status", func(c *Content) { c.Checklist[2].Status = "maybe" }, "checklist.reward_split.status", "validation.choice"},
		{"checklist item", func(c *Content) { c.Checklist = append(c.Checklist, ChecklistEntry{Item: "coffee"}) }, "checklist", "agreement.unknown_item"},
		{"cadence", func(c *Content) { c.JourFixe.Cadence = "daily" }, "jour_fixe.cadence", "validation.choice"},
		{"jour fixe without start", func(c *Content) { c.JourFixe.Cadence = "weekly" }, "jour_fixe.first", "agreement.first_required"},
		{"too long a contribution", func(c *Content) { c.Responsibilities.Parties[1].Contribution = strings.Repeat("x", 4001) }, "responsibilities.contribution.org-b", "validation.too_long"},
	} {
		x := base()
		c.change(x)
		got := fields(Check(x, parties))
		if got[c.field] != c.key {
			t.Errorf("%s: errors %v, want %s on %s", c.name, got, c.key, c.field)
		}
	}
	if err := Check(base(), parties); err != nil {
		t.Errorf("the default content is invalid: %v", err)
	}
}

// The sum in the message reads as the reader writes numbers.
func TestSharesSumMessage(t *testing.T) {
	c := DefaultContent("T", "K", []string{"a", "b"}, "", []int{6000, 3050})
	e, _ := apperr.As(Check(c, []string{"a", "b"}))
	var f apperr.FieldError
	for _, x := range e.Fields {
		if x.Field == "costs.shares" {
			f = x
		}
	}
	if got := i18n.T("de", f.Key, f.Args...); got != "Die Anteile müssen zusammen 100 % ergeben; eingetragen sind 90,5 %." {
		t.Errorf("de: %q", got)
	}
	if got := i18n.T("en", f.Key, f.Args...); got != "The shares must add up to 100%; they add up to 90.5%." {
		t.Errorf("en: %q", got)
	}
}

func TestFieldsAreTranslated(t *testing.T) {
	parties := []string{"org-a", "org-b"}
	first := time.Date(2027, 1, 12, 8, 0, 0, 0, time.UTC)
	c := DefaultContent("Titel", "Kunde", parties, "", []int{6000, 4000})
	c.Costs.FollowUpShares = []Share{{"org-a", 5000}, {"org-b", 5000}}
	c.JourFixe = JourFixe{Cadence: "monthly", First: &first, Minutes: 45}
	names := map[string]string{"org-a": "Müller IT GmbH & Co. KG", "org-b": "Beta AG"}
	for _, lang := range i18n.Languages {
		fs := Fields(c, parties, names, lang, nil)
		keys := map[string]bool{}
		for _, f := range fs {
			if strings.HasPrefix(f.Label, "agreement.") || strings.HasPrefix(f.Value, "agreement.") || strings.Contains(f.Label, "%!") {
				t.Errorf("%s: %s is not translated: %q = %q", lang, f.Key, f.Label, f.Value)
			}
			if keys[f.Key] {
				t.Errorf("%s: key %s twice", lang, f.Key)
			}
			keys[f.Key] = true
		}
		for _, s := range Group(fs) {
			if i18n.T(lang, "agreement.section."+s.Name) == "agreement.section."+s.Name {
				t.Errorf("%s: section %s has no title", lang, s.Name)
			}
		}
		if len(Group(fs)) != len(Sections) {
			t.Errorf("%s: %d sections, want %d", lang, len(Group(fs)), len(Sections))
		}
	}
	for _, kind := range NoticeKinds {
		for _, lang := range i18n.Languages {
			for _, part := range []string{".subject", ".body"} {
				got := i18n.T(lang, kind+part, "Titel", "Wer", "3")
				if !i18n.Has(lang, kind+part) || strings.Contains(got, "%!") {
					t.Errorf("%s %s%s: %q", lang, kind, part, got)
				}
			}
		}
	}
	de := Fields(c, parties, names, "de", nil)
	byKey := map[string]string{}
	for _, f := range de {
		byKey[f.Key] = f.Label + ": " + f.Value
	}
	for key, want := range map[string]string{
		"costs.share.org-a":                   "Anteil von Müller IT GmbH & Co. KG: 60 %",
		"costs.follow_up_share.org-b":         "Anteil an Folgeaufträgen von Beta AG: 50 %",
		"responsibilities.lead_org_id":        "Federführung: Müller IT GmbH & Co. KG",
		"employees.months_after":              "Abwerbeverbot nach Projektende (Monate): 12 Monate",
		"confidentiality.months":              "Dauer der Vertraulichkeit: 36 Monate",
		"checklist.customer_protection":       "Kundenschutz und Kundenbeziehung nach dem Projekt: offen",
		"jour_fixe.first":                     "Erster Termin: 12.01.2027 09:00 MEZ",
		"communication.reference_consent":     "Referenzen nur mit Zustimmung aller Parteien: Ja",
		"jour_fixe.cadence":                   "Rhythmus: monatlich",
		"responsibilities.contribution.org-b": "Beitrag von Beta AG: ",
	} {
		if byKey[key] != want {
			t.Errorf("de %s = %q, want %q", key, byKey[key], want)
		}
	}
}

// The first jour fixe meeting is entered and shown as the programme zone's
// wall-clock time (Europe/Berlin) and kept in UTC.
func TestFirstMeetingInLocalTime(t *testing.T) {
	parties := []string{"org-a", "org-b"}
	for _, tc := range []struct {
		input string
		utc   time.Time
		de    string
		en    string
	}{
		{"2027-01-12T09:30", time.Date(2027, 1, 12, 8, 30, 0, 0, time.UTC), "12.01.2027 09:30 MEZ", "12 Jan 2027 09:30 CET"},
		{"2027-07-05T09:00", time.Date(2027, 7, 5, 7, 0, 0, 0, time.UTC), "05.07.2027 09:00 MESZ", "5 Jul 2027 09:00 CEST"},
		// Just after midnight local time is the day before in UTC.
		{"2027-03-01T00:30", time.Date(2027, 2, 28, 23, 30, 0, 0, time.UTC), "01.03.2027 00:30 MEZ", "1 Mar 2027 00:30 CET"},
	} {
		f := url.Values{"jour_fixe.cadence": {"weekly"}, "jour_fixe.first": {tc.input}}
		var v apperr.Validation
		c := contentFromForm(f, parties, nil, &v)
		if err := v.Err(); err != nil {
			t.Fatalf("%s: %v", tc.input, err)
		}
		if got := c.JourFixe.First; got == nil || !got.Equal(tc.utc) || got.Location() != time.UTC {
			t.Errorf("%s is stored as %v, want %v", tc.input, got, tc.utc)
			continue
		}
		if got := formValues(&c, parties, "de", nil).Get("jour_fixe.first"); got != tc.input {
			t.Errorf("%s: the form shows %q again", tc.input, got)
		}
		for lang, want := range map[string]string{"de": tc.de, "en": tc.en} {
			for _, fl := range Fields(&c, parties, nil, lang, nil) {
				if fl.Key == "jour_fixe.first" && fl.Value != want {
					t.Errorf("%s in %s reads %q, want %q", tc.input, lang, fl.Value, want)
				}
			}
		}
	}
	var v apperr.Validation
	contentFromForm(url.Values{"jour_fixe.first": {"12.01.2027 09:30"}}, parties, nil, &v)
	if fields(v.Err())["jour_fixe.first"] != "agreement.datetime" {
		t.Errorf("a malformed time: %v", v.Err())
	}
}

func TestCompare(t *testing.T) {
	parties := []string{"a", "b"}
	names := map[string]string{"a": "Alpha", "b": "Beta"}
	v1 := DefaultContent("Titel", "Kunde", parties, "", []int{6000, 4000})
	v2 := Clone(v1)
	v2.Confidentiality.Months = 24
	v2.Costs.Shares[0].BP, v2.Costs.Shares[1].BP = 5500, 4500
	v2.Costs.FollowUpShares = []Share{{"a", 5000}, {"b", 5000}}
	d := Compare(Fields(v1, parties, names, "en", nil), Fields(v2, parties, names, "en", nil))
	changed := map[string][2]string{}
	for _, x := range d {
		if x.Changed {
			changed[x.Key] = [2]string{x.A, x.B}
		}
	}
	want := map[string][2]string{
		"confidentiality.months":  {"36 months", "24 months"},
		"costs.share.a":           {"60%", "55%"},
		"costs.share.b":           {"40%", "45%"},
		"costs.follow_up_share.a": {"", "50%"},
		"costs.follow_up_share.b": {"", "50%"},
	}
	if len(changed) != len(want) {
		t.Errorf("changed %v, want %v", changed, want)
	}
	for k, w := range want {
		if changed[k] != w {
			t.Errorf("%s: %v, want %v", k, changed[k], w)
		}
	}
	// Sections stay together and in order.
	last := -1
	for _, x := range d {
		i := slices.Index(Sections, x.Section)
		if i < last {
			t.Fatalf("section %s after %s", x.Section, Sections[last])
		}
		last = i
	}
	// The other way round, the fields only the older version has are kept.
	back := Compare(Fields(v2, parties, names, "en", nil), Fields(v1, parties, names, "en", nil))
	n := 0
	for _, x := range back {
		if x.Key == "costs.follow_up_share.a" && x.A == "50%" && x.B == "" && x.Changed {
			n++
		}
	}
	if n != 1 {
		t.Errorf("a field removed in the newer version is not shown as changed: %+v", back)
	}
}

func TestFilename(t *testing.T) {
	for _, c := range []struct{ title, want string }{
		{"Müller & Söhne: Großprojekt", "Mueller-Soehne-Grossprojekt-v3.pdf"},
		{"Café Crème / ÄÖÜ", "Cafe-Creme-AeOeUe-v3.pdf"},
		{"  ", "agreement-v3.pdf"},
		{"日本", "agreement-v3.pdf"},
		{`"quoted"; rm -rf /`, "quoted-rm-rf-v3.pdf"},
	} {
		if got := Filename(c.title, 3, "pdf"); got != c.want {
			t.Errorf("Filename(%q) = %q, want %q", c.title, got, c.want)
		}
	}
	long := Filename(strings.Repeat("Abc ", 50), 1, "md")
	if len(long) > 90 {
		t.Errorf("long title gives %d characters: %s", len(long), long)
	}
}

func TestEmptySectionsWarnsOfRulesLeftBlank(t *testing.T) {
	full := Content{
		Understanding:    Understanding{Goals: "Gemeinsam VR-Schulungen anbieten"},
		Communication:    Communication{Bilateral: "Wöchentlich"},
		Responsibilities: Responsibilities{Parties: []PartyRole{{OrgID: "a", Role: "Lead"}}},
		Disputes:         Disputes{Steps: []string{"Projektleitung", "Geschäftsführung"}},
		Confidentiality:  Confidentiality{Scope: "Kundendaten"},
	}
	for _, c := range []struct {
		name   string
		change func(*Content)
		want   []string
	}{
		{"nothing blank", func(*Content) {}, nil},
		{"blanks are blank", func(c *Content) { c.Understanding = Understanding{Goals: "  ", Scope: "\n"} }, []string{"understanding"}},
		{"a contact alone fills disputes", func(c *Content) {
			c.Disputes = Disputes{Steps: []string{""}, Contacts: []PartyText{{OrgID: "a", Text: "Frau Berg"}}}
		}, nil},
		{"parties without roles", func(c *Content) {
			c.Responsibilities.Parties = []PartyRole{{OrgID: "a"}, {OrgID: "b"}}
			c.Confidentiality.Scope = ""
		}, []string{"responsibilities", "confidentiality"}},
		{"all blank", func(c *Content) { *c = Content{} }, []string{"understanding", "communication", "responsibilities", "disputes", "confidentiality"}},
	} {
		content := full
		c.change(&content)
		if got := EmptySections(&content); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
