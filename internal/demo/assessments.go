package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"pakt/internal/auth"
	"pakt/internal/portfolio"
)

// journeys are the quadrant histories demo organisations go through over
// the year, oldest first; the first organisation (Müller IT) is a Hero that
// was a Candidate. Every quadrant is reached, and some organisations move.
var journeys = [][]portfolio.Quadrant{
	{portfolio.Candidate, portfolio.Hero},
	{portfolio.Hero, portfolio.Hero, portfolio.Hero},
	{portfolio.Shadow, portfolio.Candidate},
	{portfolio.Vampire, portfolio.Vampire},
	{portfolio.Hero, portfolio.Shadow},
	{portfolio.Shadow},
	{portfolio.Candidate, portfolio.Candidate, portfolio.Hero},
	{portfolio.Vampire, portfolio.Shadow},
}

// seedAssessments assesses about two thirds of the organisations one to
// three times over the past year, each assessment placing it in the
// quadrant of its journey.
func seedAssessments(ctx context.Context, p *portfolio.Service, assessors []*auth.Actor, orgIDs []string, seed int64, now time.Time) error {
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
		journey := journeys[i%len(journeys)]
		for step, q := range journey {
			// Spread the steps over the year: the last one within the last
			// two months.
			daysAgo := 330 - step*300/max(len(journey)-1, 1) + rng.IntN(25)
			if len(journey) == 1 {
				daysAgo = 20 + rng.IntN(200)
			}
			in := portfolio.AssessmentInput{AssessedOn: today.AddDate(0, 0, -daysAgo).Format(time.DateOnly), Ratings: map[string]portfolio.RatingInput{}}
			for _, c := range criteria {
				if !c.Active {
					continue
				}
				high := (c.Axis == portfolio.AxisCan && (q == portfolio.Hero || q == portfolio.Candidate)) ||
					(c.Axis == portfolio.AxisWill && (q == portfolio.Hero || q == portfolio.Vampire))
				score := 1 + rng.IntN(2) // 1–2: clearly low
				if high {
					score = 4 + rng.IntN(2) // 4–5: clearly high
				}
				in.Ratings[c.ID] = portfolio.RatingInput{Score: &score}
			}
			if _, err := p.Assess(ctx, assessors[(i+step)%len(assessors)], org, in); err != nil {
				return err
			}
		}
	}
	return nil
}
