package concierge

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"pakt/internal/geo"
	"pakt/internal/partner"
)

func date(s string) partner.Date {
	d, err := partner.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// order is the name order the directory gives its facts.
var order = []string{"Alpha GmbH", "Ärger AG", "Beta GmbH", "Gamma GmbH", "Gleich GmbH", "Zeta GmbH"}

func fact(id, name string, mod ...func(*partner.MatchFact)) partner.MatchFact {
	f := partner.MatchFact{ID: id, Name: name, Country: "DE", Order: int32(slices.Index(order, name))}
	for _, m := range mod {
		m(&f)
	}
	return f
}

// withComps gives the fact the requested competencies by position.
func withComps(positions ...int) func(*partner.MatchFact) {
	return func(f *partner.MatchFact) {
		for _, p := range positions {
			f.Competencies |= 1 << p
		}
	}
}

func inCity(city string) func(*partner.MatchFact) {
	return func(f *partner.MatchFact) {
		f.City = city
		if p, ok := geo.Lookup("DE", city); ok {
			f.Located, f.Lat, f.Lon = true, p.Lat, p.Lon
		}
	}
}

func certified(name, until string, relevant bool) func(*partner.MatchFact) {
	return func(f *partner.MatchFact) {
		f.Certified, f.Certification = true, partner.CertFact{Name: name, Relevant: relevant}
		if until != "" {
			f.Certification.ValidUntil = date(until)
		}
	}
}

func vr() Request {
	return Request{Lang: "de", Competencies: []Competency{{ID: "vr", Name: "Virtuelle Realität"}}, TopicLabel: "Virtuelle Realität"}
}

func place(t *testing.T, city string) *geo.Place {
	t.Helper()
	p, ok := geo.Lookup("DE", city)
	if !ok {
		t.Fatalf("geo does not know %s", city)
	}
	return &p
}

func names(ms []Match) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.LegalName)
	}
	return out
}

func texts(m Match) []string {
	out := []string{}
	for _, r := range m.Reasons {
		out = append(out, r.Text)
	}
	return out
}

