package concierge_test

import (
	"context"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"pakt/internal/auth"
	"pakt/internal/bench"
	"pakt/internal/concierge"
	"pakt/internal/db/dbtest"
	"pakt/internal/geo"
	"pakt/internal/partner"
)

// TestRankerMatchesFullRanking compares the ranking of the directory's
// facts as they come (completed only when they make the list) with the
// ranking of every fact made whole, for random questions, pins and
// responsiveness: the same matches, scores, reasons and total.
func TestRankerMatchesFullRanking(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	ps := partner.NewService(d, func() time.Time { return start })
	if _, _, err := bench.Seed(ctx, ps, 400); err != nil {
		t.Fatal(err)
	}
	taxonomy, err := ps.Competencies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	staff := &auth.Actor{UserID: "u-staff", Role: auth.RoleAdmin}
	var ids []string
	if err := ps.MatchFacts(ctx, staff, partner.MatchFilter{Topic: "cloud", Today: start}, func(f *partner.MatchFact) { ids = append(ids, f.ID) }); err != nil {
		t.Fatal(err)
	}
	if len(ids) < 20 {
		t.Fatalf("only %d partners mention cloud", len(ids))
	}
	frankfurt, ok := geo.Lookup("DE", "Frankfurt")
	if !ok {
		t.Fatal("Frankfurt is not known")
	}
	rng := rand.New(rand.NewPCG(3, 7))
	cut := 0
	for i := range 80 {
		f := partner.MatchFilter{Today: start}
		req := concierge.Request{Lang: []string{"de", "en"}[rng.IntN(2)], Limit: []int{1, 5, 20}[rng.IntN(3)]}
		for range rng.IntN(4) {
			c := taxonomy[rng.IntN(len(taxonomy))]
			f.Competencies = append(f.Competencies, c.ID)
			req.Competencies = append(req.Competencies, concierge.Competency{ID: c.ID, Name: c.NameDE})
		}
		if len(f.Competencies) == 0 || rng.IntN(3) == 0 {
			f.Topic = []string{"Cloud", "Schulung", "VR", "Sicherheit", "Daten"}[rng.IntN(5)]
			req.Text, req.TopicLabel = f.Topic, f.Topic
		}
		if rng.IntN(3) == 0 {
			f.From, f.To = partner.Date{Time: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}, partner.Date{Time: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC)}
			req.PeriodLabel = concierge.PeriodLabel(req.Lang, f.From, f.To)
		}
		if rng.IntN(4) == 0 {
			f.Region = func(r string) bool { return geo.SameRegion("Bavaria", r) }
		}
		if rng.IntN(2) == 0 {
			req.Origin = &frankfurt
			if rng.IntN(2) == 0 {
				req.RadiusKm = 150 + rng.IntN(300)
			}
		}
		if rng.IntN(3) == 0 {
			req.AskerOrg = ids[rng.IntN(len(ids))]
		}
		resp := map[string]concierge.Responsiveness{}
		for range rng.IntN(30) {
			answered := 1 + rng.IntN(5)
			resp[ids[rng.IntN(len(ids))]] = concierge.Responsiveness{Answered: answered, Accepted: rng.IntN(answered + 1),
				MedianAnswer: time.Duration(rng.IntN(10*24)) * time.Hour}
		}
		var pins []concierge.Pin
		for range rng.IntN(4) {
			if len(f.Competencies) > 0 {
				pins = append(pins, concierge.Pin{OrgID: ids[rng.IntN(len(ids))], CompetencyID: f.Competencies[rng.IntN(len(f.Competencies))]})
			}
		}

		var facts []partner.MatchFact
		if err := ps.MatchFacts(ctx, staff, f, func(m *partner.MatchFact) {
			m.Complete()
			facts = append(facts, *m)
		}); err != nil {
			t.Fatal(err)
		}
		all := req
		all.Limit = 0
		want, wantTotal := concierge.Rank(all, facts, resp, pins)
		want = want[:min(req.Limit, len(want))]

		r := concierge.NewRanker(req, resp, pins)
		r.Narrow(&f)
		if err := ps.MatchFacts(ctx, staff, f, r.Add); err != nil {
			t.Fatal(err)
		}
		got, total := r.Result()
		if total != wantTotal || !reflect.DeepEqual(got, want) {
			t.Fatalf("question %d %+v %+v: %d matches\n%+v\nwhole facts: %d matches\n%+v", i, f, req, total, got, wantTotal, want)
		}
		if total > req.Limit {
			cut++
		}
	}
	if cut < 30 {
		t.Fatalf("only %d of 80 questions match more than their limit: the comparison says little", cut)
	}
}
