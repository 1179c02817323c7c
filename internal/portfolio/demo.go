package portfolio

import (
	"context"
	"math/rand/v2"
	"time"

	"pakt/internal/auth"
)

// demoJourneys are the quadrant histories demo organisations go through over
// the year, oldest first; the first organisation (Müller IT) is a Hero that
// was a Candidate. Every quadrant is reached, and some organisations move.
var demoJourneys = [][]Quadrant{
	{Candidate, Hero},
	{Hero, Hero, Hero},
	{Shadow, Candidate},
	{Vampire, Vampire},
	{Hero, Shadow},
	{Shadow},
	{Candidate, Candidate, Hero},
	{Vampire, Shadow},
}

// SeedDemo assesses about two thirds of the organisations one to
// three times over the past year, each assessment placing it in the
// quadrant of its journey.
func SeedDemo(ctx context.Context, p *Service, assessors []*auth.Actor, orgIDs []string, seed int64, now time.Time) error {
	if len(assessors) == 0 {
		return nil
	}
	criteria, err := p.Criteria(ctx, assessors[0])
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	for i, org := range orgIDs {
		if i > 0 && i%3 == 2 {
			continue // not every organisation has been assessed
		}
		journey := demoJourneys[i%len(demoJourneys)]
		for step, q := range journey {
			// Spread the steps over the year: the last one within the last
			// two months.
			daysAgo := 330 - step*300/max(len(journey)-1, 1) + rng.IntN(25)
			if len(journey) == 1 {
				daysAgo = 20 + rng.IntN(200)
			}
			in := AssessmentInput{AssessedOn: today.AddDate(0, 0, -daysAgo).Format(time.DateOnly), Ratings: demoRatings(criteria, q, rng)}
			if _, err := p.Assess(ctx, assessors[(i+step)%len(assessors)], org, in); err != nil {
				return err
			}
		}
	}
	return seedDemoProfiles(ctx, p, assessors, orgIDs, criteria, seed, today)
}

// demoRatings rates the active criteria so that an assessment lands in q
// whatever the weights: the axes that are to be high clearly high, the
// others clearly low.
func demoRatings(criteria []*Criterion, q Quadrant, rng *rand.Rand) map[string]RatingInput {
	out := map[string]RatingInput{}
	for _, c := range criteria {
		if !c.Active {
			continue
		}
		high := (c.Axis == AxisCan && (q == Hero || q == Candidate)) ||
			(c.Axis == AxisWill && (q == Hero || q == Vampire))
		score := 1 + rng.IntN(2) // 1–2: clearly low
		if high {
			score = 4 + rng.IntN(2) // 4–5: clearly high
		}
		out[c.ID] = RatingInput{Score: &score}
	}
	return out
}

// demoProfiles are two ideal partners beside the default: the same
// criteria, weighed (by slug) and placed their own way.
var demoProfiles = []struct {
	nameDE, nameEN string
	can, will      int
	weights        map[string]int
}{
	{"Cloud-Integrationspartner", "Cloud integration partner", 60, 50, map[string]int{
		"customer-base": 20, "staff-competence": 35, "reputation": 10, "decision-makers": 10, BusinessCaseSlug: 25,
		"strategic-fit": 35, "timing": 25, "commitment": 25, "attractiveness": 15}},
	{"Managed-Service-Partner", "Managed service partner", 55, 65, map[string]int{
		"customer-base": 30, "staff-competence": 20, "reputation": 20, "decision-makers": 20, BusinessCaseSlug: 10,
		"strategic-fit": 20, "timing": 10, "commitment": 45, "attractiveness": 25}},
}

// seedDemoProfiles makes the demo's two further profiles, both offered in
// the public self-assessment, and assesses every fourth organisation in
// the first and every fifth in the second, once or twice. The default
// profile's assessments stay as they were.
func seedDemoProfiles(ctx context.Context, p *Service, assessors []*auth.Actor, orgIDs []string, criteria []*Criterion, seed int64, today time.Time) error {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x9f11e5))
	for k, d := range demoProfiles {
		weights := map[string]int{}
		for _, c := range criteria {
			if w, ok := d.weights[c.Slug]; ok {
				weights[c.ID] = w
			}
		}
		pf, err := p.SaveProfile(ctx, auth.System, "", ProfileInput{NameDE: &d.nameDE, NameEN: &d.nameEN, CanThreshold: &d.can, WillThreshold: &d.will,
			Public: ptrTo(true), Weights: weights})
		if err != nil {
			return err
		}
		for i, org := range orgIDs {
			if i%(4+k) != k {
				continue
			}
			for step := range 1 + i%2 {
				q := Quadrants[(i+step+k)%len(Quadrants)]
				in := AssessmentInput{ProfileID: pf.ID, AssessedOn: today.AddDate(0, 0, -(200 - 150*step + rng.IntN(30))).Format(time.DateOnly),
					Ratings: demoRatings(criteria, q, rng)}
				if _, err := p.Assess(ctx, assessors[(i+step+k)%len(assessors)], org, in); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func ptrTo[T any](v T) *T { return &v }