// The ranking's order: recommended first, then points, then name; the
// asker and partners outside the radius never appear.
func TestRankOrder(t *testing.T) {
	t.Parallel()
	munich := func(t *testing.T) *geo.Place { return place(t, "München") }
	tests := []struct {
		name  string
		req   func(t *testing.T) Request
		facts []partner.MatchFact
		resp  map[string]Responsiveness
		pins  []Pin
		want  []string
		total int
	}{
		{name: "no matches", req: func(*testing.T) Request { return vr() }, want: []string{}},
		{name: "ties break by name, whatever the input order",
			req: func(*testing.T) Request { return vr() },
			facts: []partner.MatchFact{
				fact("3", "Zeta GmbH", withComps(0)), fact("1", "Alpha GmbH", withComps(0)), fact("2", "Ärger AG", withComps(0)),
			},
			want: []string{"Alpha GmbH", "Ärger AG", "Zeta GmbH"}},
		{name: "same name: by id",
			req:   func(*testing.T) Request { return vr() },
			facts: []partner.MatchFact{fact("b", "Gleich GmbH", withComps(0)), fact("a", "Gleich GmbH", withComps(0))},
			want:  []string{"Gleich GmbH", "Gleich GmbH"}},
		{name: "more references rank higher",
			req: func(*testing.T) Request { return vr() },
			facts: []partner.MatchFact{
				fact("1", "Alpha GmbH", withComps(0)),
				fact("2", "Beta GmbH", withComps(0), func(f *partner.MatchFact) { f.References = 3 }),
			},
			want: []string{"Beta GmbH", "Alpha GmbH"}},
		{name: "a competency outranks a mere mention",
			req: func(*testing.T) Request { r := vr(); r.Text = "Schulung"; return r },
			facts: []partner.MatchFact{
				fact("1", "Alpha GmbH", func(f *partner.MatchFact) { f.Mentions = true }),
				fact("2", "Beta GmbH", withComps(0)),
			},
			want: []string{"Beta GmbH", "Alpha GmbH"}},
		{name: "a pinned partner comes first despite fewer points",
			req: func(*testing.T) Request { return vr() },
			facts: []partner.MatchFact{
				fact("1", "Alpha GmbH", withComps(0), func(f *partner.MatchFact) { f.References = 4 }),
				fact("2", "Beta GmbH", withComps(0)),
			},
			pins: []Pin{{OrgID: "2", CompetencyID: "vr"}},
			want: []string{"Beta GmbH", "Alpha GmbH"}},
		{name: "a pin for another competency does not count",
			req: func(*testing.T) Request { return vr() },
			facts: []partner.MatchFact{
				fact("1", "Alpha GmbH", withComps(0), func(f *partner.MatchFact) { f.References = 4 }),
				fact("2", "Beta GmbH", withComps(0)),
			},
			pins: []Pin{{OrgID: "2", CompetencyID: "cad"}},
			want: []string{"Alpha GmbH", "Beta GmbH"}},
		{name: "the asker is left out",
			req:   func(*testing.T) Request { r := vr(); r.AskerOrg = "1"; return r },
			facts: []partner.MatchFact{fact("1", "Alpha GmbH", withComps(0)), fact("2", "Beta GmbH", withComps(0))},
			want:  []string{"Beta GmbH"}},
		{name: "nearer ranks higher; an unknown place is not punished beyond missing points",
			req: func(t *testing.T) Request {
				r := vr()
				r.Origin = munich(t)
				return r
			},
			facts: []partner.MatchFact{
				fact("1", "Alpha GmbH", withComps(0), inCity("Hamburg")),
				fact("2", "Beta GmbH", withComps(0), inCity("Augsburg")),
				fact("3", "Gamma GmbH", withComps(0)),
			},
			want: []string{"Beta GmbH", "Alpha GmbH", "Gamma GmbH"}},
		{name: "a radius drops the farther and the unknown places",
			req: func(t *testing.T) Request {
				r := vr()
				r.Origin, r.RadiusKm = munich(t), 100
				return r
			},
			facts: []partner.MatchFact{
				fact("1", "Alpha GmbH", withComps(0), inCity("Hamburg")),
				fact("2", "Beta GmbH", withComps(0), inCity("Augsburg")),
				fact("3", "Gamma GmbH", withComps(0)),
			},
			want: []string{"Beta GmbH"}},
		{name: "responsive partners rank higher",
			req:   func(*testing.T) Request { return vr() },
			facts: []partner.MatchFact{fact("1", "Alpha GmbH", withComps(0)), fact("2", "Beta GmbH", withComps(0))},
			resp:  map[string]Responsiveness{"2": {Answered: 2, Accepted: 2, MedianAnswer: time.Hour}},
			want:  []string{"Beta GmbH", "Alpha GmbH"}},
		{name: "the limit cuts, the total counts all",
			req: func(*testing.T) Request { r := vr(); r.Limit = 2; return r },
			facts: []partner.MatchFact{
				fact("1", "Alpha GmbH", withComps(0)), fact("2", "Beta GmbH", withComps(0)), fact("3", "Gamma GmbH", withComps(0)),
			},
			want: []string{"Alpha GmbH", "Beta GmbH"}, total: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, total := Rank(tc.req(t), tc.facts, tc.resp, tc.pins)
			if !slices.Equal(names(got), tc.want) {
				t.Errorf("order = %q, want %q", names(got), tc.want)
			}
			want := tc.total
			if want == 0 {
				want = len(tc.want)
			}
			if total != want {
				t.Errorf("total = %d, want %d", total, want)
			}
		})
	}
}

