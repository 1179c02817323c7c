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
			in := AssessmentInput{AssessedOn: today.AddDate(0, 0, -daysAgo).Format(time.DateOnly), Ratings: map[string]RatingInput{}}
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
				in.Ratings[c.ID] = RatingInput{Score: &score}
			}
			if _, err := p.Assess(ctx, assessors[(i+step)%len(assessors)], org, in); err != nil {
				return err
			}
		}
	}
	return nil
}