// Each reason says in words why a partner ranks where it does.
func TestRankReasons(t *testing.T) {
	t.Parallel()
	munich, ok := geo.Lookup("DE", "München")
	if !ok {
		t.Fatal("no München")
	}
	tests := []struct {
		name string
		req  Request
		fact partner.MatchFact
		resp Responsiveness
		pin  bool
		want []string
	}{
		{name: "everything at once",
			req: Request{Lang: "de", Competencies: []Competency{{ID: "vr", Name: "Virtuelle Realität"}}, TopicLabel: "VR",
				PeriodLabel: "im März 2027", Origin: &munich},
			fact: fact("1", "Alpha GmbH", withComps(0), inCity("Augsburg"), certified("Lumen XR Developer", "2027-09-30", true), func(f *partner.MatchFact) {
				f.References = 3
				f.FreeTopicFTE = 20
			}),
			resp: Responsiveness{Answered: 5, Accepted: 4, MedianAnswer: 50 * time.Hour},
			pin:  true,
			want: []string{"Vom Programm empfohlen für VR", "Kompetenz Virtuelle Realität", "3 Referenzen zum Thema VR",
				"zertifiziert bis 2027 (Lumen XR Developer)", "2 Vollzeitkräfte frei im März 2027", "56\u00a0km entfernt",
				"hat 4 von 5 Vorstellungen angenommen", "antwortet im Median nach 2 Tagen"}},
		{name: "missing data: no city, no certifications, no references, no answers",
			req:  Request{Lang: "de", Competencies: []Competency{{ID: "vr", Name: "Virtuelle Realität"}}, TopicLabel: "VR", Origin: &munich},
			fact: fact("1", "Alpha GmbH", withComps(0)),
			want: []string{"Kompetenz Virtuelle Realität"}},
		{name: "an unrelated valid certification still counts, named",
			req: vr(),
			fact: fact("1", "Alpha GmbH", withComps(0), certified("Fortis Security Partner", "", false), func(f *partner.MatchFact) {
				f.References = 1
			}),
			want: []string{"Kompetenz Virtuelle Realität", "1 Referenz zum Thema Virtuelle Realität", "zertifiziert (Fortis Security Partner)"}},
		{name: "several competencies, free days of another skill, nearby, same-day answers",
			req: Request{Lang: "en", Competencies: []Competency{{ID: "vr", Name: "Virtual Reality"}, {ID: "ar", Name: "Augmented Reality"}},
				TopicLabel: "Virtual Reality", PeriodLabel: "in March 2027", Origin: &munich},
			fact: fact("1", "Alpha GmbH", withComps(0, 1), inCity("München"), func(f *partner.MatchFact) {
				f.FreeOtherDays = 155
			}),
			resp: Responsiveness{Answered: 1, Accepted: 0, MedianAnswer: time.Hour},
			want: []string{"2 of 2 requested competencies", "15.5 person-days available in March 2027", "less than 5 km away",
				"accepted 0 of 1 introductions", "usually answers the same day"}},
		{name: "a mere mention is quoted",
			req:  Request{Lang: "de", Text: "Schulung", TopicLabel: "Schulung"},
			fact: fact("1", "Alpha GmbH", func(f *partner.MatchFact) { f.Mentions = true }),
			want: []string{"erwähnt „Schulung“ im Profil"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pins []Pin
			if tc.pin {
				pins = []Pin{{OrgID: tc.fact.ID, CompetencyID: "vr"}}
			}
			got, _ := Rank(tc.req, []partner.MatchFact{tc.fact}, map[string]Responsiveness{tc.fact.ID: tc.resp}, pins)
			if len(got) != 1 {
				t.Fatalf("got %d matches", len(got))
			}
			if !slices.Equal(texts(got[0]), tc.want) {
				t.Errorf("reasons =\n%q\nwant\n%q", texts(got[0]), tc.want)
			}
			for _, r := range got[0].Reasons {
				if strings.HasPrefix(r.Text, "concierge.") {
					t.Errorf("untranslated reason %q", r.Text)
				}
			}
		})
	}
}

// Points follow the weights: a full profile scores each signal once.
func TestScore(t *testing.T) {
	t.Parallel()
	req := Request{Lang: "de", Competencies: []Competency{{ID: "vr"}, {ID: "ar"}}, PeriodLabel: "x"}
	tests := []struct {
		name string
		fact partner.MatchFact
		resp Responsiveness
		want int
	}{
		{"one of two competencies", fact("1", "A", withComps(0)), Responsiveness{}, PointsCompetencies / 2},
		{"references are capped", fact("1", "A", func(f *partner.MatchFact) { f.References = 8 }), Responsiveness{}, PointsPerReference * MaxReferences},
		{"no valid certification", fact("1", "A"), Responsiveness{}, 0},
		{"relevant certification", fact("1", "A", certified("x", "2027-01-31", true)), Responsiveness{}, PointsCertification},
		{"other certification", fact("1", "A", certified("y", "", false)), Responsiveness{}, PointsOtherCertification},
		{"free on topic beats other", fact("1", "A", func(f *partner.MatchFact) { f.FreeTopicDays, f.FreeOtherFTE = 10, 10 }), Responsiveness{}, PointsFree},
		{"other free", fact("1", "A", func(f *partner.MatchFact) { f.FreeOtherFTE = 10 }), Responsiveness{}, PointsOtherFree},
		{"half accepted, slow", fact("1", "A"), Responsiveness{Answered: 2, Accepted: 1, MedianAnswer: 10 * 24 * time.Hour}, PointsResponsive / 2},
		{"all accepted within a week", fact("1", "A"), Responsiveness{Answered: 3, Accepted: 3, MedianAnswer: 5 * 24 * time.Hour}, PointsResponsive + PointsQuick},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := Rank(req, []partner.MatchFact{tc.fact}, map[string]Responsiveness{"1": tc.resp}, nil)
			if got[0].Score != tc.want {
				t.Errorf("score = %d, want %d", got[0].Score, tc.want)
			}
		})
	}
}

func TestProximityPoints(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		km   float64
		want int
	}{{0, PointsNear}, {150, 8}, {ProximityKm, 0}, {2000, 0}} {
		if got := proximityPoints(tc.km); got != tc.want {
			t.Errorf("proximityPoints(%v) = %d, want %d", tc.km, got, tc.want)
		}
	}
}

func TestCombinedOutcome(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ a, b, want string }{
		{"", "", ""},
		{OutcomeNoFit, "", OutcomeNoFit},
		{OutcomeNoFit, OutcomeCooperation, OutcomeCooperation},
		{OutcomeJointDeal, OutcomeCooperation, OutcomeJointDeal},
		{"", OutcomeJointDeal, OutcomeJointDeal},
	} {
		if got := CombinedOutcome(tc.a, tc.b); got != tc.want {
			t.Errorf("CombinedOutcome(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestResponsivenessOf(t *testing.T) {
	t.Parallel()
	got := ResponsivenessOf([]Answer{
		{"a", true, time.Hour}, {"a", false, 3 * time.Hour}, {"a", true, 2 * time.Hour}, {"b", true, 4 * time.Hour}, {"b", true, 6 * time.Hour},
	})
	want := map[string]Responsiveness{
		"a": {Answered: 3, Accepted: 2, MedianAnswer: 2 * time.Hour},
		"b": {Answered: 2, Accepted: 2, MedianAnswer: 5 * time.Hour},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if n := len(ResponsivenessOf(nil)); n != 0 {
		t.Errorf("no answers: %d entries", n)
	}
}

func TestComputeStats(t *testing.T) {
	t.Parallel()
	at := func(h int) *time.Time {
		x := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)
		return &x
	}
	list := []*Introduction{
		{CompetencyID: "vr", Status: StatusAccepted, RequestedAt: at(0), AnsweredAt: at(10), AskerOutcome: OutcomeNoFit, TargetOutcome: OutcomeJointDeal},
		{CompetencyID: "vr", Status: StatusAccepted, RequestedAt: at(0), AnsweredAt: at(30)},
		{CompetencyID: "vr", Status: StatusDeclined, RequestedAt: at(0), AnsweredAt: at(50)},
		{Topic: "Drohnen", Status: StatusPendingApproval},
		{Topic: "Drohnen", Status: StatusAccepted, RequestedAt: at(0), AnsweredAt: at(70), TargetOutcome: OutcomeCooperation},
	}
	s := ComputeStats(list, func(in *Introduction) string {
		if in.CompetencyID == "vr" {
			return "Virtuelle Realität"
		}
		return in.Topic
	})
	if s.Introductions != 5 || s.Answered != 4 || s.Accepted != 3 || *s.AcceptancePercent != 75 || *s.MedianAnswerHours != 40 {
		t.Errorf("totals: %+v, %d %%, %d h", s, *s.AcceptancePercent, *s.MedianAnswerHours)
	}
	want := []TopicStats{
		{Topic: "Virtuelle Realität", CompetencyID: "vr", Introductions: 3, Accepted: 2, Outcomes: map[string]int{OutcomeJointDeal: 1, OutcomeOpen: 1}},
		{Topic: "Drohnen", Introductions: 2, Accepted: 1, Outcomes: map[string]int{OutcomeCooperation: 1}},
	}
	if !reflect.DeepEqual(s.Topics, want) {
		t.Errorf("topics = %s, want %s", fmt.Sprint(s.Topics), fmt.Sprint(want))
	}
	empty := ComputeStats(nil, func(*Introduction) string { return "" })
	if empty.AcceptancePercent != nil || empty.MedianAnswerHours != nil || empty.Introductions != 0 {
		t.Errorf("no introductions: %+v", empty)
	}
}

// Keeping only the best while ranking gives the same first matches as
// ranking all, however many tie.
func TestRankLimitKeepsTheBest(t *testing.T) {
	t.Parallel()
	var facts []partner.MatchFact
	for i := range 200 {
		f := partner.MatchFact{ID: fmt.Sprintf("id-%03d", i), Name: fmt.Sprintf("P %03d", (i*37)%200), Order: int32((i * 37) % 200),
			References: i % 5, Competencies: uint64(i % 2)}
		facts = append(facts, f)
	}
	req := vr()
	all, total := Rank(req, facts, nil, []Pin{{OrgID: "id-150", CompetencyID: "vr"}})
	req.Limit = 7
	top, n := Rank(req, facts, nil, []Pin{{OrgID: "id-150", CompetencyID: "vr"}})
	if total != 200 || n != 200 {
		t.Fatalf("totals %d, %d", total, n)
	}
	if !slices.Equal(names(top), names(all[:7])) {
		t.Errorf("limited %q, want %q", names(top), names(all[:7]))
	}
	if top[0].OrgID != "id-150" {
		t.Errorf("the pinned partner is not first: %s", top[0].OrgID)
	}
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		if !a.Recommended && !b.Recommended && a.Score < b.Score {
			t.Fatalf("%s (%d) before %s (%d)", a.LegalName, a.Score, b.LegalName, b.Score)
		}
	}
}
